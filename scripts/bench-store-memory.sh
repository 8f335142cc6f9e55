#!/usr/bin/env bash
# Heap used by 100 000 stored messages of 4 KiB in a 1 GiB heap (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl emulator-server -am package
jar=$(ls emulator-server/target/emulator-server-*-cli.jar)
java -Xmx1g -cp "$jar:emulator-server/target/test-classes" dev.o365emulator.server.store.StoreMemoryMeasurement
