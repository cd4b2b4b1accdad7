"""Writes the PyTorch parity fixtures of NeuralKit into Tests/NeuralKitTests/Fixtures/.

Run from the package root, in the tools virtualenv (see tools/README.md):

    tools/.venv/bin/python tools/make_fixtures.py [--seeds 1,2]

One JSON file per case and seed, named `<kind>-<variant>-seed<N>.json`. Every file has

    "kind"        which computation it checks; the Swift test (Tests/NeuralKitTests/Parity/)
                  dispatches on it, so a file made with a new seed is checked with no code change;
    "seed"        the `torch.manual_seed` used to draw its inputs;
    "variant"     a short name for its hyperparameters;
    "torch"       the PyTorch version that computed it;
    then its inputs, hyperparameters and PyTorch's float32 outputs.

A tensor is `{"shape": [rows, columns], "values": [...]}` (row-major; a 1-D tensor has a one-element
shape, a scalar an empty one; a batch of images is [N, C, H, W] and convolution kernels are
[out, in, kh, kw]). The values are the exact float32 numbers, written as the shortest decimal that reads back as the same double, so they are read without rounding error. Class labels
are lists of integers. The checkpoint case also writes a `.safetensors` file beside its JSON.

The script is deterministic: each case seeds torch itself, runs on one thread in float32, and the
files are written atomically in a fixed order with fixed key order. It first deletes the fixture
files (`*.json`, `*.safetensors`) it finds in the folder, so a case removed here disappears there.
"""

import argparse
import json
import os
import sys
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file
from sklearn.datasets import load_digits

FIXTURES = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NeuralKitTests", "Fixtures")
)


# MARK: - Encoding


def tensor(value) -> dict:
    """A float32 tensor as {"shape", "values"}; the values are the exact float32 numbers."""
    t = value.detach().to(torch.float32).cpu().contiguous()
    return {"shape": list(t.shape), "values": [float(x) for x in t.reshape(-1).tolist()]}


def labels(value) -> list:
    return [int(x) for x in value.reshape(-1).tolist()]


