#!/usr/bin/env python3
"""make bench: ctdna against the parse floor (xmllint) and the Python peer, on one
synthetic cohort. Prints medians, ratios and peak RSS, and writes bench-out/results.md.

Environment: BENCH_PATIENTS (1000), BENCH_DRAWS (12), BENCH_RUNS (3), BENCH_PEER_PATIENTS (100),
BENCH_SEED (1), BENCH_JOBS (--jobs of every ingest; default: the number of cores). Needs GNU time
(/usr/bin/time), xmllint, python3 with lxml and matplotlib.

PostgreSQL beside SQLite: with CTDNA_BENCH_POSTGRES_URL (a cluster the bench may create and drop
databases ctdna_bench_* in), else a throw-away cluster of scripts/pg-test-cluster.sh (stopped at
the end; skipped with a note when it cannot start), the same cohort is ingested into a fresh
database per run, re-ingested unchanged, reported and trended, and the PostgreSQL statements per
file are counted (pg_stat_statements, preloaded by restarting our own throw-away cluster, never an
outside one; else pg_stat_database and pg_stat_user_tables only), and psql times the same number of variant_call rows
inserted one INSERT per row vs one COPY into a scratch table. BENCH_POSTGRES=0 skips all of it.
"""
import os, re, shutil, sqlite3, statistics, subprocess, sys, time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/ctdna")
OUT = os.path.join(ROOT, "bench-out")
PEER = os.path.join(ROOT, "..", "shared", "bench", "peer_report.py")
P = int(os.environ.get("BENCH_PATIENTS", "1000"))
D = int(os.environ.get("BENCH_DRAWS", "12"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PEER_P = min(P, int(os.environ.get("BENCH_PEER_PATIENTS", "100")))
SEED = os.environ.get("BENCH_SEED", "1")


def timed(cmd, env=None):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS MB, stdout)."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024
    return wall, rss, r.stdout


def median_of(cmd_factory, runs=RUNS):
    walls, rsss, out = [], [], ""
    for i in range(runs):
        cmd, prep = cmd_factory(i)
        if prep:
            prep()
        w, r, out = timed(cmd)
        walls.append(w)
        rsss.append(r)
    return statistics.median(walls), max(rsss), out


def cohort(patients, name):
    path = os.path.join(OUT, name)
    marker = os.path.join(path, ".complete")
    if not os.path.exists(marker):
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/make_cohort.py"), path, "--patients", str(patients),
                        "--draws", str(D), "--seed", SEED], check=True)
        open(marker, "w").close()
    return path


def files_in(path, suffixes):
    return [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if f.endswith(suffixes)]


def fresh(path):
    def prep():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    return prep


def grow_store(src, dst, copies):
    """A store of `copies` × the cohort: every row copied under new MRNs, report ids and
    hashes, so the indexes see realistic sizes."""
    shutil.copy(src, dst)
    db = sqlite3.connect(dst)
    db.execute("PRAGMA foreign_keys = OFF")
    off = {t: db.execute(f"SELECT MAX(rowid) FROM {t}").fetchone()[0] or 0 for t in
           ["patient", "source_file", "document", "variant_call", "structural_finding", "biomarker", "therapy_line",
            "lab_value", "marrow_assessment", "imaging_study"]}
    def copy(table, k, o, where):
        """Copies a table's first-cohort rows with ids and keys shifted; columns by name, so
        migrations that add columns need no change here."""
        special = {
            "id": f"id + {o.get(table, 0)}",
            "document_id": f"document_id + {o['document']}",
            "patient_id": f"patient_id + {o['patient']}",
            "source_file_id": f"source_file_id + {o['source_file']}",
            "superseded_by": f"CASE WHEN superseded_by IS NULL THEN NULL ELSE superseded_by + {o['document']} END",
            "mrn": f"mrn || '-{k}'",
            "sha256": f"substr(printf('%02d', {k}) || sha256, 1, 64)",
            "report_id": f"report_id || '-{k}'",
            "accession": f"accession || '-{k}'",
        }
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        sel = ", ".join(special.get(c, c) for c in cols)
        db.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {sel} FROM {table} WHERE {where}")

    for k in range(1, copies):
        o = {t: v * k for t, v in off.items()}
        copy("patient", k, o, f"id <= {off['patient']}")
        copy("source_file", k, o, f"id <= {off['source_file']}")
        copy("document", k, o, f"id <= {off['document']}")
        copy("draw", k, o, f"document_id <= {off['document']}")
        for t in ["variant_call", "therapy_line", "lab_value"]:
            copy(t, k, o, f"id <= {off[t]}")
    db.commit()
    draws = db.execute("SELECT COUNT(*) FROM draw").fetchone()[0]
    db.close()
    return draws


