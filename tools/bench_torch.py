"""The PyTorch side of NeuralKit's benchmark (issue 2, "It must be fast"), on one CPU thread.

Interface (used by `swift run -c release bench --compare`):

    tools/.venv/bin/python tools/bench_torch.py --json [--configs a,b,c,d,e,f] [--repeats N]

With `--json`, standard output has exactly one JSON object per line per configuration, in the order
asked for, and nothing else (progress and notes go to standard error):

    {"config": "a", "threads": 1, "samples_per_second": 61234.5, "epochs": 20, "samples": 35940, ...}
    {"config": "d", "threads": 1, "wall_seconds": 1.87, "epochs": 97, "best_epoch": 77, ...}

(a)-(c) report `samples_per_second` (from wall-clock time); (d) reports `wall_seconds`. The extra
fields say what was run; `cpu_seconds` is the process's CPU time over the same span: when it is much
smaller than the wall time, other processes were competing for the cores and the numbers are low.
Without `--json` a readable table is printed instead. The exit status is 0 on success.

The configurations (PyTorch defaults unless stated; weights from torch.manual_seed(0)):
  (a) digits (scikit-learn's load_digits, 1,797 x 64, pixels / 16), 64-256-256-10,
      Linear -> ReLU -> Dropout(0.5) twice then Linear, cross-entropy, AdamW(lr 1e-3, wd 1e-2), batch 64;
  (b) 10,000 random samples (standard normal features, uniform labels 0...9), 784-512-256-128-10 with
      Linear -> BatchNorm1d -> ReLU -> Dropout(0.4) blocks then Linear, cross-entropy, AdamW(1e-3, 1e-2),
      batch 128;
  (c) 1,000 two-moons points (make_moons(noise=0.1, random_state=0)), 2-128-128-2, ReLU, cross-entropy,
      SGD(lr 0.1), batch 32;
  (d) "lesson-sized": the model of (a) on a seeded 80/20 split of the digits (1,438 training, 359
      validation images), up to 200 epochs, validation loss (eval mode, no grad) after every epoch,
      early stopping with patience 20 (min delta 0) restoring the best weights; wall seconds of the
      whole run (model creation and data split excluded, evaluation and restoring included);
  (e) the digits as 1x8x8 images through the CNN lesson's network and training settings (lesson-cnn's
      defaults): Conv2d(1, 16, 3, padding=1) -> ReLU -> MaxPool2d(2) -> Conv2d(16, 32, 3, padding=1) ->
      ReLU -> MaxPool2d(2) -> Flatten -> Linear(128, 10), cross-entropy, AdamW(5e-3, 1e-4), batch 32;
  (f) 1,024 random 1x28x28 images (standard normal, uniform labels): Conv2d(1, 32, 3) -> ReLU ->
      Conv2d(32, 64, 3) -> ReLU -> MaxPool2d(2) -> Flatten -> Linear(9216, 10), cross-entropy, SGD(0.01),
      batch 64.

What one epoch of (a)-(c) times: a fresh random permutation of the samples, then for every mini-batch
(the last one may be smaller, as DataLoader's drop_last=False) gathering its rows, forward in train
mode, the loss, zero_grad, backward and the optimiser step. Each configuration first runs warm-up
epochs that are not timed, then a fixed number of timed epochs; with --repeats N > 1 the best
(highest throughput / lowest wall time) of N timed runs is reported.
"""

import argparse
import copy
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from sklearn.datasets import load_digits, make_moons  # noqa: E402

# Timed epochs and warm-up epochs per configuration (each timed run takes about 0.5-2 s here).
EPOCHS = {"a": 30, "b": 3, "c": 60, "e": 10, "f": 2}
WARMUP_EPOCHS = {"a": 3, "b": 1, "c": 5, "e": 1, "f": 1}


def digits():
    data = load_digits()
    features = torch.tensor(data.data, dtype=torch.float32) / 16
    return features, torch.tensor(data.target, dtype=torch.long)


def digits_model():
    return nn.Sequential(
        nn.Linear(64, 256), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, 10),
    )


def config_a():
    torch.manual_seed(0)
    features, labels = digits()
    model = digits_model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
    return model, optimizer, features, labels, 64


def config_b():
    torch.manual_seed(0)
    features = torch.randn(10_000, 784)
    labels = torch.randint(0, 10, (10_000,))
    layers = []
    for inputs, outputs in [(784, 512), (512, 256), (256, 128)]:
        layers += [nn.Linear(inputs, outputs), nn.BatchNorm1d(outputs), nn.ReLU(), nn.Dropout(0.4)]
    model = nn.Sequential(*layers, nn.Linear(128, 10))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
    return model, optimizer, features, labels, 128


def config_c():
    torch.manual_seed(0)
    points, classes = make_moons(n_samples=1000, noise=0.1, random_state=0)
    features = torch.tensor(points, dtype=torch.float32)
    labels = torch.tensor(classes, dtype=torch.long)
    model = nn.Sequential(nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    return model, optimizer, features, labels, 32


def config_e():
    torch.manual_seed(0)
    features, labels = digits()
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128, 10),
    )
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=1e-4)
    return model, optimizer, features.reshape(-1, 1, 8, 8).contiguous(), labels, 32


