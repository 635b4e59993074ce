#!/usr/bin/env bash
# Runs a built spikecodec image as a user would, and fails on the first thing that is not as the README says:
#   --help; --version (signal chaining on); the non-root user; 'devices' (an OpenCL device of the expected platform);
#   encode, decode and compare of a photo mounted read-only from the host, the encoding also on --backend opencl, byte
#   for byte the same file; a short 'evaluate' (ONNX Runtime loads from the image's jar, and the built-in CNN runs).
# Usage: docker/smoke-test.sh IMAGE
# Knobs (environment): DOCKER (the client, default docker), RUN_ARGS (extra 'docker run' arguments, e.g. '--gpus all'),
# EXPECT_DEVICE (a regular expression 'devices' must match, default: PoCL), EVAL_ARGS (extra 'evaluate' arguments,
# e.g. '--device cuda'), PHOTO (default data/photos/camera.png), EXPECT_MODERN_CODECS (non-empty: 'evaluate' must also
# run webp, avif and jxl, the CPU image's cwebp, avifenc and cjxl).
# Called by .ci/docker-smoke.sh (CPU image) and bench/gpu/run-device-checks.sh (CUDA image).
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:?usage: docker/smoke-test.sh IMAGE}
docker=${DOCKER:-docker}
expect=${EXPECT_DEVICE:-Portable Computing Language}
photo=${PHOTO:-data/photos/camera.png}
start=$SECONDS
fail() { echo "docker smoke test: FAIL: $*" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The image's user (uid 10001) writes here; the photo's folder is mounted read-only.
chmod 777 "$out"
# shellcheck disable=SC2086  # RUN_ARGS are words
run() {
  $docker run --rm --network none ${RUN_ARGS:-} -v "$PWD/$(dirname "$photo"):/photos:ro" -v "$out:/out" "$image" "$@"
}
step() { echo "--- $*"; }
# field FILE NAME: the first top-level number NAME of the --json output FILE (no Python on some hosts).
field() { sed -n "s/^  \"$2\" : \([-0-9.eE+]*\),*$/\1/p" "$1" | head -n1; }
# atleast X Y: X >= Y
atleast() { awk -v x="$1" -v y="$2" 'BEGIN { exit !(x != "" && x + 0 >= y + 0) }'; }
p="/photos/$(basename "$photo")"

step "--help"
run --help > "$out/help.txt" || fail "--help exited $?"
grep -q 'encode' "$out/help.txt" || fail "--help does not list the commands: $(head -c 300 "$out/help.txt")"

step "--version"
run --version | tee "$out/version.txt"
grep -q 'signal chaining on' "$out/version.txt" || fail "libjsig is not preloaded: OpenCL cannot load"

step "the user"
user=$($docker run --rm --network none --entrypoint id "$image" -u)
[ "$user" != 0 ] || fail "the image runs as root"
echo "uid $user"

step "devices"
run devices | tee "$out/devices.txt"
grep -E '^ *opencl' "$out/devices.txt" | grep -qE "$expect" || fail "'devices' lists no OpenCL device matching '$expect'"

step "encode, decode, compare $photo"
run encode "$p" -o /out/cpu.spk --bpp 0.5 --backend cpu --json > "$out/enc.json"
bpp=$(field "$out/enc.json" bpp)
atleast "$bpp" 0.485 && atleast 0.515 "$bpp" || fail "encode --bpp 0.5 gave ${bpp:-no rate}: $(head -c 300 "$out/enc.json")"
echo "$bpp bpp"
run encode "$p" -o /out/opencl.spk --bpp 0.5 --backend opencl > /dev/null || fail "encode --backend opencl exited $?"
cmp "$out/cpu.spk" "$out/opencl.spk" || fail "the file written on OpenCL differs from the CPU's"
run decode /out/cpu.spk -o /out/back.png > /dev/null
run compare "$p" /out/back.png --json > "$out/cmp.json"
psnr=$(field "$out/cmp.json" psnr)
atleast "$psnr" 25 || fail "compare: PSNR ${psnr:-missing}: $(head -c 300 "$out/cmp.json")"
echo "PSNR $psnr dB"

step "evaluate (1 photo, 2 codecs, 2 rates)"
# shellcheck disable=SC2086
run evaluate --limit 1 --codecs spike-dwt,jpeg --bpp 0.1,1 --bisection-steps 0 ${EVAL_ARGS:-} --out /out/eval > "$out/eval.txt" \
  || { cat "$out/eval.txt"; fail "evaluate exited non-zero"; }
tail -n 5 "$out/eval.txt"
for f in summary.json records.csv report.html; do [ -s "$out/eval/$f" ] || fail "evaluate wrote no $f"; done

if [ -n "${EXPECT_MODERN_CODECS:-}" ]; then
  step "evaluate with WebP, AVIF and JPEG XL (the image's cwebp, avifenc, cjxl)"
  run evaluate --limit 1 --codecs webp,avif,jxl --bpp 0.5 --bisection-steps 0 --out /out/eval-modern > "$out/eval-modern.txt" \
    || { cat "$out/eval-modern.txt"; fail "evaluate --codecs webp,avif,jxl exited non-zero"; }
  for c in webp avif jxl; do
    awk -F, -v c="$c" 'NR > 1 && $3 == c { found = 1 } END { exit !found }' "$out/eval-modern/records.csv" || fail "no $c record: the tool is missing from the image? $(grep -i "$c" "$out/eval-modern.txt" | head -n 3)"
  done
  echo "webp, avif, jxl: records written"
fi

echo "docker smoke test: OK, $image in $((SECONDS - start)) s"
