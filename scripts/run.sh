#!/usr/bin/env bash
# Installs what is missing, brings the index up to date with corpus/ (built if missing,
# a no-op when nothing changed), and serves the app on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/python -m assistant ingest --quiet
exec .venv/bin/streamlit run streamlit_app.py \
  --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}" \
  --server.headless true --browser.gatherUsageStats false --server.fileWatcherType none
