#!/usr/bin/env bash
# Runs one of the benchmark mains of docs/benchmarks.md against the standalone jar.
# Usage: scripts/bench.sh smtp | pop3 | imap-fetch [messages rounds] | fetch-path [messages rounds] | retr-path [messages rounds [tls]] | imap-idle [connections]
#        | store-memory | startup
# STORE=maildir (and FSYNC=never) runs smtp and imap-fetch on a Maildir store in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:?"usage: scripts/bench.sh smtp|pop3|imap-fetch|fetch-path|retr-path|imap-idle|store-memory|startup"}
shift
if [ "$what" = startup ]; then exec scripts/bench-startup.sh; fi
mvn -B -q -DskipTests -pl emulator-cli -am package
cp="$(ls emulator-cli/target/emulator-cli-*-cli.jar):emulator-server/target/test-classes"
store=(-Dbench.store="${STORE:-memory}" -Dbench.fsync="${FSYNC:-always}")
case "$what" in
  smtp)         exec java "${store[@]}" -cp "$cp" dev.o365emulator.server.internal.smtp.SmtpBenchmark "$@" ;;
  pop3)         exec java -cp "$cp" dev.o365emulator.server.internal.pop3.Pop3RetrBenchmark "$@" ;;
  imap-fetch)   exec java -Xmx1g "${store[@]}" -cp "$cp" dev.o365emulator.server.internal.imap.ImapBenchmark fetch "${1:-10000}" "${2:-3}" ;;
  fetch-path)   exec java -Xmx1g -cp "$cp" dev.o365emulator.server.internal.imap.FetchPathMeasurement "${1:-2000}" "${2:-16}" ;;
  retr-path)    exec java -cp "$cp" dev.o365emulator.server.internal.pop3.RetrPathMeasurement "${1:-2000}" "${2:-16}" "${3:-tls}" ;;
  imap-idle)    exec java -Xmx384m -cp "$cp" dev.o365emulator.server.internal.imap.ImapBenchmark idle "${1:-10000}" ;;
  store-memory) exec java -Xmx1g -cp "$cp" dev.o365emulator.server.internal.store.StoreMemoryMeasurement "$@" ;;
  *) echo "unknown benchmark: $what" >&2; exit 2 ;;
esac
