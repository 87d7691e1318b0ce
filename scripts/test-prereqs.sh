#!/usr/bin/env bash
# Makes sure the system packages the test suite needs are present: Debian's Chromium (browser tests),
# PostgreSQL 15 (the server suite runs on PGlite and on real PostgreSQL), CJK fonts (screenshots) and PC/SC
# with a virtual reader (the card bridge's end-to-end test), openssl (test certificates for mTLS).
# As root on Debian it installs what is missing with apt-get; otherwise it says exactly what to install.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
# The mTLS test makes its CA and certificates with the openssl command.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The card bridge's end-to-end test: PC/SC daemon, vsmartcard's virtual reader driver, and the headers the
# `smartcard` binding builds against (the test rebuilds the binding once when they arrive after npm install).
for pkg in pcscd vsmartcard-vpcd libpcsclite-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "test prerequisites: all present"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "test prerequisites: installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  echo "test prerequisites: installed ${missing[*]}"
  exit 0
fi

echo "test prerequisites missing: ${missing[*]}" >&2
echo "install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
exit 1
