# Sourced by the CI scripts: puts a JDK >= 21 first on PATH (the machines default to 17, with a newer JDK beside it).
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java" || echo 0)" -lt 21 ] 2>/dev/null; then
  best=""; best_major=0
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/javac" ] || continue
    major="$(java_major "$home/bin/java" || echo 0)"
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then best="$home"; best_major="$major"; fi
  done
  if [ "$best_major" -ge 21 ]; then export JAVA_HOME="$best"; fi
fi
if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi
