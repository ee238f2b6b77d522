# Sourced by the CI end-to-end steps (bash): the WireMock standalone Poe stand-in, free ports, readiness waits, and
# background processes that are stopped with everything they forked (./mvnw forks Maven's JVM, which may fork more).
# Every process started here leads its own session and process group, so one signal to the group reaches all of it.

ci_groups=()

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# start_group LOG DIR COMMAND...: runs COMMAND in DIR, in a new session, output to LOG; sets started_pid (= its group).
start_group() {
  local log="$1" dir="$2"; shift 2
  # A background child of a shell without job control is never a group leader, so setsid does not fork: $! is the
  # session and group id.
  (cd "$dir" && exec setsid "$@") > "$log" 2>&1 &
  started_pid=$!
  ci_groups+=("$started_pid")
}

# True while a process of the group is alive (exited children not yet reaped do not count).
group_alive() { ps -o stat= -s "$1" 2>/dev/null | grep -qv '^Z'; }

# stop_group PID GRACE_SECONDS [leader]: SIGTERM to the whole group (or, with "leader", to PID alone, as a container
# runtime or `kill PID` signals a service); SIGKILL to the group if any of it is left after the grace, and then false.
stop_group() {
  local pid="$1" grace="$2" target="-$1" i
  if [ "${3:-}" = leader ]; then target="$1"; fi
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    group_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return 1
}

# For an EXIT trap: stops every group still running.
stop_all_groups() {
  local pid
  for pid in "${ci_groups[@]}"; do
    if group_alive "$pid"; then stop_group "$pid" 10 || true; fi
  done
}

# wait_for URL NAME LOG SECONDS [PID]: until URL answers 2xx; fails early when the group PID has ended, printing LOG.
wait_for() {
  local url="$1" name="$2" log="$3" seconds="$4" pid="${5:-}" deadline=$((SECONDS + $4))
  while ((SECONDS < deadline)); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url" 2>/dev/null; then
      return 0
    fi
    if [ -n "$pid" ] && ! group_alive "$pid"; then
      echo "$name exited before it was ready; its log:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "$name was not ready after ${seconds}s; its log:" >&2
  cat "$log" >&2
  return 1
}

# start_poe_standin WORKDIR: WireMock standalone (the version the tests use) serving src/test/resources/wiremock on a
# free port of 127.0.0.1, fetched into WORKDIR through Maven. Sets poe_port and poe_url; returns once it answers.
# Run from the checkout's root. Uses the JDK ./mvnw picks without changing this shell's JAVA_HOME or PATH.
start_poe_standin() {
  local work="$1" version
  version="$(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' pom.xml)"
  ./mvnw -q dependency:copy -Dartifact="org.wiremock:wiremock-standalone:${version}" -DoutputDirectory="$work"
  poe_port="$(free_port)"
  poe_url="http://127.0.0.1:${poe_port}"
  start_group "$work/wiremock.log" "$PWD" bash -c 'source .ci/java.sh && exec java -jar "$@"' wiremock \
    "$work/wiremock-standalone-${version}.jar" --port "$poe_port" --bind-address 127.0.0.1 \
    --root-dir src/test/resources/wiremock --disable-banner
  wait_for "${poe_url}/__admin/mappings" "the Poe stand-in" "$work/wiremock.log" 60 "$started_pid"
}

# start_packaged_bridge WORKDIR: the packaged bridge (target/quarkus-app, from `./mvnw verify` or `./mvnw package`) on a
# free port of 127.0.0.1 with the stand-in as Poe, log in WORKDIR/bridge.log and its SQLite database in WORKDIR (not the
# checkout's ./data), on the JDK ./mvnw picks (source .ci/java.sh first). Call after start_poe_standin. Sets bridge_port
# and bridge_url; returns once it is ready.
start_packaged_bridge() {
  local work="$1"
  bridge_port="$(free_port)"
  bridge_url="http://127.0.0.1:${bridge_port}"
  # The stand-in serves images from 127.0.0.1, which b64_json downloads may only reach when private networks are
  # allowed.
  start_group "$work/bridge.log" "$PWD" env POE_BASE_URL="$poe_url" POE_UPLOAD_URL="${poe_url}/upload" \
    DB_URL="jdbc:sqlite:${work}/bridge.db" \
    IMAGES_DOWNLOAD_ALLOW_PRIVATE_NETWORKS=true QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$bridge_port" \
    java -jar target/quarkus-app/quarkus-run.jar
  wait_for "${bridge_url}/q/health/ready" "the bridge" "$work/bridge.log" 120 "$started_pid"
}
