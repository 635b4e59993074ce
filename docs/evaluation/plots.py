#!/usr/bin/env python3
"""Saves the pictures of an evaluation's report.html: the plots, named by their alt text (accuracy-bpp.png, ...), and
with --gallery the gallery's tiles, as IMAGE--TITLE.png (e.g. coffee.png--spike-dwt-at-0.95-bpp.png).

usage: plots.py REPORT.html OUTDIR [--gallery]
"""
import base64
import html as htmllib
import os
import re
import sys

if len(sys.argv) not in (3, 4):
    sys.exit(__doc__)
page = open(sys.argv[1], encoding='utf-8').read()
out = sys.argv[2]
os.makedirs(out, exist_ok=True)


def save(name, data):
    path = os.path.join(out, name + '.png')
    with open(path, 'wb') as f:
        f.write(base64.b64decode(data))
    print(path)


for alt, data in re.findall(r'<img class=plot alt="([\w.-]+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page):
    save(alt, data)
if len(sys.argv) == 4 and sys.argv[3] == '--gallery':
    for row in re.findall(r'<tr><td class=l>(.*?)</td>(.*?)</tr>', page):
        image = htmllib.unescape(row[0])
        for title, data in re.findall(r'<figure><figcaption><b>(.*?)</b></figcaption><img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', row[1]):
            save(re.sub(r'[^\w.-]+', '-', image + '--' + htmllib.unescape(title)), data)
