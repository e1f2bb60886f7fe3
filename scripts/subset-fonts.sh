#!/usr/bin/env bash
# Remakes the default theme's fonts (themes/default/static/fonts/*.woff2) from Debian's
# fonts-croscore (Tinos and Arimo 1.33, SIL OFL 1.1): Latin and Vietnamese only, WOFF2.
# A maintainer's tool, run once when the fonts change; the results are committed, and
# neither the build nor the tests need it. Needs fonts-croscore and `pip install fonttools brotli`.
set -euo pipefail
cd "$(dirname "$0")/../themes/default/static/fonts"
src=/usr/share/fonts/truetype/croscore
# Basic Latin and Latin-1, Latin Extended-A, Ơ ơ Ư ư, the five tone marks as combining
# marks, Latin Extended Additional's Vietnamese block (Ạ … ỹ), punctuation, ₫ € № ™,
# arrows, minus, and the triangles the theme draws.
unicodes="U+0000-00FF,U+0100-017F,U+01A0-01A1,U+01AF-01B0,U+02C6,U+02C9,U+02DA,U+02DC,\
U+0300-0303,U+0309,U+0323,U+1EA0-1EF9,U+2000-206F,U+20AB,U+20AC,U+2116,U+2122,U+2190-2193,\
U+2212,U+25B2-25BC,U+25BE,U+FEFF,U+FFFD"
for face in Tinos-Regular Tinos-Italic Tinos-Bold Tinos-BoldItalic Arimo-Regular Arimo-Italic Arimo-Bold; do
  pyftsubset "$src/$face.ttf" --unicodes="$unicodes" --layout-features='*' --flavor=woff2 \
    --output-file="$(echo "$face" | tr '[:upper:]' '[:lower:]').woff2"
done
ls -l ./*.woff2
