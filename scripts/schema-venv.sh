#!/usr/bin/env bash
# Creates .venv-schema/ (gitignored) with xmlschema from PyPI, which the grader's tests use to
# validate junit.xml against Jenkins xUnit's junit-10.xsd (tools/schemas/, MIT, vendored).
# Idempotent: returns at once when the pinned version is there.
set -euo pipefail
cd "$(dirname "$0")/.."
xmlschema_version="4.3.2"
venv=".venv-schema"
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "import xmlschema, sys; sys.exit(xmlschema.__version__ != '$xmlschema_version')" 2>/dev/null; then
  exit 0
fi
echo "schema-venv: creating $venv with xmlschema $xmlschema_version" >&2
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "xmlschema==$xmlschema_version"
echo "schema-venv: done" >&2
