"""Workers, Dask, resume and Parquet give the same rows as one in-process run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from attribution.run.engines import EngineConfig, ProcessEngine, SerialEngine
from attribution.parsing import ConlluParser
from attribution.run.runner import journal_path, run

from .conftest import ARTICLES, DATA, needs_models

HANDWRITTEN = (DATA / "parses" / "handwritten.conllu").read_text(encoding="utf-8")
LINES = ["He said the talks had failed.", "It was reported that the talks had failed.",
         "Unnamed sources quoted by the Planet said the talks had failed."]


def corpus(tmp_path, n):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(LINES[i % 3] + "\n", encoding="utf-8")
    return folder


def test_resume_uses_the_journal_and_matches_a_clean_run(tmp_path, rules):
    folder = corpus(tmp_path, 9)
    engine = SerialEngine(ConlluParser(HANDWRITTEN), rules)
    clean = tmp_path / "clean.csv"
    run([str(folder)], engine, clean, tmp_path / "clean-s.csv")

    out = tmp_path / "a.csv"

    class Interrupt(SerialEngine):
        def map(self, items):
            for n, item in enumerate(super().map(items)):
                if n == 4:
                    raise KeyboardInterrupt
                yield item
    with pytest.raises(KeyboardInterrupt):
        run([str(folder)], Interrupt(engine.parser, rules), out, tmp_path / "s.csv")
    assert not out.exists()
    assert len(journal_path(out).read_text(encoding="utf-8").splitlines()) == 1 + 4  # fingerprint + 4
    with open(journal_path(out), "a", encoding="utf-8") as journal:
        journal.write('{"article_id": "a005", "rows": [')  # a kill mid-write leaves half a line
    report = run([str(folder)], engine, out, tmp_path / "s.csv", resume=True)
    assert report.resumed == 4 and report.articles == 9
    assert out.read_bytes() == clean.read_bytes()
    assert not journal_path(out).exists()


def test_resume_ignores_a_journal_from_other_rules(tmp_path, rules):
    folder = corpus(tmp_path, 3)
    engine = SerialEngine(ConlluParser(HANDWRITTEN), rules)
    out = tmp_path / "a.csv"
    journal_path(out).write_text('{"fingerprint": "old-rules:csv"}\n{"article_id": "a000", "origin": "", '
                                 '"rows": [], "summary": {}, "words": 0}\n', encoding="utf-8")
    report = run([str(folder)], engine, out, tmp_path / "s.csv", resume=True, fingerprint="new-rules")
    assert report.resumed == 0 and report.articles == 3
    assert "starting afresh" in report.warnings[0]


def test_parquet_holds_the_csv_rows(tmp_path, rules):
    folder = corpus(tmp_path, 5)
    engine = SerialEngine(ConlluParser(HANDWRITTEN), rules)
    run([str(folder)], engine, tmp_path / "a.csv", tmp_path / "s.csv")
    run([str(folder)], engine, tmp_path / "a.parquet", tmp_path / "s.parquet", fmt="parquet")
    csv_rows = pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False)
    parquet_rows = pd.read_parquet(tmp_path / "a.parquet")
    pd.testing.assert_frame_equal(csv_rows, parquet_rows)
    assert len(pd.read_parquet(tmp_path / "s.parquet")) == 5


@needs_models
def test_two_worker_processes_equal_one(tmp_path, stanza_parser, rules):
    single, multi = tmp_path / "one.csv", tmp_path / "two.csv"
    run([str(ARTICLES)], SerialEngine(stanza_parser, rules), single, tmp_path / "s1.csv")
    engine = ProcessEngine(EngineConfig(), workers=2)
    try:
        run([str(ARTICLES)], engine, multi, tmp_path / "s2.csv")
    finally:
        engine.close()
    assert multi.read_bytes() == single.read_bytes()
    assert (tmp_path / "s2.csv").read_bytes() == (tmp_path / "s1.csv").read_bytes()


@needs_models
def test_dask_local_cluster_equals_one_process(tmp_path, stanza_parser, rules):
    from attribution.run.engines import DaskEngine
    single, dask_out = tmp_path / "one.csv", tmp_path / "dask.csv"
    run([str(ARTICLES)], SerialEngine(stanza_parser, rules), single, tmp_path / "s1.csv")
    engine = DaskEngine(EngineConfig(), "local", workers=2)
    try:
        assert len(engine.client.scheduler_info()["workers"]) == 2
        assert all(addr.startswith("tcp://127.0.0.1") for addr in engine.client.scheduler_info()["workers"])
        run([str(ARTICLES)], engine, dask_out, tmp_path / "s2.csv")
    finally:
        engine.close()
    assert dask_out.read_bytes() == single.read_bytes()


@needs_models
def test_killed_run_resumes_to_the_same_csv(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        src = sorted(ARTICLES.glob("*.txt"))[i % 2]
        (folder / f"{i:02d}-{src.name}").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    cmd = [sys.executable, "-m", "attribution.cli", "analyze", str(folder), "--workers", "1", "--quiet",
           "--summary", str(tmp_path / "s.csv")]
    clean = tmp_path / "clean.csv"
    subprocess.run(cmd + ["--out", str(clean)], check=True)
    out = tmp_path / "a.csv"
    proc = subprocess.Popen(cmd + ["--out", str(out)])
    journal = journal_path(out)
    deadline = time.time() + 120
    while time.time() < deadline and (not journal.exists() or len(journal.read_text().splitlines()) < 4):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(journal.read_text().splitlines()) - 1  # the first line is the fingerprint
    assert 2 <= done < 12, "the run was killed midway"
    assert not out.exists()
    subprocess.run(cmd + ["--out", str(out), "--resume"], check=True)
    assert out.read_bytes() == clean.read_bytes()
