#!/usr/bin/env python3
"""schema_check.py -- scenario files against drsim's JSON Schema, with a real
JSON Schema validator (Debian's python3-jsonschema; YAML by python3-yaml).

    schema_check.py SCHEMA.json FILE.yaml...

Each file is read as any YAML tool reads it (yaml.safe_load: an editor sees
the same values), turned into JSON values, and validated (draft 2020-12).
Prints one line per file, "FILE: valid" or "FILE: invalid: PATH: MESSAGE"
(the first error), or "FILE: unreadable: WHY" when it is not YAML a schema
can judge. Exit status: 0 when every file could be judged, 2 on bad usage
or a schema that is not one.
"""
import datetime
import json
import sys

import jsonschema
import yaml


def jsonable(value, seen=None):
    """YAML's values as JSON's: timestamps become their text; a node shared
    by aliases is converted once (a "billion laughs" stays small)."""
    if seen is None:
        seen = {}
    if id(value) in seen:
        return seen[id(value)]
    if isinstance(value, dict):
        out = {}
        seen[id(value)] = out
        for k, v in value.items():
            out[str(k)] = jsonable(v, seen)
        return out
    if isinstance(value, list):
        out = []
        seen[id(value)] = out
        out.extend(jsonable(v, seen) for v in value)
        return out
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def main(argv):
    if len(argv) < 3:
        print("usage: schema_check.py SCHEMA.json FILE.yaml...", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as e:
        print("%s: not a JSON Schema: %s" % (argv[1], e.message), file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(schema)
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = jsonable(yaml.safe_load(f))
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as e:
            print("%s: unreadable: %s" % (path, (str(e).splitlines() or ["?"])[0]))
            continue
        try:
            errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
        except RecursionError:
            print("%s: unreadable: nested too deep, or an alias that contains itself" % path)
            continue
        if not errors:
            print("%s: valid" % path)
            continue
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        print("%s: invalid: %s: %s" % (path, where, e.message[:200]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
