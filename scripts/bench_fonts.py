#!/usr/bin/env python3
"""Chinese PDF size and time against English (issue 16, item 3): SampleData's MM-1002,
`ctdna report MM-1002 --lang en` and `--lang zh-Hans`, each run RUNS times (median), with
ctdna's compact CJK font (.build-fonts) and with the system's Noto Sans CJK SC
(CTDNA_FONTS pointing at an empty folder: how every report was made before).

Usage: bench_fonts.py [BIN] (default .build/release/ctdna). Environment: BENCH_FONT_RUNS (5).
Prints Markdown tables (times are CPU time, user + system); the PDFs stay in bench-out/fonts/.
"""
import os
import shutil
import statistics
import subprocess
import sys
import resource

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "ctdna"))
RUNS = int(os.environ.get("BENCH_FONT_RUNS", "5"))
OUT = os.path.join(ROOT, "bench-out", "fonts")


def run(args, env):
    """Runs ctdna; returns its CPU time (user + system: steadier than wall time on a
    shared machine) and its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([BIN] + args, cwd=ROOT, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode != 0:
        sys.exit(f"bench_fonts: {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return elapsed, p.stderr


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, "no-fonts"))
    store = os.path.join(OUT, "store.sqlite")
    env = dict(os.environ)
    env.pop("CTDNA_STORE", None)
    env.pop("CTDNA_FONTS", None)
    run(["ingest", "-q", "--store", store, "SampleData"], env)
    rows, all_rows = [], []
    for label, fonts in [("system Noto Sans CJK SC (before)", os.path.join(OUT, "no-fonts")),
                         ("ctdna Noto Sans CJK SC (after)", None)]:
        e = dict(env)
        if fonts:
            e["CTDNA_FONTS"] = fonts
        result = {}
        for lang in ["en", "zh-Hans"]:
            out = os.path.join(OUT, "before" if fonts else "after", lang)
            times = []
            for _ in range(RUNS):
                shutil.rmtree(out, ignore_errors=True)
                t, _ = run(["report", "-q", "MM-1002", "--store", store, "--lang", lang, "--out", out], e)
                times.append(t)
            pdf = [f for f in os.listdir(out) if f.endswith(".pdf")][0]
            result[lang] = (os.path.getsize(os.path.join(out, pdf)), statistics.median(times))
        # Every SampleData patient, one worker: the per-report cost with start-up shared.
        every = {}
        for lang in ["en", "zh-Hans"]:
            out = os.path.join(OUT, ("before" if fonts else "after") + "-all", lang)
            times = []
            for _ in range(RUNS):
                shutil.rmtree(out, ignore_errors=True)
                t, _ = run(["report", "-q", "--all", "--jobs", "1", "--store", store, "--lang", lang, "--out", out], e)
                times.append(t)
            pdfs = [os.path.join(out, f) for f in os.listdir(out) if f.endswith(".pdf")]
            every[lang] = (len(pdfs), sum(os.path.getsize(p) for p in pdfs) / len(pdfs), statistics.median(times))
        (n, en_mean, en_all), (_, zh_mean, zh_all) = every["en"], every["zh-Hans"]
        all_rows.append(f"| {label} | {n} | {en_mean / 1024:.0f} KB | {zh_mean / 1024:.0f} KB | {zh_mean / en_mean:.2f}× "
                        f"| {en_all:.2f} s | {zh_all:.2f} s | {zh_all / en_all:.2f}× |")
        (en_size, en_time), (zh_size, zh_time) = result["en"], result["zh-Hans"]
        rows.append(f"| {label} | {en_size / 1024:.0f} KB | {zh_size / 1024:.0f} KB | {zh_size / en_size:.2f}× "
                    f"| {en_time:.2f} s | {zh_time:.2f} s | {zh_time / en_time:.2f}× |")
    print(f"MM-1002, {os.path.relpath(BIN, ROOT)}, median of {RUNS} runs (CPU time, user + system, of the whole command)\n")
    print("| CJK font | en PDF | zh-Hans PDF | zh ÷ en | en CPU | zh-Hans CPU | zh ÷ en |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(r)
    print(f"\nEvery SampleData patient (`report --all --jobs 1`), mean PDF size, median of {RUNS} runs\n")
    print("| CJK font | patients | en PDF (mean) | zh-Hans PDF (mean) | zh ÷ en | en CPU | zh-Hans CPU | zh ÷ en |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in all_rows:
        print(r)


if __name__ == "__main__":
    main()
