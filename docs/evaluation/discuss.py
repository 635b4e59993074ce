#!/usr/bin/env python3
"""The numbers behind the discussion in docs/evaluation.md, from the outputs of `spikecodec evaluate`.

usage: discuss.py MANIFEST.csv LABEL=DIR [LABEL=DIR ...]

For each DIR (records.csv, critical.csv, summary.json of one model):
  - the goal of issue 9: spike-dwt's 1-point breaking point against JPEG's (at least 30% lower) and AVIF's (no
    higher), and the same test on the median per-photo critical bitrate;
  - decisions that flip on near-perfect reconstructions (PSNR >= 45 dB), by codec: how noise-sensitive the network is;
  - lossless originals against JPEG originals: the median critical bitrate of each codec in each group (a JPEG
    original re-encoded by JPEG near its own quality comes back almost bit-exact, which favours JPEG);
  - the photos where spike-dwt keeps the class at the lowest and highest rate relative to JPEG.
Only the standard library.
"""
import csv
import json
import math
import os
import statistics
import sys
from collections import defaultdict


def load(d):
    records = list(csv.DictReader(open(os.path.join(d, 'records.csv'))))
    critical = defaultdict(dict)
    for r in csv.DictReader(open(os.path.join(d, 'critical.csv'))):
        critical[r['image']][r['codec']] = (float(r['critical_bpp']), r['censored'])
    summary = json.load(open(os.path.join(d, 'summary.json')))
    return records, critical, summary


def one_point(summary, codec):
    for b in summary.get('breakingPoints', []):
        if b['codec'] == codec and b['tolerancePoints'] == 1.0:
            return b
    return None


def bp_text(b):
    if b is None:
        return 'n/a'
    v, c = b.get('bpp'), b.get('censored')
    return ('> %.3g' if c == 'above' else '< %.3g' if c == 'below' else '%.3g') % v


def median(xs):
    return statistics.median(xs) if xs else float('nan')


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    manifest = {r['name']: r for r in csv.DictReader(open(sys.argv[1]))}
    for arg in sys.argv[2:]:
        label, d = arg.split('=', 1)
        records, critical, summary = load(d)
        print('### %s (%d photos)\n' % (label, len(critical)))

        # the goal
        s1, j1, a1 = (one_point(summary, c) for c in ('spike-dwt', 'jpeg', 'avif'))
        med = {c: median([v[c][0] for v in critical.values() if c in v]) for c in ('spike-dwt', 'jpeg', 'avif')}
        print('- 1-point breaking point: spike-dwt %s, jpeg %s, avif %s' % (bp_text(s1), bp_text(j1), bp_text(a1)))
        print('- median critical bitrate: spike-dwt %.3g, jpeg %.3g (spike-dwt %+.0f%%), avif %.3g (spike-dwt %+.0f%%)'
              % (med['spike-dwt'], med['jpeg'], 100 * (med['spike-dwt'] / med['jpeg'] - 1), med['avif'],
                 100 * (med['spike-dwt'] / med['avif'] - 1)))

        # near-perfect reconstructions that flip
        hi, flips = defaultdict(int), defaultdict(int)
        for r in records:
            if r['codec'] == 'original' or not math.isfinite(float(r['psnr'])) or float(r['psnr']) < 45:
                continue
            hi[r['codec']] += 1
            flips[r['codec']] += r['correct'] == 'false'
        total_hi, total_flips = sum(hi.values()), sum(flips.values())
        print('- decoded photos at PSNR >= 45 dB whose top-1 class differs from the original\'s: %d of %d (%.1f%%); %s'
              % (total_flips, total_hi, 100 * total_flips / max(1, total_hi),
                 ', '.join('%s %d/%d' % (c, flips[c], hi[c]) for c in hi)))

        # lossless against JPEG originals
        print('\n| originals | photos | ' + ' | '.join(c for c in summary['curves']) + ' | spike-dwt / jpeg, paired median |')
        print('|---|---|' + '---|' * (len(summary['curves']) + 1))
        for name, keep in (('lossless', lambda n: manifest.get(n, {}).get('lossless') == 'yes'),
                           ('JPEG', lambda n: manifest.get(n, {}).get('lossless') == 'no')):
            imgs = [n for n in critical if keep(n)]
            cells = ['%.3g' % median([critical[n][c][0] for n in imgs if c in critical[n]]) for c in summary['curves']]
            ratios = [critical[n]['spike-dwt'][0] / critical[n]['jpeg'][0] for n in imgs
                      if 'spike-dwt' in critical[n] and 'jpeg' in critical[n]]
            print('| %s | %d | %s | %.3g |' % (name, len(imgs), ' | '.join(cells), median(ratios)))

        # where spike-dwt wins and loses against JPEG
        ranked = sorted((math.log(v['spike-dwt'][0] / v['jpeg'][0]), n) for n, v in critical.items()
                        if 'spike-dwt' in v and 'jpeg' in v)
        ref = {r['image']: r['top1_name'] for r in records if r['codec'] == 'original'}

        def show(part):
            return '; '.join('%s (%s, %.3g vs %.3g bpp)' % (n, ref.get(n, '?'), critical[n]['spike-dwt'][0], critical[n]['jpeg'][0])
                             for _, n in part)
        print('\n- spike-dwt lowest relative to JPEG: ' + show(ranked[:5]))
        print('- spike-dwt highest relative to JPEG: ' + show(ranked[-5:][::-1]) + '\n')


if __name__ == '__main__':
    main()
