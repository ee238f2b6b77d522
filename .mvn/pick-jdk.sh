# Sourced by ./mvnw and the CI scripts: makes JAVA_HOME point at a JDK 21 or newer when the current one is older.
# The project compiles for Java 21 and Quarkus loads the compiled classes inside Maven's own JVM, so Maven must run on
# JDK 21+. Build machines often default to an older JDK with a newer one installed beside it; this finds it, so that
# `./mvnw ...` works on a fresh machine without setting JAVA_HOME by hand. POSIX sh; leaves globbing as it found it.
pick_jdk_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
pick_jdk() {
  pick_jdk_current="${JAVA_HOME:+$JAVA_HOME/bin/java}"
  [ -n "$pick_jdk_current" ] || pick_jdk_current="$(command -v java 2>/dev/null || :)"
  if [ -n "$pick_jdk_current" ] && [ "$(pick_jdk_major "$pick_jdk_current" || echo 0)" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  pick_jdk_best="" pick_jdk_best_major=0
  case "$-" in *f*) pick_jdk_noglob=1 ;; *) pick_jdk_noglob=0 ;; esac
  set +f
  for pick_jdk_home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$pick_jdk_home/bin/javac" ] || continue
    pick_jdk_m="$(pick_jdk_major "$pick_jdk_home/bin/java" || echo 0)"
    if [ -n "$pick_jdk_m" ] && [ "$pick_jdk_m" -gt "$pick_jdk_best_major" ]; then
      pick_jdk_best="$pick_jdk_home" pick_jdk_best_major="$pick_jdk_m"
    fi
  done
  [ "$pick_jdk_noglob" = 1 ] && set -f
  if [ "$pick_jdk_best_major" -ge 21 ]; then
    export JAVA_HOME="$pick_jdk_best"
  else
    echo "This project needs JDK 21 or newer; install one or set JAVA_HOME to it." >&2
  fi
}
pick_jdk
