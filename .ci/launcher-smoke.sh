#!/usr/bin/env bash
# The ./spikecodec launcher as a user runs it, on a clean checkout (the Maven tests run the CLI's classes in-process
# or in child JVMs, never the launcher): it builds the jar, picks the newest JDK present, preloads libjsig so that
# OpenCL loads, makes its class-data archive, and its exit codes and streams are what scripts rely on.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
fail() { echo "launcher-smoke: FAIL: $*" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

./spikecodec --version >"$work/version.txt" 2>"$work/build.txt" || { cat "$work/build.txt" >&2; fail "--version (and the jar's build)"; }
cat "$work/version.txt"

# The newest JDK: its major version must be the highest among /usr/lib/jvm's release files (and java on PATH).
newest=0
for r in /usr/lib/jvm/*/release "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/release"; do
  [ -f "$r" ] || continue
  v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$r"); v=${v#1.}; v=${v%%.*}
  [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -gt "$newest" ] && newest=$v
done
grep -qE "^Java $newest[.+ ]" "$work/version.txt" || fail "the launcher did not run the newest JDK ($newest): $(sed -n 2p "$work/version.txt")"
grep -q "signal chaining on" "$work/version.txt" || fail "libjsig was not preloaded"

# With PoCL installed, the launcher's JVM must see its device (it loads OpenCL only with signal chaining).
./spikecodec devices --json >"$work/devices.json"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/devices.json" || fail "devices --json is not JSON"
if command -v clinfo >/dev/null && clinfo -l 2>/dev/null | grep -q Device; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["devices"] else 1)' "$work/devices.json" \
    || fail "clinfo lists an OpenCL device, the launcher's JVM none: $(cat "$work/devices.json")"
fi

# A round trip, with its JSON on stdout and nothing else there.
photo=data/photos/camera.png
./spikecodec encode "$photo" --bpp 0.5 -o "$work/c.spk" --json >"$work/enc.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert abs(d["bpp"]/0.5-1) < 0.03, d["bpp"]' "$work/enc.json" \
  || fail "encode --json: $(head -c 300 "$work/enc.json")"
./spikecodec decode "$work/c.spk" -o "$work/c.png"
./spikecodec compare "$photo" "$work/c.png" --json >"$work/cmp.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["psnr"] > 25, d["psnr"]' "$work/cmp.json" \
  || fail "compare: $(head -c 300 "$work/cmp.json")"
ls cli/target/cds/*.jsa >/dev/null 2>&1 || fail "no class-data archive under cli/target/cds"

# Exit codes: 2 bad usage, 3 bad input.
rc=0; ./spikecodec encode --no-such-option >/dev/null 2>&1 || rc=$?; [ "$rc" -eq 2 ] || fail "bad usage gave exit $rc, not 2"
rc=0; ./spikecodec decode "$photo" -o "$work/x.png" >/dev/null 2>&1 || rc=$?; [ "$rc" -eq 3 ] || fail "a PNG given to decode gave exit $rc, not 3"

echo "launcher-smoke: OK in $(( $(date +%s) - start )) s (Java $newest, signal chaining on, $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["devices"]))' "$work/devices.json") OpenCL device(s))"
