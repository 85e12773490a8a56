#!/usr/bin/env python3
"""Validates result JSON against docs/result.schema.json (make check-schema,
tests/cli/schema.sh).

Takes: the schema and files of JSON results, one object per line (what
score-draft --json prints), "-" for standard input.  Gives: how many were
valid, the first errors of the others, and exit 1 when any result is
invalid or there was none.  Needs Debian's python3-jsonschema.
Usage: check_schema.py SCHEMA FILE|- ...
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.stderr.write("check_schema: python3-jsonschema is missing "
                     "(apt-get install python3-jsonschema)\n")
    sys.exit(1)

MAX_SHOWN = 10   # invalid results described in full


def lines(path):
    f = sys.stdin if path == "-" else open(path, encoding="utf-8")
    try:
        for n, line in enumerate(f, 1):
            if line.strip():
                yield n, line
    finally:
        if f is not sys.stdin:
            f.close()


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    v = cls(schema)
    good = bad = 0
    for path in argv[2:]:
        for n, line in lines(path):
            try:
                obj = json.loads(line)
            except ValueError as e:
                bad += 1
                if bad <= MAX_SHOWN:
                    print("%s:%d: not JSON: %s" % (path, n, e))
                continue
            errs = sorted(v.iter_errors(obj), key=lambda e: list(e.path))
            if not errs:
                good += 1
                continue
            bad += 1
            if bad <= MAX_SHOWN:
                where = obj.get("path", "") if isinstance(obj, dict) else ""
                for e in errs[:3]:
                    print("%s:%d %s: /%s: %s" % (
                        path, n, where, "/".join(str(p) for p in e.path),
                        e.message[:200]))
    print("schema: %d results valid, %d invalid" % (good, bad))
    return 1 if bad or not good else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
