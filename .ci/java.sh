# Sourced by the CI scripts: a JDK >= 21 first on PATH, chosen as ./mvnw chooses it.
. "$(dirname "${BASH_SOURCE[0]}")/../.mvn/pick-jdk.sh"
if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi
