#!/usr/bin/env bash
# JMH microbenchmarks of the decoder and the flow accumulator. Prints JMH's table and writes
# benchmarks/results/jmh.json.   benchmarks/jmh.sh [JMH options, e.g. -f 1 -wi 3 -i 5]
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$home" && mvn -q -B -ntp package -DskipTests -pl benchmarks -am) >&2
mkdir -p "$home/benchmarks/results"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
exec java -jar "$home/benchmarks/target/benchmarks.jar" "${args[@]}" -rf json -rff "$home/benchmarks/results/jmh.json"
