#!/bin/sh
# The images' entrypoint (/usr/local/bin/spikecodec): runs the application jar on the image's java with
#  - HotSpot's signal chaining: libjsig.so, found beside whichever java is on PATH (a jlink'ed Debian OpenJDK in the
#    CPU image, Temurin in the CUDA image), is preloaded, so that an OpenCL driver loaded in-process (PoCL, NVIDIA's)
#    cannot replace the JVM's signal handlers; without it spikecodec does not load OpenCL at all
#    (kernels/.../opencl/SignalChaining.java says why);
#  - a writable PoCL kernel cache (without one PoCL shows a platform with no device);
#  - SPIKECODEC_JAVA_OPTS, as the ./spikecodec launcher takes them.
set -eu
java=$(command -v java)
home=$(dirname "$(dirname "$(readlink -f "$java")")")
if [ -f "$home/lib/libjsig.so" ]; then
  export LD_PRELOAD="$home/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
else
  echo "spikecodec: no $home/lib/libjsig.so, so no signal chaining: OpenCL will not be loaded" >&2
fi
export POCL_CACHE_DIR="${POCL_CACHE_DIR:-${TMPDIR:-/tmp}/pocl-cache-$(id -u)}"
# shellcheck disable=SC2086  # the options are words
exec "$java" -XX:+UseParallelGC ${SPIKECODEC_JAVA_OPTS:-} -jar /opt/spikecodec/spikecodec.jar "$@"
