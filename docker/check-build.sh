#!/bin/sh
# What can be checked of the Dockerfiles without a Docker engine: for docker/Dockerfile and docker/Dockerfile.cuda,
# copy into an empty folder exactly what the build stage COPYs (without target/ folders, as the .dockerignore files
# say), run the build stage's own 'mvn' command there (offline with MVN_OFFLINE=1, the default here), and check that
# the jar the runtime stage copies exists, runs, and (for the CUDA image) carries ONNX Runtime's CUDA provider.
# Where the Dockerfile slims the jar (docker/SlimJar.java: only this platform's natives), it slims it too and runs the
# slim jar. It also checks that the files the later stages COPY from the context exist (the prebuilt stage's jar aside:
# .ci/docker-smoke.sh puts it there), and that the CUDA image registers the NVIDIA OpenCL ICD.
# Usage: docker/check-build.sh [Dockerfile ...]
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
files=${*:-docker/Dockerfile docker/Dockerfile.cuda}
for df in $files; do
  echo "== $df"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # Build stage: from its FROM ... AS build to the next FROM.
  stage=$(awk '/^FROM .* AS build/{on=1; next} /^FROM /{on=0} on' "$df")
  echo "$stage" | awk '/^COPY /{print $2}' | while read -r src; do
    [ -e "$src" ] || { echo "missing in the context: $src"; exit 1; }
    mkdir -p "$work/$(dirname "$src")"
    (tar --exclude='./target' --exclude='*/target' -cf - "$src") | (cd "$work" && tar -xf -)
  done
  mvn_cmd=$(echo "$stage" | awk '/^RUN .*mvn /{sub(/^RUN (--mount=[^ ]+ )*/, ""); print}')
  [ -n "$mvn_cmd" ] || { echo "no mvn command in the build stage of $df"; exit 1; }
  [ "${MVN_OFFLINE:-1}" = 1 ] && mvn_cmd="$mvn_cmd -o"
  echo "   (in $work) $mvn_cmd"
  (cd "$work" && sh -c "$mvn_cmd")
  # The jar the next stages take: a 'COPY --from=build' (or, through the JAR=build|prebuilt alias, '--from=jar').
  jar=$(awk '/^COPY --from=(build|jar) /{print $3; exit}' "$df" | sed 's#^/src/##')
  [ -f "$work/$jar" ] || { echo "the next stage copies $jar, which the build did not produce"; exit 1; }
  if grep -q 'SlimJar.java' "$df"; then java docker/SlimJar.java "$work/$jar"; fi
  java -jar "$work/$jar" --version
  awk '/^FROM .* AS prebuilt/{skip=1; next} /^FROM /{skip=0} !skip && /^COPY / && !/--from=/{for (i = 2; i < NF; i++) if ($i !~ /^--/) print $i}' "$df" | while read -r f; do
    [ -e "$root/$f" ] || { echo "the runtime stage copies $f, which is not in the repository"; exit 1; }
  done
  if grep -q -- '-Pcuda' "$df"; then
    unzip -l "$work/$jar" | grep -q 'libonnxruntime_providers_cuda.so' || { echo "no CUDA provider in the -Pcuda jar"; exit 1; }
    grep -q 'libnvidia-opencl.so.1" > /etc/OpenCL/vendors/nvidia.icd' "$df" || { echo "NVIDIA OpenCL ICD not registered"; exit 1; }
    echo "   CUDA provider library in the jar; NVIDIA OpenCL ICD registered"
  fi
  grep -q '^USER ' "$df" || { echo "no non-root USER in $df"; exit 1; }
  rm -rf "$work"
  trap - EXIT
  echo "   ok: build stage builds $jar"
done
