#!/bin/sh
# Remakes the PDF fixtures of tests/pdf_input.rs from the second bundled seed article (see README.md).
# Needs LibreOffice Writer, DejaVu fonts, English hyphenation patterns, qpdf and python3:
#   apt-get install libreoffice-writer-nogui fonts-dejavu-core hyphen-en-us qpdf python3
set -eu
here=$(cd "$(dirname "$0")" && pwd)
seed="$here/../../../../examples/articles/jamestown-edm-azerbaijan-israel-after-october-7.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The article as LibreOffice prints a plain-text file: what `soffice --convert-to pdf` of the
#    seed gives anyone.
cp "$seed" "$work/edm.txt"
soffice --headless --convert-to pdf --outdir "$work" "$work/edm.txt" >/dev/null
cp "$work/edm.pdf" "$here/edm.pdf"

# 2. The article typeset as a think-tank report: a title in large bold, justified body text
#    hyphenated by the dictionary, bullets with a hanging indent, a running header and a footer
#    with page numbers, over several pages.
python3 "$here/report-fodt.py" "$seed" > "$work/edm-report.fodt"
soffice --headless --convert-to pdf --outdir "$work" "$work/edm-report.fodt" >/dev/null
cp "$work/edm-report.pdf" "$here/edm-report.pdf"

# 3. The plain PDF locked with a user password (AES-256): it must be refused by name.
qpdf --encrypt secret owner 256 -- "$here/edm.pdf" "$here/encrypted.pdf"