# ---------------------------------------------------------------------------------------------
# PostgreSQL beside SQLite.

PG_SCRIPT = os.path.join(ROOT, "scripts/pg-test-cluster.sh")
JOBS = int(os.environ.get("BENCH_JOBS") or os.cpu_count() or 1)


def pg_bindir():
    """initdb/pg_ctl's folder, found as scripts/pg-test-cluster.sh finds it."""
    try:
        d = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        if d and os.path.exists(os.path.join(d, "pg_ctl")):
            return d
    except OSError:
        pass
    cands = sorted((d for d in (os.path.join("/usr/lib/postgresql", v, "bin") for v in
                                (os.listdir("/usr/lib/postgresql") if os.path.isdir("/usr/lib/postgresql") else []))
                    if os.path.exists(os.path.join(d, "pg_ctl"))),
                   key=lambda d: [int(x) if x.isdigit() else 0 for x in d.split("/")[4].split(".")])
    if cands:
        return cands[-1]
    w = shutil.which("pg_ctl")
    return os.path.dirname(w) if w else None


class Postgres:
    """One cluster: ours (started by scripts/pg-test-cluster.sh, stopped by `close`) or an
    outside one (CTDNA_BENCH_POSTGRES_URL: only databases ctdna_bench_* we made are dropped)."""

    def __init__(self):
        self.url = os.environ.get("CTDNA_BENCH_POSTGRES_URL")
        self.own = not self.url
        self.made = []
        if self.own:
            r = subprocess.run([PG_SCRIPT, "start"], capture_output=True, text=True)
            if r.returncode != 0 or not r.stdout.strip():
                raise RuntimeError(f"no PostgreSQL cluster: {r.stderr.strip()[-500:]}")
            self.url = r.stdout.strip().splitlines()[-1]
        try:
            self.parse()
        except Exception:
            self.close()
            raise

    def parse(self):
        u = urllib.parse.urlsplit(self.url)
        q = urllib.parse.parse_qs(u.query)
        self.user = urllib.parse.unquote(u.username or "") or None
        self.host = q.get("host", [None])[0] or u.hostname
        self.port = u.port
        self.base_db = u.path.lstrip("/") or "postgres"
        self.query = u.query

    def url_for(self, db):
        u = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + db, u.query, ""))

    def conninfo(self, db):
        parts = [f"dbname={db}"]
        if self.host:
            parts.append(f"host={self.host}")
        if self.port:
            parts.append(f"port={self.port}")
        if self.user:
            parts.append(f"user={self.user}")
        return " ".join(parts)

    def psql(self, db, *args, check=True):
        r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", self.conninfo(db)] + list(args),
                           capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"psql {' '.join(args)[:200]}: {r.stderr.strip()[-500:]}")
        return r.stdout.strip()

    def fresh_db(self, name):
        """Drops (if we made it before) and creates database `name`."""
        assert name.startswith("ctdna_bench_")
        self.psql(self.base_db, "-c", f'DROP DATABASE IF EXISTS "{name}"')
        self.psql(self.base_db, "-c", f'CREATE DATABASE "{name}"')
        if name not in self.made:
            self.made.append(name)
        return self.url_for(name)

    def enable_statements(self):
        """pg_stat_statements in database ctdna_bench_stats: True when it counts. In our own
        cluster a missing preload is set by ALTER SYSTEM and a restart (pg_ctl restart reuses
        the options the script started it with); an outside cluster is never restarted."""
        self.fresh_db("ctdna_bench_stats")
        loaded = "pg_stat_statements" in self.psql("ctdna_bench_stats", "-c", "SHOW shared_preload_libraries")
        if not loaded and self.own:
            bindir = pg_bindir()
            data = os.path.join(self.host, "data")
            if bindir and os.path.isdir(data) and self.host.startswith("/tmp/ctdna-pg."):
                self.psql(self.base_db, "-c", "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
                cmd = [os.path.join(bindir, "pg_ctl"), "-D", data, "-w", "-t", "60", "-l", os.path.join(self.host, "log"), "restart"]
                if os.getuid() == 0:
                    cmd = ["runuser", "-u", "postgres", "--"] + cmd
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode != 0:
                    print(f"bench: could not restart our cluster with pg_stat_statements: {r.stderr.strip()[-300:]}", file=sys.stderr)
                loaded = "pg_stat_statements" in self.psql("ctdna_bench_stats", "-c", "SHOW shared_preload_libraries")
        if not loaded:
            return False
        self.psql("ctdna_bench_stats", "-c", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", check=False)
        return self.psql("ctdna_bench_stats", "-c", "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'") == "1"

    def statements(self, db):
        """(calls, server ms, {kind: calls}) of database `db` from pg_stat_statements."""
        out = self.psql("ctdna_bench_stats", "-F", "\t", "-c",
                        "SELECT coalesce(upper(substring(query FROM '^\\s*(\\w+)')), '?'), sum(calls), sum(total_exec_time) "
                        f"FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '{db}') GROUP BY 1")
        kinds, calls, ms = {}, 0, 0.0
        for line in out.splitlines():
            k, c, t = line.split("\t")
            kinds[k] = kinds.get(k, 0) + int(c)
            calls += int(c)
            ms += float(t)
        return calls, ms, kinds

    def db_stats(self, db):
        """(transactions committed, rows inserted into our tables: catalog rows of the schema
        setup left out)."""
        c = self.psql(self.base_db, "-c", f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{db}'")
        i = self.psql(db, "-c", "SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables")
        return int(c), int(i)

    def close(self):
        if self.own:
            # Only the URL our own `start` printed.
            subprocess.run([PG_SCRIPT, "stop", self.url], capture_output=True)
        else:
            for db in self.made:
                self.psql(self.base_db, "-c", f'DROP DATABASE IF EXISTS "{db}"', check=False)


def trend_median_ms(store, mrns):
    walls = []
    for mrn in mrns:
        t0 = time.perf_counter()
        subprocess.run([BIN, "trend", mrn, "--json", "--store", store], check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls) * 1000


def insert_vs_copy(pg, db, rows):
    """psql times `rows` variant_call rows (the ingested ones, again) into a scratch table
    LIKE variant_call (its CHECKs, unique index and identity), one transaction each way: one
    INSERT statement per row (one simple-protocol round trip each) vs one COPY FROM STDIN."""
    cols = ("document_id, variant_key, gene, transcript, coding_change, protein_change, chrom, position, ref, alt, "
            "alt_reads, depth, vaf, status, origin, white_cell_vaf, equivocal, subclonal, white_cell_depth, clinical_significance")
    pg.psql(db, "-c", "DROP TABLE IF EXISTS bench_scratch", "-c",
            "CREATE TABLE bench_scratch (LIKE variant_call INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES INCLUDING IDENTITY)")
    csv_path = os.path.join(OUT, "pg-variant-calls.csv")
    sql_path = os.path.join(OUT, "pg-variant-calls-inserts.sql")
    pg.psql(db, "-c", f"\\copy (SELECT {cols} FROM variant_call ORDER BY id LIMIT {rows}) TO '{csv_path}' CSV")
    lits = ", ".join(f"%L" for _ in cols.split(", "))
    inserts = pg.psql(db, "-c", f"SELECT format('INSERT INTO bench_scratch ({cols}) VALUES ({lits});', {cols}) "
                                f"FROM variant_call ORDER BY id LIMIT {rows}")
    with open(sql_path, "w") as f:
        f.write("BEGIN;\n" + inserts + "\nCOMMIT;\n")
    n = inserts.count("\n") + 1 if inserts else 0
    ins, cp = [], []
    for _ in range(RUNS):
        pg.psql(db, "-c", "TRUNCATE bench_scratch")
        t0 = time.perf_counter()
        pg.psql(db, "-f", sql_path)
        ins.append(time.perf_counter() - t0)
        pg.psql(db, "-c", "TRUNCATE bench_scratch")
        t0 = time.perf_counter()
        pg.psql(db, "-c", f"\\copy bench_scratch ({cols}) FROM '{csv_path}' CSV")
        cp.append(time.perf_counter() - t0)
    got = int(pg.psql(db, "-c", "SELECT count(*) FROM bench_scratch"))
    pg.psql(db, "-c", "DROP TABLE bench_scratch")
    for path in (csv_path, sql_path):
        os.remove(path)
    if got != n:
        raise RuntimeError(f"COPY stored {got} rows of {n}")
    return n, statistics.median(ins), statistics.median(cp)


def postgres_bench(big, files, store, sqlite, mrns):
    """The PostgreSQL rows of results.md; `sqlite` holds the SQLite figures of the same steps."""
    try:
        pg = Postgres()
    except RuntimeError as e:
        print(f"bench: PostgreSQL skipped ({e})", file=sys.stderr)
        return ["", f"PostgreSQL: skipped ({e})."]
    try:
        counted = pg.enable_statements()
        n = len(files)
        names = [f"ctdna_bench_ingest_{i}" for i in range(RUNS)]
        urls = {}

        def ingest_cmd(i):
            def prep():
                if i > 0:   # a fresh database per run; the earlier one is dropped
                    pg.psql(pg.base_db, "-c", f'DROP DATABASE IF EXISTS "{names[i - 1]}"')
                urls[i] = pg.fresh_db(names[i])
            return ([BIN, "ingest", "-q", "--jobs", str(JOBS), "--store", pg.url_for(names[i]), big], prep)
        ing, ing_rss, _ = median_of(ingest_cmd)
        # What opening a fresh database costs (schema setup), not counted per file: an ingest of
        # an empty folder.
        empty = os.path.join(OUT, "empty-folder")
        os.makedirs(empty, exist_ok=True)
        setup = 0
        if counted:
            subprocess.run([BIN, "ingest", "-q", "--jobs", str(JOBS), "--store", pg.fresh_db("ctdna_bench_setup"), empty], check=True)
        db = names[RUNS - 1]
        url = urls[RUNS - 1]
        time.sleep(1)   # backends' statistics reach the shared counters within a second of their exit
        xacts, tuples = pg.db_stats(db)
        calls, server_ms, kinds = pg.statements(db) if counted else (None, None, {})
        if counted:
            setup = pg.statements("ctdna_bench_setup")[0]
        rows_in = {t: int(pg.psql(db, "-c", f"SELECT count(*) FROM {t}")) for t in ("document", "variant_call", "draw")}

        again, again_rss, _ = median_of(lambda i: ([BIN, "ingest", "-q", "--jobs", str(JOBS), "--store", url, big], None))
        time.sleep(1)
        calls2 = pg.statements(db)[0] if counted else None
        reports = os.path.join(OUT, "reports-pg")
        rep, rep_rss, _ = median_of(lambda i: ([BIN, "report", "-q", "--store", url, "--all", "--out", reports], None))
        trend = trend_median_ms(url, mrns)
        vc_n, vc_ins, vc_copy = insert_vs_copy(pg, db, rows_in["variant_call"])
        where = "own throw-away cluster: fsync off, Unix socket" if pg.own else "CTDNA_BENCH_POSTGRES_URL"
    except (RuntimeError, subprocess.CalledProcessError) as e:
        # The SQLite figures are still written.
        print(f"bench: PostgreSQL part failed ({e})", file=sys.stderr)
        return ["", f"PostgreSQL: failed ({e})."]
    finally:
        pg.close()

    def ratio(pg_v, sq_v):
        return f"{pg_v / sq_v:.2f}×"
    lines = [
        "",
        f"## PostgreSQL beside SQLite ({where}; same cohort, --jobs {JOBS}, median of {RUNS} runs)",
        "",
        "| step | SQLite | PostgreSQL | PostgreSQL ÷ SQLite |",
        "| --- | ---: | ---: | ---: |",
        f"| ingest, fresh store ({n} files): wall s | {sqlite['ing']:.2f} | {ing:.2f} | {ratio(ing, sqlite['ing'])} |",
        f"| ingest, fresh store: files/s | {n / sqlite['ing']:,.0f} | {n / ing:,.0f} | {ratio(n / ing, n / sqlite['ing'])} |",
        f"| ingest again, all unchanged: wall s | {sqlite['again']:.2f} | {again:.2f} | {ratio(again, sqlite['again'])} |",
        f"| ingest again, all unchanged: files/s | {n / sqlite['again']:,.0f} | {n / again:,.0f} | {ratio(n / again, n / sqlite['again'])} |",
        f"| report --all (en): reports/s | {P / sqlite['rep']:,.1f} | {P / rep:,.1f} | {ratio(P / rep, P / sqlite['rep'])} |",
        f"| trend --json, same {rows_in['draw']:,} draws, median of {len(mrns)}: ms | {sqlite['trend']:.1f} | {trend:.1f} | {ratio(trend, sqlite['trend'])} |",
        f"| peak RSS ingest / report MB | {sqlite['ing_rss']:.0f} / {sqlite['rep_rss']:.0f} | {ing_rss:.0f} / {rep_rss:.0f} | |",
        "",
        "| PostgreSQL ingest, what it costs | value |",
        "| --- | ---: |",
        f"| rows inserted (pg_stat_user_tables.n_tup_ins) per file | {tuples / n:.1f} |",
        f"| transactions committed (xact_commit) in the ingest | {xacts:,} |",
    ]
    if counted:
        top = ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])[:6])
        lines += [
            f"| statements (pg_stat_statements calls) | {calls:,} ({top}) |",
            f"| of which opening the fresh database (schema setup, as ingesting an empty folder) | {setup:,} |",
            f"| statements per file (setup left out) | {(calls - setup) / n:.1f} |",
            f"| ingest wall per statement (wall ÷ statements) | {ing / calls * 1e6:.0f} µs |",
            f"| server execution per statement (total_exec_time ÷ calls) | {server_ms / calls * 1000:.0f} µs |",
            f"| statements of one unchanged re-ingest ({n} files) | {(calls2 - calls) / RUNS:,.0f} |",
        ]
    else:
        lines.append("| statements | not counted (pg_stat_statements not preloaded) |")
    lines += [
        f"| {vc_n:,} variant_call rows, one INSERT per row (psql, one transaction) | {vc_ins:.2f} s = {vc_ins / vc_n * 1e6:.0f} µs/row |",
        f"| same rows, one COPY FROM STDIN (psql \\copy) | {vc_copy:.2f} s = {vc_copy / vc_n * 1e6:.1f} µs/row |",
        f"| COPY ÷ INSERT per row | {vc_ins / vc_copy:.0f}× faster |",
    ]
    return lines


