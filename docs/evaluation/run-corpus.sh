#!/usr/bin/env bash
# The full-corpus evaluation of docs/evaluation.md: both built-in ImageNet models judge the same encodings of all 169
# corpus photos (each at its own resolution) by every photo-suite codec at the 12 default rates, then the confident
# subset (each model's photos with top-1 probability >= 0.5) is re-aggregated from the same journal without encoding
# anything again, and summarize.py prints the tables.
#
# usage (from the repository root, after `sudo data/corpus/fetch-photos.sh`):
#   docs/evaluation/run-corpus.sh [OUT]        (default /tmp/eval-corpus; resumable: run it again after an interruption)
# Measured here: several hours on 2 cores (the large wallpapers dominate; AVIF and JPEG XL are the slowest encoders).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out=${1:-/tmp/eval-corpus}
cd "$root"
./spikecodec evaluate --model mobilenetv2,squeezenet --min-confidence 0 --limit 0 --resume --out "$out/all"
rm -rf "$out/confident" && cp -r "$out/all" "$out/confident"
./spikecodec evaluate --model mobilenetv2,squeezenet --min-confidence 0.5 --limit 0 --resume --out "$out/confident"
python3 docs/evaluation/summarize.py "mobilenetv2, all photos=$out/all/mobilenetv2" "mobilenetv2, confident photos=$out/confident/mobilenetv2" \
  "squeezenet, all photos=$out/all/squeezenet" "squeezenet, confident photos=$out/confident/squeezenet"
echo "to refresh docs/evaluation.md: python3 docs/evaluation/fill-page.py $out/all $out/confident data/corpus/photos/manifest.csv 'STATUS' darknet-dog.jpg" >&2
