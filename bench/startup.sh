#!/usr/bin/env bash
# Whole-process cost of one image through the command line: `spikecodec encode --bpp 1` and `decode` of one photo,
# beside cjpeg/djpeg on the same photo, each under GNU time (wall, user+sys CPU, max RSS), runs interleaved so that
# a machine whose load changes affects every command alike. Prints the median of each.
#
#   bench/startup.sh [--runs N] [--photo PNG] [--quality Q] [LAUNCHER_DIR...]
#
# Each LAUNCHER_DIR holds a ./spikecodec launcher (default: this checkout); give two (a copy of the old build and
# this one) to compare before and after at the same moment. Needs GNU time, cjpeg/djpeg and pngtopnm (netpbm).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=7 photo="$here/data/photos/coffee.png" quality=57
roots=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --photo) photo=$2; shift 2 ;;
    --quality) quality=$2; shift 2 ;;
    *) roots+=("$(cd "$1" && pwd)"); shift ;;
  esac
done
[ ${#roots[@]} -gt 0 ] || roots=("$here")
for t in /usr/bin/time cjpeg djpeg pngtopnm; do command -v $t >/dev/null || { echo "startup.sh: needs $t" >&2; exit 1; }; done

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
pngtopnm "$photo" > "$work/in.ppm"   # cjpeg reads no PNG
# Warm-up: builds a stale jar, fills the page cache and (where the launcher makes one) the class-data archive.
for r in "${roots[@]}"; do "$r/spikecodec" encode "$photo" -o "$work/warm.spk" --bpp 1 >/dev/null 2>&1; done

# measure LABEL CMD...: one run under GNU time, appended to $work/LABEL as "wall_s cpu_s rss_kb".
measure() {
  local label=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { echo "startup.sh: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/t" >> "$work/$label"
}

for i in $(seq "$runs"); do
  for k in "${!roots[@]}"; do
    r=${roots[$k]}
    measure "encode.$k" "$r/spikecodec" encode "$photo" -o "$work/out$k.spk" --bpp 1
    measure "decode.$k" "$r/spikecodec" decode "$work/out$k.spk" -o "$work/out$k.png"
  done
  measure cjpeg cjpeg -quality "$quality" -outfile "$work/out.jpg" "$work/in.ppm"
  measure djpeg djpeg -outfile "$work/out.ppm" "$work/out.jpg"
done

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
row() {
  local f="$work/$1"
  printf '| %s | %s | %s | %s |\n' "$2" "$(cut -d' ' -f1 "$f" | median)" "$(cut -d' ' -f2 "$f" | median)" \
      "$(( $(cut -d' ' -f3 "$f" | median | cut -d. -f1) / 1024 ))"
}
pixels=$(head -c 64 "$work/in.ppm" | sed -n 2p | awk '{print $1 * $2}')
echo "photo $photo; $runs runs each, interleaved; medians. load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| command | wall s | user+sys s | max RSS MiB |"
echo "|---|---|---|---|"
for k in "${!roots[@]}"; do
  bpp=$(awk -v b="$(stat -c %s "$work/out$k.spk")" -v p="$pixels" 'BEGIN {printf "%.3f", b * 8 / p}')
  row "encode.$k" "${roots[$k]}: spikecodec encode --bpp 1 ($bpp bpp)"
  row "decode.$k" "${roots[$k]}: spikecodec decode"
done
row cjpeg "cjpeg -quality $quality ($(awk -v b="$(stat -c %s "$work/out.jpg")" -v p="$pixels" 'BEGIN {printf "%.3f", b * 8 / p}') bpp)"
row djpeg "djpeg"
