#!/bin/sh
# Codec throughput of spikecodec against libjpeg-turbo (tjbench, cjpeg, djpeg) on the same >= 4 MP photo,
# in one run. Needs libjpeg-turbo-progs and libjxl-testdata (for the default photo).
#   bench/run-throughput.sh [--reps N] [--warmup N] [--bpp X] [--image PATH] [--tjbench-seconds S] [--rounds N]
# JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/run-throughput.sh   runs it on another JVM.
# SKIP_BUILD=1 skips the Maven build.
# The JVM gets --add-modules jdk.incubator.vector when it has the module, as ./spikecodec gives it to bench (and as a
# long-running JVM should have it): this measures a warm JVM, where the cpu backend's Vector-API LIF kernels (Java 21+)
# are compiled.
# VECTOR=0 leaves the module out (the scalar kernels, as a cold ./spikecodec encode runs).
# The JVM runs the launcher's garbage collector (ParallelGC) and common-pool size (one worker per core); before
# 2026-12-01 the harness ran the JVM's defaults (G1, one worker less than the cores).
set -eu
cd "$(dirname "$0")/.."
# package, not install: the class path in bench/target/cp.txt points at the reactor's own jars, and ~/.m2 stays as it was.
if [ -z "${SKIP_BUILD:-}" ]; then mvn -q -o -B -DskipTests -pl bench -am package; fi
java="${JAVA:-java}"
. bench/preload-jsig.sh
vector=""
if [ "${VECTOR:-1}" != 0 ] && "$java" --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then vector="--add-modules=jdk.incubator.vector"; fi
# The launcher's collector and common-pool size (./spikecodec runs -XX:+UseParallelGC and a worker per core), so that
# the harness times what users run.
exec "$java" -XX:+UseParallelGC "-Djava.util.concurrent.ForkJoinPool.common.parallelism=$(nproc)" $vector -cp "bench/target/classes:$(cat bench/target/cp.txt)" org.spikecodec.bench.CodecThroughput "$@"
