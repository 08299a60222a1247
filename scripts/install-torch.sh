#!/usr/bin/env bash
# Install torch into the given venv before rlvr, choosing a CPU build where there is no GPU.
# An unpinned `pip install torch` on Linux pulls a CUDA build of several GB; a CPU-only machine needs none of it.
set -euo pipefail
py="$1"
if "$py" -c "import torch" 2>/dev/null; then exit 0; fi   # already there: keep whatever the user chose
cpu_version="${RLVR_TORCH_CPU_VERSION:-2.13.0}"
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  echo "install-torch: GPU found; installing the default (CUDA) torch"
  "$py" -m pip install --quiet "torch>=2.4"
elif ls "${PIP_FIND_LINKS:-/nonexistent}"/torch-"$cpu_version"* >/dev/null 2>&1; then
  echo "install-torch: no GPU; installing torch==$cpu_version (CPU wheel found in $PIP_FIND_LINKS)"
  "$py" -m pip install --quiet "torch==$cpu_version"
else
  echo "install-torch: no GPU; installing torch==$cpu_version from PyTorch's CPU index"
  "$py" -m pip install --quiet "torch==$cpu_version" --index-url https://download.pytorch.org/whl/cpu
fi
