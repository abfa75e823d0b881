#!/usr/bin/env bash
# Records the sample captures of this folder from real tools on the loopback interface.
# Needs root (packet capture), tcpdump, curl, nmap, python3; dumpcap (Wireshark) for the pcapng file.
#   apt-get install -y tcpdump curl nmap python3 tshark
# Every run records new traffic, so the files differ from run to run in times and ports, not in kind.
set -euo pipefail
cd "$(dirname "$0")"
HTTP_PORT=8765
UDP_PORT=5354

work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

capture() { # capture FILE FILTER COMMAND...: records FILE while COMMAND runs
  local file=$1 filter=$2; shift 2
  tcpdump -i lo -U -w "$file" "$filter" 2>/dev/null &
  local pid=$!
  sleep 1
  "$@"
  sleep 1
  kill -INT $pid; wait $pid 2>/dev/null || true
}

# 1. HTTP: curl against a local web server. Fresh connections (handshake, FIN teardown), a keep-alive pair,
#    a 404, and a 200 kB download.
mkdir -p "$work/www"; head -c 200000 /dev/urandom > "$work/www/blob.bin"; echo hello > "$work/www/index.html"
(cd "$work/www" && python3 -m http.server $HTTP_PORT --bind 127.0.0.1 >/dev/null 2>&1) &
sleep 1
http_session() {
  for i in 1 2 3; do curl -s -o /dev/null http://127.0.0.1:$HTTP_PORT/index.html; done
  curl -s -o /dev/null -o /dev/null http://127.0.0.1:$HTTP_PORT/index.html http://127.0.0.1:$HTTP_PORT/missing
  curl -s -o /dev/null http://127.0.0.1:$HTTP_PORT/blob.bin
}
capture loopback-http-curl.pcap "tcp port $HTTP_PORT" http_session

# 2. DNS-like UDP: a small UDP responder answers each query datagram; a client sends 20 queries from one
#    socket and 5 from fresh sockets. Written as pcapng by dumpcap when it is installed.
python3 - $UDP_PORT <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    data, peer = s.recvfrom(2048); s.sendto(data + b"\x00" * 48, peer)
PY
sleep 1
udp_session() {
  python3 - $UDP_PORT <<'PY'
import socket, sys, time
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(1)
for i in range(20):
    s.sendto(b"\x12\x34\x01\x00\x00\x01" + b"q%02d.example" % i, ("127.0.0.1", port)); s.recvfrom(2048); time.sleep(0.05)
for i in range(5):
    t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); t.settimeout(1)
    t.sendto(b"\x56\x78\x01\x00\x00\x01" + b"single", ("127.0.0.1", port)); t.recvfrom(2048); t.close()
PY
}
if command -v dumpcap >/dev/null; then
  dumpcap -q -i lo -f "udp port $UDP_PORT" -w loopback-udp-dns-like.pcapng 2>/dev/null &
  pid=$!; sleep 2; udp_session; sleep 1; kill -INT $pid; wait $pid 2>/dev/null || true
else
  capture loopback-udp-dns-like.pcap "udp port $UDP_PORT" udp_session
fi

# 3. A port scan: nmap SYN scan of 200 ports of 127.0.0.1 (SYN, then RST or SYN-ACK/RST), gzip-compressed.
capture loopback-nmap-syn-scan.pcap "tcp and host 127.0.0.1 and not port $HTTP_PORT" \
  nmap -sS -p 1-200 -n -T4 127.0.0.1 -oN /dev/null
gzip -f -9 loopback-nmap-syn-scan.pcap

ls -l loopback-*
