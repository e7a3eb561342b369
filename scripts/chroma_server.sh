#!/usr/bin/env bash
# A local Chroma server for server mode (vectors in the server, the rest of the index local).
#
#   scripts/chroma_server.sh start DATA_DIR [PORT]   start on 127.0.0.1:PORT (default 8000), wait until it answers
#   scripts/chroma_server.sh stop DATA_DIR           stop the server started for DATA_DIR (by its PID file)
#   scripts/chroma_server.sh status DATA_DIR         print the PID and port if it runs
#
# PID file: DATA_DIR/chroma.pid ("PID PORT"); log: DATA_DIR/chroma.log.
# Then: COUNCIL_ASSISTANT_CHROMA_HOST=127.0.0.1 COUNCIL_ASSISTANT_CHROMA_PORT=PORT python -m assistant ingest
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CHROMA="${CHROMA_BIN:-$ROOT/.venv/bin/chroma}"
PY="$ROOT/.venv/bin/python"

usage() { sed -n '2,10p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
ACTION="$1"; DATA="$2"; PORT="${3:-8000}"
mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
PIDFILE="$DATA/chroma.pid"
LOG="$DATA/chroma.log"

running_pid() {  # the PID from the PID file, if that process is still our chroma server
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cut -d' ' -f1 "$PIDFILE")"
  # guard against a recycled PID: the command line must be a chroma server for this folder
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "run --path $DATA"; then
    echo "$pid"
  else
    return 1
  fi
}

heartbeat() {
  "$PY" -c "import sys, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{sys.argv[1]}/api/v2/heartbeat', timeout=1)" "$1" 2>/dev/null
}

case "$ACTION" in
  start)
    if pid="$(running_pid)"; then
      echo "이미 실행 중 / already running: PID $pid ($(cut -d' ' -f2 "$PIDFILE"))" >&2; exit 1
    fi
    [ -x "$CHROMA" ] || { echo "chroma 실행 파일이 없습니다 / chroma not found: $CHROMA (run scripts/bootstrap.sh)" >&2; exit 1; }
    ANONYMIZED_TELEMETRY=False nohup "$CHROMA" run --path "$DATA" --port "$PORT" --host 127.0.0.1 >"$LOG" 2>&1 &
    pid=$!
    echo "$pid $PORT" > "$PIDFILE"
    for _ in $(seq 1 150); do  # up to 30 s
      if heartbeat "$PORT"; then echo "$pid"; exit 0; fi
      if ! kill -0 "$pid" 2>/dev/null; then break; fi
      sleep 0.2
    done
    echo "Chroma 서버가 시작되지 않았습니다 / the Chroma server did not start (port $PORT); log: $LOG" >&2
    tail -n 20 "$LOG" >&2 || true
    kill "$pid" 2>/dev/null || true
    rm -f "$PIDFILE"
    exit 1
    ;;
  stop)
    if ! pid="$(running_pid)"; then
      rm -f "$PIDFILE"; echo "실행 중이 아닙니다 / not running" >&2; exit 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 1 50); do  # up to 10 s, then SIGKILL
      kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; exit 0; }
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$PIDFILE"
    ;;
  status)
    if pid="$(running_pid)"; then echo "$pid $(cut -d' ' -f2 "$PIDFILE")"; else echo "not running"; exit 1; fi
    ;;
  *) usage ;;
esac
