#!/usr/bin/env python3
"""Prints the SQL of PostgresSchema.migrations (Sources/Store/PostgresSchema.swift) for psql.

    scripts/pg-schema-sql.py [IDENTIFIER ...]   (default: every migration, in order)

Each migration becomes `BEGIN; statement; ... COMMIT;`, as the PostgreSQL store runs it (one
transaction per migration). The statements are Swift string literals ("..." or multi-line
\"\"\"...\"\"\" with the closing delimiter's indentation removed); a backslash or an
interpolation in them is refused (this reader does not interpret Swift escapes).
"""
import pathlib
import re
import sys

SWIFT = pathlib.Path(__file__).resolve().parent.parent / "Sources/Store/PostgresSchema.swift"


def migrations(text):
    body = text.split("static let migrations", 1)[1].split("static let tablesInCopyOrder", 1)[0]
    headers = list(re.finditer(r'^\s*\("([^"]+)",\s*\[\s*$', body, re.M))
    for i, h in enumerate(headers):
        segment = body[h.end(): headers[i + 1].start() if i + 1 < len(headers) else len(body)]
        statements = []
        for m in re.finditer(r'^([ ]*)"""\n(.*?)\n([ ]*)"""|^\s*"([^"\n]*)",?\s*$', segment, re.M | re.S):
            if m.group(2) is not None:
                indent = m.group(3)
                lines = m.group(2).split("\n")
                for line in lines:
                    if line.strip() and not line.startswith(indent):
                        sys.exit(f"{h.group(1)}: line not indented like its closing delimiter: {line!r}")
                sql = "\n".join(line[len(indent):] for line in lines)
            else:
                sql = m.group(4)
            if "\\" in sql:
                sys.exit(f"{h.group(1)}: backslash in a statement (escapes are not interpreted here): {sql[:60]!r}")
            statements.append(sql)
        yield h.group(1), statements


def main():
    wanted = sys.argv[1:]
    found = dict(migrations(SWIFT.read_text()))
    for name in wanted:
        if name not in found:
            sys.exit(f"no migration {name!r} (have: {', '.join(found)})")
    for name, statements in found.items():
        if wanted and name not in wanted:
            continue
        print(f"-- {name}: {len(statements)} statements")
        print("BEGIN;")
        for sql in statements:
            print(sql.rstrip() + ";")
        print("COMMIT;")


if __name__ == "__main__":
    main()
