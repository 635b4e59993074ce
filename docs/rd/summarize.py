#!/usr/bin/env python3
"""Tables and plots from docs/rd/results.csv (written by measure.sh).

Usage (repository root): python3 docs/rd/summarize.py [results.csv] > /tmp/tables.md
Prints Markdown tables; writes docs/rd/psnr-bpp.png and docs/rd/ssim-bpp.png (spikecodec, JPEG, J2K) and,
when the CSV has them, docs/rd/psnr-bpp-modern.png and ssim-bpp-modern.png (dwt, J2K, WebP, AVIF, JPEG XL)
when gnuplot is present.
Standard library only.
"""
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

CSV = sys.argv[1] if len(sys.argv) > 1 else "docs/rd/results.csv"
HERE = os.path.dirname(os.path.abspath(__file__))
BASE = ["dwt", "rif", "pixels", "jpeg", "j2k"]
MODERN = ["webp", "avif", "jxl"]
LABEL = {"dwt": "dwt", "rif": "rif", "pixels": "pixels", "jpeg": "JPEG", "j2k": "J2K", "webp": "WebP", "avif": "AVIF", "jxl": "JXL"}

rows = [r for r in csv.DictReader(open(CSV)) if r["psnr"]]
MODERN = [c for c in MODERN if any(r["codec"] == c for r in rows)]
CODECS = BASE + MODERN
failed = [r for r in csv.DictReader(open(CSV)) if not r["psnr"]]
photos = list(dict.fromkeys(r["photo"] for r in rows))
rates = sorted({float(r["target_bpp"]) for r in rows})
colour = {r["photo"]: r["colour"] for r in rows}
get = {(r["photo"], r["codec"], float(r["target_bpp"])): r for r in rows}


def val(p, c, t, key="psnr"):
    r = get.get((p, c, t))
    return float(r[key]) if r else None


def interp(p, c, t, key="psnr"):
    """the codec's curve, linear in log(bpp), read at exactly the target rate"""
    pts = sorted((float(r["actual_bpp"]), float(r[key])) for (pp, cc, _), r in get.items() if pp == p and cc == c)
    if len(pts) < 2:
        return val(p, c, t, key)
    xs = [math.log(b) for b, _ in pts]
    ys = [y for _, y in pts]
    x = math.log(t)
    i = 0
    while i < len(xs) - 2 and x > xs[i + 1]:
        i += 1  # segment containing x; the end segments extrapolate
    if xs[i + 1] == xs[i]:
        return ys[i]
    return ys[i] + (ys[i + 1] - ys[i]) * (x - xs[i]) / (xs[i + 1] - xs[i])


def fmt(v, d=2):
    return "–" if v is None else f"{v:.{d}f}"


def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None


out = []
w = out.append

# 1. Average over photos
w("### PSNR (dB) averaged over the %d photos, at the measured rates\n" % len(photos))
w("| target bpp | " + " | ".join(LABEL[c] for c in CODECS) + " | dwt − JPEG | dwt − J2K |")
w("|---:|" + "---:|" * (len(CODECS) + 2))
for t in rates:
    m = {c: mean([val(p, c, t) for p in photos]) for c in CODECS}
    dj = mean([val(p, "dwt", t) - val(p, "jpeg", t) for p in photos if val(p, "dwt", t) is not None and val(p, "jpeg", t) is not None])
    dk = mean([val(p, "dwt", t) - val(p, "j2k", t) for p in photos if val(p, "dwt", t) is not None and val(p, "j2k", t) is not None])
    w(f"| {t:g} | " + " | ".join(fmt(m[c]) for c in CODECS) + f" | {dj:+.2f} | {dk:+.2f} |")
w("")

w("### SSIM averaged over the %d photos\n" % len(photos))
w("| target bpp | " + " | ".join(LABEL[c] for c in CODECS) + " |")
w("|---:|" + "---:|" * len(CODECS))
for t in rates:
    w(f"| {t:g} | " + " | ".join(fmt(mean([val(p, c, t, 'ssim') for p in photos]), 4) for c in CODECS) + " |")
w("")

# 2. Rate matching
w("### How closely the rates were matched (actual / target − 1, worst case per codec)\n")
w("| codec | worst | where |")
w("|---|---:|---|")
for c in CODECS:
    worst = max(((abs(float(r["actual_bpp"]) / float(r["target_bpp"]) - 1), r) for r in rows if r["codec"] == c), key=lambda x: x[0], default=None)
    if worst:
        e, r = worst
        w(f"| {LABEL[c]} | {100 * (float(r['actual_bpp']) / float(r['target_bpp']) - 1):+.1f}% | {r['photo']} at {r['target_bpp']} bpp ({r['actual_bpp']} bpp, {r['params']}) |")
w("")

