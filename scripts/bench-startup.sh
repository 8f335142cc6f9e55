#!/usr/bin/env bash
# Start-to-ready of the seven listeners (docs/benchmarks.md): 5 fresh JVMs' first start, then 20 starts in one JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl emulator-cli -am package
jar=$(ls emulator-cli/target/emulator-cli-*-cli.jar)
cp="$jar:emulator-server/target/test-classes"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
java -cp "$cp" dev.o365emulator.server.bench.StartupBenchmark first "$data" >/dev/null  # creates the cached certificates
for i in 1 2 3 4 5; do
  java -cp "$cp" dev.o365emulator.server.bench.StartupBenchmark first "$data"
done
java -cp "$cp" dev.o365emulator.server.bench.StartupBenchmark repeated 20
