#!/usr/bin/env bash
# Installs what is missing, brings the index up to date with corpus/ (built if missing,
# a no-op when nothing changed), and serves the app on http://localhost:8501.
#
#   HOST=0.0.0.0 ./scripts/run.sh                     refused unless login users exist
#   HOST=0.0.0.0 ./scripts/run.sh --allow-anonymous   serve the office network without login
# Login users: .venv/bin/python -m assistant users add NAME (see README, "Who is asking").
set -euo pipefail
cd "$(dirname "$0")/.."
for arg in "$@"; do
  case "$arg" in
    --allow-anonymous) export COUNCIL_ASSISTANT_ALLOW_ANONYMOUS=1 ;;
    *) echo "unknown option: $arg (usage: run.sh [--allow-anonymous])" >&2; exit 2 ;;
  esac
done
bash scripts/bootstrap.sh
# a non-loopback address needs login users or --allow-anonymous: fail before anything starts
.venv/bin/python -m assistant.workspace.guard --host "${HOST:-127.0.0.1}"
.venv/bin/python -m assistant ingest --quiet
# Streamlit's own upload cap follows max_file_mib (assistant/ui/uploads.py)
upload_cap=$(.venv/bin/python -m assistant.ui.uploads)
exec .venv/bin/streamlit run streamlit_app.py \
  --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}" --server.maxUploadSize "$upload_cap" \
  --server.headless true --browser.gatherUsageStats false --server.fileWatcherType none
