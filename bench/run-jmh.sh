#!/bin/sh
# JMH microbenchmarks of the kernels (lifThreshold, lifReadout, DWT forward/inverse, separable blur, and the LIF job:
# time-stepped integration of a 768x512 RGB photo, lifJobIntegrate, beside lifJobThreshold and lifJobCopy), each beside
# a memory copy of the same bytes on the same backend. They live in the module bench/jmh (nothing depends on it, so
# the application jar carries no JMH). Arguments go to JMH (org.openjdk.jmh.Main), e.g.
#   bench/run-jmh.sh                                   # every benchmark, size 1024, cpu, JMH defaults (long)
#   bench/run-jmh.sh -f 1 -wi 2 -i 3 -r 1s -p size=256,1024,2048 -p backend=cpu
#   bench/run-jmh.sh 'KernelBenchmarks\.(lif|copy)' -f 1 -wi 2 -i 3 -r 1s -p backend=opencl
#   bench/run-jmh.sh 'KernelBenchmarks\.(lifThreshold|copy)' -f 1 -wi 2 -i 3 -r 1s -p impl=scalar,vector   # cpu LIF paths
#   bench/run-jmh.sh 'KernelBenchmarks\.(lifThreshold|copy)' -f 1 -wi 2 -i 3 -r 1s -p impl=vector -p threads=1   # one thread, as copy
#   bench/run-jmh.sh 'KernelBenchmarks\.lifJob' -f 1 -wi 3 -w 1s -i 5 -r 1s -p impl=scalar,vector -p steps=32,128   # the LIF job
#   JAVA=$JAVA_HOME/bin/java bench/run-jmh.sh 'KernelBenchmarks\.(lifThreshold|dwtForward|copy)' -f 1 -wi 2 -i 3 -r 1s -p backend=cpu,opencl,tornadovm
#                                                      # beside TornadoVM (JAVA_HOME a JDK 25, TORNADOVM_HOME its SDK)
#   bench/run-jmh.sh -l                                # list the benchmarks
# The JVM gets --add-modules jdk.incubator.vector when it has the module (so impl=vector works; impl=auto takes the
# Vector API on Java 21+ only, as ./spikecodec does); JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java for Java 25.
# SKIP_BUILD=1 skips the Maven build (bench/jmh and the modules it needs, packaged in their target/ folders, nothing
# installed); JAVA=... picks another JVM. POCL_CACHE_DIR defaults to /tmp/pocl-cache.
set -eu
cd "$(dirname "$0")/.."
if [ -z "${SKIP_BUILD:-}" ]; then mvn -q -o -B -DskipTests -pl bench/jmh -am package; fi
export POCL_CACHE_DIR="${POCL_CACHE_DIR:-/tmp/pocl-cache}"
java="${JAVA:-java}"
. bench/preload-jsig.sh   # JMH forks inherit the environment
vector=""
if "$java" --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then vector="--add-modules=jdk.incubator.vector"; fi
# The TornadoVM backend (-p backend=tornadovm): with TORNADOVM_HOME set, the tornadovm module (built with JAVA_HOME, a
# JDK 25) joins the class path and the JVM runs with TornadoVM's argfile (JAVA must be that JDK 25's java).
tvm_cp="" tvm_args=""
case " $* " in
  *tornadovm*)
    [ -f "${TORNADOVM_HOME:-}/tornado-argfile" ] || { echo "run-jmh.sh: backend tornadovm needs TORNADOVM_HOME (a TornadoVM SDK)" >&2; exit 2; }
    if [ -z "${SKIP_BUILD:-}" ]; then mvn -q -o -B -DskipTests -pl tornadovm -am package; fi
    tvm_cp=":tornadovm/target/classes" tvm_args="@$TORNADOVM_HOME/tornado-argfile" ;;
esac
# Quiet logging (warnings only), as the CLI: JMH forks inherit these JVM flags.
exec "$java" $tvm_args $vector -Dlogback.configurationFile=bench/jmh/jmh-logback.xml -cp "bench/jmh/target/classes:$(cat bench/jmh/target/cp.txt)$tvm_cp" org.openjdk.jmh.Main "$@"
