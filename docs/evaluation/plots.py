#!/usr/bin/env python3
"""Saves the plots of an evaluation's report.html as PNG files named by their alt text (accuracy-bpp.png, ...).

usage: plots.py REPORT.html OUTDIR
"""
import base64
import os
import re
import sys

if len(sys.argv) != 3:
    sys.exit(__doc__)
html = open(sys.argv[1], encoding='utf-8').read()
os.makedirs(sys.argv[2], exist_ok=True)
for alt, data in re.findall(r'<img class=plot alt="([\w.-]+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html):
    with open(os.path.join(sys.argv[2], alt + '.png'), 'wb') as f:
        f.write(base64.b64decode(data))
    print(os.path.join(sys.argv[2], alt + '.png'))
