#!/usr/bin/env bash
# Records labelled training captures from real tools on the loopback interface, each scenario against its own
# loopback address so that recordings.labels.csv (bin/flowmeter --labels, docs/labels.md) labels them by address:
#   benign-web.pcap          curl and wget against a web server on 127.0.0.1:8080
#   benign-ssh.pcap          ssh sessions with key login to sshd on 127.0.0.1:2222
#   attack-portscan.pcap     nmap SYN scan of 1000 ports of 127.0.0.2              (PortScan)
#   attack-ssh-bruteforce.pcap  hydra password guessing against sshd on 127.0.0.3:2222 (SSH-BruteForce)
#   attack-syn-flood.pcap    hping3 SYN flood with random sources to 127.0.0.4:80  (DoS-SYN-Flood)
#   attack-slowloris.pcap    slowhttptest slowloris against a web server on 127.0.0.5:8081 (DoS-Slowloris)
#   benign-dns.pcap          dig lookups (names that exist and that do not) against dnsmasq on 127.0.0.1:5353
#   benign-web-burst.pcap    ab: 200 short HTTP connections, 10 at a time, to the web server on 127.0.0.1:8080
#   benign-scp.pcap          scp copies of a 2 MB file to and from sshd on 127.0.0.1:2222
# With scenario names as arguments (benign-dns ...), records only those.
# Needs root (capture, a second sshd) and the Debian packages below; run it in a throwaway container or VM. Frames are
# cut at 128 bytes (the features use the wire length). Every run records new traffic: times and ports differ.
#   apt-get install -y tcpdump curl wget python3 nmap hydra hping3 slowhttptest openssh-server openssh-client \
#     dnsutils dnsmasq apache2-utils
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; [ -f "$work/sshd.pid" ] && kill "$(cat "$work/sshd.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

scenarios=("$@")
capture() { # capture FILE FILTER COMMAND...: records FILE while COMMAND runs, if it is wanted
  local file=$1 filter=$2; shift 2
  if [ ${#scenarios[@]} -gt 0 ] && [[ ! " ${scenarios[*]} " == *" ${file%.pcap} "* ]]; then return 0; fi
  tcpdump -i lo -U -s 128 -w "$file" "$filter" 2>/dev/null &
  local pid=$!
  sleep 1
  "$@" || true
  sleep 1
  kill -INT $pid; wait $pid 2>/dev/null || true
  echo "$file: $(tcpdump -r "$file" 2>/dev/null | wc -l) packets" >&2
}

# Web servers: 127.0.0.1:8080 (benign clients), 127.0.0.5:8081 (the slowloris target).
mkdir -p "$work/www"; head -c 50000 /dev/urandom > "$work/www/blob.bin"; echo hello > "$work/www/index.html"
(cd "$work/www" && python3 -m http.server 8080 --bind 127.0.0.1 >/dev/null 2>&1) &
(cd "$work/www" && python3 -m http.server 8081 --bind 127.0.0.5 >/dev/null 2>&1) &
# sshd on 127.0.0.1:2222 and 127.0.0.3:2222, key login for the benign sessions.
ssh-keygen -q -t ed25519 -N '' -f "$work/hostkey"
ssh-keygen -q -t ed25519 -N '' -f "$work/userkey"
cp "$work/userkey.pub" "$work/authorized_keys"
mkdir -p /run/sshd
/usr/sbin/sshd -p 2222 -o ListenAddress=127.0.0.1 -o ListenAddress=127.0.0.3 -h "$work/hostkey" \
  -o PidFile="$work/sshd.pid" -o AuthorizedKeysFile="$work/authorized_keys" -o StrictModes=no \
  -o PermitRootLogin=prohibit-password -o PasswordAuthentication=yes
sleep 1

web_clients() {
  for i in $(seq 10); do curl -s -o /dev/null http://127.0.0.1:8080/index.html; sleep 0.2; done
  for i in $(seq 5); do wget -q -O /dev/null http://127.0.0.1:8080/blob.bin; sleep 0.3; done
  curl -s -o /dev/null http://127.0.0.1:8080/missing
}
capture benign-web.pcap "host 127.0.0.1 and tcp port 8080" web_clients

ssh_sessions() {
  for i in 1 2 3; do
    ssh -q -i "$work/userkey" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p 2222 root@127.0.0.1 \
      'uname -a; ls /etc | head -20' >/dev/null
    sleep 0.5
  done
}
capture benign-ssh.pcap "host 127.0.0.1 and tcp port 2222" ssh_sessions

capture attack-portscan.pcap "host 127.0.0.2" nmap -sS -Pn -n -p 1-1000 --max-rate 2000 127.0.0.2

printf '%s\n' 123456 password admin root toor letmein qwerty 12345678 dragon monkey > "$work/words"
capture attack-ssh-bruteforce.pcap "host 127.0.0.3 and tcp port 2222" \
  hydra -q -l admin -P "$work/words" -t 4 -W 1 ssh://127.0.0.3:2222

capture attack-syn-flood.pcap "dst host 127.0.0.4 and tcp port 80" hping3 -q -S -p 80 --rand-source -i u2000 -c 1500 127.0.0.4

capture attack-slowloris.pcap "host 127.0.0.5 and tcp port 8081" \
  sh -c 'slowhttptest -H -c 40 -r 20 -i 3 -l 12 -u http://127.0.0.5:8081/index.html >/dev/null 2>&1'

# dnsmasq answers for a few local names only (no upstream): the rest are NXDOMAIN, as typos and probes are.
printf '127.0.0.1 intranet.example\n127.0.0.1 wiki.example\n127.0.0.1 mail.example\n' > "$work/hosts"
dnsmasq --no-daemon --port 5353 --listen-address 127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --addn-hosts "$work/hosts" --pid-file="$work/dnsmasq.pid" >/dev/null 2>&1 &
sleep 1
dns_lookups() {
  for i in $(seq 30); do
    for name in intranet.example wiki.example mail.example "host$i.example"; do
      dig +short +tries=1 +time=1 -p 5353 @127.0.0.1 "$name" A >/dev/null
    done
    sleep 0.1
  done
}
capture benign-dns.pcap "host 127.0.0.1 and udp port 5353" dns_lookups

capture benign-web-burst.pcap "host 127.0.0.1 and tcp port 8080" \
  sh -c 'ab -q -n 200 -c 10 http://127.0.0.1:8080/index.html >/dev/null'

head -c 2000000 /dev/urandom > "$work/payload.bin"
scp_copies() {
  for i in 1 2; do
    scp -q -i "$work/userkey" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -P 2222 \
      "$work/payload.bin" root@127.0.0.1:/tmp/flowmeter-scp-$i.bin
    scp -q -i "$work/userkey" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -P 2222 \
      root@127.0.0.1:/tmp/flowmeter-scp-$i.bin "$work/back-$i.bin"
    sleep 0.5
  done
}
capture benign-scp.pcap "host 127.0.0.1 and tcp port 2222" scp_copies
