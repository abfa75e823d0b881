#!/usr/bin/env bash
# Flow-heavy throughput: bin/flowmeter beside softflowd, argus and tcpdump on the same capture, in one run.
#   [RUNS=5] benchmarks/flow-heavy.sh [CAPTURE]
# Without a capture it records (once, as root) record-capture.sh --flow-heavy: many short TCP connections (nginx,
# wrk with "Connection: close") and UDP exchanges, 12 time-shifted copies, >= 10 M packets, >= 500,000 flows.
# Each tool runs RUNS times, one after the other, as whole processes (/usr/bin/time): the table shows the median
# wall time, packets/s over it, peak RSS, and the ratio of each tool's packets/s to softflowd's. For bin/flowmeter
# the job's own processing time (first packet read to last flow emitted) is shown too. softflowd runs with its
# default flow table (-m 8192, as a user runs it) and again with one large enough for every concurrent flow.
# JSON in benchmarks/results/flow-heavy-<timestamp>.json.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
runs=${RUNS:-5}
work=${BENCH_WORK:-/tmp/flowmeter-bench}
mkdir -p "$work" "$home/benchmarks/results"
capture=${1:-$work/flow-heavy.pcap}
for tool in tcpdump softflowd argus; do
  command -v $tool >/dev/null || { echo "$tool is needed (apt-get install -y tcpdump softflowd argus-server)" >&2; exit 2; }
done
[ -s "$capture" ] || "$home/benchmarks/record-capture.sh" --flow-heavy "$capture" >&2
[ -f "$home/flowmeter-job/target/lib/picocli-4.7.6.jar" ] || (cd "$home" && mvn -q -B -ntp package -DskipTests) >&2
packets=$(tcpdump -r "$capture" -w /dev/null 2>&1 | sed -n 's/.*[^0-9]\([0-9][0-9]*\) packets\{0,1\}.*/\1/p' | tail -1)
[ -n "$packets" ] || packets=$(capinfos -c -M "$capture" | sed -n 's/^Number of packets: *\([0-9]*\).*/\1/p')

# softflowd -r runs in the foreground and makes no control socket; no -c: a control socket beside -r makes
# softflowd 1.1.0 poll with an uninitialised array and, now and then, block in accept() before reading a packet.
# name|command: each is run as "sh -c", its wall time and peak RSS measured by /usr/bin/time.
configs=(
  "tcpdump -r|tcpdump -r '$capture' -w /dev/null"
  "softflowd -r|softflowd -r '$capture'"
  "softflowd -r -m 1000000|softflowd -r '$capture' -m 1000000"
  "argus -r|argus -r '$capture' -w /dev/null"
  "flowmeter -p 1|'$home/bin/flowmeter' --input '$capture' --output '$work/out-heavy' --overwrite --no-progress --parallelism 1"
  "flowmeter -p 2|'$home/bin/flowmeter' --input '$capture' --output '$work/out-heavy' --overwrite --no-progress --parallelism 2"
)
declare -A wall rss processing flows
for config in "${configs[@]}"; do
  name=${config%%|*}
  command=${config#*|}
  results=()
  for r in $(seq "$runs"); do
    log="$work/heavy.log"
    /usr/bin/time -f "TIME %e %M" sh -c "$command" > "$log" 2>&1 || { echo "failed: $command" >&2; cat "$log" >&2; exit 1; }
    t=$(sed -n 's/^TIME \([0-9.]*\) \([0-9]*\)$/\1 \2/p' "$log" | tail -1)
    job=$(sed -n 's/^FlowMeter finished in \([0-9.]*\) s (\([0-9.]*\) s from.*/\2/p' "$log")
    n=$(sed -n 's/^  flows     \([0-9,]*\) .*/\1/p' "$log" | tr -d ,)
    results+=("$t ${job:--} ${n:--}")
  done
  median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  read -r w m p f <<< "$median"
  wall[$name]=$w; rss[$name]=$m; processing[$name]=$p; flows[$name]=$f
done

json="$home/benchmarks/results/flow-heavy-$(date -u +%Y%m%dT%H%M%SZ).json"
soft=$(awk -v n="$packets" -v s="${wall[softflowd -r]}" 'BEGIN { print n / s }')
echo "capture: $capture, $packets packets; median of $runs runs; $(nproc) cores"
printf '%-26s %9s %12s %8s %14s %12s %10s\n' tool "wall s" "packets/s" "RSS MB" "x softflowd" "job s" "flows"
echo "[" > "$json"
first=1
for config in "${configs[@]}"; do
  name=${config%%|*}
  rate=$(awk -v n="$packets" -v s="${wall[$name]}" 'BEGIN { printf "%.0f", n / s }')
  ratio=$(awk -v r="$rate" -v s="$soft" 'BEGIN { printf "%.2f", r / s }')
  printf '%-26s %9.2f %12d %8d %14s %12s %10s\n' "$name" "${wall[$name]}" "$rate" $((${rss[$name]} / 1024)) "$ratio" \
    "${processing[$name]}" "${flows[$name]}"
  [ $first -eq 1 ] || echo "," >> "$json"
  first=0
  printf '{"tool": "%s", "packets": %d, "wallSeconds": %s, "packetsPerSecond": %d, "peakRssMb": %d, "ratioToSoftflowd": %s, "jobProcessingSeconds": "%s", "flows": "%s", "runs": %d, "cores": %d}\n' \
    "$name" "$packets" "${wall[$name]}" "$rate" $((${rss[$name]} / 1024)) "$ratio" "${processing[$name]}" \
    "${flows[$name]}" "$runs" "$(nproc)" >> "$json"
done
echo "]" >> "$json"
echo "results: $json"
