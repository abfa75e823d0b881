#!/usr/bin/env bash
# Records the benchmark capture from real traffic on loopback: nginx serving small pages to wrk (keep-alive
# connections, and one connection per request), plus UDP request/response from thousands of source ports.
# tcpdump keeps the first 128 bytes of each frame (headers; the flow features use the wire length).
#   benchmarks/record-capture.sh [OUT.pcap] [PACKETS]     (root; installs nginx, wrk, tcpdump when missing)
#   benchmarks/record-capture.sh --concurrent OUT.pcap [FLOWS]
#   benchmarks/record-capture.sh --flow-heavy OUT.pcap [COPIES]
# The second form records UDP exchanges from FLOWS (default 150,000) distinct sockets within a few seconds, so
# that all those flows are open at once (the idle timeout is 120 s): the flow-table memory benchmark.
# The third form records ~850,000 packets of short connections (wrk with "Connection: close", and keep-alive
# beside it) and UDP exchanges from many ports, then concatenates COPIES (default 12) copies of it, each shifted
# by 200 s (beyond the idle timeout, so that no flow of one copy runs into the next): >= 10 M packets, >= 500,000
# flows, the flow-heavy benchmark of benchmarks/flow-heavy.sh. editcap and mergecap come with tshark.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ "${1:-}" = "--flow-heavy" ]; then
  out=${2:?output file}
  copies=${3:-12}
  command -v mergecap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tshark >/dev/null
  one="$(dirname "$out")/flow-heavy-one.pcap"
  SHORT_CONNECTIONS=1 "$0" "$one" 850000
  parts=()
  for i in $(seq 0 $((copies - 1))); do
    editcap -t $((i * 200)) "$one" "$one.$i"
    parts+=("$one.$i")
  done
  mergecap -a -F pcap -w "$out" "${parts[@]}"
  rm -f "${parts[@]}"
  ls -l "$out"
  exit 0
fi
if [ "${1:-}" = "--concurrent" ]; then
  out=${2:?output file}
  flows=${3:-150000}
  udp_port=18082
  mkdir -p "$(dirname "$out")"
  tcpdump -i lo -s 128 -U -w "$out" "udp port $udp_port" 2>/dev/null &
  capture=$!
  sleep 1
  java "$here/UdpLoad.java" $udp_port "$flows" 1 >/dev/null 2>&1
  sleep 1
  kill -INT $capture; wait $capture 2>/dev/null || true
  ls -l "$out"
  exit 0
fi
out=${1:-/tmp/flowmeter-bench/loopback-2m.pcap}
packets=${2:-2000000}
http_port=18080
udp_port=18081
mkdir -p "$(dirname "$out")"
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null || ! command -v tcpdump >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk tcpdump >/dev/null
fi
work=$(mktemp -d)
mkdir -p "$work/www" "$work/logs"
head -c 2000 /dev/urandom | base64 > "$work/www/index.html"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  server { listen 127.0.0.1:$http_port; root $work/www; keepalive_requests 1000000; }
}
CONF
nginx -c "$work/nginx.conf"
cleanup() { nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
sleep 0.5
tcpdump -i lo -s 128 -U -c "$packets" -w "$out" "tcp port $http_port or udp port $udp_port" 2>/dev/null &
capture=$!
sleep 1
# Until tcpdump has its packets: keep-alive load, short connections, and UDP, side by side.
# With SHORT_CONNECTIONS=1, mostly one connection per request, and more UDP sockets: many short flows.
while kill -0 $capture 2>/dev/null; do
  if [ "${SHORT_CONNECTIONS:-0}" = 1 ]; then
    wrk -t1 -c8 -d4s "http://127.0.0.1:$http_port/" >/dev/null 2>&1 &
    wrk -t1 -c64 -d4s -H "Connection: close" "http://127.0.0.1:$http_port/" >/dev/null 2>&1 &
    java "$here/UdpLoad.java" $udp_port 6000 2 >/dev/null 2>&1 &
  else
    wrk -t1 -c32 -d4s "http://127.0.0.1:$http_port/" >/dev/null 2>&1 &
    wrk -t1 -c64 -d4s -H "Connection: close" "http://127.0.0.1:$http_port/" >/dev/null 2>&1 &
    java "$here/UdpLoad.java" $udp_port 3000 4 >/dev/null 2>&1 &
  fi
  wait $(jobs -p | grep -v "^$capture$") 2>/dev/null || true
done
wait $capture 2>/dev/null || true
ls -l "$out"