def write_json(name: str, content: dict) -> None:
    """Writes `content` atomically, one top-level key per line (readable diffs, small files)."""
    lines = [f"  {json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}" for key, value in content.items()]
    write_bytes(name, ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8"))


def write_bytes(name: str, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=FIXTURES, suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, os.path.join(FIXTURES, name))


def header(kind: str, variant: str, seed: int, description: str) -> dict:
    return {"kind": kind, "variant": variant, "seed": seed, "torch": torch.__version__, "description": description}


def draw(*shape, scale=1.0):
    """Standard normal values times `scale`, from torch's seeded global generator."""
    return torch.randn(*shape, dtype=torch.float32) * scale


# MARK: - Layers


def linear_case(seed: int) -> None:
    torch.manual_seed(seed)
    batch, inputs, outputs = 5, 4, 3
    layer = nn.Linear(inputs, outputs)
    x = draw(batch, inputs).requires_grad_()
    output_gradient = draw(batch, outputs)
    y = layer(x)
    y.backward(output_gradient)
    write_json(
        f"linear-forward-backward-seed{seed}.json",
        header("linear", "forward-backward", seed, "nn.Linear(4, 3): y = x W^T + b, then backward of dL/dy")
        | {
            "input": tensor(x),
            "weight": tensor(layer.weight),
            "bias": tensor(layer.bias),
            "output_gradient": tensor(output_gradient),
            "output": tensor(y),
            "input_gradient": tensor(x.grad),
            "weight_gradient": tensor(layer.weight.grad),
            "bias_gradient": tensor(layer.bias.grad),
        },
    )


def batchnorm_case(seed: int, momentum, variant: str, affine: bool = True) -> None:
    """`momentum=None` is PyTorch's cumulative moving average (factor 1 / num_batches_tracked)."""
    torch.manual_seed(seed)
    batch, features, steps, eps = 6, 4, 3, 1e-5
    layer = nn.BatchNorm1d(features, eps=eps, momentum=momentum, affine=affine)
    if affine:
        with torch.no_grad():
            layer.weight.copy_(1 + 0.5 * draw(features))
            layer.bias.copy_(0.5 * draw(features))
        affine_parameters = {"weight": tensor(layer.weight), "bias": tensor(layer.bias)}
    else:
        affine_parameters = {}
    records = []
    layer.train()
    for step in range(steps):
        x = (draw(batch, features) * (1 + step) + 0.5 * step).requires_grad_()
        output_gradient = draw(batch, features)
        layer.zero_grad()
        y = layer(x)
        y.backward(output_gradient)
        record = {
            "input": tensor(x),
            "output_gradient": tensor(output_gradient),
            "output": tensor(y),
            "input_gradient": tensor(x.grad),
        }
        if affine:
            record |= {"weight_gradient": tensor(layer.weight.grad), "bias_gradient": tensor(layer.bias.grad)}
        records.append(
            record
            | {
                "running_mean": tensor(layer.running_mean),
                "running_var": tensor(layer.running_var),
                "num_batches_tracked": int(layer.num_batches_tracked),
            }
        )
    layer.eval()
    eval_input = draw(batch, features)
    eval_output = layer(eval_input)
    write_json(
        f"batchnorm1d-{variant}-seed{seed}.json",
        header(
            "batchnorm1d",
            variant,
            seed,
            "nn.BatchNorm1d(4): training steps (each with fresh gradients: output, all gradients, running "
            "statistics after the step), then one evaluation forward with the running statistics; "
            "momentum null = cumulative average",
        )
        | {
            "features": features,
            "momentum": momentum,
            "eps": eps,
            "affine": affine,
        }
        | affine_parameters
        | {
            "training_steps": records,
            "eval_input": tensor(eval_input),
            "eval_output": tensor(eval_output),
        },
    )


def layernorm_case(seed: int) -> None:
    torch.manual_seed(seed)
    batch, features, eps = 5, 6, 1e-5
    layer = nn.LayerNorm(features, eps=eps)
    with torch.no_grad():
        layer.weight.copy_(1 + 0.5 * draw(features))
        layer.bias.copy_(0.5 * draw(features))
    x = (draw(batch, features) * 2 + 1).requires_grad_()
    output_gradient = draw(batch, features)
    y = layer(x)
    y.backward(output_gradient)
    write_json(
        f"layernorm-forward-backward-seed{seed}.json",
        header("layernorm", "forward-backward", seed, "nn.LayerNorm(6) over each row, forward and backward")
        | {
            "features": features,
            "eps": eps,
            "input": tensor(x),
            "weight": tensor(layer.weight),
            "bias": tensor(layer.bias),
            "output_gradient": tensor(output_gradient),
            "output": tensor(y),
            "input_gradient": tensor(x.grad),
            "weight_gradient": tensor(layer.weight.grad),
            "bias_gradient": tensor(layer.bias.grad),
        },
    )


def activation_case(seed: int) -> None:
    functions = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "gelu": F.gelu}
    for name, function in functions.items():
        torch.manual_seed(seed)
        x = (draw(4, 5) * 2).requires_grad_()
        with torch.no_grad():
            x[0, 0] = 0.0  # ReLU's derivative at 0 is 0 in PyTorch
        output_gradient = draw(4, 5)
        y = function(x)
        y.backward(output_gradient)
        write_json(
            f"activation-{name}-seed{seed}.json",
            header("activation", name, seed, f"{name} forward and backward (GELU: exact, with erf)")
            | {
                "function": name,
                "input": tensor(x),
                "output_gradient": tensor(output_gradient),
                "output": tensor(y),
                "input_gradient": tensor(x.grad),
            },
        )


def dropout_case(seed: int, probability: float, variant: str) -> None:
    """nn.Dropout at the two ends of its range, where the output does not depend on the random mask:
    p = 0 keeps everything, p = 1 (accepted by PyTorch) multiplies by zero in training."""
    torch.manual_seed(seed)
    x = draw(5, 4).requires_grad_()
    output_gradient = draw(5, 4)
    layer = nn.Dropout(p=probability)
    layer.train()
    y = layer(x)
    y.backward(output_gradient)
    layer.eval()
    with torch.no_grad():
        evaluation_output = layer(x)
    write_json(
        f"dropout-{variant}-seed{seed}.json",
        header("dropout", variant, seed, f"nn.Dropout(p={probability}): training forward and backward, "
               "then evaluation forward")
        | {
            "probability": probability,
            "input": tensor(x),
            "output_gradient": tensor(output_gradient),
            "output": tensor(y),
            "input_gradient": tensor(x.grad),
            "evaluation_output": tensor(evaluation_output),
        },
    )


# MARK: - Losses


def cross_entropy_case(seed: int, label_smoothing: float, scale: float, variant: str) -> None:
    torch.manual_seed(seed)
    batch, classes = 6, 5
    logits = (draw(batch, classes) * scale).requires_grad_()
    targets = torch.randint(0, classes, (batch,))
    loss = F.cross_entropy(logits, targets, label_smoothing=label_smoothing)
    loss.backward()
    write_json(
        f"cross-entropy-{variant}-seed{seed}.json",
        header(
            "cross_entropy",
            variant,
            seed,
            "F.cross_entropy(logits, targets, label_smoothing=s), mean over the batch, and d loss / d logits",
        )
        | {
            "label_smoothing": label_smoothing,
            "logits": tensor(logits),
            "targets": labels(targets),
            "loss": float(loss.detach()),
            "logits_gradient": tensor(logits.grad),
        },
    )


