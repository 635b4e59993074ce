#!/usr/bin/env python3
"""Markdown tables from evaluation outputs (summary.json, critical.csv of `spikecodec evaluate`), for docs/evaluation.md.

usage: summarize.py LABEL=DIR [LABEL=DIR ...]

For each DIR: the breaking points at 1, 5 and 50 points with their intervals (as the evaluator computed them), the
distribution of the per-image critical bitrates with a 95% interval on the median (distribution-free, from the
binomial order statistics), and paired comparisons of spike-dwt against each other codec on the same images (how
often it keeps the class at a lower rate, and the median ratio of the critical bitrates). Only the standard library.
"""
import csv
import json
import math
import os
import sys
from collections import defaultdict


def median_ci(values, level=0.95):
    """Median and a distribution-free interval: order statistics j, k with P(j <= rank of median < k) >= level."""
    v = sorted(values)
    n = len(v)
    if n == 0:
        return float('nan'), float('nan'), float('nan')
    med = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    # binomial(n, 1/2) cdf
    cdf, acc = [], 0.0
    for i in range(n + 1):
        acc += math.comb(n, i) / 2 ** n
        cdf.append(acc)
    alpha = (1 - level) / 2
    j = max([i for i in range(n + 1) if cdf[i] <= alpha] or [0])
    k = min([i for i in range(n + 1) if cdf[i] >= 1 - alpha] or [n])
    lo = v[max(0, j - 1)] if j > 0 else v[0]
    hi = v[min(n - 1, k)]
    return med, lo, hi


def fmt(x):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return 'n/a'
    return f'{x:.3g}'


def breaking(summary):
    rows = defaultdict(dict)
    for b in summary['breakingPoints']:
        lo, hi = b['ci95']
        if b['bpp'] is None:
            cell = 'n/a'
        elif b['censored'] == 'below':
            cell = f"< {fmt(b['bpp'])}"
        elif b['censored'] == 'above':
            cell = f"> {fmt(b['bpp'])}"
        else:
            cell = f"{fmt(b['bpp'])} [{fmt(lo)}, {fmt(hi)}]"
        rows[b['codec']][b['tolerancePoints']] = cell
    return rows


def critical(path):
    per = defaultdict(dict)
    with open(path) as f:
        for r in csv.DictReader(f):
            v = float(r['critical_bpp'])
            if math.isfinite(v):
                per[r['codec']][r['image']] = (v, r['censored'])
    return per


def main(args):
    for arg in args:
        label, d = arg.split('=', 1)
        s = json.load(open(os.path.join(d, 'summary.json')))
        run = s['run']
        clean = s['cleanAccuracy']
        print(f"### {label}\n")
        print(f"{run.get('model')}; images: {run.get('images')}; clean score {100 * clean['value']:.1f}% ({s['correctMeans']}); "
              f"mean probability of the original class on the originals {fmt(s.get('cleanReferenceProbability'))}.\n")
        print('| codec | within 1 point | within 5 points | within 50 points |')
        print('|---|---|---|---|')
        bp = breaking(s)
        for codec, cells in bp.items():
            print(f"| {codec} | {cells.get(1.0, '')} | {cells.get(5.0, '')} | {cells.get(50.0, '')} |")
        print()
        per = critical(os.path.join(d, 'critical.csv'))
        order = list(bp.keys())  # the report's codec order
        per = {c: per[c] for c in sorted(per, key=lambda c: order.index(c) if c in order else len(order))}
        print('| codec | critical bitrate: median [95% CI] | quartiles | keeps its class at the lowest rate | loses it at the highest |')
        print('|---|---|---|---|---|')
        for codec, imgs in per.items():
            vals = [v for v, _ in imgs.values()]
            med, lo, hi = median_ci(vals)
            vs = sorted(vals)
            q1, q3 = vs[len(vs) // 4], vs[(3 * len(vs)) // 4]
            below = sum(1 for _, c in imgs.values() if c == 'below')
            above = sum(1 for _, c in imgs.values() if c == 'above')
            print(f'| {codec} | {fmt(med)} [{fmt(lo)}, {fmt(hi)}] | {fmt(q1)} to {fmt(q3)} | {below} | {above} |')
        print()
        if 'spike-dwt' in per:
            print('| spike-dwt against | images | spike-dwt lower | within 2% | higher | undetermined (censored) | median ratio spike-dwt / other |')
            print('|---|---|---|---|---|---|---|')
            mine = per['spike-dwt']
            for codec, imgs in per.items():
                if codec == 'spike-dwt':
                    continue
                common = [i for i in mine if i in imgs]
                lower = higher = same = unknown = 0
                for i in common:
                    (a, ca), (b, cb) = mine[i], imgs[i]
                    # "below": kept the class at the lowest rate reached, so the true value is at most that;
                    # "above": lost it at the highest, so the true value is more. Only a strict order is counted.
                    if a < b * 0.98:
                        if cb == 'below' or ca == 'above': unknown += 1
                        else: lower += 1
                    elif a > b * 1.02:
                        if ca == 'below' or cb == 'above': unknown += 1
                        else: higher += 1
                    else:
                        same += 1
                ratios = sorted(mine[i][0] / imgs[i][0] for i in common if imgs[i][0] > 0)
                med = ratios[len(ratios) // 2] if ratios else float('nan')
                print(f'| {codec} | {len(common)} | {lower} | {same} | {higher} | {unknown} | {fmt(med)} |')
            print()


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
