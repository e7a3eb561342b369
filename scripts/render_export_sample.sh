#!/usr/bin/env bash
# Renders the sample export draft (assistant/export/sample.py) to docs/export-sample-page1.png:
# DOCX → PDF with LibreOffice → PNG with poppler. Shows what Word/LibreOffice users get.
# Needs: apt-get install -y libreoffice-writer-nogui poppler-utils fonts-nanum
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "$tool 이 없습니다: apt-get install -y libreoffice-writer-nogui poppler-utils fonts-nanum" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PY" -m assistant.export.sample "$tmp/export-sample.docx" >/dev/null
# a throwaway LibreOffice profile: no clash with a running instance, nothing written to ~
soffice --headless "-env:UserInstallation=file://$tmp/profile" \
  --convert-to pdf --outdir "$tmp" "$tmp/export-sample.docx" >/dev/null 2>&1
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$tmp/export-sample.pdf" docs/export-sample-page1
ls -l docs/export-sample-page1.png
