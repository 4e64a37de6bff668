#!/usr/bin/env python
"""Throughput and memory at scale, through the real CLI. Prints JSON.

    python benchmarks/bench_scale.py [--articles 200] [--rerun-articles 1000]

Corpus: the bundled example articles and the 43 GUM Wikinews texts, copied
under fresh names until the wanted count (a generator, so any size works).
Each configuration runs `python -m attribution analyze` in a subprocess on a
cold start (model loading included, as a user would see it):

- workers_1, workers_2: --workers 1 / 2, no cache (one worker uses every core
  through PyTorch threads; two workers get one thread each)
- workers_1_threads_1: one worker on one thread, the per-process baseline
- dask_local: --scheduler local --workers 2 (a LocalCluster on loopback)
- rerun_cached, rerun_cached_workers_1: --rerun-articles articles with a warm
  --cache (rules only), with the default workers (all cores) and with one
- rss_100 / rss_2000: peak RSS of the biggest process (parent or worker) for
  100 and 2,000 articles on a warm cache, to see memory stay flat
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "eval" / "gum" / "texts").glob("*.txt"))


def make_corpus(directory: Path, n: int) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(n):
        text = SOURCES[i % len(SOURCES)].read_text(encoding="utf-8")
        (directory / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def analyze(corpus: Path, out: Path, *extra: str) -> dict:
    cmd = [sys.executable, "-m", "attribution", "analyze", str(corpus), "--quiet",
           "--out", str(out / "a.csv"), "--summary", str(out / "s.csv"), *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.time()
    subprocess.run(cmd, check=True)
    seconds = time.time() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(max(peak, before) / 1024, 1)}


def rss_of(corpus: Path, out: Path, *extra: str) -> float:
    """Peak RSS in MB of the largest process of one run (a fresh Python, so the max is its own)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    cmd = [sys.executable, "-m", "attribution", "analyze", str(corpus), "--quiet",
           "--out", str(out / "r.csv"), "--summary", str(out / "rs.csv"), *extra]
    done = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True)
    return round(int(done.stdout.split()[-1]) / 1024, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--rerun-articles", type=int, default=1000)
    ap.add_argument("--rerun-only", action="store_true",
                    help="skip the parsing configurations: only the warm-cache re-runs and memory")
    args = ap.parse_args()
    out: dict[str, object] = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        words = make_corpus(tmp / "corpus", args.articles)
        out["articles"], out["words"] = args.articles, words
        if args.rerun_only:
            configurations = []
        else:
            configurations = [("workers_1", ["--workers", "1"]),  # one process, PyTorch on all cores
                              ("workers_1_threads_1", ["--workers", "1", "--threads", "1"]),
                              ("workers_2", ["--workers", "2"]),
                              ("dask_local", ["--scheduler", "local", "--workers", "2"])]
        for name, extra in configurations:
            result = analyze(tmp / "corpus", tmp, *extra)
            result["words_per_s"] = round(words / result["seconds"])
            out[name] = result
            print(name, result, file=sys.stderr)
        if configurations:
            speed = {name: out[name]["words_per_s"] for name, _ in configurations}
            out["speedup_2_workers"] = round(speed["workers_2"] / speed["workers_1"], 2)
            # the same, per process: one single-threaded worker against two
            out["speedup_2_workers_vs_1_thread"] = round(speed["workers_2"] / speed["workers_1_threads_1"], 2)
            out["dask_vs_workers_2"] = round(speed["dask_local"] / speed["workers_2"], 2)

        rerun_words = make_corpus(tmp / "big", args.rerun_articles)
        cache = tmp / "cache"
        analyze(tmp / "big", tmp, "--workers", "2", "--cache", str(cache))  # warm the cache
        for name, workers in (("rerun_cached_workers_1", "1"), ("rerun_cached", str(os.cpu_count() or 1))):
            result = analyze(tmp / "big", tmp, "--workers", workers, "--cache", str(cache))
            result["articles"], result["words_per_s"] = args.rerun_articles, round(rerun_words / result["seconds"])
            out[name] = result
            print(name, result, file=sys.stderr)

        make_corpus(tmp / "c100", 100)
        make_corpus(tmp / "c2000", 2000)
        for n in (100, 2000):
            out[f"rss_{n}_workers_1_mb"] = rss_of(tmp / f"c{n}", tmp, "--workers", "1", "--cache", str(cache))
            out[f"rss_{n}_workers_2_mb"] = rss_of(tmp / f"c{n}", tmp, "--workers", "2", "--cache", str(cache))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
