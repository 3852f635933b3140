#!/usr/bin/env bash
# The main job: builds what it needs, then measures and prints the report.
#   scripts/bench.sh                    quick profile (every suite, about 7 minutes on 2 cores)
#   scripts/bench.sh --profile full     the real measurement (about 50 minutes on 2 cores)
#   scripts/bench.sh --profile ci       the CI gate's subset, with intervals (see README, "The CI gate")
#   scripts/bench.sh --profile scaling  1 thread against 2 (-p threads=1,2,4,8 for more), see README, "Scaling"
#   scripts/bench.sh --profile smoke    every benchmark once: checks that nothing is broken
#   scripts/bench.sh MatmulBench -p shape=64 -f 1 -prof gc    JMH's options win over the profile's
#   scripts/bench.sh paired             vector against OpenBLAS alternately in one JVM, by machine state
#                                       (or --profile paired; --b jar:DIR pairs another build; see README)
#   scripts/bench.sh tune               searches the GEMM's bit-neutral settings here (about 5 minutes, one
#                                       thread; --minutes N): prints the best, its -D options, its TunedDefaults
#                                       row, and writes results/tune/tune.json (see docs/tuning.md)
# Results (JMH JSON, report.md, SVG charts) land in results/<profile>/ (or --out DIR), which git ignores.
# Other commands of the jar: scripts/bench.sh report FILE, scripts/bench.sh compare BASE NEW; -h explains each.
# paired writes results/paired/ (or --out DIR): paired.json, paired.md, paired-t<threads>.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
jar=bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find core simd bench pom.xml -newer "$jar" -type f -not -path '*/target/*' -print -quit)" ]; then
  ./mvnw -B -ntp -q package -DskipTests
fi
# OpenBLAS starts on one thread in every fork; a row on more threads sets OpenBLAS's count itself at setup
# (openblas_set_num_threads, checked).
export OPENBLAS_NUM_THREADS=1
# Its idle threads sleep after 2^4 cycles instead of spinning about 0.1 s: in the paired measurement a spinning
# OpenBLAS thread held a core while Backflow ran, and Backflow's 2-thread rows ran at their 1-thread speed.
export OPENBLAS_THREAD_TIMEOUT=4
# OpenBLAS picks its kernels for this CPU by itself (some machines set OPENBLAS_CORETYPE to an older core for
# safety, so it is cleared), except on AMD CPUs with AVX-512, which Debian's OpenBLAS 0.3.21 does not know: it
# runs Haswell's AVX2 kernels there (Zen 5: 105 GFLOP/s at 1024³, against 200 with its SkylakeX kernels), so
# SkylakeX is set. BACKFLOW_OPENBLAS_CORETYPE=NAME sets another core, =auto leaves the choice to OpenBLAS.
# The run records the kernels OpenBLAS used; each benchmark checks its result.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
openblas_core=${BACKFLOW_OPENBLAS_CORETYPE:-}
if [ -z "$openblas_core" ] && grep -q '^vendor_id.*AuthenticAMD' /proc/cpuinfo 2>/dev/null \
    && grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512f && grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512bw \
    && grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512dq && grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512vl; then
  openblas_core=SkylakeX
fi
if [ -n "$openblas_core" ] && [ "$openblas_core" != auto ]; then
  export OPENBLAS_CORETYPE=$openblas_core
fi
# The jar's first argument is a command (run, report, compare, paired, tune) or, as with JMH, already run's arguments.
# The paired measurement is a command of its own, not a JMH profile: --profile paired means it.
args=()
paired=
while [ $# -gt 0 ]; do
  if [ "$1" = "--profile" ] && [ "${2:-}" = "paired" ]; then
    paired=1
    shift 2
  else
    args+=("$1")
    shift
  fi
done
if [ -n "$paired" ]; then
  if [ "${args[0]:-}" = "run" ]; then
    args=("${args[@]:1}")
  fi
  args=(paired "${args[@]}")
fi
set -- "${args[@]}"
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$jar" "$@"
