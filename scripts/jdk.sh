# Sourced by Backflow's scripts: points JAVA_HOME at a JDK 25 or newer, or stops with a clear message.
# Order: $JAVA_HOME if it is 25+, then `java` on the PATH, then /usr/lib/jvm/*25* (and newer), then macOS's java_home.

backflow_java_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

backflow_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" \
                   /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/*3[0-9]* \
                   "$( [ -x /usr/libexec/java_home ] && /usr/libexec/java_home -v 25+ 2>/dev/null)"; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(backflow_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(backflow_find_jdk); then
  echo "Backflow needs a JDK 25 or newer, and none was found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm/*25*)." >&2
  echo "Install one (for example Temurin 25) and set JAVA_HOME to it, then run this again." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
