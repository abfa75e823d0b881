#!/usr/bin/env bash
# Flows against tshark's conversations on captures of your own (the test SharedCapturesConformanceTest does the same
# on ../shared/pcaps): for measuring on traffic this project was never tuned on.
#   benchmarks/conformance.sh DIR [LINGER_SECONDS ...]        default linger: 5 (bin/flowmeter's default)
# For every capture in DIR (*.pcap, *.pcapng, *.cap; not recursive) it writes a tshark oracle F.streams.tsv in the
# form of ../shared/pcaps/MANIFEST.md (one row per tcp.stream/udp.stream, summed from per-packet fields, side A the
# sender of the stream's first packet, ICMP errors quoting a header left out) into a work directory of links, then
# runs each capture as its own job with timeouts that never fire (tshark has none) and compares both ways: every
# conversation matched by one flow, every flow by one conversation. Prints the captures that differ and the totals,
# with a diagnosis of what is left (e.g. "split after a close (packets after the linger)").
# Needs tshark (apt-get install -y tshark) and libpcap. DETAILS=1 prints every unexplained conversation and flow.
# (duration_s is rounded by awk; the comparison does not use it.)
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 DIR [LINGER_SECONDS ...]" >&2; exit 2; }
dir="$(cd "$1" && pwd)"; shift
lingers=("$@")
[ ${#lingers[@]} -gt 0 ] || lingers=(5)
command -v tshark >/dev/null || { echo "conformance: tshark not found (apt-get install -y tshark)" >&2; exit 2; }
work=${BENCH_WORK:-/tmp/flowmeter-conformance}
rm -rf "$work" && mkdir -p "$work"

# tshark reads what it can of a cut-short capture, and says so with a non-zero status
oracle() { # CAPTURE > streams.tsv
  { tshark -n -r "$1" -Y '(tcp or udp) and not icmp and not icmpv6' -T fields -E separator=/t -E occurrence=l \
      -e tcp.stream -e udp.stream -e frame.time_epoch -e frame.len -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst \
      -e tcp.srcport -e udp.srcport -e tcp.dstport -e udp.dstport -e tcp.flags.syn -e tcp.flags.fin \
      -e tcp.flags.reset 2>/dev/null || true; } | awk -F'\t' '
    function set(flag) { return flag == "1" || flag == "True" }
    BEGIN { OFS = "\t"; print "# proto", "stream", "addr_a", "port_a", "addr_b", "port_b", "pkts_a_to_b",
            "bytes_a_to_b", "pkts_b_to_a", "bytes_b_to_a", "first_ts_epoch", "last_ts_epoch", "duration_s",
            "syn_pkts", "fin_pkts", "rst_pkts" }
    {
      proto = $1 != "" ? "tcp" : "udp"; stream = $1 != "" ? $1 : $2
      if (stream == "") next
      src = $5 != "" ? $5 : $6; dst = $7 != "" ? $7 : $8
      sport = $9 != "" ? $9 : $10; dport = $11 != "" ? $11 : $12
      k = proto SUBSEP stream
      if (!(k in a)) { order[++n] = k; a[k] = src; pa[k] = sport; b[k] = dst; pb[k] = dport; first[k] = $3 }
      if (src == a[k] && sport == pa[k]) { ab[k]++; bab[k] += $4 } else { ba[k]++; bba[k] += $4 }
      last[k] = $3
      syn[k] += set($13); fin[k] += set($14); rst[k] += set($15)
    }
    END {
      for (i = 1; i <= n; i++) { k = order[i]; split(k, p, SUBSEP)
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%.9f\t%d\t%d\t%d\n", p[1], p[2], a[k], pa[k], b[k], pb[k],
          ab[k], bab[k], ba[k], bba[k], first[k], last[k], last[k] - first[k], syn[k], fin[k], rst[k] }
    }'
}

count=0
for capture in "$dir"/*.pcap "$dir"/*.pcapng "$dir"/*.cap; do
  [ -f "$capture" ] || continue
  name=$(basename "$capture")
  ln -s "$capture" "$work/$name"
  oracle "$capture" > "$work/$name.streams.tsv"
  count=$((count + 1))
done
echo "conformance: $count captures, tshark oracles in $work" >&2

[ -d "$home/flowmeter-job/target/test-classes" ] && [ -f "$home/flowmeter-job/target/classpath.txt" ] || (cd "$home" \
  && mvn -q -B -ntp install -DskipTests && mvn -q -B -ntp -pl flowmeter-job test-compile dependency:build-classpath \
       -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt) >&2
cp="$home/flowmeter-job/target/test-classes:$home/flowmeter-job/target/classes:$(cat "$home/flowmeter-job/target/classpath.txt")"
for linger in "${lingers[@]}"; do
  java --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED -Xmx4g \
    -Dlog4j2.level=WARN -cp "$cp" io.flowmeter.job.ConformanceReport "$linger" "$work" ${DETAILS:+--details}
done
