#!/usr/bin/env bash
# Stops the cluster postgres/start.sh started (pg_ctl, fast mode). Data stays in RUN_DIR; `rm -rf` it to start clean.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../common.sh"
RUN_DIR=${RUN_DIR:-/tmp/chuangwen-postgres}
DATA=$RUN_DIR/postgres/data
if [[ $(id -u) -eq 0 ]]; then as_server() { runuser -u postgres -- "$@"; }; else as_server() { "$@"; }; fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -n $BIN && -f $DATA/postmaster.pid ]] && as_server "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; then
  as_server "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >&2
fi
log "stopped"
