#!/usr/bin/env bash
# Smoke test of the scheduled deployment on a real Prefect server, start to finish:
#   deployments/smoke.sh OUTDIR [INPUT...]
# Starts `prefect server` on 127.0.0.1 with its own PREFECT_HOME, creates the process work
# pool, deploys deployments/prefect.yaml, triggers one run of 'parley-run/hourly' with
# INPUTs (default: examples) and OUTDIR, runs a worker once, checks that the flow run is
# COMPLETED and that OUTDIR holds events; with PARLEY_SMOKE_COMPACT=1 it then runs
# 'parley-compact/nightly' on OUTDIR the same way. Then it stops everything it started.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: deployments/smoke.sh OUTDIR [INPUT...]" >&2; exit 2; }
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$(realpath -m "$1"); shift
INPUTS=("$@"); [ ${#INPUTS[@]} -gt 0 ] || INPUTS=("$ROOT/examples")
BIN="${PARLEY_BIN:-$ROOT/.venv/bin}"
PORT="${PARLEY_SMOKE_PORT:-4319}"

export PREFECT_HOME; PREFECT_HOME=$(mktemp -d)
export PREFECT_API_URL="http://127.0.0.1:$PORT/api"
export PREFECT_SERVER_ANALYTICS_ENABLED=false PREFECT_LOGGING_LEVEL=WARNING PARLEY_WORKERS=1

"$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" >"$PREFECT_HOME/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$PREFECT_HOME"
}
trap cleanup EXIT

for _ in $(seq 1 240); do
  "$BIN/python" -c "import httpx,sys; sys.exit(httpx.get('$PREFECT_API_URL/health').status_code != 200)" \
    2>/dev/null && break
  sleep 0.5
done
"$BIN/python" -c "import httpx; httpx.get('$PREFECT_API_URL/health').raise_for_status()" \
  || { echo "smoke: prefect server did not start"; cat "$PREFECT_HOME/server.log"; exit 1; }

"$BIN/prefect" work-pool create parley-process --type process --overwrite >/dev/null
"$BIN/prefect" --no-prompt deploy --prefect-file deployments/prefect.yaml --all >/dev/null

# PARLEY_ALLOW_PRIVATE_NETWORK=1: the feed's links may point to this machine (a local test feed).
PARAMS=$("$BIN/python" -c 'import json,os,sys; print(json.dumps({"inputs": sys.argv[2:], "out_dir": sys.argv[1],
  "allow_private_network": os.environ.get("PARLEY_ALLOW_PRIVATE_NETWORK") == "1"}))' "$OUT" "${INPUTS[@]}")
# Triggers one run of DEPLOYMENT with PARAMS, runs a worker once (the run exists before the
# worker starts, so --run-once picks it up) and fails unless the run is COMPLETED.
run_deployment() {
  local deployment=$1 params=$2 run state
  run=$("$BIN/prefect" deployment run "$deployment" --params "$params" | awk '/UUID/{print $NF}')
  [ -n "$run" ] || { echo "smoke: no flow run was created for $deployment"; exit 1; }
  "$BIN/prefect" worker start --pool parley-process --run-once >"$PREFECT_HOME/worker.log" 2>&1 || true
  state=$("$BIN/python" - "$run" <<'PY'
import sys
from prefect import get_client
with get_client(sync_client=True) as client:
    print(client.read_flow_run(sys.argv[1]).state.type.value)
PY
)
  echo "smoke: flow run $run of $deployment is $state"
  if [ "$state" != "COMPLETED" ]; then
    tail -n 50 "$PREFECT_HOME/worker.log"
    exit 1
  fi
}

run_deployment 'parley-run/hourly' "$PARAMS"
EVENTS=$(find "$OUT/events" -name '*.parquet' 2>/dev/null | wc -l)
[ "$EVENTS" -gt 0 ] || { echo "smoke: no event files in $OUT/events"; exit 1; }
echo "smoke: OK, $EVENTS event file(s) in $OUT/events"

# PARLEY_SMOKE_COMPACT=1: then the nightly compaction of the same directory.
if [ "${PARLEY_SMOKE_COMPACT:-0}" = "1" ]; then
  run_deployment 'parley-compact/nightly' "$("$BIN/python" -c 'import json,sys; print(json.dumps({"out_dir": sys.argv[1]}))' "$OUT")"
  echo "smoke: OK, compacted to $(find "$OUT/events" -name '*.parquet' | wc -l) event file(s)"
fi
