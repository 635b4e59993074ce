#!/usr/bin/env bash
# The GPU check, run on a device machine that has the NVIDIA driver but no Java and no network:
#   bash bench/gpu/run-device-checks.sh      (with .device-bundle/ from bench/gpu/make-device-bundle.sh beside it)
# Steps: environment and nvidia-smi; OpenCL set up against the driver's ICD; clinfo and 'spikecodec devices';
# cpu-vs-opencl byte equality of encode and decode for each front end; where Docker with the NVIDIA runtime and a
# built CUDA image are there, that image's smoke test (docker/smoke-test.sh); 'spikecodec bench' on cpu and opencl.
# Results go to $OUT (default /tmp/out-local), at most 8 files since the device tool returns no more:
#   summary.txt env.txt devices.txt equivalence.txt docker.txt bench.txt bench.json bench.png
# Every step has its own timeout and a failure does not stop the next one (no 'set -e'); the whole run stays
# under DEADLINE_S seconds (default 480) so that a 540 s tool limit still returns the files.
# Knobs (for trying it elsewhere): OUT, BENCH_SIZES, BENCH_REPEAT, PHOTO, DEADLINE_S, NV_OCL (the NVIDIA OpenCL
# library, if it is somewhere unusual), KEEP_SYSTEM_ICDS=0, SPIKECODEC_JAVA (a java instead of the bundled runtime),
# CUDA_IMAGE (the image the Docker step tests, default spikecodec:cuda).
set -u
start=$(date +%s)
# The driver's tools (nvidia-smi) may be mounted beside its libraries without being on PATH.
export PATH="$PATH:/usr/local/nvidia/bin"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bundle="$root/.device-bundle"
OUT="${OUT:-/tmp/out-local}"
mkdir -p "$OUT"
work="$(mktemp -d "${TMPDIR:-/tmp}/spikecodec-device.XXXXXX")"
sizes="${BENCH_SIZES:-256,1024,2048,4096}"
repeat="${BENCH_REPEAT:-3}"
photo="${PHOTO:-$root/data/photos/astronaut.png}"
deadline=$((start + ${DEADLINE_S:-480}))
summary="$OUT/summary.txt"
: > "$summary"
for f in env devices equivalence docker bench; do : > "$OUT/$f.txt"; done
rm -f "$OUT/bench.json" "$OUT/bench.png"

note() { echo "$*" | tee -a "$summary"; }
left() { echo $((deadline - $(date +%s))); }

# step NAME SECONDS FILE CMD...: runs CMD under a timeout, output to the screen and appended to FILE,
# and records its exit status and time in the summary (124/137: it ran out of time).
step() {
  local name=$1 secs=$2 file=$3 t0 rc cmd
  shift 3
  cmd="$*"
  if [ "$(left)" -lt 5 ]; then note "SKIP  $name (no time left)"; return 1; fi
  [ "$secs" -le "$(left)" ] || secs=$(left)
  [ "$secs" -ge 1 ] || secs=1
  t0=$(date +%s)
  echo "### $name: ${cmd:0:300}" | tee -a "$file"
  timeout -k 5 "$secs" "$@" 2>&1 | tee -a "$file"
  rc=${PIPESTATUS[0]}
  echo "### $name: exit $rc after $(( $(date +%s) - t0 )) s" | tee -a "$file"
  note "$([ "$rc" -eq 0 ] && echo OK || echo FAIL)  $name (exit $rc, $(( $(date +%s) - t0 )) s)"
  return "$rc"
}
# shstep NAME SECONDS FILE 'shell text': the same for a small shell pipeline.
shstep() { local n=$1 s=$2 f=$3; shift 3; step "$n" "$s" "$f" bash -c "$1"; }

note "spikecodec device checks, $(date -u +%Y-%m-%dT%H:%M:%SZ), git $( (cd "$root" && git rev-parse --short HEAD) 2>/dev/null || echo '?'), host $(hostname 2>/dev/null)"
[ -f "$bundle/MANIFEST.txt" ] && note "bundle: $(head -n1 "$bundle/MANIFEST.txt")" || note "NO BUNDLE at $bundle (run bench/gpu/make-device-bundle.sh and carry .device-bundle)"

