#!/usr/bin/env bash
# Training benchmark: times bin/flowmeter-train on N labelled flow rows (default 1,000,000).
#   benchmarks/training.sh [ROWS] [logistic|xgboost] [SOURCE_DIR_OF_CSV]
# The rows are the CIC-IDS2017 sample of ../shared/flows (or any labelled CSVs with a "Label" column, benign
# value BENIGN), resampled to ROWS rows with a 1% multiplicative jitter on every numeric cell so that no two rows
# are identical. Prints wall time, rows/s and peak RSS, and writes them to benchmarks/results/training-*.json.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
rows=${1:-1000000}
model=${2:-xgboost}
source=${3:-$home/../shared/flows/cicids2017_improved_rnd_2500}
work=${BENCH_WORK:-/tmp/flowmeter-bench}
mkdir -p "$work" "$home/benchmarks/results"
table="$work/flows-$rows.csv"
if [ ! -s "$table" ]; then
  echo "generating $rows rows from $source ..." >&2
  awk -v rows="$rows" -v seed=7 'BEGIN { FS = OFS = ","; srand(seed) }
    FNR == 1 { if (!header) { header = $0; print } next }
    { data[n++] = $0 }
    END {
      for (i = 0; i < rows; i++) {
        split(data[i % n], f, ",")
        line = ""
        for (j = 1; j in f; j++) {
          v = f[j]
          if (v ~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/ && j > 8) { v = v * (0.99 + 0.02 * rand()) }
          line = line (j > 1 ? OFS : "") v
        }
        print line
      }
    }' "$source"/*.csv > "$table"
fi
out="$work/model-$model"
log="$work/train-$model.log"
/usr/bin/time -v "$home/bin/flowmeter-train" --flows "$table" --label-column Label --benign-value BENIGN \
  --output "$out" --overwrite --model-type "$model" > "$log" 2> "$work/time-$model.log" || { cat "$log" "$work/time-$model.log"; exit 1; }
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$model.log")
seconds=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$model.log")
auc=$(grep -o '"rocAuc" : [0-9.]*' "$out/metrics.json" | awk '{print $3}')
rate=$(awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
printf '%-10s %10s %12s %14s %12s %8s\n' model rows "wall (s)" "rows/s" "peak RSS MB" ROC-AUC
printf '%-10s %10d %12.1f %14s %12d %8s\n' "$model" "$rows" "$seconds" "$rate" $((rss_kb / 1024)) "$auc"
cat > "$home/benchmarks/results/training-$model-$rows.json" <<JSON
{"benchmark": "training", "model": "$model", "rows": $rows, "wallSeconds": $seconds, "rowsPerSecond": $rate,
 "peakRssMb": $((rss_kb / 1024)), "rocAuc": $auc, "cores": $(nproc), "date": "$(date -u +%FT%TZ)"}
JSON
