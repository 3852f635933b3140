#!/usr/bin/env bash
# The test command: builds every module and runs every test (core, simd at three vector widths, bench smoke).
# Extra arguments go to Maven, e.g. scripts/test.sh -Dbackflow.test.cases=40000 for a long property run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
echo "Using JDK $("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p') at $JAVA_HOME"
exec ./mvnw -B -ntp verify "$@"
