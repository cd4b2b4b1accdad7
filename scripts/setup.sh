#!/usr/bin/env bash
# Installs the system libraries Regularize needs on a Debian machine.
# Idempotent: when every package is present it only checks and returns (well under a second).
set -euo pipefail

packages=(
  libopenblas-dev            # BLAS for NeuralKit's matrix multiply
  libcairo2-dev              # Plots and reports: drawing to PNG, PDF and SVG
  libpango1.0-dev            # text layout for labels and lesson prose
  libcmark-gfm-dev           # Markdown (CommonMark + GFM tables) for lesson sources
  libcmark-gfm-extensions-dev
  fonts-dejavu-core          # regular and bold faces
  fonts-dejavu-extra         # italic and bold-italic faces, and DejaVu Math TeX Gyre (OpenType MATH)
  libhyphen-dev              # hyphenation of justified lesson text (libhyphen) ...
  hyphen-en-us               # ... with US English patterns (/usr/share/hyphen/hyph_en_US.dic)
  zlib1g-dev                 # zlib: the PDF finisher rewrites cairo's compressed content streams
  poppler-utils              # pdftotext / pdftoppm, used by tests to read the PDFs we write
  bubblewrap                 # the grader's sandbox for students' code (namespaces, bwrap)
  binutils                   # nm: the grader's library-policy check of students' object files
  zip                        # grade --gradescope-bundle
  unzip                      # the bundle's end-to-end test unpacks it as Gradescope does
  pkg-config
  chromium                   # the browser tests of the HTML edition (Tests/Browser/)
  chromium-driver
  python3-venv               # .venv-browser/ (Selenium, html5lib) and .venv-schema/ (xmlschema, for junit.xml)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  bash "$(dirname "$0")/schema-venv.sh"
  exec bash "$(dirname "$0")/browser-venv.sh"
fi

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done" >&2
bash "$(dirname "$0")/schema-venv.sh"
exec bash "$(dirname "$0")/browser-venv.sh"
