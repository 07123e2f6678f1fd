#!/usr/bin/env python3
"""Page fill of report PDFs: for each page, the share of the body (top margin to the
footer rule) down to the lowest text on it, from `pdftotext -bbox`. Prints, per language,
the pages under a threshold (default 15 %) and whether each is a final page that carries
a section heading. Usage: page_fill.py [--threshold 0.15] PDF..."""
import re, subprocess, sys
from collections import defaultdict

TOP, FOOTER = 40.0, 841.89 - 52 + 14   # the layout's top margin and the footer rule (A4)

def pages(path):
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True, check=True).stdout
    result = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", out, re.S):
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
        body = [(float(a), float(b), w) for a, b, w in words if float(b) < FOOTER]
        low = max((b for _, b, _ in body), default=TOP)
        result.append(((low - TOP) / (FOOTER - TOP), " ".join(w for _, _, w in body[:12])))
    return result

def main(argv):
    threshold = 0.15
    if argv and argv[0] == "--threshold":
        threshold = float(argv[1]); argv = argv[2:]
    stats = defaultdict(lambda: [0, 0, 0, []])   # reports, pages, under, examples
    for path in argv:
        lang = "zh-Hans" if path.endswith("zh-Hans.pdf") else "en"
        ps = pages(path)
        s = stats[lang]
        s[0] += 1; s[1] += len(ps)
        for i, (fill, words) in enumerate(ps):
            if fill < threshold:
                s[2] += 1
                if len(s[3]) < 5: s[3].append(f"{path.split('/')[-1]} page {i + 1}/{len(ps)} {fill:.0%}: {words[:60]}")
    for lang, (reports, total, under, examples) in sorted(stats.items()):
        print(f"{lang}: {reports} reports, {total} pages, {under} under {threshold:.0%} filled")
        for e in examples: print("   ", e)

if __name__ == "__main__":
    main(sys.argv[1:])
