#!/usr/bin/env bash
# Starts PostgreSQL (Debian's `postgresql` package, installed with apt-get when missing) on 127.0.0.1 for
# tests: a cluster of its own in RUN_DIR, run as the `postgres` user, and a database `chuangwen`.
# Idempotent: a running cluster is reused. Prints POSTGRES_URL=postgres://… on stdout, everything else
# on stderr. Test server only: it trusts every connection from 127.0.0.1 and listens nowhere else.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../common.sh"

PORT=${POSTGRES_PORT:-15432}
RUN_DIR=${RUN_DIR:-/tmp/chuangwen-postgres}
DATABASE=${POSTGRES_DB:-chuangwen}
HOME_DIR=$RUN_DIR/postgres # owned by the server's user: data, socket, log
DATA=$HOME_DIR/data
LOGFILE=$HOME_DIR/postgres.log

# root runs the server as `postgres` (initdb refuses root); anyone else runs it as themselves.
if [[ $(id -u) -eq 0 ]]; then as_server() { runuser -u postgres -- "$@"; }; else as_server() { "$@"; }; fi

# 1. Binaries: Debian keeps them in /usr/lib/postgresql/<major>/bin; the newest major is taken.
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [[ -z $(bindir) || ! -x $(bindir)/initdb ]]; then
  sudo=
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null || die "postgresql is not installed, and this is neither root nor passwordless sudo: run 'apt-get install postgresql' as root"
    sudo=sudo
  fi
  command -v apt-get >/dev/null || die "postgresql is not installed and there is no apt-get to install it with"
  log "installing postgresql with apt-get (once)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  # The package's own cluster (main, port 5432) is not wanted: create none.
  $sudo mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' | $sudo tee /etc/postgresql-common/createcluster.d/chuangwen.conf >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || die "apt-get install postgresql failed"
fi
BIN=$(bindir)
[[ $(id -u) -ne 0 ]] || id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the server as (the package creates it)"

mkdir -p "$HOME_DIR"
if [[ $(id -u) -eq 0 ]]; then
  chown postgres: "$HOME_DIR"
  chmod go+x "$RUN_DIR" # the server's user must reach its directory (mktemp makes RUN_DIR 0700)
fi

# 2. Cluster: created once (data survives restarts), trusting local connections only.
if [[ ! -f $DATA/PG_VERSION ]]; then
  log "initdb in $DATA"
  as_server "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$HOME_DIR/initdb.log" 2>&1 ||
    { tail -n 20 "$HOME_DIR/initdb.log" >&2; die "initdb failed"; }
fi

if as_server "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; then
  log "already running ($(head -n 1 "$DATA/postmaster.pid" 2>/dev/null | sed 's/^/pid /'))"
else
  port_open "$PORT" && die "port $PORT is taken by another process (set POSTGRES_PORT)"
  # 3. Start detached: TCP on 127.0.0.1 only, the socket in its own directory (not /var/run/postgresql),
  #    room for the connection pools of the distributed tests' processes.
  log "starting on 127.0.0.1:$PORT (log: $LOGFILE)"
  as_server "$BIN/pg_ctl" start -D "$DATA" -l "$LOGFILE" -w -t "${POSTGRES_START_TIMEOUT:-60}" \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $HOME_DIR -c max_connections=300 -c shared_buffers=64MB" >&2 ||
    { tail -n 40 "$LOGFILE" >&2 || true; die "the server did not start"; }
fi

# 4. The database, once.
psql_() { as_server "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
if [[ -z $(psql_ -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'") ]]; then
  log "creating database $DATABASE"
  psql_ -d postgres -c "CREATE DATABASE \"$DATABASE\"" >&2
fi

echo "POSTGRES_URL=postgres://postgres@127.0.0.1:$PORT/$DATABASE"
