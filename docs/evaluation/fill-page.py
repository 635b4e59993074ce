#!/usr/bin/env python3
"""Refreshes the generated parts of docs/evaluation.md from a corpus run (run-corpus.sh's OUT/all and OUT/confident):
the tables (summarize.py), the discussion's numbers (discuss.py), the plots and one gallery row (plots.py), and the
status line. Everything between <!-- NAME --> and <!-- /NAME --> markers is replaced; the prose is not touched.

usage: fill-page.py ALL_DIR CONFIDENT_DIR MANIFEST.csv "STATUS TEXT" [GALLERY_PHOTO]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
page_path = os.path.join(here, '..', 'evaluation.md')
MODELS = ('squeezenet', 'mobilenetv2')
CODECS = ('spike-dwt', 'jpeg', 'jpeg2000', 'webp', 'avif', 'jxl')


def run(*args):
    return subprocess.run([sys.executable, *args], check=True, capture_output=True, text=True).stdout


def replace(page, name, text, block=True):
    """The text between <!-- name --> and <!-- /name --> (name without its ':suffix' in the closing marker)."""
    close = name.split(':')[0]
    pattern = re.compile(r'(<!-- %s -->).*?(<!-- /%s -->)' % (re.escape(name), re.escape(close)), re.S)
    if not pattern.search(page):
        sys.exit('marker %s not found' % name)
    sep = '\n' if block else ''
    return pattern.sub(lambda m: m.group(1) + sep + text.strip() + sep + m.group(2), page, count=1)


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    all_dir, conf_dir, manifest, status = sys.argv[1:5]
    gallery_photo = sys.argv[5] if len(sys.argv) == 6 else None
    page = open(page_path, encoding='utf-8').read()
    page = replace(page, 'status', status, block=False)
    for m in MODELS:
        tables = run(os.path.join(here, 'summarize.py'), '%s, confident photos=%s/%s' % (m, conf_dir, m),
                     '%s, all photos=%s/%s' % (m, all_dir, m))
        page = replace(page, 'tables:' + m, tables.replace('### ', '#### '))
    discuss = run(os.path.join(here, 'discuss.py'), manifest,
                  *('%s, confident photos=%s/%s' % (m, conf_dir, m) for m in MODELS),
                  *('%s, all photos=%s/%s' % (m, all_dir, m) for m in MODELS))
    page = replace(page, 'discuss', discuss.replace('### ', '#### '))

    # plots of the confident photos, and the chosen photo's gallery row from SqueezeNet's report
    for m in MODELS:
        out = os.path.join(here, m)
        with tempfile.TemporaryDirectory() as tmp:
            run(os.path.join(here, 'plots.py'), os.path.join(conf_dir, m, 'report.html'), tmp, '--gallery')
            os.makedirs(out, exist_ok=True)
            for f in ('accuracy-bpp.png', 'critical-bitrates.png', 'probability-bpp.png'):
                shutil.copy(os.path.join(tmp, f), os.path.join(out, f))
            if m == 'squeezenet' and gallery_photo:
                tiles = sorted(f for f in os.listdir(tmp) if f.startswith(gallery_photo + '--'))
                if not tiles:
                    sys.exit('no gallery tiles for %s in %s' % (gallery_photo, conf_dir))
                gdir = os.path.join(here, 'gallery')
                shutil.rmtree(gdir, ignore_errors=True)
                os.makedirs(gdir)
                cells = []
                for key in ('original',) + CODECS:
                    match = [t for t in tiles if t[len(gallery_photo) + 2:].startswith(key + ('.png' if key == 'original' else '-at-'))]
                    if not match:
                        cells.append('(none)')
                        continue
                    shutil.copy(os.path.join(tmp, match[0]), os.path.join(gdir, match[0]))
                    label = match[0][len(gallery_photo) + 2:-4].replace('-at-', ' at ').replace('-bpp', ' bpp')
                    cells.append('![%s](evaluation/gallery/%s)' % (label, match[0]))
                header = '| original | ' + ' | '.join(CODECS) + ' |\n|' + '---|' * (len(CODECS) + 1)
                page = replace(page, 'gallery', header + '\n| ' + ' | '.join(cells) + ' |')
    open(page_path, 'w', encoding='utf-8').write(page)


if __name__ == '__main__':
    main()
