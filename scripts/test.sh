#!/usr/bin/env bash
# Installs what is missing (Python packages; Debian Chromium + Korean fonts for the browser
# test when running as root), then runs the whole test suite. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/system_deps.sh || echo "system packages unavailable: browser tests will be skipped" >&2
exec .venv/bin/python -m pytest "$@"
