#!/usr/bin/env bash
# Stops the broker kafka/start.sh started (by its pid file). Data stays in RUN_DIR; `rm -rf` it to start clean.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../common.sh"
RUN_DIR=${RUN_DIR:-/tmp/chuangwen-kafka}
stop_pid "$RUN_DIR/kafka.pid"
log "stopped"
