#!/usr/bin/env bash
# Rebuilds the booklet fonts in this folder from Debian's Noto fonts (SIL OFL
# 1.1, see OFL.txt), cut down to the characters Vietnamese text needs: Latin,
# Latin-1, Latin Extended-A/B letters of Vietnamese, the combining tone marks,
# Latin Extended Additional (ạ … ỹ), punctuation, ₫ and a few symbols. Every
# OpenType layout feature is kept (marks, kerning, ligatures).
#
#   apt-get install fonts-noto-core fonts-noto-mono && pip install fonttools
#   bash themes/default/fonts/subset.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src=/usr/share/fonts/truetype/noto
unicodes="U+0020-007E,U+00A0-017F,U+0180-024F,U+0300-0323,U+0340-0341,U+1E00-1EFF,U+2000-206F,U+20AB,U+20AC,U+2116,U+2122,U+2190-2193,U+2212,U+2026,U+25A0-25CF,U+FB00-FB04"
for f in NotoSerif-Regular NotoSerif-Bold NotoSerif-Italic NotoSerif-BoldItalic \
         NotoSans-Regular NotoSans-Bold NotoSansMono-Regular; do
  pyftsubset "$src/$f.ttf" --unicodes="$unicodes" --layout-features='*' \
    --no-hinting --name-IDs='*' --name-languages='*' --output-file="$here/$f.ttf"
done
ls -l "$here"/*.ttf
