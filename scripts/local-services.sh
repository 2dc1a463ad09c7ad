#!/usr/bin/env bash
# Throwaway PostgreSQL and mosquitto on loopback for development and tests.
#
#   scripts/local-services.sh start DIR    start both in DIR (created), print DATABASE_URL and MQTT_URL
#   scripts/local-services.sh stop DIR     stop both
#   scripts/local-services.sh env DIR      print the URLs of the services running in DIR
#
# Source it (`. scripts/local-services.sh`) to use the functions one by one.
set -euo pipefail

DOCKGATE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Installs the Debian packages the build and the local services need, when any is missing.
ensure_packages() {
    local missing=()
    local pkg
    for pkg in postgresql libpq-dev mosquitto mosquitto-clients libmosquitto-dev pkg-config curl python3 python3-venv; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# Prints the first TCP port from $1 upwards that nothing on 127.0.0.1 listens on.
free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

postgres_bin() {
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    echo "/usr/lib/postgresql/$version/bin"
}

# Runs a command as the unprivileged `postgres` user when we are root (initdb refuses root).
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# start_postgres DIR [fast]: a cluster in DIR/postgres on a free port; reuses an existing cluster.
# `fast` turns fsync off, which is only acceptable for throwaway test clusters.
start_postgres() {
    local dir=$1 mode=${2:-}
    local bin
    bin=$(postgres_bin)
    mkdir -p "$dir/postgres"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir" "$dir/postgres"
    if [ ! -f "$dir/postgres/data/PG_VERSION" ]; then
        as_postgres "$bin/initdb" -D "$dir/postgres/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$dir/postgres/initdb.log"
    fi
    # A cluster left running by an earlier session that was not stopped is reused as it is.
    if as_postgres "$bin/pg_ctl" -D "$dir/postgres/data" status >/dev/null 2>&1 && [ -f "$dir/postgres/port" ]; then
        return 0
    fi
    local port extra=""
    port=$(free_port 54329)
    local max_connections=200
    # The test suite runs its tests in parallel, each with its own pools, listeners and bridges.
    [ "$mode" = fast ] && extra="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" && max_connections=800
    as_postgres "$bin/pg_ctl" -D "$dir/postgres/data" -l "$dir/postgres/server.log" -w -t 30 \
        -o "-k $dir/postgres -p $port -c listen_addresses=127.0.0.1 -c max_connections=$max_connections $extra" start >/dev/null
    echo "$port" >"$dir/postgres/port"
    # The database the platform uses; `postgres` stays for administration.
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
        -c "SELECT 1 FROM pg_database WHERE datname = 'dockgate'" -t | grep -q 1 \
        || psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -c "CREATE DATABASE dockgate" >/dev/null
}

stop_postgres() {
    local dir=$1
    [ -f "$dir/postgres/data/postmaster.pid" ] || return 0
    as_postgres "$(postgres_bin)/pg_ctl" -D "$dir/postgres/data" -m fast -w -t 30 stop >/dev/null || true
}

# start_mosquitto DIR: a broker on a free loopback port with deploy/mosquitto/local.conf.
start_mosquitto() {
    local dir=$1
    mkdir -p "$dir/mosquitto"
    if [ -f "$dir/mosquitto/pid" ] && kill -0 "$(cat "$dir/mosquitto/pid")" 2>/dev/null; then
        return 0
    fi
    local port
    port=$(free_port 18830)
    {
        echo "listener $port 127.0.0.1"
        cat "$DOCKGATE_ROOT/deploy/mosquitto/local.conf"
    } >"$dir/mosquitto/mosquitto.conf"
    chmod 644 "$dir/mosquitto/mosquitto.conf"
    mosquitto -c "$dir/mosquitto/mosquitto.conf" >"$dir/mosquitto/broker.log" 2>&1 &
    echo $! >"$dir/mosquitto/pid"
    echo "$port" >"$dir/mosquitto/port"
    local tries=0
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        tries=$((tries + 1))
        if [ $tries -gt 100 ] || ! kill -0 "$(cat "$dir/mosquitto/pid")" 2>/dev/null; then
            echo "mosquitto did not start; its log:" >&2
            cat "$dir/mosquitto/broker.log" >&2
            return 1
        fi
        sleep 0.05
    done
}

stop_mosquitto() {
    local dir=$1
    [ -f "$dir/mosquitto/pid" ] || return 0
    local pid
    pid=$(cat "$dir/mosquitto/pid")
    if kill "$pid" 2>/dev/null; then
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    fi
    rm -f "$dir/mosquitto/pid"
}

print_env() {
    local dir=$1
    echo "DATABASE_URL=postgresql://postgres@127.0.0.1:$(cat "$dir/postgres/port")/dockgate"
    echo "MQTT_URL=mqtt://127.0.0.1:$(cat "$dir/mosquitto/port")"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    command=${1:-}
    dir=${2:-}
    if [ -z "$command" ] || [ -z "$dir" ]; then
        echo "usage: $0 start|stop|env DIR [fast]" >&2
        exit 2
    fi
    case "$command" in
    start)
        ensure_packages
        start_postgres "$dir" "${3:-}"
        start_mosquitto "$dir"
        print_env "$dir"
        ;;
    stop)
        stop_mosquitto "$dir"
        stop_postgres "$dir"
        ;;
    env) print_env "$dir" ;;
    *)
        echo "usage: $0 start|stop|env DIR [fast]" >&2
        exit 2
        ;;
    esac
fi