def distillation_case(seed: int, temperature: float, alpha: float, variant: str) -> None:
    torch.manual_seed(seed)
    batch, classes = 6, 5
    student = (draw(batch, classes) * 2).requires_grad_()
    teacher = draw(batch, classes) * 3
    targets = torch.randint(0, classes, (batch,))
    soft_student = F.log_softmax(student / temperature, dim=1)
    soft_teacher = F.softmax(teacher / temperature, dim=1)
    kl = F.kl_div(soft_student, soft_teacher, reduction="batchmean")
    cross_entropy = F.cross_entropy(student, targets)
    loss = alpha * temperature**2 * kl + (1 - alpha) * cross_entropy
    loss.backward()
    write_json(
        f"distillation-{variant}-seed{seed}.json",
        header(
            "distillation",
            variant,
            seed,
            "alpha*T^2*KL(softmax(t/T) || softmax(s/T)) (batchmean) + (1-alpha)*CE(s, y), gradient w.r.t. s",
        )
        | {
            "temperature": temperature,
            "alpha": alpha,
            "student_logits": tensor(student),
            "teacher_logits": tensor(teacher),
            "targets": labels(targets),
            "kl_divergence": float(kl.detach()),
            "cross_entropy": float(cross_entropy.detach()),
            "loss": float(loss.detach()),
            "student_logits_gradient": tensor(student.grad),
        },
    )


def mse_case(seed: int) -> None:
    torch.manual_seed(seed)
    prediction = draw(5, 3).requires_grad_()
    target = draw(5, 3)
    loss = F.mse_loss(prediction, target)
    loss.backward()
    write_json(
        f"mse-mean-seed{seed}.json",
        header("mse", "mean", seed, "F.mse_loss(prediction, target), mean over all elements, and its gradient")
        | {
            "prediction": tensor(prediction),
            "target": tensor(target),
            "loss": float(loss.detach()),
            "prediction_gradient": tensor(prediction.grad),
        },
    )


def binary_cross_entropy_case(seed: int) -> None:
    torch.manual_seed(seed)
    logits = (draw(6, 2) * 3).requires_grad_()
    target = torch.randint(0, 2, (6, 2)).to(torch.float32)
    target[0, 1] = 0.3  # a soft target
    loss = F.binary_cross_entropy_with_logits(logits, target)
    loss.backward()
    write_json(
        f"binary-cross-entropy-mean-seed{seed}.json",
        header(
            "binary_cross_entropy",
            "mean",
            seed,
            "F.binary_cross_entropy_with_logits(z, y), mean over all elements, and d loss / d z",
        )
        | {
            "logits": tensor(logits),
            "target": tensor(target),
            "loss": float(loss.detach()),
            "logits_gradient": tensor(logits.grad),
        },
    )


# MARK: - Optimisers


def optimizer_case(seed: int, kind: str, variant: str, make, hyperparameters: dict, groups: str, steps: int = 5):
    """Runs `steps` optimiser steps on a 3x4 weight and a 3-element bias with given gradients.

    `groups` is "shared" (one parameter group) or "no-decay-on-bias" (the bias in a second group with
    weight_decay=0). Each step's gradient is set directly (it does not depend on the parameters).
    """
    torch.manual_seed(seed)
    weight = draw(3, 4).requires_grad_()
    bias = draw(3).requires_grad_()
    initial_weight, initial_bias = weight.detach().clone(), bias.detach().clone()
    if groups == "shared":
        optimizer = make([weight, bias])
    else:
        optimizer = make([{"params": [weight]}, {"params": [bias], "weight_decay": 0.0}])
    records = []
    for _ in range(steps):
        weight_gradient, bias_gradient = draw(3, 4), draw(3)
        weight_gradient[0, 0] = 0.0  # a zero gradient entry, decay alone moves it
        weight.grad, bias.grad = weight_gradient.clone(), bias_gradient.clone()
        optimizer.step()
        records.append(
            {
                "weight_gradient": tensor(weight_gradient),
                "bias_gradient": tensor(bias_gradient),
                "weight": tensor(weight),
                "bias": tensor(bias),
            }
        )
    write_json(
        f"{kind}-{variant}-seed{seed}.json",
        header(kind, variant, seed, f"torch.optim {kind} with {hyperparameters}, parameter groups: {groups}; "
               "each step lists the gradients set before optimizer.step() and the parameters after it")
        | {
            "hyperparameters": hyperparameters,
            "groups": groups,
            "weight": tensor(initial_weight),
            "bias": tensor(initial_bias),
            "steps": records,
        },
    )


