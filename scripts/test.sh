#!/bin/sh
# The project's test command: installs what the tests need when it is missing, then runs every test
# (./mvnw verify: unit, WireMock, OpenAI-SDK, browser and integration tests; no real Poe request anywhere).
# Arguments go to Maven, e.g. scripts/test.sh -Dtest=TestPostgresTest -Dsurefire.failIfNoSpecifiedTests=false
# TEST_SH_CHECK_ONLY=1 only checks (and installs) the prerequisites, without running Maven.
# CI (.ci/run) runs this on fresh machines, where nothing installed by hand survives: each prerequisite has its own
# function below, which finds it or installs it, or says exactly what to install.
set -eu
cd "$(dirname "$0")/.."

# Installs Debian packages when we are root with apt-get (as on CI); otherwise prints the command and fails.
# `apt-get update` only when the install fails, since fresh machines usually have package lists and updating is slow.
apt_install() {
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing $* (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" ||
      { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"; }
  else
    echo "test.sh: the tests need $*; install with: sudo apt-get install -y $*" >&2
    exit 1
  fi
}

# The database tests start a throwaway PostgreSQL cluster with initdb/pg_ctl (testsupport/TestPostgres), looked up on
# PATH and under /usr/lib/postgresql/*/bin, where Debian's package puts them.
has_postgres() {
  command -v initdb >/dev/null 2>&1 && return 0
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && return 0
  done
  return 1
}
need_postgres() {
  has_postgres || apt_install postgresql
  has_postgres || { echo "test.sh: postgresql is installed but initdb was not found" >&2; exit 1; }
}

# The playground page's tests drive Debian's chromium through its chromedriver (testsupport/HeadlessChromium), at
# the paths Debian's packages install; no browser or driver is downloaded.
has_chromium() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]
}
need_chromium() {
  has_chromium || apt_install chromium chromium-driver
  has_chromium || { echo "test.sh: chromium is installed but /usr/bin/chromium or /usr/bin/chromedriver is missing" >&2; exit 1; }
}

need_postgres
need_chromium

if [ "${TEST_SH_CHECK_ONLY:-}" = 1 ]; then
  echo "test.sh: prerequisites present" >&2
  exit 0
fi
export MAVEN_ARGS="${MAVEN_ARGS:--B -ntp}"
exec ./mvnw verify "$@"
