#!/usr/bin/env bash
# Creates .venv-browser/ (gitignored) with Selenium (drives Debian's chromium + chromium-driver)
# and html5lib (strict HTML parsing) from PyPI, for the browser tests (Tests/Browser/).
# Idempotent: returns at once when the pinned versions are there.
set -euo pipefail
cd "$(dirname "$0")/.."
selenium_version="4.27.1"
html5lib_version="1.1"
venv=".venv-browser"
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "import selenium, html5lib, sys; sys.exit(selenium.__version__ != '$selenium_version' or html5lib.__version__ != '$html5lib_version')" 2>/dev/null; then
  exit 0
fi
echo "browser-venv: creating $venv with selenium $selenium_version, html5lib $html5lib_version" >&2
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "selenium==$selenium_version" "html5lib==$html5lib_version"
echo "browser-venv: done" >&2
