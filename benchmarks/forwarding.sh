#!/usr/bin/env bash
# Forwarding flagged traffic to deep inspection, beside the plain scored run, in one run:
#   [MODEL=DIR] [RUNS=3] [PARALLELISM=2] benchmarks/forwarding.sh [CAPTURE ...]
# For each capture, four configurations of bin/flowmeter --model:
#   archive          --input FILE
#   archive+pcap     --input FILE --forward-pcap DIR    (the flagged flows' packets, from a second read)
#   pipe             tcpdump -r FILE -w - | --input -   (a continuous input)
#   pipe+pcap        tcpdump -r FILE -w - | --input - --forward-pcap DIR   (buffered frames, rotating files)
# and the two forwarding ones again with --threshold 0 (suffix "@0"): every flow flagged, forwarding's worst case.
# Without MODEL it trains one with the defaults of bin/flowmeter-train on training-data (the loopback recordings,
# ground-truth labels). Without captures it records (once, as root) those of benchmarks/flowmeter.sh: ~2 million
# packets of nginx/wrk HTTP and UDP, and 150,000 concurrent UDP flows, which all wait for their verdicts at once
# (the buffer's peak at 150,000 open flows).
# Figures (median run by processing time): processing s and pkt/s inside the job, process s and peak RSS of the
# JVM (/usr/bin/time), the forwarded share of packets and bytes, and for the pipe the forwarding buffer's peak
# (frames and captured bytes, largest subtask). JSON in benchmarks/results/forwarding-<timestamp>.json.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
runs=${RUNS:-3}
parallelism=${PARALLELISM:-2}
work=${BENCH_WORK:-/tmp/flowmeter-bench}
mkdir -p "$work" "$home/benchmarks/results"
command -v tcpdump >/dev/null || { echo "tcpdump is needed (apt-get install -y tcpdump)" >&2; exit 2; }
if [ $# -eq 0 ]; then
  [ -s "$work/loopback-2m.pcap" ] || "$home/benchmarks/record-capture.sh" "$work/loopback-2m.pcap" 2000000 >&2
  [ -s "$work/concurrent-150k.pcap" ] || "$home/benchmarks/record-capture.sh" --concurrent "$work/concurrent-150k.pcap" 150000 >&2
  set -- "$work/loopback-2m.pcap" "$work/concurrent-150k.pcap"
fi
[ -f "$home/flowmeter-job/target/lib/picocli-4.7.6.jar" ] || (cd "$home" && mvn -q -B -ntp package -DskipTests) >&2
model=${MODEL:-$work/model-training-data}
if [ -z "${MODEL:-}" ] && [ ! -f "$model/model.json" ]; then
  echo "training $model on training-data ..." >&2
  "$home/bin/flowmeter-train" --captures "$home/training-data" --labels "$home/training-data/recordings.labels.csv" \
    --output "$model" --overwrite > "$work/train-forwarding.log" 2>&1 || { cat "$work/train-forwarding.log" >&2; exit 1; }
fi

# One run of a configuration: prints "processing job process rss packets forwarded-share byte-share peak-frames peak-MB".
run_once() {
  local mode=$1 capture=$2 log=$3 fwd="$work/forward"
  local args=(--output "$work/out-forwarding" --overwrite --no-progress --parallelism "$parallelism" --model "$model")
  rm -rf "$fwd"
  case $mode in
    archive+pcap*|pipe+pcap*) args+=(--forward-pcap "$fwd") ;;
  esac
  case $mode in
    *@0) args+=(--threshold 0) ;;
  esac
  case $mode in
    archive*) /usr/bin/time -f "TIME %e %M" "$home/bin/flowmeter" --input "$capture" "${args[@]}" > "$log" 2>&1 ;;
    pipe*) tcpdump --time-stamp-precision=nano -r "$capture" -w - 2>/dev/null \
             | /usr/bin/time -f "TIME %e %M" "$home/bin/flowmeter" --input - "${args[@]}" > "$log" 2>&1 ;;
  esac
  local job process packets shares peak
  job=$(sed -n 's/^FlowMeter finished in \([0-9.]*\) s (\([0-9.]*\) s from.*/\2 \1/p' "$log")
  process=$(sed -n 's/^TIME \([0-9.]*\) \([0-9]*\)/\1 \2/p' "$log")
  packets=$(sed -n 's/^  packets   \([0-9,]*\) .*/\1/p' "$log" | tr -d ,)
  shares=$(sed -n 's/^  forwarded [0-9,]* of [0-9,]* packets (\([0-9.]*\)%), [0-9,]* of [0-9,]* bytes (\([0-9.]*\)%).*/\1 \2/p' "$log")
  peak=$(sed -n 's/^  buffer    at most \([0-9,]*\) frames, \([0-9.]*\) MB.*/\1 \2/p' "$log" | tr -d ,)
  grep -q "^TIME" "$log" && ! grep -q "exited with non-zero status" "$log" && [ -n "$job" ] && [ -n "$packets" ] \
    && [ "$packets" != 0 ] || { echo "run failed ($mode on $capture):" >&2; cat "$log" >&2; exit 1; }
  echo "$job $process $packets ${shares:-- -} ${peak:-- -}"
}

json="$home/benchmarks/results/forwarding-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "[" > "$json"
echo "model: $model; parallelism $parallelism; median of $runs"
printf '%-24s %-13s %10s %12s %10s %9s %8s %10s %10s %12s %10s\n' capture config packets "processing s" "pkt/s" \
  "process s" "RSS MB" "fwd pkts%" "fwd bytes%" "peak frames" "peak MB"
first=1
for capture in "$@"; do
  for mode in archive archive+pcap archive+pcap@0 pipe pipe+pcap pipe+pcap@0; do
    results=()
    for r in $(seq "$runs"); do
      results+=("$(run_once "$mode" "$capture" "$work/forwarding-$mode.log")")
    done
    median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    read -r processing job wall rss packets pshare bshare pframes pmb <<< "$median"
    rate=$(awk -v n="$packets" -v s="$processing" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    printf '%-24s %-13s %10d %12.2f %10d %9.2f %8d %10s %10s %12s %10s\n' "$(basename "$capture")" "$mode" "$packets" \
      "$processing" "$rate" "$wall" $((rss / 1024)) "$pshare" "$bshare" "$pframes" "$pmb"
    [ $first -eq 1 ] || echo "," >> "$json"
    first=0
    printf '{"capture": "%s", "config": "%s", "parallelism": %d, "packets": %d, "processingSeconds": %s, "packetsPerSecond": %d, "processSeconds": %s, "peakRssMb": %d, "forwardedPacketPercent": "%s", "forwardedBytePercent": "%s", "bufferPeakFrames": "%s", "bufferPeakMb": "%s", "runs": %d, "cores": %d}\n' \
      "$(basename "$capture")" "$mode" "$parallelism" "$packets" "$processing" "$rate" "$wall" $((rss / 1024)) \
      "$pshare" "$bshare" "$pframes" "$pmb" "$runs" "$(nproc)" >> "$json"
  done
done
echo "]" >> "$json"
echo "results: $json"