def config_f():
    torch.manual_seed(0)
    features = torch.randn(1024, 1, 28, 28)
    labels = torch.randint(0, 10, (1024,))
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 12 * 12, 10),
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    return model, optimizer, features, labels, 64


def train_epoch(model, optimizer, features, labels, batch_size):
    model.train()
    order = torch.randperm(features.shape[0])
    for start in range(0, features.shape[0], batch_size):
        batch = order[start : start + batch_size]
        loss = F.cross_entropy(model(features[batch]), labels[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def throughput(name, make, repeats):
    model, optimizer, features, labels, batch_size = make()
    for _ in range(WARMUP_EPOCHS[name]):
        train_epoch(model, optimizer, features, labels, batch_size)
    epochs = EPOCHS[name]
    best, best_cpu = 0.0, 0.0
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(epochs):
            train_epoch(model, optimizer, features, labels, batch_size)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
        if epochs * features.shape[0] / seconds > best:
            best, best_cpu = epochs * features.shape[0] / seconds, cpu_seconds
    return {
        "config": name,
        "threads": 1,
        "samples_per_second": round(best, 1),
        "wall_seconds": round(epochs * features.shape[0] / best, 4),
        "cpu_seconds": round(best_cpu, 4),
        "epochs": epochs,
        "samples": epochs * features.shape[0],
        "batch_size": batch_size,
        "repeats": repeats,
        "framework": f"torch {torch.__version__}",
    }


def config_d(repeats, max_epochs=200, patience=20):
    features, labels = digits()
    best_result = None
    for _ in range(repeats):
        torch.manual_seed(0)
        order = torch.randperm(features.shape[0], generator=torch.Generator().manual_seed(0))
        validation_count = round(0.2 * features.shape[0])
        validation, training = order[:validation_count], order[validation_count:]
        train_x, train_y = features[training], labels[training]
        valid_x, valid_y = features[validation], labels[validation]
        model = digits_model()
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)

        start, start_cpu = time.perf_counter(), time.process_time()
        best_loss, best_epoch, best_state, waited, epochs = float("inf"), 0, None, 0, 0
        for epoch in range(1, max_epochs + 1):
            epochs = epoch
            train_epoch(model, optimizer, train_x, train_y, 64)
            model.eval()
            with torch.no_grad():
                validation_loss = F.cross_entropy(model(valid_x), valid_y).item()
            if validation_loss < best_loss:
                best_loss, best_epoch, waited = validation_loss, epoch, 0
                best_state = copy.deepcopy(model.state_dict())
            else:
                waited += 1
                if waited >= patience:
                    break
        model.load_state_dict(best_state)
        model.eval()
        with torch.no_grad():
            accuracy = (model(valid_x).argmax(dim=1) == valid_y).float().mean().item()
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
        result = {
            "config": "d",
            "threads": 1,
            "wall_seconds": round(seconds, 4),
            "cpu_seconds": round(cpu_seconds, 4),
            "epochs": epochs,
            "best_epoch": best_epoch,
            "best_validation_loss": round(best_loss, 5),
            "validation_accuracy": round(accuracy, 4),
            "training_samples": int(train_x.shape[0]),
            "validation_samples": int(valid_x.shape[0]),
            "repeats": repeats,
            "framework": f"torch {torch.__version__}",
        }
        if best_result is None or seconds < best_result["wall_seconds"]:
            best_result = result
    return best_result


def main():
    parser = argparse.ArgumentParser(description="PyTorch side of NeuralKit's benchmark (one thread).")
    parser.add_argument("--json", action="store_true", help="one JSON object per line on standard output")
    parser.add_argument("--configs", default="a,b,c,d,e,f", help="comma-separated subset of a,b,c,d,e,f")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs per configuration; the best is kept")
    arguments = parser.parse_args()
    configs = [c.strip() for c in arguments.configs.split(",") if c.strip()]
    unknown = [c for c in configs if c not in ("a", "b", "c", "d", "e", "f")]
    if unknown or arguments.repeats < 1:
        parser.error(f"--configs takes a comma-separated subset of a,b,c,d,e,f (got {unknown}); --repeats >= 1")
    makers = {"a": config_a, "b": config_b, "c": config_c, "e": config_e, "f": config_f}
    for name in configs:
        print(f"bench_torch: config {name} ...", file=sys.stderr, flush=True)
        result = config_d(arguments.repeats) if name == "d" else throughput(name, makers[name], arguments.repeats)
        if arguments.json:
            print(json.dumps(result), flush=True)
        elif name == "d":
            print(f"({name}) {result['wall_seconds']:10.3f} s   ({result['epochs']} epochs, best {result['best_epoch']}, "
                  f"validation accuracy {result['validation_accuracy']:.3f})  {result['framework']}, 1 thread")
        else:
            print(f"({name}) {result['samples_per_second']:10.0f} samples/s   ({result['epochs']} epochs of "
                  f"{result['samples'] // result['epochs']} samples, batch {result['batch_size']})  "
                  f"{result['framework']}, 1 thread")


if __name__ == "__main__":
    main()
