#!/usr/bin/env bash
# Rate-distortion measurement: spikecodec (dwt, rif, pixels) against libjpeg-turbo's cjpeg and
# OpenJPEG's opj_compress at matched bits per pixel, on the photos in data/photos.
#
# Usage (from the repository root):
#   docs/rd/measure.sh                      # everything, writes docs/rd/results.csv
#   PHOTOS="camera astronaut" RATES="0.25 1" CODECS="dwt jpeg j2k" OUT=/tmp/r.csv docs/rd/measure.sh
#   EXTRA="--chroma-gain 0.7" CODECS=dwt ... # extra spikecodec encode options (tuning runs)
#
# Needs: the spikecodec launcher (builds itself), cjpeg/djpeg (libjpeg-turbo), opj_compress and
# opj_decompress (OpenJPEG), pngtopnm (netpbm). On Debian: apt-get install libjpeg-turbo-progs
# libopenjp2-tools netpbm.
#
# Every number in the CSV is measured by `./spikecodec compare PHOTO.png DECODED --json` (PSNR over
# all channels of the 8-bit image, RGB for colour; SSIM and MS-SSIM as implemented there), and every
# rate from the real size of the compressed file: bytes * 8 / (width * height).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

PHOTOS=${PHOTOS:-"camera keong_macan_grey astronaut chelsea coffee keong_macan bliznaca"}
RATES=${RATES:-"0.1 0.25 0.5 0.75 1 1.5 2"}
CODECS=${CODECS:-"dwt rif pixels jpeg j2k"}
OUT=${OUT:-docs/rd/results.csv}
EXTRA=${EXTRA:-}
TIMEOUT=${TIMEOUT:-180}          # seconds allowed for one spikecodec encode
work=$(mktemp -d /tmp/spikecodec-rd.XXXXXX)
trap 'rm -rf "$work"' EXIT

sc=./spikecodec
[ -f "$OUT" ] || echo "photo,colour,codec,target_bpp,actual_bpp,bytes,psnr,ssim,msssim,params,seconds,note" > "$OUT"

