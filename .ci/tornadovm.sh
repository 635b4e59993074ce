#!/usr/bin/env bash
# CI for the TornadoVM backend (issue 16): TornadoVM built from ../shared/tornadovm (or the build cached from an earlier
# run), then the tornadovm module's tests on PoCL in TornadoVM's JVM (JDK 25, its argfile, libjsig preloaded by the
# root pom's signal-chaining profile), then the launcher with --backend tornadovm. Skipped, with a notice, when the
# TornadoVM source or a JDK 25 is missing. About 2 minutes to build TornadoVM, 1 to 3 for the tests on 2 busy cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS
notice() { printf '\n**** NOTICE: %s ****\n\n' "$*" >&2; }

shared=$(cd .. && pwd)/shared/tornadovm
tarball="$shared/TornadoVM-v5.2.0-jdk25.tar.gz"
if [ ! -f "$tarball" ] || [ ! -f "$shared/build-tornadovm.sh" ]; then
  notice "TornadoVM backend NOT TESTED: $shared (TornadoVM's source and build script) is missing here"
  exit 0
fi
jdk25=""
for j in ${JAVA_HOME_25:-} /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  if [ -x "$j/bin/javac" ] && [ -f "$j/release" ] && grep -q '^JAVA_VERSION="2[5-9]' "$j/release"; then jdk25=$j; break; fi
done
if [ -z "$jdk25" ]; then
  notice "TornadoVM backend NOT TESTED: no JDK 25 here (TornadoVM 5.2.0-jdk25 needs one; e.g. Temurin 25)"
  exit 0
fi

# The build, cached by the hash of what it is made from; reused while its SDK and the jars it installed in ~/.m2 are there.
key=$(cat "$tarball" "$shared/build-tornadovm.sh" | sha256sum | cut -c1-16)
cache="${SPIKECODEC_TORNADOVM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spikecodec/tornadovm}/$key"
api_jar="$HOME/.m2/repository/io/github/beehive-lab/tornado-api/5.2.0-jdk25/tornado-api-5.2.0-jdk25.jar"
setvars="$cache/TornadoVM-5.2.0-jdk25/setvars.sh"
if [ -f "$cache/built" ] && [ -f "$setvars" ] && [ -f "$api_jar" ]; then
  echo "TornadoVM: reusing the build in $cache"
else
  echo "TornadoVM: building from $tarball into $cache (about 2 minutes)"
  rm -rf "$cache"; mkdir -p "$cache"
  JAVA_HOME_25=$jdk25 bash "$shared/build-tornadovm.sh" "$cache" > "$cache/build.log" 2>&1 \
    || { tail -n 40 "$cache/build.log" >&2; echo "TornadoVM build failed (log: $cache/build.log)" >&2; exit 1; }
  touch "$cache/built"
fi
echo "TornadoVM ready after $((SECONDS - start)) s"
# shellcheck disable=SC1090
source "$setvars"          # JAVA_HOME (the JDK 25) and TORNADOVM_HOME
export JAVA_HOME="$jdk25"
export POCL_CACHE_DIR="${POCL_CACHE_DIR:-${TMPDIR:-/tmp}/pocl-cache}"
mkdir -p "$POCL_CACHE_DIR"
"$TORNADOVM_HOME/bin/tornado" --devices 2>/dev/null | head -n 20 || true

# The module's tests (the root pom's 'tornadovm' profile adds the module on JDK 25 with TORNADOVM_HOME set); the modules it
# depends on are compiled again on JDK 25, their tests not run.
tests=$SECONDS
mvn -B -pl tornadovm -am test -Dtest='TornadoVm*,SpkIdentity*' -Dsurefire.failIfNoSpecifiedTests=false
echo "tornadovm tests: $((SECONDS - tests)) s"

# The launcher as a user with TornadoVM installed runs it: devices lists TornadoVM's, and a file written through it is
# the cpu backend's.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./spikecodec devices | tee "$out/devices.txt"
grep -q '^tornadovm:' "$out/devices.txt" || { echo "spikecodec devices lists no TornadoVM device" >&2; exit 1; }
./spikecodec encode data/photos/astronaut.png -o "$out/cpu.spk" --bpp 0.5 --backend cpu >/dev/null
./spikecodec encode data/photos/astronaut.png -o "$out/tvm.spk" --bpp 0.5 --backend tornadovm >/dev/null
cmp "$out/cpu.spk" "$out/tvm.spk" || { echo ".spk written through TornadoVM differs from the cpu backend's" >&2; exit 1; }
echo "TornadoVM: .spk through --backend tornadovm identical to cpu's ($(stat -c %s "$out/cpu.spk") bytes)"
echo "TornadoVM CI: $((SECONDS - start)) s"