# 3. Per-photo verdict
w("### Goal verdict per photo (rates up to 1 bpp)\n")
w("Goal: dwt PSNR ≥ JPEG PSNR at every target ≤ 1 bpp, and dwt within 0.5 dB of JPEG 2000 (dwt ≥ J2K − 0.5 dB). "
  "Raw = at the measured rates; interp. = each curve read at exactly the target rate (linear in log bpp), "
  "which removes the small rate mismatches.\n")
w("| photo | colour | min(dwt − JPEG), raw | interp. | min(dwt − J2K), raw | interp. | ≥ JPEG | within 0.5 dB of J2K | above 1 bpp: min(dwt − J2K) |")
w("|---|---|---:|---:|---:|---:|:-:|:-:|---:|")
low = [t for t in rates if t <= 1]
high = [t for t in rates if t > 1]
for p in photos:
    dj = [val(p, "dwt", t) - val(p, "jpeg", t) for t in low if val(p, "dwt", t) is not None and val(p, "jpeg", t) is not None]
    dk = [val(p, "dwt", t) - val(p, "j2k", t) for t in low if val(p, "dwt", t) is not None and val(p, "j2k", t) is not None]
    ij = [interp(p, "dwt", t) - interp(p, "jpeg", t) for t in low if None not in (interp(p, "dwt", t), interp(p, "jpeg", t))]
    ik = [interp(p, "dwt", t) - interp(p, "j2k", t) for t in low if None not in (interp(p, "dwt", t), interp(p, "j2k", t))]
    if not (dj and dk and ij and ik):
        continue
    hk = [val(p, "dwt", t) - val(p, "j2k", t) for t in high if val(p, "dwt", t) is not None and val(p, "j2k", t) is not None]
    okj = "yes" if min(dj) >= 0 and min(ij) >= 0 else ("yes (raw) / no (interp.)" if min(dj) >= 0 else "no")
    okk = "yes" if min(dk) >= -0.5 and min(ik) >= -0.5 else ("yes (raw) / no (interp.)" if min(dk) >= -0.5 else "no")
    w(f"| {p} | {colour[p]} | {min(dj):+.2f} | {min(ij):+.2f} | {min(dk):+.2f} | {min(ik):+.2f} | {okj} | {okk} | {fmt(min(hk) if hk else None)} |")
w("")

# 4. Per-photo tables
for p in photos:
    w(f"#### {p} ({colour[p]})\n")
    w("| target bpp | " + " | ".join(f"{LABEL[c]} bpp / PSNR / SSIM" for c in BASE) + " | dwt − JPEG | dwt − J2K |")
    w("|---:|" + "---|" * len(BASE) + "---:|---:|")
    for t in rates:
        cells = []
        for c in BASE:
            r = get.get((p, c, t))
            cells.append(f"{float(r['actual_bpp']):.3f} / {float(r['psnr']):.2f} / {float(r['ssim']):.3f}" if r else "failed")
        d = lambda c: fmt(val(p, "dwt", t) - val(p, c, t) if val(p, "dwt", t) is not None and val(p, c, t) is not None else None)
        w(f"| {t:g} | " + " | ".join(cells) + f" | {d('jpeg')} | {d('j2k')} |")
    w("")

# 5. dwt against the modern codecs
OFF = 0.05  # a codec whose rate is this far from the target could not reach it (its knob's end)


def off(p, c, t):
    r = get.get((p, c, t))
    return r is not None and abs(float(r["actual_bpp"]) / t - 1) > OFF


