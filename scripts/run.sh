#!/bin/sh
# Runs the bridge from a checkout as it runs in production: `java -jar target/quarkus-app/quarkus-run.jar` (no dev mode).
# Packages it first (`./mvnw package`, tests skipped) when there is no package yet or the sources changed since this
# script last packaged them, so a fresh clone starts with one command and an edit never runs a stale jar.
#
#     scripts/run.sh                          # port 8080; the environment variables in README.md apply
#     PORT=9000 JAVA_OPTS=-Xmx256m scripts/run.sh
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
if [ ! -f "$app/quarkus-run.jar" ] || [ "$(cat "$stamp" 2>/dev/null || :)" != "$sources" ]; then
  echo "run: packaging the bridge (./mvnw package, tests skipped)..." >&2
  rm -f "$stamp"
  ./mvnw -q -Dmaven.test.skip=true package
  # Summed before the build: an edit made while it ran is packaged next time.
  printf '%s\n' "$sources" > "$stamp"
fi

set -f # JAVA_OPTS is split into words on purpose, as the container image does; no globbing
# shellcheck disable=SC2086
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${JAVA_OPTS:-} -jar "$app/quarkus-run.jar"