def optimizer_cases(seed: int) -> None:
    sgd_settings = {
        "plain": {"lr": 0.1, "momentum": 0.0, "weight_decay": 0.0, "nesterov": False},
        "momentum-decay": {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01, "nesterov": False},
        "nesterov-decay": {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.005, "nesterov": True},
        "momentum-dampening": {"lr": 0.05, "momentum": 0.8, "dampening": 0.5, "weight_decay": 0.0, "nesterov": False},
    }
    for variant, h in sgd_settings.items():
        optimizer_case(seed, "sgd", variant, lambda p, h=h: torch.optim.SGD(p, **h), h, "shared")
    adam = {"lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01}
    make_adam = lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    optimizer_case(seed, "adam", "l2-decay", make_adam, adam, "shared")
    adamw = {"lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.1}
    make_adamw = lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
    optimizer_case(seed, "adamw", "decoupled-decay", make_adamw, adamw, "shared")
    optimizer_case(seed, "adamw", "no-decay-on-bias", make_adamw, adamw, "no-decay-on-bias")


# MARK: - Regularisers and gradient clipping


def penalty_case(seed: int) -> None:
    """L1, L2 and elastic-net penalties on a weight matrix with exact zeros, by autograd.

    Conventions (NeuralKit's, see Sources/NeuralKit/Regularizers/): L1 = l1 * sum|w|, whose gradient is
    l1 * sign(w) with PyTorch's sign(0) = 0; L2 = (l2 / 2) * sum w^2, whose gradient is l2 * w (the same
    as SGD's weight_decay = l2). A bias is listed too: penalties act on weights only by default, so its
    gradient must stay zero and it must not count in the values.
    """
    torch.manual_seed(seed)
    weight = draw(4, 5)
    weight[weight.abs() < 0.3] = 0.0  # exact zeros: PyTorch's sign(0) = 0, so their L1 gradient is 0
    weight[0, 0] = 0.0
    weight.requires_grad_()
    bias = draw(4)
    l1_strength, l2_strength = 0.01, 0.005

    def value_and_gradient(penalty):
        weight.grad = None
        value = penalty(weight)
        value.backward()
        return float(value.detach()), tensor(weight.grad)

    l1_value, l1_gradient = value_and_gradient(lambda w: l1_strength * w.abs().sum())
    l2_value, l2_gradient = value_and_gradient(lambda w: l2_strength / 2 * (w**2).sum())
    elastic_value, elastic_gradient = value_and_gradient(
        lambda w: l1_strength * w.abs().sum() + l2_strength / 2 * (w**2).sum()
    )
    write_json(
        f"penalty-l1-l2-elastic-net-seed{seed}.json",
        header(
            "penalty",
            "l1-l2-elastic-net",
            seed,
            "l1 = l1_strength * sum|w| (gradient l1_strength * sign(w), sign(0) = 0); l2 = l2_strength / 2 * "
            "sum w^2 (gradient l2_strength * w); elastic net = both; on the weight only (the bias is exempt)",
        )
        | {
            "weight": tensor(weight),
            "bias": tensor(bias),
            "zero_count": int((weight == 0).sum()),
            "l1_strength": l1_strength,
            "l2_strength": l2_strength,
            "l1_value": l1_value,
            "l1_gradient": l1_gradient,
            "l2_value": l2_value,
            "l2_gradient": l2_gradient,
            "elastic_net_value": elastic_value,
            "elastic_net_gradient": elastic_gradient,
        },
    )


def clipping_case(seed: int, max_norm: float, clip_value: float, variant: str) -> None:
    torch.manual_seed(seed)
    weight = torch.zeros(3, 4, requires_grad=True)
    bias = torch.zeros(3, requires_grad=True)
    weight.grad, bias.grad = draw(3, 4), draw(3)
    weight_gradient, bias_gradient = weight.grad.clone(), bias.grad.clone()
    total_norm = torch.nn.utils.clip_grad_norm_([weight, bias], max_norm=max_norm, norm_type=2.0)
    norm_clipped = (tensor(weight.grad), tensor(bias.grad))
    weight.grad, bias.grad = weight_gradient.clone(), bias_gradient.clone()
    torch.nn.utils.clip_grad_value_([weight, bias], clip_value=clip_value)
    write_json(
        f"gradient-clipping-{variant}-seed{seed}.json",
        header(
            "gradient_clipping",
            variant,
            seed,
            "torch.nn.utils.clip_grad_norm_(max_norm, L2 over all gradients together; scale "
            "max_norm / (norm + 1e-6) when below 1) and clip_grad_value_, on the same gradients",
        )
        | {
            "max_norm": max_norm,
            "clip_value": clip_value,
            "weight_gradient": tensor(weight_gradient),
            "bias_gradient": tensor(bias_gradient),
            "total_norm": float(total_norm),
            "norm_clipped_weight_gradient": norm_clipped[0],
            "norm_clipped_bias_gradient": norm_clipped[1],
            "value_clipped_weight_gradient": tensor(weight.grad),
            "value_clipped_bias_gradient": tensor(bias.grad),
        },
    )


# MARK: - Learning-rate schedulers


def scheduler_case(seed: int, variant: str, make, settings: dict, metrics=None, epochs: int = 12) -> None:
    """The learning rates of two parameter groups (base rates 0.1 and 0.05) after each scheduler step."""
    torch.manual_seed(seed)
    weight = draw(2, 2).requires_grad_()
    bias = draw(2).requires_grad_()
    optimizer = torch.optim.SGD([{"params": [weight]}, {"params": [bias], "lr": 0.05}], lr=0.1)
    scheduler = make(optimizer)
    if metrics is None:
        metrics_used = None
    else:
        metrics_used = [float(m) for m in metrics]
        epochs = len(metrics_used)
    rates = []
    for epoch in range(epochs):
        weight.grad, bias.grad = torch.zeros_like(weight), torch.zeros_like(bias)
        optimizer.step()
        if metrics_used is None:
            scheduler.step()
        else:
            scheduler.step(metrics_used[epoch])
        rates.append([group["lr"] for group in optimizer.param_groups])
    write_json(
        f"scheduler-{variant}-seed{seed}.json",
        header("scheduler", variant, seed, f"torch.optim.lr_scheduler {variant} {settings} on SGD with groups of "
               "base learning rates 0.1 and 0.05; the rates of both groups after each scheduler.step()")
        | {
            "scheduler": variant,
            "settings": settings,
            "base_learning_rates": [0.1, 0.05],
            "metrics": metrics_used,
            "learning_rates": rates,
        },
    )


def scheduler_cases(seed: int) -> None:
    from torch.optim import lr_scheduler

    scheduler_case(seed, "step", lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.5),
                   {"step_size": 3, "gamma": 0.5})
    scheduler_case(seed, "cosine", lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.001),
                   {"T_max": 5, "eta_min": 0.001})
    torch.manual_seed(seed + 1000)
    metrics = (1.0 / torch.arange(1, 16, dtype=torch.float64)).tolist()[:4] + [0.25] * 5 + [0.2] + [0.2] * 14
    metrics = [round(m + 0.001 * float(torch.rand(1)), 6) if i % 3 else m for i, m in enumerate(metrics)]
    plateau = {"mode": "min", "factor": 0.5, "patience": 2, "threshold": 1e-4, "threshold_mode": "rel",
               "cooldown": 1, "min_lr": 0.01}
    scheduler_case(
        seed, "plateau",
        lambda o: lr_scheduler.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, threshold=1e-4,
                                                 threshold_mode="rel", cooldown=1, min_lr=0.01),
        plateau, metrics=metrics)


