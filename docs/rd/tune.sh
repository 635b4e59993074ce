#!/usr/bin/env bash
# Step 4 of docs/rate-distortion.md: which dwt encoder settings close the gap to JPEG 2000.
# Runs measure.sh for dwt only with one setting changed at a time; writes docs/rd/tuning.csv.
# Usage (repository root): docs/rd/tune.sh   (COLOUR_PHOTO, GREY_PHOTO, RATES override)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=${OUT:-docs/rd/tuning.csv}
cp=${COLOUR_PHOTO:-astronaut}; gp=${GREY_PHOTO:-camera}
export RATES=${RATES:-"0.1 0.25 0.5 1"} CODECS=dwt OUT=$out
rm -f "$out"
# chroma weighting (colour photo only; RGB PSNR)
for g in 0.5 0.6 0.7 0.8 0.9 1.0; do PHOTOS=$cp EXTRA="--chroma-gain $g" docs/rd/measure.sh; done
# decoder read-out and LIF cell shape (T/tau), on both photos
PHOTOS=$gp EXTRA="" docs/rd/measure.sh   # baseline for the grey photo
for p in $cp $gp; do
  PHOTOS=$p EXTRA="--reconstruction centroid" docs/rd/measure.sh
  for tau in 25 200 1000; do PHOTOS=$p EXTRA="--tau $tau" docs/rd/measure.sh; done
  PHOTOS=$p EXTRA="--levels 6" docs/rd/measure.sh
done
# second round, after the first showed chroma gain < 1 does not help and tau 1000 does
for g in 1.2 1.5; do PHOTOS=$cp EXTRA="--chroma-gain $g" docs/rd/measure.sh; done
PHOTOS="$cp $gp" EXTRA="--tau 10000" docs/rd/measure.sh
PHOTOS=$cp EXTRA="--tau 1000 --chroma-gain 0.9" docs/rd/measure.sh
PHOTOS="chelsea bliznaca coffee" EXTRA="--tau 1000" docs/rd/measure.sh
