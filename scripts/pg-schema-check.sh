#!/usr/bin/env bash
# Applies PostgresSchema's migrations (Sources/Store/PostgresSchema.swift, through
# scripts/pg-schema-sql.py) to a throw-away cluster (scripts/pg-test-cluster.sh) as a
# non-superuser owner, then runs scripts/pg-schema-check.sql as the superuser. Exit status 0
# when every expectation holds. `-v`: print every expectation met (psql NOTICEs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
verbose=0
[ "${1:-}" = -v ] && verbose=1

url=$("$here/pg-test-cluster.sh" start) || { echo "pg-schema-check: no PostgreSQL cluster" >&2; exit 1; }
trap '"$here/pg-test-cluster.sh" stop "$url"' EXIT
dir=${url#*host=}
psql=(psql -X -q -v ON_ERROR_STOP=1)

"${psql[@]}" "host=$dir user=postgres dbname=postgres" \
    -c "CREATE ROLE ctdna_owner LOGIN" -c "CREATE DATABASE ctdna_schema_check OWNER ctdna_owner"
echo "applying $(python3 "$here/pg-schema-sql.py" | grep -c '^-- pg-') migrations as ctdna_owner" >&2
python3 "$here/pg-schema-sql.py" | "${psql[@]}" "host=$dir user=ctdna_owner dbname=ctdna_schema_check"
if [ $verbose = 1 ]; then
    "${psql[@]}" "host=$dir user=postgres dbname=ctdna_schema_check" -f "$here/pg-schema-check.sql"
else
    "${psql[@]}" "host=$dir user=postgres dbname=ctdna_schema_check" -f "$here/pg-schema-check.sql" 2> >(grep -v 'NOTICE:  ok: ' >&2)
fi