# MARK: - A whole training loop


def training_case(seed: int, variant: str, make_optimizer, settings: dict, steps: int = 6) -> None:
    """Linear(6, 10, bias=False) -> BatchNorm1d(10) -> ReLU -> Linear(10, 10) -> GELU -> Linear(10, 3),
    cross-entropy with label smoothing 0.05, `steps` optimiser steps on fixed mini-batches: the composition
    of layers, loss and optimiser, checked through each step's loss, then all parameters, buffers and an
    evaluation output at the end.

    The first Linear has no bias: BatchNorm subtracts the batch mean, so that bias's gradient is zero up
    to float32 rounding (~1e-8), and Adam's m / sqrt(v) turns such noise into steps of size lr with a
    sign that depends on rounding, which no two implementations share.
    """
    torch.manual_seed(seed)
    model = nn.Sequential(
        nn.Linear(6, 10, bias=False), nn.BatchNorm1d(10), nn.ReLU(), nn.Linear(10, 10), nn.GELU(), nn.Linear(10, 3)
    )
    initial = {name: tensor(value) for name, value in model.state_dict().items() if value.is_floating_point()}
    optimizer = make_optimizer(model.parameters())
    batches, losses = [], []
    model.train()
    for _ in range(steps):
        x, y = draw(8, 6), torch.randint(0, 3, (8,))
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y, label_smoothing=0.05)
        loss.backward()
        optimizer.step()
        batches.append({"input": tensor(x), "targets": labels(y)})
        losses.append(float(loss.detach()))
    model.eval()
    eval_input = draw(5, 6)
    with torch.no_grad():
        eval_output = model(eval_input)
    final = {name: tensor(value) for name, value in model.state_dict().items() if value.is_floating_point()}
    write_json(
        f"training-{variant}-seed{seed}.json",
        header("training", variant, seed, "nn.Sequential(Linear(6, 10, bias=False), BatchNorm1d(10), ReLU(), Linear(10, 10), "
               f"GELU(), Linear(10, 3)), cross-entropy (label smoothing 0.05), {variant} {settings}: the loss "
               "of each step (before its update), then the state dict and an evaluation output")
        | {
            "optimizer": variant,
            "settings": settings,
            "label_smoothing": 0.05,
            "initial_state": initial,
            "batches": batches,
            "losses": losses,
            "final_state": final,
            "num_batches_tracked": int(model[1].num_batches_tracked),
            "eval_input": tensor(eval_input),
            "eval_output": tensor(eval_output),
        },
    )


