#!/usr/bin/env bash
# Start-to-ready (docs/benchmarks.md):
#  1. ./o365-emulator itself, jar built: from running the launcher to its "o365-emulator is running" line,
#     5 fresh processes with the class-data archive (and 3 without it, O365_EMULATOR_ARCHIVE=off), median;
#  2. the seven listeners in-process: 5 fresh JVMs' first start, then 20 starts in one JVM.
# Usage: scripts/bench-startup.sh [extra emulator options, e.g. --tls-provider jdk]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl emulator-cli -am package
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

# Milliseconds from starting the launcher to its table's first line; the process is then stopped.
launcher_ms() {
  local start end line
  start=$(date +%s%N)
  coproc LAUNCHER { exec env "$@" ./o365-emulator --ports ephemeral --data-dir "$data" "${extra[@]}" 2>&1; }
  while IFS= read -r line <&"${LAUNCHER[0]}"; do
    case "$line" in *"o365-emulator is running"*) end=$(date +%s%N); break ;; esac
  done
  kill "$LAUNCHER_PID" 2>/dev/null || true
  wait "$LAUNCHER_PID" 2>/dev/null || true
  echo $(( (${end:?the launcher did not start} - start) / 1000000 ))
}

median() {
  sort -n | awk '{v[NR] = $1} END {printf "median %d ms (%d-%d, n=%d)\n", v[int((NR + 1) / 2)], v[1], v[NR], NR}'
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
