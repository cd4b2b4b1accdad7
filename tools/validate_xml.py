"""Validates XML files against an XML Schema (XSD 1.0) with xmlschema.

    .venv-schema/bin/python tools/validate_xml.py SCHEMA.xsd FILE.xml [FILE.xml ...]

Prints one line per file, "valid" or the first reasons it is not, and exits 1 if any file is
invalid (2 if the schema itself cannot be read).
"""
import sys

import xmlschema


def main(arguments):
    if len(arguments) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        schema = xmlschema.XMLSchema10(arguments[0])
    except Exception as error:  # the schema is ours, so any failure here is a setup problem
        print(f"{arguments[0]}: not a usable schema: {error}", file=sys.stderr)
        return 2
    invalid = 0
    for path in arguments[1:]:
        try:
            errors = list(schema.iter_errors(path))
        except Exception as error:  # not well-formed XML
            errors = [error]
        if errors:
            invalid += 1
            reasons = "; ".join(" ".join(str(getattr(e, "reason", None) or e).split())[:300] for e in errors[:3])
            print(f"{path}: invalid: {reasons}")
        else:
            print(f"{path}: valid")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
