#!/usr/bin/env bash
# Creates tools/.venv, the Python environment for the PyTorch side of the parity fixtures and of the
# benchmark (tools/export_digits.py, tools/make_fixtures.py, tools/bench_torch.py).
#
# torch: a CPU-only wheel is preferred when pip's configured wheel folder (`find-links`) holds one
# (about 180 MB installed; this machine kind has `torch-2.13.0+cpu`); otherwise the default torch
# from PyPI is installed, which runs on a CPU too but pulls several GB of CUDA libraries.
# Idempotent: a complete tools/.venv is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=tools/.venv
check='import torch, numpy, sklearn, safetensors
print("torch", torch.__version__, "| numpy", numpy.__version__, "| scikit-learn", sklearn.__version__,
      "| safetensors", safetensors.__version__)'
if [[ -x $venv/bin/python ]] && "$venv/bin/python" -c "$check" 2>/dev/null; then
    exit 0
fi
python3 -m venv "$venv"
pip=("$venv/bin/pip" --disable-pip-version-check --quiet)
# Only the local wheel folder (no index): succeeds only if it holds a torch wheel.
if "${pip[@]}" install --no-index --no-deps torch 2>/dev/null; then
    version=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("torch"))')
    "${pip[@]}" install "torch==$version"   # its dependencies, from PyPI
else
    "${pip[@]}" install torch
fi
"${pip[@]}" install numpy scikit-learn safetensors
"$venv/bin/python" -c "$check"
