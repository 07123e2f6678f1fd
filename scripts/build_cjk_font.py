#!/usr/bin/env python3
"""Builds ctdna's compact copy of Noto Sans CJK SC (Regular and Bold) into OUT_DIR.

Cairo 1.16 cannot subset the CFF subroutines of Noto Sans CJK: every Chinese PDF carried
about 0.9 MB of font program it did not use. This takes the SC face of the system's
Noto Sans CJK collection (Debian's fonts-noto-cjk, found with fc-match), keeps every
glyph, character mapping and layout feature, expands the subroutines
(fontTools' CFF desubroutinize) and renames the family to
"ctdna Noto Sans CJK SC", so that the report asks for this copy by name and the
system's subroutinised font is never picked in its place. The glyphs are the same
outlines; only how the CFF table stores them changes.

Usage: build_cjk_font.py OUT_DIR. Writes OUT_DIR/ctdna-NotoSansCJKsc-{Regular,Bold}.otf
(through a temporary file, renamed when complete). Needs fontTools (python3-fonttools)
and fontconfig's fc-match; no network.
"""
import os
import subprocess
import sys
import time

import fontTools.subset  # noqa: F401 (adds desubroutinize to the CFF table, fontTools < 4.47)
from fontTools.ttLib import TTFont

FAMILY = "ctdna Noto Sans CJK SC"
PS_FAMILY = "ctdnaNotoSansCJKsc"
SOURCE_FAMILY = "Noto Sans CJK SC"
STYLES = ["Regular", "Bold"]


def locate(style):
    """The file and face index of the system's Noto Sans CJK SC in `style`."""
    out = subprocess.run(["fc-match", "-f", "%{file}\n%{index}\n%{family}\n%{style}",
                          f"{SOURCE_FAMILY}:style={style}"], check=True, capture_output=True, text=True).stdout
    path, index, families, styles = (out.split("\n") + ["", "", "", ""])[:4]
    if SOURCE_FAMILY not in families.split(",") or style not in styles.split(","):
        sys.exit(f"build_cjk_font: {SOURCE_FAMILY} {style} is not installed (fc-match gave {families} {styles} "
                 f"in {path}); install fonts-noto-cjk")
    return path, int(index or 0)


def rename(font, style):
    name = font["name"]
    full = f"{FAMILY} {style}" if style != "Regular" else FAMILY
    ps = f"{PS_FAMILY}-{style}"
    # Keep the Windows and Mac English names in step; drop the localised ones (they name
    # the original family, e.g. 思源黑体, and fontconfig would list them as family names).
    keep = []
    for rec in name.names:
        if rec.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22) and rec.langID not in (0x409, 0):
            continue
        keep.append(rec)
    name.names = keep
    for rec in name.names:
        if rec.nameID == 1:
            rec.string = FAMILY if style in ("Regular", "Bold") else f"{FAMILY} {style}"
        elif rec.nameID == 2:
            rec.string = style
        elif rec.nameID == 3:
            rec.string = f"{ps};ctdna"
        elif rec.nameID == 4:
            rec.string = full
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 16:
            rec.string = FAMILY
        elif rec.nameID == 17:
            rec.string = style
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    cff.fontNames = [ps]
    if hasattr(top, "FullName"):
        top.FullName = full
    if hasattr(top, "FamilyName"):
        top.FamilyName = FAMILY
    for fd in getattr(top, "FDArray", []) or []:
        if hasattr(fd, "FontName"):
            fd.FontName = f"{ps}-{fd.FontName.split('-')[-1]}"


def build(style, out_dir):
    path, index = locate(style)
    started = time.monotonic()
    font = TTFont(path, fontNumber=index)
    # The face as it is (every glyph, mapping and layout feature), its CFF charstrings with
    # the subroutine calls expanded in place. (fontTools' subsetter with --desubroutinize
    # and every glyph kept took 7 times as long here: 445 s against 65 s for one style.)
    font["CFF "].desubroutinize()
    rename(font, style)
    final = os.path.join(out_dir, f"ctdna-NotoSansCJKsc-{style}.otf")
    temporary = final + ".tmp"
    font.save(temporary)
    os.replace(temporary, final)
    size = os.path.getsize(final)
    print(f"build_cjk_font: {final}: {size / 1e6:.1f} MB from {path} face {index} "
          f"({os.path.getsize(path) / 1e6:.1f} MB collection), {time.monotonic() - started:.0f} s")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for style in STYLES:
        build(style, out_dir)


if __name__ == "__main__":
    main()
