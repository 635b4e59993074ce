# Sourced (POSIX sh) by the bench scripts with $java set: preloads that JVM's libjsig.so, HotSpot's signal chaining, as
# ./spikecodec does. Without it spikecodec does not load an OpenCL driver, which would replace the JVM's signal handlers
# (kernels/src/main/java/org/spikecodec/kernels/opencl/SignalChaining.java).
jsig="$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")/lib/libjsig.so"
if [ -f "$jsig" ]; then export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}"; fi