# ---- environment (a missing tool is reported, not fatal)
shstep "environment" 30 "$OUT/env.txt" '
  uname -a; cat /etc/os-release 2>/dev/null | head -n 4; ldd --version 2>&1 | head -n 1
  echo "cpus $(nproc)"; free -g 2>/dev/null | head -n 2
  if command -v nvidia-smi >/dev/null; then nvidia-smi; nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,pcie.link.gen.max --format=csv
  else echo "nvidia-smi: not on PATH"; ls /usr/local/nvidia/bin 2>/dev/null; fi
  echo "--- /usr/local/nvidia:"; ls -la /usr/local/nvidia /usr/local/nvidia/lib64 2>&1 | head -n 80
  echo "--- ldconfig (OpenCL, CUDA):"; ldconfig -p 2>/dev/null | grep -iE "opencl|libcuda\.so" || echo "(none)"
  echo "--- /etc/OpenCL/vendors:"; for f in /etc/OpenCL/vendors/*.icd; do [ -e "$f" ] && echo "$f: $(cat "$f")"; done
  echo "--- tools:"; for t in xz python3 clinfo cjpeg djpeg nvcc java; do printf "%s: %s\n" "$t" "$(command -v $t || echo -)"; done'

# ---- Java: the bundled runtime, unpacked here (xz, or Python's tarfile where xz is missing)
java="${SPIKECODEC_JAVA:-}"
if [ -z "$java" ]; then
  mkdir -p "$work/jre"
  if command -v xz >/dev/null; then
    shstep "unpack runtime (xz)" 60 "$OUT/env.txt" "tar -C '$work/jre' -xJf '$bundle/runtime.tar.xz'"
  else
    shstep "unpack runtime (python3 tarfile)" 90 "$OUT/env.txt" "python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' '$bundle/runtime.tar.xz' '$work/jre'"
  fi
  java="$work/jre/bin/java"
fi
[ -x "$java" ] || note "NO JAVA: $java is not there; the Java steps below will fail"
# HotSpot's signal chaining, as ./spikecodec does: without it spikecodec does not load an OpenCL driver (SignalChaining).
jsig="$(dirname "$(dirname "$(readlink -f "$java")")")/lib/libjsig.so"
[ -f "$jsig" ] && export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}" || note "NO libjsig.so beside $java: OpenCL will not be loaded"
# As ./spikecodec does on Java 21+: the Vector API for the cpu backend, native access for JOCL, parallel GC.
sc=("$java" -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -jar "$bundle/spikecodec.jar")
# PoCL (if any) needs a writable kernel cache, as in ./spikecodec.
export POCL_CACHE_DIR="$work/pocl-cache"
mkdir -p "$POCL_CACHE_DIR"

# ---- OpenCL: the NVIDIA ICD library, registered through a vendors folder of our own
nv="${NV_OCL:-}"
if [ -z "$nv" ]; then
  for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/cuda/compat /usr/local/cuda/lib64; do
    for f in "$d"/libnvidia-opencl.so.1 "$d"/libnvidia-opencl.so.[0-9]*; do [ -e "$f" ] && { nv=$f; break 2; }; done
  done
fi
[ -n "$nv" ] || nv=$(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so/ { print $NF; exit }')
[ -n "$nv" ] || nv=$(timeout 20 find /usr/local /usr/lib /usr/lib64 /opt -maxdepth 5 -name 'libnvidia-opencl.so*' 2>/dev/null | head -n 1)
icd="$work/icd"
mkdir -p "$icd"
# Keep the system's own ICDs (PoCL on a workstation, or an nvidia.icd the image already has): OCL_ICD_VENDORS
# replaces /etc/OpenCL/vendors rather than adding to it.
# (KEEP_SYSTEM_ICDS=0 leaves them out, to test that the folder alone works.)
[ "${KEEP_SYSTEM_ICDS:-1}" = 0 ] || for f in /etc/OpenCL/vendors/*.icd; do [ -e "$f" ] && cp "$f" "$icd/"; done
if [ -n "$nv" ]; then
  if grep -qs 'libnvidia-opencl' "$icd"/*.icd; then
    note "NVIDIA OpenCL: $nv (the system already registers an NVIDIA ICD; kept as is)"
  else
    echo "$nv" > "$icd/nvidia.icd"
    note "NVIDIA OpenCL: $nv (registered as $icd/nvidia.icd)"
  fi
  # libnvidia-opencl needs libcuda.so.1 and friends from the same driver folder.
  nvdir=$(dirname "$nv")
else
  note "NVIDIA OpenCL: NOT FOUND (no libnvidia-opencl.so* under /usr/local/nvidia, /usr/lib*, ldconfig); the opencl backend can only use other platforms"
  nvdir=""
fi
export OCL_ICD_VENDORS="$icd"
# The bundled ocl-icd loader (Debian 12, needs glibc >= 2.34) unless it cannot load here; then the system's, if any.
loader="$bundle/lib"
if ldd "$bundle/lib/libOpenCL.so.1" 2>&1 | grep -qE 'not found|version .GLIBC'; then
  note "bundled libOpenCL.so.1 cannot load here ($(ldd "$bundle/lib/libOpenCL.so.1" 2>&1 | grep -m1 -E 'not found|GLIBC')); using the system's loader if there is one"
  loader=""
fi
export LD_LIBRARY_PATH="${loader:+$loader:}${nvdir:+$nvdir:}${LD_LIBRARY_PATH:-}"
{ echo "--- OpenCL set-up"; echo "OCL_ICD_VENDORS=$OCL_ICD_VENDORS"; for f in "$icd"/*.icd; do [ -e "$f" ] && echo "  $(basename "$f"): $(cat "$f")"; done
  echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"; echo "java: $java"; } | tee -a "$OUT/env.txt"
[ -n "$nv" ] && { echo "--- ldd $nv"; ldd "$nv" 2>&1; } >> "$OUT/env.txt"

# ---- devices: clinfo (independent of Java), then the CLI's own view
cp "$bundle/bin/clinfo" "$work/clinfo" 2>/dev/null && chmod +x "$work/clinfo"
shstep "clinfo" 40 "$OUT/devices.txt" "'$work/clinfo' -l; '$work/clinfo' | head -n 400"
step "java -version" 30 "$OUT/devices.txt" "$java" -version
step "spikecodec devices" 60 "$OUT/devices.txt" "${sc[@]}" devices
step "spikecodec devices --json" 60 "$OUT/devices.txt" "${sc[@]}" devices --json
# What the CLI itself sees (clinfo may list a device that JOCL then fails to open).
sed -n '/^### spikecodec devices:/,/^### spikecodec devices: exit/p' "$OUT/devices.txt" | grep -E '^ *opencl' | while read -r l; do note "device: $l"; done
sed -n '/^### spikecodec devices:/,/^### spikecodec devices: exit/p' "$OUT/devices.txt" | grep -E '^ *opencl' | grep -q 'NVIDIA' \
  && note "spikecodec sees an NVIDIA device" || note "spikecodec sees NO NVIDIA device"

# ---- equivalence: the .spk written on opencl must equal the cpu one, byte for byte, and so must the decoded images
eq="$OUT/equivalence.txt"
echo "photo: $photo" >> "$eq"
pass=0 fail=0
compare() {  # compare LABEL A B
  if ! [ -s "$2" ] || ! [ -s "$3" ]; then fail=$((fail + 1)); note "FAIL  $1: an output is missing (see the step above)"
  elif cmp "$2" "$3" >> "$eq" 2>&1; then pass=$((pass + 1)); note "SAME  $1 ($(stat -c %s "$2") bytes)"
  else fail=$((fail + 1)); note "DIFF  $1: $(cmp "$2" "$3" 2>&1 | head -n 1)"; fi
}
for t in dwt rif pixels; do
  for b in cpu opencl; do
    step "encode $t on $b" 90 "$eq" "${sc[@]}" encode "$photo" -o "$work/$t-$b.spk" --transform "$t" --backend "$b"
  done
  compare "encode $t cpu vs opencl" "$work/$t-cpu.spk" "$work/$t-opencl.spk"
  for b in cpu opencl; do
    step "decode $t on $b" 90 "$eq" "${sc[@]}" decode "$work/$t-cpu.spk" -o "$work/$t-$b.png" --backend "$b"
  done
  compare "decode $t cpu vs opencl" "$work/$t-cpu.png" "$work/$t-opencl.png"
done
# The rate search runs the quantiser many times on the backend: one more, different, path.
for b in cpu opencl; do step "encode dwt --bpp 1 on $b" 90 "$eq" "${sc[@]}" encode "$photo" -o "$work/bpp-$b.spk" --bpp 1 --backend "$b"; done
compare "encode dwt --bpp 1 cpu vs opencl" "$work/bpp-cpu.spk" "$work/bpp-opencl.spk"
note "equivalence: $pass same, $fail different or missing; opencl ran on: $(grep -m1 -o 'backend opencl[^;]*' "$eq" || echo '?')"

# ---- the CUDA image, run as a user would (docker/Dockerfile.cuda): only where Docker runs, has the NVIDIA runtime
# and has the image (no registry is assumed reachable, so it is not built here). Its 'devices' must list the NVIDIA
# OpenCL device, and its 'evaluate' runs the CNN with --device cuda.
image="${CUDA_IMAGE:-spikecodec:cuda}"
if ! command -v docker >/dev/null || ! timeout 20 docker info >/dev/null 2>&1; then
  note "SKIP  docker smoke test of $image: no Docker engine here"
elif ! timeout 20 docker info 2>/dev/null | grep -qi nvidia && ! command -v nvidia-container-cli >/dev/null; then
  note "SKIP  docker smoke test of $image: Docker has no NVIDIA runtime (NVIDIA Container Toolkit)"
elif ! docker image inspect "$image" >/dev/null 2>&1; then
  note "SKIP  docker smoke test of $image: no such image (DOCKER_BUILDKIT=1 docker build -f docker/Dockerfile.cuda -t $image .)"
else
  step "docker smoke test of $image" 240 "$OUT/docker.txt" \
    env RUN_ARGS="--gpus all" EXPECT_DEVICE=NVIDIA EVAL_ARGS="--device cuda" bash "$root/docker/smoke-test.sh" "$image"
fi

# ---- bench: whatever time is left, less a margin for the summary (it compares every result with cpu itself)
step "spikecodec bench" $(( $(left) - 15 )) "$OUT/bench.txt" "${sc[@]}" bench --backends cpu,opencl --sizes "$sizes" \
  --repeat "$repeat" --image "$photo" --json "$OUT/bench.json" --plot "$OUT/bench.png"
[ -s "$OUT/bench.json" ] || note "no bench.json (the bench failed or ran out of time; see bench.txt)"

note "done in $(( $(date +%s) - start )) s; files in $OUT: $(cd "$OUT" && ls | tr '\n' ' ')"
chmod a+r "$OUT"/* 2>/dev/null   # the bench writes its JSON owner-only; whoever fetches $OUT may be someone else
echo; echo "===== summary"; cat "$summary"
rm -rf "$work"
