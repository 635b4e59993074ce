#!/usr/bin/env bash
# Builds .device-bundle/: everything a GPU session's device machine needs to run bench/gpu/run-device-checks.sh.
# That machine has CUDA and the NVIDIA driver but no Java, no Maven, no network, and the device tool carries at most
# 64 MiB of ignored files to it. The shaded jar alone is 106 MB (ONNX Runtime's natives for five platforms), so:
#   runtime.tar.xz   a jlink'ed Java runtime (only the modules the CLI uses), xz-compressed (unpacked there)
#   spikecodec.jar   the shaded CLI jar minus every native library that is not linux-x86_64
#   lib/libOpenCL.so.1  Debian's OpenCL ICD loader (ocl-icd), in case the machine has none
#   bin/clinfo       Debian's clinfo, to list the OpenCL platforms independently of Java
#   (in the runtime) DejaVu Sans and a fontconfig.properties, so that the bench's plot works without system fonts
#   MANIFEST.txt     versions, sizes and sha256 of the above
# Usage: bash bench/gpu/make-device-bundle.sh        (SKIP_BUILD=1 reuses cli/target/spikecodec.jar)
# Needs here: Maven, a JDK 21+ with jlink (default Temurin 25), zip, xz, apt-get download (Debian packages).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/.device-bundle"
jdk="${JLINK_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# Pinned Debian 12 (bookworm) packages. Both need glibc >= 2.34 (Ubuntu 22.04 and later have it).
ocl_icd_pkg="ocl-icd-libopencl1=2.3.1-1"
clinfo_pkg="clinfo=3.0.23.01.25-1"
fonts_pkg="fonts-dejavu-core=2.37-6"
# Modules that must be there whatever jdeps says: the Vector API (incubator, found only through --add-modules),
# ImageIO/JFreeChart (java.desktop), JOCL's and JMH's logging, Unsafe users, the bench's ManagementFactory.
must_modules="jdk.incubator.vector,java.desktop,java.logging,jdk.unsupported,java.management"
limit_bytes=$((60 * 1024 * 1024))   # the device tool carries 64 MiB in all; keep a margin

