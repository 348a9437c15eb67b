#!/usr/bin/env bash
# Starts FerretDB v1 (MongoDB wire protocol over SQLite files) on 127.0.0.1 for tests; the binary is
# built once with `go install` into the cache. Idempotent: a running server is reused.
# Prints MONGO_URL=mongodb://127.0.0.1:PORT/chuangwen on stdout, everything else on stderr.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../common.sh"

FERRETDB_VERSION=v1.24.2
PORT=${FERRETDB_PORT:-27018}
RUN_DIR=${RUN_DIR:-/tmp/chuangwen-ferretdb}
BIN=$CACHE/bin/ferretdb
PIDFILE=$RUN_DIR/ferretdb.pid
LOGFILE=$RUN_DIR/ferretdb.log
mkdir -p "$RUN_DIR/ferretdb-data"

# 1. Binary: built once; the marker names the version so a bump rebuilds. Not `go install pkg@v`:
#    that binary panics at start (it wants build/version/version.txt, which only their release build
#    writes), and it asks the proxy for the module's version list, which some proxies refuse.
#    So: download the exact version, copy it, write version.txt, build.
if [[ ! -x $BIN || "$(cat "$BIN.version" 2>/dev/null)" != "$FERRETDB_VERSION" ]]; then
  command -v go >/dev/null || die "go not found (needs Go 1.22 or newer)"
  log "building FerretDB $FERRETDB_VERSION into $CACHE/bin (once, a few minutes)"
  export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | grep '"Dir"' | cut -d'"' -f4)
  [[ -d $src ]] || die "go mod download of FerretDB $FERRETDB_VERSION failed"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -R "$src/." "$work" && chmod -R u+w "$work"
  echo "$FERRETDB_VERSION" >"$work/build/version/version.txt"
  mkdir -p "$CACHE/bin"
  (cd "$work" && go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb) && mv "$BIN.tmp" "$BIN"
  echo "$FERRETDB_VERSION" >"$BIN.version"
fi

if pid_alive "$PIDFILE"; then
  log "already running (pid $(cat "$PIDFILE"))"
  wait_port "$PORT" "$PIDFILE" "$LOGFILE" "${FERRETDB_START_TIMEOUT:-30}" # it may still be starting
else
  port_open "$PORT" && die "port $PORT is taken by another process (set FERRETDB_PORT)"
  # 2. Start detached. One SQLite file per database under ferretdb-data/, WAL with synchronous=NORMAL
  #    (survives a process crash, twice as fast as FULL); no debug HTTP listener (its default
  #    127.0.0.1:8088 would clash between runs); state.json kept in the run dir.
  log "starting on 127.0.0.1:$PORT (log: $LOGFILE)"
  nohup setsid "$BIN" --handler=sqlite --sqlite-url="file:$RUN_DIR/ferretdb-data/?_pragma=synchronous(normal)" \
    --listen-addr="127.0.0.1:$PORT" --debug-addr=- --state-dir="$RUN_DIR" \
    --telemetry=disable --log-level=warn >"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  wait_port "$PORT" "$PIDFILE" "$LOGFILE" "${FERRETDB_START_TIMEOUT:-30}"
fi

echo "MONGO_URL=mongodb://127.0.0.1:$PORT/chuangwen"
