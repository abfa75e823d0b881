#!/usr/bin/env bash
# Alert latency on mirrored traffic: from the moment Kafka acknowledges the last packet of a malicious flow on the
# mirror topic to the moment its alert record can be read from the alerts topic with isolation.level=read_committed
# (what an exactly-once consumer sees). One run per checkpoint interval, since the sink commits alerts at checkpoints.
#   benchmarks/alert-latency.sh [CHECKPOINT_INTERVAL_SECONDS ...]      default: 0.5 1 10 (10 is bin/flowmeter's default)
# Set ROUNDS (default 30) and ROUND_MS (default 1000, the mean of random gaps between rounds): each round plays sample-data's nmap SYN scan (200 flows, each
# ended by its RST) restamped to the wall clock. A real KRaft broker runs from module kafka-broker's jars, the job is
# bin/flowmeter --kafka-topic ... --model ... --alerts-topic ... (a logistic model trained on sample-data, threshold
# 0.5: the model's quality does not matter here, only that the scan is flagged).
# Background traffic (a datagram per partition every 100 ms) keeps event time moving as on a mirror port, so that
# flows closed by RST are written once their TCP linger has passed. LINGER=SECONDS sets --tcp-linger (default:
# bin/flowmeter's, 5); LINGER=0 writes a closed flow at once.
# Results also go to benchmarks/results/alert-latency-<timestamp>.json.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
work=${BENCH_WORK:-/tmp/flowmeter-alert-bench}
rounds=${ROUNDS:-30}
round_ms=${ROUND_MS:-1000}
linger=${LINGER:-5}
intervals=("$@")
[ ${#intervals[@]} -gt 0 ] || intervals=(0.5 1 10)
rm -rf "$work" && mkdir -p "$work" "$home/benchmarks/results"
[ -f "$home/benchmarks/target/benchmarks.jar" ] && [ -d "$home/kafka-broker/target/lib" ] \
  && [ -f "$home/flowmeter-job/target/lib/picocli-4.7.6.jar" ] || (cd "$home" && mvn -q -B -ntp install -DskipTests) >&2

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port); controller=$(free_port)
cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/kafka-data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
kafka_cp="$home/kafka-broker/target/lib/*"
java -cp "$kafka_cp" kafka.tools.StorageTool format -t "$(python3 -c 'import uuid,base64; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" \
  -c "$work/server.properties" > "$work/broker.log" 2>&1
java -Xmx512m -cp "$kafka_cp" kafka.Kafka "$work/server.properties" >> "$work/broker.log" 2>&1 &
pids+=($!)
bootstrap="127.0.0.1:$port"
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
driver=(java -cp "$home/benchmarks/target/benchmarks.jar" io.flowmeter.bench.AlertLatency)

echo "training a model on sample-data ..." >&2
"$home/bin/flowmeter-train" --benign "$home/sample-data/loopback-http-curl.pcap" "$home/sample-data/loopback-udp-dns-like.pcapng" \
  --malicious "$home/sample-data/loopback-nmap-syn-scan.pcap.gz" --model-type logistic --output "$work/model" > "$work/train.log" 2>&1

json="$home/benchmarks/results/alert-latency-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "[" > "$json"
echo "--tcp-linger $linger s"
printf '%-13s %6s %7s %8s %8s %8s %8s %8s\n' "checkpoint s" rounds alerts "p50 ms" "p90 ms" "p99 ms" "max ms" "min ms"
first=1
for interval in "${intervals[@]}"; do
  run="ci-$interval"
  "${driver[@]}" topics "$bootstrap" "$run-mirror" "$run-alerts"
  "$home/bin/flowmeter" --kafka-topic "$run-mirror" --kafka-bootstrap-servers "$bootstrap" --kafka-group-id "$run" \
    --kafka-start earliest --model "$work/model" --threshold 0.5 --alerts-topic "$run-alerts" --flows-topic "$run-flows" \
    --checkpoint-interval "$interval" --tcp-linger "$linger" --parallelism 2 --no-progress > "$work/$run.log" 2>&1 &
  job=$!
  pids+=($job)
  settle=$(awk -v i="$interval" -v l="$linger" 'BEGIN { printf "%d", 2 * i + l + 10 }')
  result=$("${driver[@]}" measure "$bootstrap" "$run-mirror" "$run-alerts" "$home/sample-data/loopback-nmap-syn-scan.pcap.gz" \
    "$rounds" "$round_ms" "$settle" | sed -n 's/^RESULT //p')
  kill "$job"; wait "$job" 2>/dev/null || true
  eval "$(echo "$result" | tr ' ' '\n' | sed 's/^/r_/')"
  printf '%-13s %6d %7d %8.1f %8.1f %8.1f %8.1f %8.1f\n' "$interval" "$r_rounds" "$r_alerts" "$r_p50_ms" "$r_p90_ms" \
    "$r_p99_ms" "$r_max_ms" "$r_min_ms"
  [ $first -eq 1 ] || echo "," >> "$json"
  first=0
  printf '{"checkpointIntervalSeconds": %s, "rounds": %d, "framesSent": %d, "alerts": %d, "p50Ms": %s, "p90Ms": %s, "p99Ms": %s, "maxMs": %s, "minMs": %s, "meanMs": %s, "tcpLingerSeconds": %s, "parallelism": 2, "cores": %d}\n' \
    "$interval" "$r_rounds" "$r_frames" "$r_alerts" "$r_p50_ms" "$r_p90_ms" "$r_p99_ms" "$r_max_ms" "$r_min_ms" "$r_mean_ms" "$linger" "$(nproc)" >> "$json"
done
echo "]" >> "$json"
echo "results: $json"
