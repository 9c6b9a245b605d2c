#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Validates JSON reports against docs/report-schema.json (mikiwame.report/1): every golden JSON
# report, and any files given on the command line. Uses Debian's python3-jsonschema.
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("report schema: python3-jsonschema is not installed (scripts/install-deps.sh); skipping")
    sys.exit(77)

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "docs/report-schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
files = [pathlib.Path(p) for p in sys.argv[1:]] or sorted((root / "tests/golden").glob("*.json"))
errors = 0
for path in files:
    report = json.loads(path.read_text(encoding="utf-8"))
    for error in validator.iter_errors(report):
        errors += 1
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        print(f"{path}: {where}: {error.message}")
print(f"report schema: {len(files)} reports, {errors} error(s)")
sys.exit(1 if errors or not files else 0)
