#!/usr/bin/env bash
# Start-to-ready (docs/benchmarks.md):
#  1. ./o365-emulator itself, jar built: from running the launcher to its "o365-emulator is running" line,
#     5 fresh processes with the class-data archive (and 3 without it, O365_EMULATOR_ARCHIVE=off), median;
#     beside the wall time, the CPU time the process and its main thread had used by that line (less
#     sensitive than wall time to what else runs on the machine);
#  2. the seven listeners in-process: 5 fresh JVMs' first start, then 20 starts in one JVM.
# Usage: scripts/bench-startup.sh [extra emulator options, e.g. --tls-provider jdk]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl emulator-cli -am package
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

# From starting the launcher to its table's first line: wall milliseconds, then the CPU milliseconds
# the process and its main thread had used by then ("wall process main"); the process is then stopped.
launcher_ms() {
  local start end line task stat main=0 tick
  tick=$(( 1000 / $(getconf CLK_TCK) ))
  start=$(date +%s%N)
  coproc LAUNCHER { exec env "$@" ./o365-emulator --ports ephemeral --data-dir "$data" "${extra[@]}" 2>&1; }
  while IFS= read -r line <&"${LAUNCHER[0]}"; do
    case "$line" in *"o365-emulator is running"*) end=$(date +%s%N); break ;; esac
  done
  # The JVM's main thread is the one named java besides the process's own (which waits for it).
  for task in /proc/"$LAUNCHER_PID"/task/*; do
    [ "${task##*/}" != "$LAUNCHER_PID" ] && read -r stat < "$task/stat" 2>/dev/null || continue
    case "$stat" in *"(java) "*) set -- ${stat##*) }; main=$(( (${12} + ${13}) * tick )); break ;; esac
  done
  read -r stat < /proc/"$LAUNCHER_PID"/stat
  set -- ${stat##*) }
  kill "$LAUNCHER_PID" 2>/dev/null || true
  wait "$LAUNCHER_PID" 2>/dev/null || true
  echo $(( (${end:?the launcher did not start} - start) / 1000000 )) $(( (${12} + ${13}) * tick )) "$main"
}

# The medians of each column of launcher_ms's lines.
median() {
  local runs
  runs=$(cat)
  for column in 1 2 3; do
    cut -d' ' -f"$column" <<< "$runs" | sort -n | awk -v what="$column" '{v[NR] = $1} END {
      split("wall,CPU (process),CPU (main thread)", name, ",")
      printf "%s median %d ms (%d-%d, n=%d)%s", name[what], v[int((NR + 1) / 2)], v[1], v[NR], NR, what < 3 ? "; " : "\n" }'
  done
}

extra=("$@")
launcher_ms O365_EMULATOR_ARCHIVE=on >/dev/null  # makes the certificates (and the archive, if missing)
echo "launcher, class-data archive:    $(for i in 1 2 3 4 5; do launcher_ms O365_EMULATOR_ARCHIVE=on; done | median)"
echo "launcher, no archive:            $(for i in 1 2 3; do launcher_ms O365_EMULATOR_ARCHIVE=off; done | median)"

cp="$(ls emulator-cli/target/emulator-cli-*-cli.jar):emulator-server/target/test-classes"
for i in 1 2 3 4 5; do
  java -cp "$cp" dev.o365emulator.server.bench.StartupBenchmark first "$data"
done
java -cp "$cp" dev.o365emulator.server.bench.StartupBenchmark repeated 20
