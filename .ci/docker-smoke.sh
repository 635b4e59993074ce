#!/usr/bin/env bash
# CI: build the CPU image (docker/Dockerfile) and run it as a user would (docker/smoke-test.sh), on a Docker engine of
# its own: a dockerd started here on a fresh data folder and socket, no bridge network and no iptables rules (builds
# use the host's network, the tested containers none), stopped by PID at the end whatever happens.
# No image registry is reachable from CI, so the images the Dockerfile starts FROM are made here:
#   debian:bookworm-slim   a Debian 12 minbase made by mmdebstrap from the Debian mirror, with the settings of the
#                          official slim image (no docs, man pages or locales; dpkg's unsafe-io), imported;
#   maven:3.9-eclipse-temurin-17 (the Maven build stage) is not needed: Maven in a container cannot reach its
#                          registry over TLS here, so the image takes the jar built on the host (--build-arg
#                          JAR=prebuilt), the one './spikecodec' builds, and BuildKit skips the Maven stage.
# Needs root (it installs docker.io and mmdebstrap with apt when missing). Where the kernel cannot run containers it
# says so and skips; an engine that does not start otherwise is a failure. DEBIAN_MIRROR overrides the mirror.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
say() { echo "docker-smoke: $*"; }
fail() { echo "docker-smoke: FAIL: $*" >&2; exit 1; }

# Containers need namespaces (and root to make them, here); without them there is nothing to test.
if ! unshare --mount --pid --net --uts --ipc --fork true 2>/dev/null; then
  echo "##### docker-smoke: SKIPPED: this kernel (or user) cannot make the namespaces containers need" \
       "(unshare --mount --pid --net --uts --ipc failed); the images were not built or tested #####"
  exit 0
fi
need=()
[ -x /usr/bin/docker ] && command -v dockerd >/dev/null || need+=(docker.io)
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
fi
# Debian's client (with BuildKit built in), not a static one earlier on PATH that may lack buildx.
docker=/usr/bin/docker
export DOCKER_BUILDKIT=1

state=$(mktemp -d /var/tmp/spikecodec-docker.XXXXXX)
export DOCKER_HOST="unix://$state/docker.sock"
pid=
cleanup() {
  set +e
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { say "dockerd $pid did not stop in 30 s; killing it"; kill -9 "$pid"; }
  fi
  # Whatever the engine left mounted under its folders (it unmounts them itself when it stops cleanly).
  grep -o " $state/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l
  rm -rf "$state" docker/prebuilt
}
trap cleanup EXIT

say "starting dockerd on $state"
dockerd --data-root "$state/data" --exec-root "$state/exec" --pidfile "$state/dockerd.pid" --host "$DOCKER_HOST" \
  --bridge=none --iptables=false --ip6tables=false > "$state/dockerd.log" 2>&1 &
pid=$!
for _ in $(seq 60); do
  $docker version > /dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -n 20 "$state/dockerd.log" >&2; fail "dockerd exited at start (log above)"; }
  sleep 0.5
done
$docker version > /dev/null 2>&1 || { tail -n 20 "$state/dockerd.log" >&2; fail "dockerd did not answer on $DOCKER_HOST in 30 s"; }
say "dockerd $pid up ($($docker version --format '{{.Server.Version}}'), $($docker info --format '{{.Driver}}')) after $((SECONDS - start)) s"

t=$SECONDS
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The base's tarball is kept for a week (1 to 5 minutes to make, by load): a later run on this machine imports it.
# DOCKER_SMOKE_FRESH_BASE=1 makes it again.
cache="${XDG_CACHE_HOME:-$HOME/.cache}/spikecodec/docker-base-bookworm-minbase.tar"
if [ "${DOCKER_SMOKE_FRESH_BASE:-0}" != 1 ] && [ -n "$(find "$cache" -mtime -7 2>/dev/null)" ]; then
  say "base image debian:bookworm-slim from $cache (made $(date -r "$cache" +%F))"
else
  say "base image debian:bookworm-slim from $mirror (mmdebstrap)"
  mkdir -p "$(dirname "$cache")"
  mmdebstrap --quiet --variant=minbase --mode=root --format=tar \
    --dpkgopt=force-unsafe-io \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --aptopt='Acquire::Languages "none"' \
    bookworm "$cache.tmp" \
    "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
    "deb ${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main"
  mv -f "$cache.tmp" "$cache"
fi
$docker import "$cache" debian:bookworm-slim > /dev/null
say "base image in $((SECONDS - t)) s"

t=$SECONDS
./spikecodec --version > /dev/null   # builds (or rebuilds) cli/target/spikecodec.jar when a source is newer
mkdir -p docker/prebuilt
cp cli/target/spikecodec.jar docker/prebuilt/spikecodec.jar
say "building spikecodec:ci (docker/Dockerfile, JAR=prebuilt)"
$docker build --network host -f docker/Dockerfile --build-arg JAR=prebuilt -t spikecodec:ci . > "$state/build.log" 2>&1 \
  || { tail -n 40 "$state/build.log" >&2; fail "docker build (log above)"; }
grep -E 'SlimJar:|jdeps:' "$state/build.log" | sed 's/^#[0-9]* [0-9.]* /  /'
say "image built in $((SECONDS - t)) s"
$docker image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'spikecodec|debian'

DOCKER=$docker EXPECT_MODERN_CODECS=1 bash docker/smoke-test.sh spikecodec:ci
say "OK in $((SECONDS - start)) s"