# value of a numeric JSON field in a file (the CLI prints one "key" : value per line)
jget() { sed -n "s/^ *\"$1\" : \([-0-9.eE+]*\),\{0,1\}$/\1/p" "$2" | head -n1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# row PHOTO COLOUR CODEC TARGET BYTES COMPARE_JSON PARAMS START NOTE
row() {
  local photo=$1 colour=$2 codec=$3 target=$4 bytes=$5 json=$6 params=$7 t0=$8 note=${9:-}
  local psnr="" ssim="" msssim="" bpp=""
  if [ -n "$bytes" ]; then bpp=$(awk -v b="$bytes" -v p="$pixels" 'BEGIN { printf "%.5f", b * 8 / p }'); fi
  if [ -s "$json" ]; then
    psnr=$(jget psnr "$json"); ssim=$(jget ssim "$json"); msssim=$(jget msssim "$json")
    psnr=$(printf '%.4f' "$psnr"); ssim=$(printf '%.5f' "$ssim"); msssim=$(printf '%.5f' "$msssim")
  fi
  echo "$photo,$colour,$codec,$target,$bpp,$bytes,$psnr,$ssim,$msssim,\"$params\",$(elapsed "$t0"),\"$note\"" | tee -a "$OUT"
}

size() { stat -c %s "$1"; }

# closest of candidates: prints the file whose size is closest to target bytes
spikecodec_run() { # photo colour transform target
  local photo=$1 colour=$2 tr=$3 target=$4 t0 spk="$work/x.spk" enc="$work/enc.json" cmp="$work/cmp.json"
  t0=$(now); rm -f "$spk" "$cmp"
  if timeout "$TIMEOUT" $sc encode "$src" -o "$spk" --bpp "$target" --transform "$tr" $EXTRA --json > "$enc" 2> "$work/enc.err"; then
    $sc compare "$src" "$spk" --json > "$cmp"
    local theta; theta=$(jget threshold "$enc")
    row "$photo" "$colour" "$tr" "$target" "$(size "$spk")" "$cmp" "theta=$theta${EXTRA:+ $EXTRA}" "$t0"
  else
    local rc=$? msg
    msg=$(tr -d '\n",' < "$work/enc.err" | cut -c1-160)
    [ $rc -eq 124 ] && msg="timed out after ${TIMEOUT}s"
    row "$photo" "$colour" "$tr" "$target" "" "" "${EXTRA}" "$t0" "encode failed (exit $rc): $msg"
  fi
}

jpeg_size() { # quality -> bytes (file left in $work/q.jpg)
  cjpeg -quality "$1" -optimize -outfile "$work/q.jpg" "$pnm" 2> /dev/null && size "$work/q.jpg"
}

jpeg_run() { # photo colour target
  local photo=$1 colour=$2 target=$3 t0 tb lo=1 hi=100 mid s best_q best_d q d
  t0=$(now)
  tb=$(awk -v t="$target" -v p="$pixels" 'BEGIN { printf "%.0f", t * p / 8 }')
  # bisection on integer quality (file size grows with quality), then the closest of the bracket
  while [ $((hi - lo)) -gt 1 ]; do
    mid=$(((lo + hi) / 2)); s=$(jpeg_size $mid)
    if [ "$s" -le "$tb" ]; then lo=$mid; else hi=$mid; fi
  done
  best_q=""; best_d=""
  for q in $lo $hi; do
    s=$(jpeg_size "$q"); d=$(( s > tb ? s - tb : tb - s ))
    if [ -z "$best_d" ] || [ "$d" -lt "$best_d" ]; then best_d=$d; best_q=$q; fi
  done
  cjpeg -quality "$best_q" -optimize -outfile "$work/x.jpg" "$pnm" 2> /dev/null
  djpeg -outfile "$work/x.$ext" "$work/x.jpg"
  $sc compare "$src" "$work/x.$ext" --json > "$work/cmp.json"
  row "$photo" "$colour" jpeg "$target" "$(size "$work/x.jpg")" "$work/cmp.json" "cjpeg -quality $best_q -optimize" "$t0"
}

j2k_run() { # photo colour target
  local photo=$1 colour=$2 target=$3 t0 tb raw r s best_r best_d d i
  t0=$(now)
  tb=$(awk -v t="$target" -v p="$pixels" 'BEGIN { printf "%.0f", t * p / 8 }')
  raw=$([ "$colour" = grey ] && echo 8 || echo 24)
  r=$(awk -v a="$raw" -v t="$target" 'BEGIN { printf "%.6f", a / t }')
  best_r=""; best_d=""
  # -r is met only approximately; two secant corrections on the real codestream size
  for i in 1 2 3; do
    opj_compress -i "$pnm" -o "$work/r.j2k" -r "$r" -I > /dev/null 2>&1
    s=$(size "$work/r.j2k"); d=$(( s > tb ? s - tb : tb - s ))
    if [ -z "$best_d" ] || [ "$d" -lt "$best_d" ]; then best_d=$d; best_r=$r; fi
    r=$(awk -v r="$r" -v s="$s" -v t="$tb" 'BEGIN { printf "%.6f", r * s / t }')
  done
  opj_compress -i "$pnm" -o "$work/x.j2k" -r "$best_r" -I > /dev/null 2>&1
  opj_decompress -i "$work/x.j2k" -o "$work/x.$ext" > /dev/null 2>&1
  $sc compare "$src" "$work/x.$ext" --json > "$work/cmp.json"
  row "$photo" "$colour" j2k "$target" "$(size "$work/x.j2k")" "$work/cmp.json" "opj_compress -I -r $best_r" "$t0"
}

start=$(now)
for photo in $PHOTOS; do
  src=data/photos/$photo.png
  pngtopnm "$src" > "$work/src.pnm" 2> /dev/null
  if [ "$(head -c 2 "$work/src.pnm")" = P5 ]; then colour=grey; ext=pgm; else colour=rgb; ext=ppm; fi
  pnm="$work/src.$ext"; mv "$work/src.pnm" "$pnm"
  read -r w h < <(sed -n 2p "$pnm")
  pixels=$((w * h))
  for target in $RATES; do
    for codec in $CODECS; do
      case $codec in
        dwt|rif|pixels) spikecodec_run "$photo" "$colour" "$codec" "$target" ;;
        jpeg) jpeg_run "$photo" "$colour" "$target" ;;
        j2k) j2k_run "$photo" "$colour" "$target" ;;
        *) echo "unknown codec $codec" >&2; exit 2 ;;
      esac
    done
  done
done
echo "total $(elapsed "$start") s" >&2
