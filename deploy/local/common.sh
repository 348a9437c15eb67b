# Helpers shared by the local server scripts (sourced, not run).
CACHE=${CHUANGWEN_CACHE:-$HOME/.cache/chuangwen}

log() { echo "[$(basename "$(dirname "$0")")] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no nc needed).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when the pid file names a live process.
pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_port PORT PIDFILE LOGFILE SECONDS: bounded wait; on failure show why and stop the process.
wait_port() {
  local port=$1 pidfile=$2 logfile=$3 deadline=$((SECONDS + $4))
  until port_open "$port"; do
    if ! pid_alive "$pidfile"; then
      log "the server exited before listening on $port; last lines of $logfile:"
      tail -n 40 "$logfile" >&2 || true
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      log "port $port not answering after $4s; last lines of $logfile:"
      tail -n 40 "$logfile" >&2 || true
      stop_pid "$pidfile"
      exit 1
    fi
    sleep 0.5
  done
}

# stop_pid PIDFILE: SIGTERM, up to 30 s for a clean shutdown, then SIGKILL. The servers are started
# with setsid, so the pid is also their process group: signal the group, children included.
stop_pid() {
  local pidfile=$1 pid
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
  pid=$(cat "$pidfile")
  kill -- "-$pid" 2>/dev/null || kill "$pid"
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid ignored SIGTERM, killing"
    kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid"
  fi
  rm -f "$pidfile"
}
