#!/usr/bin/env bash
# The gate's measured power (issue 19): 13 gate runs of this checkout against itself on this machine, the
# candidate made slower by the gate's test device (--cand-extra ROW=PCT,...: the candidate's forks do PCT% more
# of that row's own work; nothing in the library changes):
#   5 runs same commit; 5 with matmul and one elementwise kernel both 10% slower, 3 with both 20% slower (the
#   slowed rows are different rows, each judged on its own, so one run measures the power on both).
# Writes docs/results/<date>-gate-power.md: per run its exit status and per row verdict, ratio and interval
# half-width (normalised and raw), then per kind of run how often each row was called a regression.
#   scripts/gate-power.sh                      the elementwise kernel is relu
#   KERNEL=mul scripts/gate-power.sh           another elementwise kernel
#   GATE_ARGS="--pairs 8" scripts/gate-power.sh   extra options for every gate run
set -euo pipefail
cd "$(dirname "$0")/.."
kernel=${KERNEL:-relu}
extra_args=${GATE_ARGS:-}
out=${OUT:-results/gate-power}
summary=docs/results/$(date +%F)-gate-power.md
./mvnw -B -ntp -q package -DskipTests # the jars both sides load (core/target, simd/target) and the bench jar
rm -rf "$out" && mkdir -p "$out/build" docs/results
# Every run measures this copy: a source edit or a rebuild while the runs go on cannot change what they measure.
cp core/target/backflow-core-*[0-9T].jar simd/target/backflow-simd-*[0-9T].jar bench/target/benchmarks.jar "$out/build/"
source scripts/jdk.sh
kinds=("same none=0 5" "slower10 matmul=10,${kernel}=10 5" "slower20 matmul=20,${kernel}=20 3")
{
  echo "# Gate power, $(date +%F), commit $(git rev-parse --short HEAD)"
  echo
  echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
       "family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')" \
       "model $(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), $(nproc) CPUs;" \
       "gate options: defaults ${extra_args:-}; candidate slowed by --cand-extra (see README, \"The CI gate\")."
  echo
} > "$summary"
start=$SECONDS
for k in "${kinds[@]}"; do
  read -r name spec runs <<< "$k"
  for i in $(seq 1 "$runs"); do
    dir="$out/$name-$i"
    set +e
    # shellcheck disable=SC2086 # GATE_ARGS is a list of options
    "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$out/build/benchmarks.jar" gate "$out/build" \
      "$out/build" --cand-extra "$spec" --out "$dir" $extra_args > "$out/$name-$i.log" 2>&1
    code=$?
    set -e
    {
      echo "## $name run $i (--cand-extra $spec): exit $code"
      echo
      if [ -f "$dir/gate.tsv" ]; then
        echo '| row | verdict | normalised ratio | ± % | raw ratio | ± % | raw verdict |'
        echo '|---|---|---|---|---|---|---|'
        tail -n +2 "$dir/gate.tsv" \
          | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $6, $7, $8}'
      else
        echo "no report: $(tail -n 1 "$out/$name-$i.log")"
      fi
      echo
    } >> "$summary"
    echo "gate-power: $name run $i exit $code; $(( (SECONDS - start) / 60 )) min elapsed"
  done
done
{
  echo "## Regressions called, per row and kind of run"
  echo
  echo '| kind | row | regression verdicts | improvement verdicts | runs | median half-width % |'
  echo '|---|---|---|---|---|---|'
  for k in "${kinds[@]}"; do
    read -r name spec runs <<< "$k"
    first=$(ls "$out/$name"-*/gate.tsv 2>/dev/null | head -n 1)
    [ -n "$first" ] || continue
    for row in $(tail -n +2 "$first" | cut -f1); do
      lines=$(cat "$out/$name"-*/gate.tsv | awk -F'\t' -v r="$row" '$1 == r')
      reg=$(printf '%s\n' "$lines" | awk -F'\t' '$2 == "regression"' | wc -l)
      imp=$(printf '%s\n' "$lines" | awk -F'\t' '$2 == "improvement"' | wc -l)
      n=$(printf '%s\n' "$lines" | wc -l)
      half=$(printf '%s\n' "$lines" | cut -f4 | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
      echo "| $name | $row | $reg | $imp | $n | $half |"
    done
  done
  echo
  echo "Total time: $(( (SECONDS - start) / 60 )) minutes."
} >> "$summary"
echo "gate-power: summary in $summary"
