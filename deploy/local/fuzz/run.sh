#!/usr/bin/env bash
# Fuzzes the HTTP API against its own OpenAPI document with schemathesis (PyPI, pinned, in a venv):
# builds the platform, seeds one district (620102 城关区, 兰州市) into a fresh DATA_DIR, starts the
# embedded default on a free loopback port, mints a dev token for that district, and runs the checks
#   not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance
# for a bounded time. Any failure fails the script (exit status schemathesis's). From the repository root:
#   deploy/local/fuzz/run.sh                      # FUZZ_MAX_TIME=150 s, FUZZ_MAX_EXAMPLES=25 per operation
#   FUZZ_SEED=42 FUZZ_MAX_TIME=600 deploy/local/fuzz/run.sh
# Needs Node 20, Python 3.9+ with venv, and PyPI (once: the venv is cached).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../common.sh"
cd "$HERE/../../.."

SCHEMATHESIS_VERSION=4.32.5
RUN_DIR=${RUN_DIR:-$(mktemp -d /tmp/chuangwen-fuzz.XXXXXX)}
FUZZ_DIR=$RUN_DIR/fuzz
VENV=${FUZZ_VENV:-$CACHE/schemathesis-$SCHEMATHESIS_VERSION}
PIDFILE=$FUZZ_DIR/platform.pid
LOGFILE=$FUZZ_DIR/platform.log
DISTRICT=620102
mkdir -p "$FUZZ_DIR"
rm -rf "$FUZZ_DIR/data"

# 1. schemathesis, pinned, in its own venv (reused while the version stays). Python 3.12 or newer when
#    there is one: CPython 3.11 before 3.11.8 fails inside hypothesis's coverage phase with "AST
#    constructor recursion depth mismatch" (a CPython bug, gh-106905).
python_for_venv() {
  local candidates=("${FUZZ_PYTHON:-}" python3.13 python3.12)
  if command -v pyenv >/dev/null; then
    local v
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[2-9]' | sort -rV); do candidates+=("$(pyenv root)/versions/$v/bin/python3"); done
  fi
  local p
  for p in "${candidates[@]}"; do
    [[ -n $p ]] && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$p"; return; }
  done
  log "no Python 3.12+ found; using python3 ($(python3 --version 2>&1)); set FUZZ_PYTHON if the coverage phase errors"
  echo python3
}
if [[ ! -x $VENV/bin/st || "$("$VENV/bin/st" --version 2>/dev/null)" != *"$SCHEMATHESIS_VERSION"* ]]; then
  PYTHON=$(python_for_venv)
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV with $("$PYTHON" --version 2>&1)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
fi

# 2. The platform, built, on a seeded data folder and a port of its own; stopped whatever happens.
npm run --silent build >&2
DATA_DIR=$FUZZ_DIR/data node dist/tools/seed.js --region "$DISTRICT" >&2
trap 'stop_pid "$PIDFILE"' EXIT
# Rate limits off: the fuzzer is one client with one token, and should reach past the limiter (a 429
# is declared in the document all the same). LOG_LEVEL=warn: every 4xx is a warning; 5xx are errors.
# PORT=0: the platform binds a port the system picks and names it in its ready line (a free port
# chosen here and handed over could be taken by another process in between: EADDRINUSE).
DATA_DIR=$FUZZ_DIR/data PORT=0 HOST=127.0.0.1 AUTH_MODE=dev LOG_LEVEL=warn \
  RATE_LIMIT_PER_CLIENT=0 RATE_LIMIT_PER_TOKEN=0 OVERDUE_SCAN_INTERVAL_MS=0 \
  setsid node dist/services/platform/src/main.js >"$LOGFILE" 2>&1 &
echo $! >"$PIDFILE"
PORT=
deadline=$((SECONDS + ${FUZZ_START_TIMEOUT:-60}))
until PORT=$(grep -oE 'is serving on http://[^ ]+:[0-9]+' "$LOGFILE" 2>/dev/null | grep -oE '[0-9]+$'); do
  if ! pid_alive "$PIDFILE" || ((SECONDS >= deadline)); then
    log "the platform printed no ready line; last lines of $LOGFILE:"
    tail -n 40 "$LOGFILE" >&2 || true
    exit 1
  fi
  sleep 0.5
done
BASE=http://127.0.0.1:$PORT

# 3. A token for the district with every role that writes: as many routes as possible pass the guard.
TOKEN=$(curl -fsS -X POST "$BASE/api/auth/dev-token" -H 'content-type: application/json' \
  -d "{\"sub\":\"fuzzer\",\"jurisdiction\":\"$DISTRICT\",\"roles\":[\"office\",\"street\",\"community\",\"inspector\",\"system\"]}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

# 4. The fuzz, bounded: examples per operation and a time budget. The score stream (server-sent
#    events) never ends by design: left out, it would only time out.
log "fuzzing $BASE/docs-json (report in $FUZZ_DIR)"
status=0
# From the run dir: schemathesis keeps its example database in ./.schemathesis.
(cd "$FUZZ_DIR" && "$VENV/bin/st" run "$BASE/docs-json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance \
  --exclude-path /api/stream/scores \
  --phases examples,coverage,fuzzing \
  --max-examples "${FUZZ_MAX_EXAMPLES:-25}" --max-time "${FUZZ_MAX_TIME:-150}" \
  --request-timeout 20 --workers "${FUZZ_WORKERS:-2}" ${FUZZ_SEED:+--seed "$FUZZ_SEED"} \
  --report junit --report-dir "$FUZZ_DIR/report") 2>&1 |
  # schemathesis closes in pytest's banner ("=== 3 warnings in 150s ==="), which a CI reading pytest's
  # closing line takes for a run of no tests: the banners become plain headings, and the count CI reads is
  # .ci/run's last line (tools/ci-summary.js, from the JUnit report). pipefail keeps schemathesis's status.
  sed -u -E 's/^=+ (.*[^=]) =+$/schemathesis — \1/' || status=$?

# A 5xx the fuzzer saw is in the log with its stack: show them, they say where to look.
if grep -q 'ERROR' "$LOGFILE"; then
  log "errors the platform logged:"
  grep -A8 'ERROR' "$LOGFILE" | head -n 80 >&2
fi
exit "$status"
