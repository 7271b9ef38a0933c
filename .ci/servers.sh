# Sourced by .ci/run (with `set -euo pipefail` active): start_servers / stop_servers for the real servers the tests
# use, on 127.0.0.1 only, with data in a temporary folder. Exports TIMESYNC_INFLUXDB_URL and TIMESYNC_VICTORIA_URL so
# that tests find them (tests that need a server fail loudly in CI when these are missing: TIMESYNC_REQUIRE_SERVERS=1).
#
# influxd (Debian's 1.6.x): v1 /write and /query (InfluxQL). It predates /api/v2/write (InfluxDB 1.8), so the
# InfluxDB.Client (v2 write API) transport is tested against VictoriaMetrics, which accepts both /write and /api/v2/write.
# Both servers' settings live in one place each, shared with the tests' own servers (Infrastructure/OwnInfluxd.cs,
# OwnVictoria.cs): .ci/influxdb.conf.template and .ci/victoria-metrics.flags (dedup of a retried batch, long retention).
# Ports: TIMESYNC_INFLUXDB_PORT (default 28086, RPC port +2), TIMESYNC_VICTORIA_PORT (default 28428).
SERVERS_DIR=""
SERVERS_CI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

_servers_wait() { # name url tries: wait until the URL answers 2xx
  local name=$1 url=$2 tries=$3 i
  for ((i = 0; i < tries; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  echo "servers.sh: $name did not answer $url within $((tries / 4)) s; its log:" >&2
  tail -n 20 "$SERVERS_DIR/$name.log" >&2 || true
  return 1
}

_servers_port_free() { # port: fails when something already listens there
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" 2>/dev/null; then
    echo "servers.sh: port $1 on 127.0.0.1 is already in use; set TIMESYNC_INFLUXDB_PORT / TIMESYNC_VICTORIA_PORT" >&2
    return 1
  fi
}

start_servers() {
  SERVERS_DIR=$(mktemp -d /tmp/timesync-servers.XXXXXX)
  export TIMESYNC_REQUIRE_SERVERS=1
  local influx_port=${TIMESYNC_INFLUXDB_PORT:-28086} vm_port=${TIMESYNC_VICTORIA_PORT:-28428}
  _servers_port_free "$influx_port"
  _servers_port_free "$vm_port"

  mkdir -p "$SERVERS_DIR/influxdb"
  sed -e "s|@DATA_DIR@|$SERVERS_DIR/influxdb|g" -e "s|@RPC_PORT@|$((influx_port + 2))|g" -e "s|@HTTP_PORT@|$influx_port|g" \
    "$SERVERS_CI_DIR/influxdb.conf.template" >"$SERVERS_DIR/influxdb.conf"
  influxd run -config "$SERVERS_DIR/influxdb.conf" >"$SERVERS_DIR/influxdb.log" 2>&1 &
  echo $! >"$SERVERS_DIR/influxdb.pid"

  local vm_flags
  mapfile -t vm_flags < <(grep -vE '^[[:space:]]*(#|$)' "$SERVERS_CI_DIR/victoria-metrics.flags")
  victoria-metrics -httpListenAddr="127.0.0.1:$vm_port" -storageDataPath="$SERVERS_DIR/victoria" "${vm_flags[@]}" \
    >"$SERVERS_DIR/victoria.log" 2>&1 &
  echo $! >"$SERVERS_DIR/victoria.pid"

  _servers_wait influxdb "http://127.0.0.1:$influx_port/ping" 120
  _servers_wait victoria "http://127.0.0.1:$vm_port/health" 120
  export TIMESYNC_INFLUXDB_URL="http://127.0.0.1:$influx_port"
  export TIMESYNC_VICTORIA_URL="http://127.0.0.1:$vm_port"
  echo "servers.sh: influxdb at $TIMESYNC_INFLUXDB_URL, victoria-metrics at $TIMESYNC_VICTORIA_URL (data in $SERVERS_DIR)"
}

stop_servers() {
  if [ -n "$SERVERS_DIR" ] && [ -d "$SERVERS_DIR" ]; then
    local f pid
    for f in "$SERVERS_DIR"/*.pid; do
      [ -f "$f" ] || continue
      pid=$(cat "$f")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$SERVERS_DIR"
  fi
  SERVERS_DIR=""
}