def training_cases(seed: int) -> None:
    sgd = {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.001, "nesterov": True}
    training_case(seed, "sgd", lambda p: torch.optim.SGD(p, **sgd), sgd)
    adamw = {"lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01}
    training_case(seed, "adamw", lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.01), adamw)


# MARK: - Checkpoint


def checkpoint_case(seed: int) -> None:
    """nn.Sequential(Linear(5, 8), BatchNorm1d(8), ReLU(), Linear(8, 3)), trained 4 SGD steps."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model.train()
    for _ in range(4):
        x = draw(16, 5)
        y = torch.randint(0, 3, (16,))
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
    model.eval()
    inputs = draw(6, 5)
    with torch.no_grad():
        outputs = model(inputs)
    state = {name: value.detach().clone().contiguous() for name, value in model.state_dict().items()}
    name = f"checkpoint-sequential-seed{seed}"
    handle, temporary = tempfile.mkstemp(dir=FIXTURES, suffix=".tmp")
    os.close(handle)
    save_file(state, temporary)
    os.replace(temporary, os.path.join(FIXTURES, name + ".safetensors"))
    write_json(
        name + ".json",
        header(
            "checkpoint",
            "sequential",
            seed,
            "nn.Sequential(Linear(5, 8), BatchNorm1d(8), ReLU(), Linear(8, 3)) trained 4 SGD steps, saved with "
            "safetensors.torch.save_file(model.state_dict()); the outputs are the model's in eval mode",
        )
        | {
            "file": name + ".safetensors",
            "layers": ["Linear(5, 8)", "BatchNorm1d(8)", "ReLU", "Linear(8, 3)"],
            "state_dict": {
                key: {"dtype": str(value.dtype).replace("torch.", ""), "shape": list(value.shape)}
                for key, value in state.items()
            },
            "num_batches_tracked": int(state["1.num_batches_tracked"]),
            "input": tensor(inputs),
            "eval_output": tensor(outputs),
        },
    )


# MARK: - Convolutional layers


def conv2d_case(seed: int, variant: str, channels: int, out: int, kernel: int, stride: int, padding: int, bias: bool) -> None:
    torch.manual_seed(seed)
    layer = nn.Conv2d(channels, out, kernel, stride=stride, padding=padding, bias=bias)
    x = draw(3, channels, 7, 6).requires_grad_()
    y = layer(x)
    output_gradient = draw(*y.shape)
    y.backward(output_gradient)
    write_json(
        f"conv2d-{variant}-seed{seed}.json",
        header(
            "conv2d",
            variant,
            seed,
            f"nn.Conv2d({channels}, {out}, {kernel}, stride={stride}, padding={padding}, bias={bias}) on a [3, {channels}, 7, 6] "
            "batch: forward, then backward of a given output gradient",
        )
        | {"stride": stride, "padding": padding, "weight": tensor(layer.weight)}
        | ({"bias": tensor(layer.bias)} if bias else {})
        | {
            "input": tensor(x),
            "output": tensor(y),
            "output_gradient": tensor(output_gradient),
            "input_gradient": tensor(x.grad),
            "weight_gradient": tensor(layer.weight.grad),
        }
        | ({"bias_gradient": tensor(layer.bias.grad)} if bias else {}),
    )


def pooling_case(seed: int, variant: str, make, description: str) -> None:
    torch.manual_seed(seed)
    layer = make()
    x = draw(2, 3, 7, 8).requires_grad_()
    y = layer(x)
    output_gradient = draw(*y.shape)
    y.backward(output_gradient)
    write_json(
        f"pooling-{variant}-seed{seed}.json",
        header("pooling", variant, seed, f"{description} on a [2, 3, 7, 8] batch: forward and backward")
        | {
            "input": tensor(x),
            "output": tensor(y),
            "output_gradient": tensor(output_gradient),
            "input_gradient": tensor(x.grad),
        },
    )


def pooling_cases(seed: int) -> None:
    pooling_case(seed, "max-k2", lambda: nn.MaxPool2d(2), "nn.MaxPool2d(2)")
    pooling_case(seed, "max-k3-s2", lambda: nn.MaxPool2d(3, stride=2), "nn.MaxPool2d(3, stride=2)")
    pooling_case(seed, "avg-k2", lambda: nn.AvgPool2d(2), "nn.AvgPool2d(2)")
    pooling_case(seed, "avg-k3-s2", lambda: nn.AvgPool2d(3, stride=2), "nn.AvgPool2d(3, stride=2)")
    pooling_case(
        seed, "global-avg", lambda: nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()),
        "nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())")


def dropout2d_case(seed: int, p: float) -> None:
    """PyTorch's channel mask is recovered from its output (a map is kept iff it is not all zero)."""
    torch.manual_seed(seed)
    layer = nn.Dropout2d(p)
    x = (draw(4, 6, 3, 5) + 3).requires_grad_()  # away from zero, so a kept map is never all zero
    y = layer(x)
    output_gradient = draw(*y.shape)
    y.backward(output_gradient)
    mask = (y.detach().abs().sum(dim=(2, 3)) != 0).to(torch.float32)
    write_json(
        f"dropout2d-p{p}-seed{seed}.json",
        header("dropout2d", f"p{p}", seed, f"nn.Dropout2d({p}) in training mode on a [4, 6, 3, 5] batch; "
               "channel_mask [4, 6] is 1 where PyTorch kept the map")
        | {
            "p": p,
            "input": tensor(x),
            "channel_mask": tensor(mask),
            "output": tensor(y),
            "output_gradient": tensor(output_gradient),
            "input_gradient": tensor(x.grad),
        },
    )


