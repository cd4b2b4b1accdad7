"""Checks that checkpoints written by NeuralKit load into PyTorch and give PyTorch's outputs.

The parity test loads each PyTorch checkpoint fixture into NeuralKit, saves it again with NeuralKit
and, when NEURALKIT_PARITY_CHECKPOINT_DIR is set, keeps that file as
`neuralkit-checkpoint-<variant>-seed<N>.safetensors` in the folder. This script then loads every such
file with `safetensors.torch.load_file` into the fixture's nn.Sequential with
`load_state_dict(strict=True)` and compares the model's evaluation outputs with the fixture's:

    mkdir -p /tmp/nk && NEURALKIT_PARITY_CHECKPOINT_DIR=/tmp/nk swift test --filter ParityTests
    tools/.venv/bin/python tools/check_checkpoint.py /tmp/nk

Exit status 0 when every file loads and agrees to 1e-6, 1 otherwise.
"""

import glob
import json
import os
import sys

import torch
import torch.nn as nn
from safetensors.torch import load_file

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NeuralKitTests", "Fixtures")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    files = sorted(glob.glob(os.path.join(sys.argv[1], "neuralkit-checkpoint-*.safetensors")))
    if not files:
        print(f"no neuralkit-checkpoint-*.safetensors in {sys.argv[1]}", file=sys.stderr)
        return 1
    failures = 0
    for path in files:
        fixture_name = os.path.basename(path)[len("neuralkit-"):].replace(".safetensors", ".json")
        with open(os.path.join(FIXTURES, fixture_name)) as file:
            fixture = json.load(file)
        model = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
        model.load_state_dict(load_file(path), strict=True)
        model.eval()
        inputs = torch.tensor(fixture["input"]["values"]).reshape(fixture["input"]["shape"])
        expected = torch.tensor(fixture["eval_output"]["values"]).reshape(fixture["eval_output"]["shape"])
        with torch.no_grad():
            deviation = (model(inputs) - expected).abs().max().item()
        tracked = int(model[1].num_batches_tracked)
        ok = deviation <= 1e-6 and tracked == fixture["num_batches_tracked"]
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {os.path.basename(path)}: max |difference| {deviation:.3g}, "
              f"num_batches_tracked {tracked}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
