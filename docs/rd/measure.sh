#!/usr/bin/env bash
# Rate-distortion measurement: spikecodec (dwt, rif, pixels) against libjpeg-turbo's cjpeg,
# OpenJPEG's opj_compress and the modern codecs (WebP, AVIF, JPEG XL) at matched bits per pixel, on the
# photos in data/photos.
#
# Usage (from the repository root):
#   docs/rd/measure.sh                      # dwt rif pixels jpeg j2k, writes docs/rd/results.csv
#   CODECS="webp avif jxl" docs/rd/measure.sh   # the modern codecs, appended to the same CSV
#   PHOTOS="camera astronaut" RATES="0.25 1" CODECS="dwt jpeg j2k" OUT=/tmp/r.csv docs/rd/measure.sh
#   CODECS=rif-scaled ...                   # the retina on scaled, subsampled retinas (encoder's choice of configuration)
#   EXTRA="--chroma-gain 0.7" CODECS=dwt ... # extra spikecodec encode options (tuning runs)
#
# Needs: the spikecodec launcher (builds itself), cjpeg/djpeg (libjpeg-turbo), opj_compress and
# opj_decompress (OpenJPEG), pngtopnm and ppmtopgm (netpbm); for webp, avif, jxl: cwebp/dwebp (libwebp),
# avifenc/avifdec (libavif, aom encoder), cjxl/djxl (libjxl). On Debian: apt-get install libjpeg-turbo-progs
# libopenjp2-tools netpbm webp libavif-bin libjxl-tools.
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
    local theta retina; theta=$(jget threshold "$enc")
    # rif-scaled: the retina configuration the encoder chose (time:scale:decimation:gain per layer) and its CG count
    retina=$(sed -n 's/^ *"retina" : "\([^"]*\)",\{0,1\}$/\1/p' "$enc" | head -n1)
    [ -n "$retina" ] && retina=" retina=$retina cg=$(jget cgMaxIterations "$enc")"
    row "$photo" "$colour" "$tr" "$target" "$(size "$spk")" "$cmp" "theta=$theta$retina${EXTRA:+ $EXTRA}" "$t0"
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

# closest_setting ENCODE LO HI DIR: bisection on the integer setting LO..HI of `ENCODE SETTING` (which writes
# a file and prints its size; DIR is up when the size grows with the setting, down when it falls), then of the
# two settings bracketing the target the one whose file size is closest. Prints that setting. Uses $tb.
closest_setting() {
  local enc=$1 lo=$2 hi=$3 dir=$4 mid s q d best_q="" best_d=""
  while [ $((hi - lo)) -gt 1 ]; do
    mid=$(((lo + hi) / 2)); s=$($enc $mid)
    if { [ "$dir" = up ] && [ "$s" -le "$tb" ]; } || { [ "$dir" = down ] && [ "$s" -gt "$tb" ]; }; then lo=$mid; else hi=$mid; fi
  done
  for q in $lo $hi; do
    s=$($enc "$q"); d=$(( s > tb ? s - tb : tb - s ))
    if [ -z "$best_d" ] || [ "$d" -lt "$best_d" ]; then best_d=$d; best_q=$q; fi
  done
  echo "$best_q"
}

# WebP (lossy VP8): cwebp -q Q, defaults otherwise (method 4, 4:2:0, no metadata); Q in steps of 0.1.
webp_q() { awk -v i="$1" 'BEGIN { printf "%.1f", i / 10 }'; }
webp_size() { cwebp -quiet -q "$(webp_q "$1")" "$pnm" -o "$work/q.webp" && size "$work/q.webp"; }
# AVIF: avifenc speed 6, one thread, 8-bit full range, 4:4:4 (4:0:0 monochrome for grey), colour quantizer
# --min Q --max Q; the PNG's ICC profile is not carried (the other codecs get a PNM without one).
avif_opts() { echo "-s 6 -j 1 -d 8 -y $([ "$colour" = grey ] && echo 400 || echo 444) -r full --ignore-icc --ignore-exif --ignore-xmp --min $1 --max $1"; }
avif_size() { avifenc $(avif_opts "$1") "$src" "$work/q.avif" > /dev/null 2>&1 && size "$work/q.avif"; }
# JPEG XL (VarDCT): cjxl -d D, effort 7, one thread; D = 0.05 * 500^(i/1000), i in 0..1000 (0.05 to 25, cjxl's range).
jxl_d() { awk -v i="$1" 'BEGIN { printf "%.5f", 0.05 * exp(log(500) * i / 1000) }'; }
jxl_size() { cjxl "$pnm" "$work/q.jxl" -d "$(jxl_d "$1")" -e 7 --num_threads=0 --quiet 2> /dev/null && size "$work/q.jxl"; }

modern_run() { # photo colour codec target
  local photo=$1 colour=$2 codec=$3 target=$4 t0 q params dec file
  t0=$(now)
  tb=$(awk -v t="$target" -v p="$pixels" 'BEGIN { printf "%.0f", t * p / 8 }')
  case $codec in
    webp)
      q=$(closest_setting webp_size 0 1000 up); webp_size "$q" > /dev/null
      dec="$work/x.ppm"; dwebp -quiet "$work/q.webp" -ppm -o "$dec"
      # VP8 has no grey mode: the decoded RGB goes back to grey as ppmtopgm does (BT.601 luma)
      if [ "$colour" = grey ]; then ppmtopgm "$dec" > "$work/x.pgm"; dec="$work/x.pgm"; fi
      params="cwebp -q $(webp_q "$q")"; file="$work/q.webp" ;;
    avif)
      q=$(closest_setting avif_size 0 63 down); avif_size "$q" > /dev/null
      dec="$work/x.png"; avifdec -j 1 "$work/q.avif" "$dec" > /dev/null
      params="avifenc $(avif_opts "$q")"; file="$work/q.avif" ;;
    jxl)
      q=$(closest_setting jxl_size 0 1000 down); jxl_size "$q" > /dev/null
      dec="$work/x.$ext"; djxl "$work/q.jxl" "$dec" --num_threads=0 --quiet
      params="cjxl -d $(jxl_d "$q") -e 7"; file="$work/q.jxl" ;;
  esac
  $sc compare "$src" "$dec" --json > "$work/cmp.json"
  row "$photo" "$colour" "$codec" "$target" "$(size "$file")" "$work/cmp.json" "$params" "$t0"
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
        dwt|rif|rif-scaled|rif-dynamic|pixels) spikecodec_run "$photo" "$colour" "$codec" "$target" ;;
        jpeg) jpeg_run "$photo" "$colour" "$target" ;;
        j2k) j2k_run "$photo" "$colour" "$target" ;;
        webp|avif|jxl) modern_run "$photo" "$colour" "$codec" "$target" ;;
        *) echo "unknown codec $codec" >&2; exit 2 ;;
      esac
    done
  done
done
echo "total $(elapsed "$start") s" >&2