[ -x "$jdk/bin/jlink" ] || { echo "make-device-bundle: no jlink in $jdk (set JLINK_JDK to a JDK 21+)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== building the CLI jar (mvn -pl cli -am package)"
  (cd "$root" && mvn -q -B -DskipTests -pl cli -am package)
fi
jar="$root/cli/target/spikecodec.jar"
[ -f "$jar" ] || { echo "make-device-bundle: $jar is missing" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/lib" "$out/bin"

echo "== slim jar: dropping natives for other platforms"
# Keeping ONNX Runtime's linux-x64 CPU natives (about 6 MB compressed) keeps 'evaluate'/'bench --model' usable on the
# CPU there. The CUDA build (onnxruntime_gpu 1.20.0) cannot fit: its linux-x64 libonnxruntime_providers_cuda.so
# alone is 244 MB compressed in the jar.
cp "$jar" "$out/spikecodec.jar"
zip -q -d "$out/spikecodec.jar" \
  'ai/onnxruntime/native/osx-*' 'ai/onnxruntime/native/win-*' 'ai/onnxruntime/native/linux-aarch64/*' \
  'lib/JOCL_*-windows-*' 'lib/libJOCL_*-apple-*' 'lib/libJOCL_*-linux-arm64*' \
  'org/jline/nativ/Windows/*' 'org/jline/nativ/Mac/*' 'org/jline/nativ/FreeBSD/*' \
  'org/jline/nativ/Linux/arm*' 'org/jline/nativ/Linux/ppc64/*' 'org/jline/nativ/Linux/x86/*'
unzip -l "$out/spikecodec.jar" | grep -c 'lib/libJOCL_.*-linux-x86_64.so' >/dev/null || { echo "make-device-bundle: JOCL's linux-x86_64 native went missing" >&2; exit 1; }

echo "== modules the jar uses (jdeps)"
# jdeps on the unpacked jar (a plain class folder): on the shaded jar itself it takes the manifest's
# Automatic-Module-Name for a module and reports nothing useful.
mkdir "$tmp/classes"
# (unzip exits 11 when an exclusion matches nothing; the class check below is what matters.)
(cd "$tmp/classes" && unzip -q "$out/spikecodec.jar" -x 'META-INF/versions/*') || true
[ -f "$tmp/classes/org/spikecodec/cli/SpikecodecCli.class" ] || { echo "make-device-bundle: could not unpack the jar" >&2; exit 1; }
found=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release base "$tmp/classes")
modules=$(printf '%s,%s\n' "$found" "$must_modules" | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd, -)
echo "   jdeps: $found"
echo "   linked: $modules"

echo "== jlink runtime ($("$jdk/bin/java" -version 2>&1 | head -n1))"
# --compress zip-0 on purpose: the image is xz-compressed as a whole below, which gives 22 MB against 36 MB for a
# zip-6 image (whose compressed resources xz cannot shrink further). The machine unpacks it in about a second.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress zip-0 \
  --output "$tmp/runtime" 2>&1 | grep -v 'Using incubator modules' || true
[ -x "$tmp/runtime/bin/java" ] || { echo "make-device-bundle: jlink produced no bin/java" >&2; exit 1; }

echo "== Debian packages: $ocl_icd_pkg, $clinfo_pkg, $fonts_pkg"
mkdir "$tmp/deb"
(cd "$tmp/deb" && apt-get download "$ocl_icd_pkg" "$clinfo_pkg" "$fonts_pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
for d in "$tmp"/deb/*.deb; do dpkg -x "$d" "$tmp/deb/x"; done
# OpenCL ICD loader and clinfo. Copies, not symlinks: the device tool does not promise to carry links. JOCL
# dlopens libOpenCL.so then libOpenCL.so.1 by name, so this file on LD_LIBRARY_PATH is all it needs.
cp -L "$tmp/deb/x/usr/lib/x86_64-linux-gnu/libOpenCL.so.1" "$out/lib/libOpenCL.so.1"
cp -L "$tmp/deb/x/usr/bin/clinfo" "$out/bin/clinfo"
# Fonts inside the runtime: the bench's plot (JFreeChart) draws text, and a bare CUDA image usually has neither
# fontconfig nor fonts ("Fontconfig head is null"). The JDK falls back to lib/fontconfig.properties when
# libfontconfig gives nothing; $JRE_LIB_FONTS there is the runtime's own lib/fonts.
mkdir -p "$tmp/runtime/lib/fonts"
cp "$tmp/deb/x/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" "$tmp/deb/x/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf" "$tmp/runtime/lib/fonts/"
{
  echo "# Only used where libfontconfig finds no fonts (make-device-bundle.sh): every logical font is DejaVu Sans."
  echo "version=1"
  for l in serif sansserif monospaced dialog dialoginput; do
    for st in plain bold italic bolditalic; do
      case $st in bold*) f="DejaVu Sans Bold" ;; *) f="DejaVu Sans" ;; esac
      echo "$l.$st.latin-1=$f"
    done
  done
  echo "sequence.allfonts=latin-1"
  echo 'filename.DejaVu_Sans=$JRE_LIB_FONTS/DejaVuSans.ttf'
  echo 'filename.DejaVu_Sans_Bold=$JRE_LIB_FONTS/DejaVuSans-Bold.ttf'
} > "$tmp/runtime/lib/fontconfig.properties"
tar -C "$tmp/runtime" -cf - . | xz -9 -T2 > "$out/runtime.tar.xz"

echo "== self-test of the bundle"
mkdir "$tmp/rt"
tar -C "$tmp/rt" -xJf "$out/runtime.tar.xz"
"$tmp/rt/bin/java" --add-modules=jdk.incubator.vector -jar "$out/spikecodec.jar" --version 2>&1 | grep -v 'Using incubator modules'
LD_LIBRARY_PATH="$out/lib" ldd "$out/bin/clinfo" | grep -E 'OpenCL|not found' || true

{
  echo "spikecodec device bundle, made $(date -u +%Y-%m-%dT%H:%MZ) from git $(cd "$root" && git rev-parse --short HEAD)$([ -z "$(cd "$root" && git status --porcelain)" ] || echo ' plus uncommitted changes')"
  echo "runtime: $("$tmp/rt/bin/java" -version 2>&1 | sed -n 2p); modules: $modules"
  echo "debian: $ocl_icd_pkg $clinfo_pkg (both need glibc >= 2.34) $fonts_pkg"
  echo
  (cd "$out" && find . -type f ! -name MANIFEST.txt | sort | while read -r f; do
     printf '%10d  %s  %s\n' "$(stat -c %s "$f")" "$(sha256sum "$f" | cut -c1-16)" "$f"; done)
} > "$out/MANIFEST.txt"
cat "$out/MANIFEST.txt"

# The 64 MiB the device tool carries include the working tree (tracked and untracked-not-ignored files) too.
bundle=$(du -sb "$out" | cut -f1)
tree=$(cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 stat -c %s 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
awk -v b="$bundle" -v t="$tree" -v l="$limit_bytes" 'BEGIN {
  printf "== bundle %.1f MiB + working tree %.1f MiB = %.1f MiB (limit %.0f MiB)\n", b / 1048576, t / 1048576, (b + t) / 1048576, l / 1048576 }'
[ $((bundle + tree)) -le "$limit_bytes" ] || { echo "make-device-bundle: bundle too big for the device tool" >&2; exit 1; }
echo "carry it with: command 'bash bench/gpu/run-device-checks.sh', carry [\".device-bundle\"], timeout_s 540"