def batchnorm2d_case(seed: int, momentum, variant: str, affine: bool = True) -> None:
    torch.manual_seed(seed)
    batch, channels, height, width, steps, eps = 3, 4, 3, 5, 3, 1e-5
    layer = nn.BatchNorm2d(channels, eps=eps, momentum=momentum, affine=affine)
    if affine:
        with torch.no_grad():
            layer.weight.copy_(1 + 0.5 * draw(channels))
            layer.bias.copy_(0.5 * draw(channels))
        affine_parameters = {"weight": tensor(layer.weight), "bias": tensor(layer.bias)}
    else:
        affine_parameters = {}
    records = []
    layer.train()
    for step in range(steps):
        x = (draw(batch, channels, height, width) * (1 + step) + 0.5 * step).requires_grad_()
        output_gradient = draw(batch, channels, height, width)
        layer.zero_grad()
        y = layer(x)
        y.backward(output_gradient)
        record = {
            "input": tensor(x),
            "output_gradient": tensor(output_gradient),
            "output": tensor(y),
            "input_gradient": tensor(x.grad),
        }
        if affine:
            record |= {"weight_gradient": tensor(layer.weight.grad), "bias_gradient": tensor(layer.bias.grad)}
        records.append(
            record
            | {
                "running_mean": tensor(layer.running_mean),
                "running_var": tensor(layer.running_var),
                "num_batches_tracked": int(layer.num_batches_tracked),
            }
        )
    layer.eval()
    eval_input = draw(batch, channels, height, width).requires_grad_()
    eval_output = layer(eval_input)
    eval_output_gradient = draw(batch, channels, height, width)
    eval_output.backward(eval_output_gradient)
    write_json(
        f"batchnorm2d-{variant}-seed{seed}.json",
        header(
            "batchnorm2d",
            variant,
            seed,
            f"nn.BatchNorm2d({channels}) on [{batch}, {channels}, {height}, {width}] batches: training steps (output, "
            "all gradients, running statistics after the step), then an evaluation forward and backward",
        )
        | {"channels": channels, "momentum": momentum, "eps": eps, "affine": affine}
        | affine_parameters
        | {
            "training_steps": records,
            "eval_input": tensor(eval_input),
            "eval_output": tensor(eval_output),
            "eval_output_gradient": tensor(eval_output_gradient),
            "eval_input_gradient": tensor(eval_input.grad),
        },
    )


