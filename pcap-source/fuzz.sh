#!/usr/bin/env bash
# Fuzzes the capture readers or the packet decoder with Jazzer's command line (libFuzzer) and prints its stats,
# executions per second included.
#   pcap-source/fuzz.sh [reader|decoder] [SECONDS]        default: reader 600 (ten minutes)
# Seeds: the fuzz test's Inputs directory (made from sample-data). The corpus it grows is kept in
# pcap-source/.cifuzz-corpus/ (ignored by git), shared with `JAZZER_FUZZ=1 mvn test`. A crashing input is written
# to pcap-source/target/fuzz/; move it into the Inputs directory to make it a regression test.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
target=${1:-reader}
seconds=${2:-600}
case "$target" in
  reader) class=io.flowmeter.pcap.fuzz.CaptureReaderFuzzTest; method=readersFailOnlyWithTheirOwnError ;;
  decoder) class=io.flowmeter.pcap.fuzz.PacketDecoderFuzzTest; method=anyFrameDecodesIntoARecordOfSomeKind ;;
  *) echo "usage: $0 [reader|decoder] [SECONDS]" >&2; exit 2 ;;
esac
module="$home/pcap-source"
(cd "$home" && mvn -q -B -ntp install -DskipTests -pl pcap-source -am \
  && mvn -q -B -ntp test-compile dependency:build-classpath -pl pcap-source -Dmdep.outputFile=target/fuzz.classpath) >&2
seeds="$module/src/test/resources/${class//.//}Inputs/$method"
corpus="$module/.cifuzz-corpus/$class/$method"
mkdir -p "$corpus" "$module/target/fuzz"
exec java -Xmx1g --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/fuzz.classpath")" \
  com.code_intelligence.jazzer.Jazzer --target_class="$class" --instrumentation_includes='io.flowmeter.**' \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$module/target/fuzz/" "$corpus" "$seeds"