if MODERN:
    VS = ["dwt", "j2k"] + MODERN
    w("### dwt against WebP, AVIF and JPEG XL: PSNR (dB) averaged over the %d photos\n" % len(photos))
    w("Raw = at the measured rates; interp. = each curve read at exactly the target (linear in log bpp). "
      "Where a codec could not get within %d%% of the target on some photos (the end of its quality range), "
      "the count is given and its raw mean is at a higher rate.\n" % round(100 * OFF))
    w("| target bpp | " + " | ".join(LABEL[c] for c in VS) + " | " + " | ".join(f"dwt − {LABEL[c]} raw / interp." for c in MODERN) + " |")
    w("|---:|" + "---:|" * (len(VS) + len(MODERN)))
    for t in rates:
        cells = []
        for c in VS:
            n_off = sum(off(p, c, t) for p in photos)
            cells.append(fmt(mean([val(p, c, t) for p in photos])) + (f" ({n_off} off)" if n_off else ""))
        for c in MODERN:
            raw = mean([val(p, "dwt", t) - val(p, c, t) for p in photos if None not in (val(p, "dwt", t), val(p, c, t))])
            ip = mean([interp(p, "dwt", t) - interp(p, c, t) for p in photos if None not in (interp(p, "dwt", t), interp(p, c, t))])
            cells.append(f"{fmt(raw)} / {fmt(ip)}")
        w(f"| {t:g} | " + " | ".join(cells) + " |")
    w("")
    w("### SSIM averaged over the %d photos (dwt, J2K and the modern codecs)\n" % len(photos))
    w("| target bpp | " + " | ".join(LABEL[c] for c in VS) + " |")
    w("|---:|" + "---:|" * len(VS))
    for t in rates:
        w(f"| {t:g} | " + " | ".join(fmt(mean([val(p, c, t, 'ssim') for p in photos]), 4) for c in VS) + " |")
    w("")
    w("### Per photo: dwt − codec, PSNR (dB) read at exactly the target (interp.)\n")
    w("| photo | colour | " + " | ".join(f"{LABEL[c]} {t:g}" for c in MODERN for t in rates if t in (0.1, 0.25, 0.5, 1, 2)) + " |")
    w("|---|---|" + "---:|" * sum(1 for c in MODERN for t in rates if t in (0.1, 0.25, 0.5, 1, 2)))
    for p in photos:
        cells = []
        for c in MODERN:
            for t in rates:
                if t not in (0.1, 0.25, 0.5, 1, 2):
                    continue
                a, b = interp(p, "dwt", t), interp(p, c, t)
                cells.append((f"{a - b:+.2f}" if None not in (a, b) else "–") + ("*" if off(p, c, t) else ""))
        w(f"| {p} | {colour[p]} | " + " | ".join(cells) + " |")
    w("\n\\* the codec could not reach this rate on this photo (nearest measured point more than %d%% away): its "
      "value is extrapolated from its two lowest points.\n" % round(100 * OFF))
    for p in photos:
        w(f"#### {p} ({colour[p]}): bpp / PSNR / SSIM\n")
        w("| target bpp | " + " | ".join(LABEL[c] for c in VS) + " |")
        w("|---:|" + "---|" * len(VS))
        for t in rates:
            cells = []
            for c in VS:
                r = get.get((p, c, t))
                cells.append(f"{float(r['actual_bpp']):.3f} / {float(r['psnr']):.2f} / {float(r['ssim']):.3f}" if r else "–")
            w(f"| {t:g} | " + " | ".join(cells) + " |")
        w("")

if failed:
    w("### Runs that produced no file\n")
    for r in failed:
        w(f"- {r['photo']} {r['codec']} at {r['target_bpp']} bpp: {r['note']}")
    w("")

print("\n".join(out))

# 5. Plots (gnuplot)
if shutil.which("gnuplot"):
    tmp = tempfile.mkdtemp()
    for p in photos:
        for c in CODECS:
            pts = sorted((float(r["actual_bpp"]), float(r["psnr"]), float(r["ssim"])) for (pp, cc, _), r in get.items() if pp == p and cc == c)
            with open(os.path.join(tmp, f"{p}-{c}.dat"), "w") as f:
                for x in pts:
                    f.write("%g %g %g\n" % x)
    n = len(photos)
    cols = 3 if n > 4 else 2
    nrows = (n + cols - 1) // cols
    styles = {"dwt": "lc rgb '#d62728' pt 7", "rif": "lc rgb '#9467bd' pt 5", "pixels": "lc rgb '#8c564b' pt 9",
              "jpeg": "lc rgb '#1f77b4' pt 4", "j2k": "lc rgb '#2ca02c' pt 6", "webp": "lc rgb '#ff7f0e' pt 8",
              "avif": "lc rgb '#17becf' pt 10", "jxl": "lc rgb '#7f7f7f' pt 12"}
    plots = [(BASE, "psnr", 2, "PSNR (dB)", "psnr-bpp.png"), (BASE, "ssim", 3, "SSIM", "ssim-bpp.png")]
    if MODERN:
        plots += [(["dwt", "j2k"] + MODERN, "psnr", 2, "PSNR (dB)", "psnr-bpp-modern.png"),
                  (["dwt", "j2k"] + MODERN, "ssim", 3, "SSIM", "ssim-bpp-modern.png")]
    for shown, metric, col, ylabel, fname in plots:
        g = [f"set terminal pngcairo noenhanced size {420 * cols},{330 * nrows} font ',9'",
             f"set output '{os.path.join(HERE, fname)}'",
             f"set multiplot layout {nrows},{cols}",
             "set logscale x", "set xrange [0.08:2.5]", "set xtics (0.1,0.25,0.5,1,2)", "set grid",
             "set xlabel 'bits per pixel'", f"set ylabel '{ylabel}'", "set key top left"]
        for p in photos:
            g.append(f"set title '{p} ({colour[p]})'")
            g.append("plot " + ", ".join(
                f"'{os.path.join(tmp, f'{p}-{c}.dat')}' using 1:{col} with linespoints {styles[c]} title '{LABEL[c]}'" for c in shown))
        g.append("unset multiplot")
        subprocess.run(["gnuplot"], input="\n".join(g), text=True, check=True)
    shutil.rmtree(tmp)