def main():
    os.makedirs(OUT, exist_ok=True)
    big = cohort(P, f"cohort-{P}x{D}")
    small = cohort(max(1, P // 10), f"cohort-{max(1, P // 10)}x{D}")
    peer_src = cohort(PEER_P, f"cohort-{PEER_P}x{D}")
    files = files_in(big, (".xml", ".json"))
    xml = files_in(big, (".xml",))
    store = os.path.join(OUT, "bench.sqlite")
    rows = []

    ing, ing_rss, _ = median_of(lambda i: (([BIN, "ingest", "-q", "--jobs", str(JOBS), "--store", store, big]), fresh(store)))
    # The same folder again: every file unchanged.
    again, _, _ = median_of(lambda i: (([BIN, "ingest", "-q", "--jobs", str(JOBS), "--store", store, big]), None))
    rows.append(("ctdna ingest (fresh store)", f"{len(files)} files", ing, len(files) / ing, ing_rss))
    ing_small, _, _ = median_of(lambda i: (([BIN, "ingest", "-q", "--store", store + ".small", small]), fresh(store + ".small")))
    small_files = len(files_in(small, (".xml", ".json")))

    listing = os.path.join(OUT, "xml-files.txt")
    with open(listing, "w") as f:
        f.write("\n".join(xml) + "\n")
    lint, lint_rss, _ = median_of(lambda i: ((["sh", "-c", f"xargs -a '{listing}' -d '\\n' xmllint --noout --nonet"]), None))
    rows.append(("xmllint --noout (XML files only)", f"{len(xml)} files", lint, len(xml) / lint, lint_rss))

    reports = os.path.join(OUT, "reports")
    rep1, rep1_rss, _ = median_of(lambda i: (([BIN, "report", "-q", "--store", store, "--all", "--out", reports]), None))
    rows.append(("ctdna report --all (en)", f"{P} patients", rep1, P / rep1, rep1_rss))
    rep2, rep2_rss, _ = median_of(lambda i: (([BIN, "report", "-q", "--store", store, "--all", "--lang", "en", "--lang", "zh-Hans",
                                              "--out", reports]), None))
    rows.append(("ctdna report --all (en + zh-Hans)", f"{2 * P} PDFs", rep2, 2 * P / rep2, rep2_rss))

    # The peer on a subset, and ctdna on the same subset.
    peer_out = os.path.join(OUT, "peer-reports")
    shutil.rmtree(peer_out, ignore_errors=True)
    pw, prss, pout = timed([sys.executable, PEER, peer_src, peer_out])
    m = re.search(r"peer: (\d+) patients \((\d+) files.*parse ([\d.]+)s, render ([\d.]+)s", pout)
    peer_patients, peer_skipped, peer_parse, peer_render = int(m.group(1)), int(m.group(2)), float(m.group(3)), float(m.group(4))
    peer_files = len(files_in(peer_src, (".xml",))) - peer_skipped
    sub_store = os.path.join(OUT, "peer-subset.sqlite")
    sub_files = len(files_in(peer_src, (".xml", ".json")))
    sub_ing, sub_rss, _ = median_of(lambda i: (([BIN, "ingest", "-q", "--store", sub_store, peer_src]), fresh(sub_store)))
    sub_rep, sub_rep_rss, _ = median_of(lambda i: (([BIN, "report", "-q", "--store", sub_store, "--all", "--out", reports + "-subset"]), None))
    rows.append(("peer parse (lxml)", f"{peer_files} files", peer_parse, peer_files / peer_parse, None))
    rows.append(("peer render (matplotlib)", f"{peer_patients} patients", peer_render, peer_patients / peer_render, prss))
    rows.append((f"ctdna ingest, same {PEER_P} patients", f"{sub_files} files", sub_ing, sub_files / sub_ing, sub_rss))
    rows.append((f"ctdna report, same {PEER_P} patients", f"{PEER_P} patients", sub_rep, PEER_P / sub_rep, sub_rep_rss))

    # trend --json on the cohort's store, the same data PostgreSQL gets below.
    mrns = [f"SYN{(k * 37) % P:06d}" for k in range(21)]
    trend_small_ms = trend_median_ms(store, mrns)

    # trend --json on a store of about 120,000 draws.
    big_store = os.path.join(OUT, "big.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(big_store + suffix):
            os.remove(big_store + suffix)
    copies = max(1, round(120_000 / (P * D)))
    draws = grow_store(store, big_store, copies)
    walls = []
    for k in range(21):
        mrn = f"SYN{(k * 37) % P:06d}" + (f"-{k % copies}" if k % copies else "")
        t0 = time.perf_counter()
        subprocess.run([BIN, "trend", mrn, "--json", "--store", big_store], check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
    trend_ms = statistics.median(walls) * 1000

    per_file_ours = ing / len(files)
    per_file_peer = peer_parse / peer_files
    lines = [
        f"# make bench: {P} patients x {D} draws ({len(files)} files: {len(xml)} XML, {len(files) - len(xml)} JSON), "
        f"median of {RUNS} runs, {os.cpu_count()} cores",
        "",
        "| step | work | median s | per second | peak RSS MB |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name, work, secs, rate, rss in rows:
        lines.append(f"| {name} | {work} | {secs:.2f} | {rate:,.0f} | {'' if rss is None else f'{rss:.0f}'} |")
    lines += [
        "",
        "| ratio | value | target |",
        "| --- | ---: | --- |",
        f"| ingest vs peer parse, per file (peer s/file ÷ ours) | {per_file_peer / per_file_ours:.1f}× | ≥ 2× |",
        f"| ingest vs xmllint floor, per file (ours ÷ xmllint) | {per_file_ours / (lint / len(xml)):.2f}× | ≤ 3× |",
        f"| report vs peer render, per patient (ours ÷ peer) | {(P / rep1) / (peer_patients / peer_render):.0f}× | ≥ 20× |",
        f"| ingest growth, 10× patients ({small_files} → {len(files)} files) | {ing / ing_small:.1f}× time | ≤ 12× |",
        f"| peak RSS ingest / report | {ing_rss:.0f} / {max(rep1_rss, rep2_rss):.0f} MB | < 300 MB |",
        f"| trend --json on {draws:,} draws, median of 21 | {trend_ms:.1f} ms | < 20 ms |",
    ]
    if os.environ.get("BENCH_POSTGRES", "1") != "0":
        lines += postgres_bench(big, files, store, {"ing": ing, "again": again, "rep": rep1, "trend": trend_small_ms,
                                                     "ing_rss": ing_rss, "rep_rss": rep1_rss}, mrns)
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
