#!/usr/bin/env python3
"""Validates a FHIR R4 Bundle (JSON) against the fhir.resources R4B models (PyPI
package fhir.resources, 7.x/8.x: pydantic 2). Usage: validate_fhir.py BUNDLE.json

Exit 0: valid, prints the entry count by resource type. Exit 1: invalid (the errors on
stderr). Exit 3: fhir.resources is not installed (the caller skips; see `make deps`)."""
import collections
import json
import sys

try:
    from fhir.resources.R4B.bundle import Bundle
except ImportError:
    print("fhir.resources is not installed (python3 -m pip install fhir.resources)", file=sys.stderr)
    sys.exit(3)


def main(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        if hasattr(Bundle, "model_validate_json"):
            bundle = Bundle.model_validate_json(text)   # fhir.resources 7.1+ (pydantic 2)
        else:
            bundle = Bundle.parse_raw(text)             # older releases (pydantic 1)
    except Exception as error:  # pydantic.ValidationError, or the model's own checks
        print(f"{path}: not a valid R4B Bundle:\n{error}", file=sys.stderr)
        return 1
    counts = collections.Counter(e.resource.get_resource_type() for e in bundle.entry or [])
    # The round trip through the models keeps every value we wrote.
    again = json.loads(bundle.model_dump_json() if hasattr(bundle, "model_dump_json") else bundle.json())
    if len(again.get("entry", [])) != len(json.loads(text).get("entry", [])):
        print(f"{path}: entries lost in the models' round trip", file=sys.stderr)
        return 1
    print(f"{path}: valid R4B Bundle ({bundle.type}): "
          + ", ".join(f"{n} {t}" for t, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    sys.exit(main(sys.argv[1]))
