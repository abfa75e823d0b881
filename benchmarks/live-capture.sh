#!/usr/bin/env bash
# Live capture throughput: bin/flowmeter --interface lo --duration ... (libpcap through pcap4j, parallelism 2)
# while UdpBlast.java sends UDP datagrams on loopback at each RATE for SECONDS (default 10), from 64 sockets
# (64 flows) to one port. Reports what was sent, what the job counted in those flows, the loss (libpcap drops) and
# the peak RSS of the flowmeter process. Sender and capture share the machine's cores. Needs root (or CAP_NET_RAW) and libpcap.
#   benchmarks/live-capture.sh [RATE ...]     packets/s; 0 = as fast as one sending thread can. Default: 50000 100000 200000 0
# Results also go to benchmarks/results/live-capture-<timestamp>.json.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
work=${BENCH_WORK:-/tmp/flowmeter-live-bench}
seconds=${SECONDS_PER_RATE:-10}
bytes=${DATAGRAM_BYTES:-64}
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(50000 100000 200000 0)
mkdir -p "$work" "$home/benchmarks/results"
[ -f "$home/flowmeter-job/target/lib/picocli-4.7.6.jar" ] || (cd "$home" && mvn -q -B -ntp package -DskipTests) >&2

json="$home/benchmarks/results/live-capture-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "[" > "$json"
printf '%-8s %10s %10s %10s %8s %12s %8s\n' "rate" "sent" "counted" "lost" "lost %" "counted/s" "RSS MB"
first=1
for rate in "${rates[@]}"; do
  port=$((20000 + RANDOM % 20000))
  ready="$work/ready-$rate"; rm -f "$ready"
  log="$work/flowmeter-$rate.log"
  # Capture long enough for start-up probing, the load and a margin; the job then ends all flows and exits.
  /usr/bin/time -f "TIME %e %M" "$home/bin/flowmeter" --interface lo --bpf "udp and (dst port $port or dst port $((port + 1)))" \
    --duration $((seconds + 15)) --output "$work/out-$rate" --overwrite --parallelism 2 > "$log" 2>&1 &
  job=$!
  ( until grep -qE '\] [1-9][0-9,]* packets' "$log" 2>/dev/null; do sleep 0.2; done; touch "$ready" ) &
  sent_line=$(java "$home/benchmarks/UdpBlast.java" "$port" "$rate" "$seconds" 64 "$bytes" "$ready")
  wait "$job"
  read -r _ sent load_seconds <<< "$sent_line"
  # The load's flows only (not the probes'): the sum of flowLength over flows to the load port.
  counted=$(awk -F, -v port="$port" 'FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["dstPort"] == port { n += $col["flowLength"] } END { print n + 0 }' "$work/out-$rate"/flows-*.csv)
  rss=$(sed -n 's/^TIME [0-9.]* \([0-9]*\)/\1/p' "$log")
  lost=$((sent - counted))
  printf '%-8s %10d %10d %10d %8.3f %12.0f %8d\n' "$rate" "$sent" "$counted" "$lost" \
    "$(awk -v l="$lost" -v s="$sent" 'BEGIN { print 100 * l / s }')" \
    "$(awk -v c="$counted" -v s="$load_seconds" 'BEGIN { print c / s }')" $((rss / 1024))
  [ $first -eq 1 ] || echo "," >> "$json"
  first=0
  printf '{"targetRate": %s, "loadSeconds": %s, "datagramBytes": %d, "sent": %d, "counted": %d, "lost": %d, "peakRssMb": %d, "parallelism": 2, "cores": %d}\n' \
    "$rate" "$load_seconds" "$bytes" "$sent" "$counted" "$lost" $((rss / 1024)) "$(nproc)" >> "$json"
done
echo "]" >> "$json"
echo "results: $json"
