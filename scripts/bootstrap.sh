#!/usr/bin/env bash
# Creates .venv and installs the project (idempotent). torch goes first so that
# sentence-transformers does not pull the multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -c "import torch" 2>/dev/null || .venv/bin/pip install -q torch==2.13.0 2> >(grep -v "is ignored" >&2)
  .venv/bin/pip install -q -e ".[test]" 2> >(grep -v "is ignored" >&2)
  rm -f .venv/.installed-*
  touch "$stamp"
fi
