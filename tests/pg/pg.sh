#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts or stops a throwaway PostgreSQL 15 cluster for the test suite (a CTest fixture).
#   pg.sh start STATE_DIR   -> writes STATE_DIR/url (admin URL) and STATE_DIR/datadir
#   pg.sh stop STATE_DIR
set -euo pipefail
cmd=${1:?start|stop}
state=${2:?state dir}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_pg() {
    # initdb and postgres refuse to run as root: use the postgres account the package made.
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
    [ -x "$PGBIN/initdb" ] || { echo "pg.sh: PostgreSQL 15 not found in $PGBIN (apt-get install postgresql-15)" >&2; exit 1; }
    if [ -f "$state/datadir" ]; then "$0" stop "$state" || true; fi
    mkdir -p "$state"
    data=$(mktemp -d /tmp/dropcrew-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres: "$data"
    echo "$data" > "$state/datadir"
    as_pg "$PGBIN/initdb" -D "$data/db" -U dropcrew --auth=trust -E UTF8 --no-locale >"$data/initdb.log" 2>&1 \
        || { cat "$data/initdb.log" >&2; exit 1; }
    for attempt in 1 2 3 4 5; do
        port=$(shuf -i 20000-60000 -n 1)
        (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && continue
        if as_pg "$PGBIN/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 30 \
            -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null; then
            echo "postgresql://dropcrew@127.0.0.1:$port/postgres" > "$state/url"
            echo "PostgreSQL 15 test server on 127.0.0.1:$port ($data)"
            exit 0
        fi
    done
    cat "$data/server.log" >&2
    exit 1
    ;;
stop)
    [ -f "$state/datadir" ] || exit 0
    data=$(cat "$state/datadir")
    as_pg "$PGBIN/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$data" "$state/datadir" "$state/url"
    ;;
*) echo "usage: pg.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
