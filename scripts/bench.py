#!/usr/bin/env python3
"""make bench: ctdna against the parse floor (xmllint) and the Python peer, on one
synthetic cohort. Prints medians, ratios and peak RSS, and writes bench-out/results.md.

Environment: BENCH_PATIENTS (1000), BENCH_DRAWS (12), BENCH_RUNS (3), BENCH_PEER_PATIENTS (100),
BENCH_SEED (1). Needs GNU time (/usr/bin/time), xmllint, python3 with lxml and matplotlib.
"""
import os, re, shutil, sqlite3, statistics, subprocess, sys, time

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


def main():
    os.makedirs(OUT, exist_ok=True)
    big = cohort(P, f"cohort-{P}x{D}")
    small = cohort(max(1, P // 10), f"cohort-{max(1, P // 10)}x{D}")
    peer_src = cohort(PEER_P, f"cohort-{PEER_P}x{D}")
    files = files_in(big, (".xml", ".json"))
    xml = files_in(big, (".xml",))
    store = os.path.join(OUT, "bench.sqlite")
    rows = []

    ing, ing_rss, _ = median_of(lambda i: (([BIN, "ingest", "-q", "--store", store, big]), fresh(store)))
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
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
