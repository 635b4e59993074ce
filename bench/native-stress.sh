#!/usr/bin/env bash
# Stress run for native crashes (issue 11, item 5): many short CLI processes that load the OpenCL driver, some at once.
# Counts every exit by signal (exit code above 128: 139 is SIGSEGV) and keeps the output of each such run.
#
#   bench/native-stress.sh [-n RUNS] [-j PARALLEL] [-o OUTDIR] [-- LAUNCHER...]
#
# LAUNCHER defaults to the repository's ./spikecodec launcher; to measure a JVM started some other way, give it after
# "--", e.g. `-- java -jar cli/target/spikecodec.jar` (the way the launcher started it before it preloaded libjsig).
# The commands cycle through an OpenCL encode of a 741x500 colour photo at 1.0 bpp with the retina front end (the
# reported reproducer, default `auto` backend), a wavelet encode, a decode and `devices`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=200 par=2 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -j) par="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "native-stress: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
launcher=("$@")
[ ${#launcher[@]} -gt 0 ] || launcher=("$root/spikecodec")
out="${out:-$(mktemp -d)}"
mkdir -p "$out/runs"
export POCL_CACHE_DIR="${POCL_CACHE_DIR:-${TMPDIR:-/tmp}/pocl-cache}"
mkdir -p "$POCL_CACHE_DIR"
photo="$root/data/photos/motorcycle_left.png"
"${launcher[@]}" encode "$photo" --bpp 1.0 --transform dwt -o "$out/ref.spk" >/dev/null  # also builds the jar once

one() { # RUN-NUMBER: run one command, print "N RC COMMAND"
  local i=$1 cmd rc launcher
  read -ra launcher <<<"$LAUNCHER_WORDS"  # arrays cannot be exported to xargs' shells
  case $((i % 4)) in
    0|1) cmd=(encode "$photo" --bpp 1.0 --transform rif -o "$out/runs/$i.spk") ;;
    2) cmd=(encode "$photo" --bpp 0.5 --transform dwt -o "$out/runs/$i.spk") ;;
    3) cmd=(decode "$out/ref.spk" -o "$out/runs/$i.png") ;;
  esac
  [ $((i % 20)) -eq 19 ] && cmd=(devices)
  rc=0
  "${launcher[@]}" "${cmd[@]}" >"$out/runs/$i.log" 2>&1 || rc=$?
  if [ $rc -le 128 ]; then rm -f "$out/runs/$i.log" "$out/runs/$i.spk" "$out/runs/$i.png"; fi
  echo "$i $rc ${cmd[0]}"
}
export -f one
export out photo
export LAUNCHER_WORDS="${launcher[*]}"
start=$(date +%s)
seq 1 "$runs" | xargs -P "$par" -I{} bash -c 'one {}' >"$out/results.txt"
secs=$(( $(date +%s) - start ))
signals=$(awk '$2 > 128' "$out/results.txt" | wc -l)
failures=$(awk '$2 != 0 && $2 <= 128' "$out/results.txt" | wc -l)
echo "native-stress: $runs runs, $par at once, ${secs} s; killed by a signal: $signals; other failures: $failures; launcher: ${launcher[*]}; logs in $out"
awk '$2 > 128 {print "  run " $1 " (" $3 ") exit " $2 ": see '"$out"'/runs/" $1 ".log"}' "$out/results.txt"
[ "$signals" -eq 0 ] && [ "$failures" -eq 0 ]
