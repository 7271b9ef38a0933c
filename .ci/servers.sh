# Sourced by .ci/run: start_servers / stop_servers for the real servers the tests use, on 127.0.0.1 only.
# Exports TIMESYNC_INFLUXDB_URL and TIMESYNC_VICTORIA_URL so that tests find them (tests that need a
# server fail loudly in CI when these are missing: TIMESYNC_REQUIRE_SERVERS=1).
SERVERS_DIR=""
start_servers() {
  SERVERS_DIR=$(mktemp -d /tmp/timesync-servers.XXXXXX)
  export TIMESYNC_REQUIRE_SERVERS=1
}
stop_servers() {
  if [ -n "$SERVERS_DIR" ] && [ -d "$SERVERS_DIR" ]; then
    for f in "$SERVERS_DIR"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
    rm -rf "$SERVERS_DIR"
  fi
}
