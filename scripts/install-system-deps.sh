#!/usr/bin/env bash
# System packages the tests and benchmarks use (Debian): Chromium for end-to-end tests, poppler and
# qpdf to check PDFs, SANE's test scanner, SoftHSM2 as a USB signing token, native Tesseract as the
# OCR benchmark's baseline, fonts, libfaketime (npm test reruns the unit suite 400 days ahead), and
# PostgreSQL for the province receiver (server/).
set -euo pipefail
packages=(chromium fonts-noto-core fonts-dejavu-core poppler-utils qpdf sane-utils softhsm2 tesseract-ocr tesseract-ocr-vie faketime postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Cài gói hệ thống: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
