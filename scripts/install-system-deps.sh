#!/usr/bin/env bash
# Installs the Debian packages the stack and its tests need, only where they are missing.
set -euo pipefail
wanted=(
  postgresql-15 postgresql-contrib   # the store graph-node (gnd) indexes into: stack, subgraph gnd tests
  docker-compose                     # validates docker-compose.yml (no engine runs here)
  chromium                           # headless browser test of the HTML report (driven by playwright-core)
  poppler-utils                      # pdftotext / pdftoppm: the tax Form 8949 PDF test reads and renders its pages
)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
