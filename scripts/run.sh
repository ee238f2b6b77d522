#!/bin/sh
# Runs the bridge from a checkout as it runs in production: `java -jar target/quarkus-app/quarkus-run.jar` (no dev mode).
# Packages it first when there is no package yet or the sources changed since this script last packaged them, so a
# fresh clone starts with one command and an edit never runs a stale jar. On JDK 25 or newer the package comes with
# its AOT cache (`./mvnw verify -Paot`, running only the training test ops/AotTrainingIT against a local Poe stand-in,
# about a minute more), and the bridge starts with it: the first answer comes about twice as fast. BRIDGE_AOT=off
# packages without it (`./mvnw package`, tests skipped); a cache from another JDK build is ignored by the JVM.
#
#     scripts/run.sh                          # port 8080; the environment variables in README.md apply
#     PORT=9000 JAVA_OPTS=-Xmx256m scripts/run.sh
#
# JAVA_OPTS, when not set, is the bridge's default below (bench/run.py starts the bridge with the same): the serial
# collector, which the JVM itself picks in small containers and which carried 17 % more requests than G1 on 2 cores
# (the bridge's live data is small, so its pauses are short), and a 64 MB initial heap: with an 8 MB one the JVM
# kept collecting the AOT cache's archived objects (7,500 instead of 12,400 images/s), with the JVM's own choice
# (1/64 of the machine's memory) more stays resident after start. docs/benchmarks.md has the figures.
#
# The JVM replaces this script (exec): SIGTERM and Ctrl-C reach the bridge itself, which shuts down gracefully.
# Not `./mvnw quarkus:run`: it needs a package made before ("Unable to access jarfile" on a fresh clone), and Maven
# stays in between: on SIGTERM to Maven (Quarkus 3.33.2) it waits for the forked bridge forever instead of stopping it.
set -eu
cd "$(dirname "$0")/.."
. .mvn/pick-jdk.sh

app=target/quarkus-app
stamp=target/run-sources.cksum # beside the package, not in it: the container image copies target/quarkus-app
# Content, not timestamps: catches edits, deletions, renames and checkouts alike, and reads only a few hundred KB.
sources="$(find pom.xml .mvn src/main -type f -exec cksum {} + | LC_ALL=C sort | cksum)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# -XX:AOTMode is known from JDK 24 on; JDK 25 is the first whose cache Quarkus builds (-Paot).
aot_jdk() { [ "${BRIDGE_AOT:-on}" != off ] && "$java" -XX:AOTMode=off -version >/dev/null 2>&1; }
if [ ! -f "$app/quarkus-run.jar" ] || [ "$(cat "$stamp" 2>/dev/null || :)" != "$sources" ]; then
  rm -f "$stamp" "$app/app.aot"
  if aot_jdk; then
    echo "run: packaging the bridge with its AOT cache (./mvnw verify -Paot, the training test only)..." >&2
    if ! ./mvnw -q -Paot -Daot.training.only=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false verify; then
      echo "run: the AOT training failed (see above); packaging without the cache" >&2
      ./mvnw -q -Dmaven.test.skip=true package
    fi
  else
    echo "run: packaging the bridge (./mvnw package, tests skipped)..." >&2
    ./mvnw -q -Dmaven.test.skip=true package
  fi
  # Summed before the build: an edit made while it ran is packaged next time.
  printf '%s\n' "$sources" > "$stamp"
fi
cache=""
if [ -f "$app/app.aot" ] && aot_jdk; then
  cache="-XX:AOTCache=$app/app.aot"
fi

default_java_opts="-XX:+UseSerialGC -Xms64m"
set -f # JAVA_OPTS is split into words on purpose, as the container image does; no globbing
# shellcheck disable=SC2086
exec "$java" $cache ${JAVA_OPTS-$default_java_opts} -jar "$app/quarkus-run.jar"