def cnn_checkpoint_case(seed: int) -> None:
    """A small CNN trained 4 SGD steps on [8, 1, 8, 8] images, saved as safetensors."""
    torch.manual_seed(seed)
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3, bias=False), nn.ReLU(), nn.Flatten(), nn.Linear(24, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model.train()
    for _ in range(4):
        x = draw(8, 1, 8, 8)
        y = torch.randint(0, 3, (8,))
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
    model.eval()
    inputs = draw(5, 1, 8, 8)
    with torch.no_grad():
        outputs = model(inputs)
    state = {name: value.detach().clone().contiguous() for name, value in model.state_dict().items()}
    name = f"checkpoint_cnn-sequential-seed{seed}"
    handle, temporary = tempfile.mkstemp(dir=FIXTURES, suffix=".tmp")
    os.close(handle)
    save_file(state, temporary)
    os.replace(temporary, os.path.join(FIXTURES, name + ".safetensors"))
    write_json(
        name + ".json",
        header(
            "checkpoint_cnn",
            "sequential",
            seed,
            "nn.Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(), MaxPool2d(2), Conv2d(4, 6, 3, bias=False), "
            "ReLU(), Flatten(), Linear(24, 3)) trained 4 SGD steps, saved with safetensors; outputs in eval mode",
        )
        | {
            "file": name + ".safetensors",
            "state_dict": {
                key: {"dtype": str(value.dtype).replace("torch.", ""), "shape": list(value.shape)}
                for key, value in state.items()
            },
            "input": tensor(inputs),
            "eval_output": tensor(outputs),
        },
    )


def convolution_cases(seed: int) -> None:
    conv2d_case(seed, "k3-s1-p1", 2, 4, 3, 1, 1, True)
    conv2d_case(seed, "k3-s2-p0-nobias", 3, 5, 3, 2, 0, False)
    conv2d_case(seed, "k2-s2-p1", 2, 3, 2, 2, 1, True)
    pooling_cases(seed)
    dropout2d_case(seed, 0.5)
    dropout2d_case(seed, 0.2)
    batchnorm2d_case(seed, 0.1, "momentum-0.1")
    batchnorm2d_case(seed, None, "cumulative-no-affine", affine=False)
    cnn_checkpoint_case(seed)


# MARK: - Data


def digits_case() -> None:
    digits = load_digits()
    pixels = torch.tensor(digits.data, dtype=torch.float32)
    targets = torch.tensor(digits.target)
    probe = [0, 1, 2, 100, 1000, 1796]
    write_json(
        "digits-sklearn-seed0.json",
        header("digits", "sklearn", 0, "scikit-learn's load_digits(): counts, sums and some images, to check "
               "the embedded copy in Sources/NeuralKit/Data/DigitsData.swift and its decoder")
        | {
            "image_count": int(pixels.shape[0]),
            "pixel_count": int(pixels.shape[1]),
            "class_counts": [int((targets == k).sum()) for k in range(10)],
            "pixel_sum": float(pixels.sum()),
            "pixel_sums_per_column": [float(x) for x in pixels.sum(dim=0).tolist()],
            "probe_indices": probe,
            "probe_labels": [int(targets[i]) for i in probe],
            "probe_images": tensor(pixels[probe]),
        },
    )


# MARK: - Main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="1,2", help="comma-separated seeds for every seeded case")
    seeds = [int(s) for s in parser.parse_args().seeds.split(",")]
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    os.makedirs(FIXTURES, exist_ok=True)
    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith(".json") or name.endswith(".safetensors"):
            os.remove(os.path.join(FIXTURES, name))
    for seed in seeds:
        linear_case(seed)
        batchnorm_case(seed, momentum=0.1, variant="momentum-0.1")
        batchnorm_case(seed, momentum=0.3, variant="momentum-0.3")
        batchnorm_case(seed, momentum=None, variant="cumulative-no-affine", affine=False)
        layernorm_case(seed)
        activation_case(seed)
        dropout_case(seed, 0.0, "p0")
        dropout_case(seed, 1.0, "p1")
        cross_entropy_case(seed, 0.0, 1.0, "plain")
        cross_entropy_case(seed, 0.1, 1.0, "label-smoothing-0.1")
        cross_entropy_case(seed, 0.0, 40.0, "large-logits")
        distillation_case(seed, 2.0, 0.5, "T2-alpha0.5")
        distillation_case(seed, 4.0, 0.9, "T4-alpha0.9")
        mse_case(seed)
        binary_cross_entropy_case(seed)
        optimizer_cases(seed)
        penalty_case(seed)
        clipping_case(seed, 1.0, 0.5, "active")
        clipping_case(seed, 100.0, 10.0, "inactive")
        scheduler_cases(seed)
        training_cases(seed)
        checkpoint_case(seed)
        convolution_cases(seed)
    digits_case()
    files = sorted(n for n in os.listdir(FIXTURES) if n.endswith((".json", ".safetensors")))
    size = sum(os.path.getsize(os.path.join(FIXTURES, n)) for n in files)
    print(f"wrote {len(files)} files, {size} bytes, into {FIXTURES}", file=sys.stderr)


if __name__ == "__main__":
    main()
