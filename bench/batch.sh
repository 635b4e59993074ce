#!/usr/bin/env bash
# Files per second of `spikecodec encode` and `decode` over a folder of photos: one batch run (one JVM, images in
# parallel) against a shell loop of single-file calls (one JVM per image), interleaved, same machine and moment; then
# checks that both wrote the very same bytes.
#
#   bench/batch.sh [--runs N] [--bpp X] [--threads N] [FOLDER]      (default: data/photos, 12 photos, --bpp 1)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3 bpp=1 threads="" folder="$here/data/photos"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --bpp) bpp=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) folder=$1; shift ;;
  esac
done
sc="$here/spikecodec"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
photos=("$folder"/*.png)
n=${#photos[@]}
"$sc" encode "${photos[0]}" -o "$work/warm.spk" --bpp "$bpp" >/dev/null 2>&1 # builds a stale jar, makes the class-data archive

# seconds CMD...: wall seconds of one command, appended to $work/LABEL by the caller.
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
encode_loop() { for p in "${photos[@]}"; do "$sc" encode "$p" -o "$work/loop/$(basename "${p%.*}").spk" --bpp "$bpp"; done; }
decode_loop() { for s in "$work"/loop/*.spk; do "$sc" decode "$s" -o "$work/loop/$(basename "${s%.*}").png"; done; }

for i in $(seq "$runs"); do
  rm -rf "$work/batch" "$work/loop"; mkdir -p "$work/loop"
  seconds "$sc" encode "$folder" -o "$work/batch" --bpp "$bpp" ${threads:+--threads $threads} >> "$work/encode-batch"
  seconds encode_loop >> "$work/encode-loop"
  seconds "$sc" decode "$work/batch" -o "$work/batch" ${threads:+--threads $threads} >> "$work/decode-batch"
  seconds decode_loop >> "$work/decode-loop"
done
for f in "$work"/loop/*; do cmp -s "$f" "$work/batch/$(basename "$f")" || { echo "batch.sh: $(basename "$f") differs between batch and loop" >&2; exit 1; }; done

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
echo "$n photos of $folder, --bpp $bpp, $runs runs each, interleaved; medians; outputs byte-identical. load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| | seconds | files/s |"
echo "|---|---|---|"
for k in encode-batch encode-loop decode-batch decode-loop; do
  s=$(median < "$work/$k")
  printf '| %s | %.1f | %.2f |\n' "$k" "$s" "$(echo "$n / $s" | bc -l)"
done
