#!/usr/bin/env bash
# End-to-end benchmark of bin/flowmeter (capture to CSV flows) at parallelism 1 and 2.
#   [FEATURES=flowmeter|extended|cic|extended,host-context] [MODEL=DIR] benchmarks/flowmeter.sh [CAPTURE ...]
# MODEL scores every flow with a model of bin/flowmeter-train (and computes the columns it needs: the default
# capture model brings the host context stage).
# Without arguments it records (once, as root) the project's own captures with record-capture.sh: ~2 million
# packets of nginx/wrk HTTP and UDP on loopback, and 150,000 concurrent UDP flows. Each configuration runs RUNS
# times (default 3); the table shows the median run by processing time. Figures:
#   processing s / pkt/s  first packet read to last flow emitted, measured inside the job (accumulators)
#   job s                 the job as the CLI sees it (MiniCluster start, deployment, processing, commit)
#   process s / RSS       the whole JVM process, from /usr/bin/time
# Results also go to benchmarks/results/flowmeter-<timestamp>.json.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
runs=${RUNS:-3}
features=${FEATURES:-flowmeter}
model_args=()
[ -n "${MODEL:-}" ] && model_args=(--model "$MODEL")
work=${BENCH_WORK:-/tmp/flowmeter-bench}
mkdir -p "$work" "$home/benchmarks/results"
if [ $# -eq 0 ]; then
  [ -s "$work/loopback-2m.pcap" ] || "$home/benchmarks/record-capture.sh" "$work/loopback-2m.pcap" 2000000 >&2
  [ -s "$work/concurrent-150k.pcap" ] || "$home/benchmarks/record-capture.sh" --concurrent "$work/concurrent-150k.pcap" 150000 >&2
  set -- "$work/loopback-2m.pcap" "$work/concurrent-150k.pcap"
fi
[ -f "$home/flowmeter-job/target/lib/picocli-4.7.6.jar" ] || (cd "$home" && mvn -q -B -ntp package -DskipTests) >&2

json="$home/benchmarks/results/flowmeter-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "[" > "$json"
echo "feature set: $features${MODEL:+, model $MODEL}"
printf '%-28s %3s %11s %9s %11s %12s %8s %8s %10s %8s\n' capture par packets flows "process s" "processing s" "job s" "RSS MB" "pkt/s" "flows/s"
first=1
for capture in "$@"; do
  for p in 1 2; do
    results=()
    for run in $(seq "$runs"); do
      out="$work/out-p$p"
      log="$work/run-p$p.log"
      /usr/bin/time -f "TIME %e %M" "$home/bin/flowmeter" --input "$capture" --output "$out" --overwrite \
        --no-progress --parallelism "$p" --features "$features" "${model_args[@]}" > "$log" 2>&1
      job=$(sed -n 's/^FlowMeter finished in \([0-9.]*\) s (\([0-9.]*\) s from.*/\1 \2/p' "$log")
      packets=$(sed -n 's/^  packets   \([0-9,]*\) .*/\1/p' "$log" | tr -d ,)
      flows=$(sed -n 's/^  flows     \([0-9,]*\) .*/\1/p' "$log" | tr -d ,)
      process=$(sed -n 's/^TIME \([0-9.]*\) \([0-9]*\)/\1 \2/p' "$log")
      results+=("$(echo $job | cut -d' ' -f2) $(echo $job | cut -d' ' -f1) $process $packets $flows")
    done
    median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    read -r processing job wall rss packets flows <<< "$median"
    rate=$(awk -v n="$packets" -v s="$processing" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    flowrate=$(awk -v n="$flows" -v s="$processing" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    printf '%-28s %3d %11d %9d %11.2f %12.2f %8.2f %8d %10d %8d\n' "$(basename "$capture")" "$p" "$packets" "$flows" \
      "$wall" "$processing" "$job" $((rss / 1024)) "$rate" "$flowrate"
    [ $first -eq 1 ] || echo "," >> "$json"
    first=0
    printf '{"capture": "%s", "features": "%s", "parallelism": %d, "packets": %d, "flows": %d, "processSeconds": %s, "processingSeconds": %s, "jobSeconds": %s, "peakRssMb": %d, "packetsPerSecond": %d, "flowsPerSecond": %d, "runs": %d, "cores": %d}\n' \
      "$(basename "$capture")" "$features" "$p" "$packets" "$flows" "$wall" "$processing" "$job" $((rss / 1024)) "$rate" "$flowrate" "$runs" "$(nproc)" >> "$json"
  done
done
echo "]" >> "$json"
echo "results: $json"
