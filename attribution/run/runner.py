"""Run many articles: stream inputs through an engine into CSV or Parquet.

Memory stays flat in the number of articles: each article's rows are written
as soon as it is done. Outputs go to temporary files renamed into place at
the end, so an interrupted run never leaves a truncated output behind.

Resuming: while a run goes, every finished article is appended to a journal
(``<out>.journal.jsonl``, flushed per article). ``--resume`` reads it, skips
the articles already done, and still writes every article in input order, so
the final output equals an uninterrupted run's. A finished run deletes it.
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .engines import Outcome
from ..files import atomic_write_text, share_like_open
from ..records import ARTICLE_COLUMNS, ATTRIBUTION_COLUMNS
from ..text import Article, InputProblem, read_inputs

FORMATS = ("csv", "parquet")


@dataclass
class RunReport:
    articles: int = 0
    attributions: int = 0
    words: int = 0
    resumed: int = 0
    failures: list[str] = field(default_factory=list)   # one line each; the run exits 1
    warnings: list[str] = field(default_factory=list)   # e.g. bytes replaced; still written


# ----------------------------------------------------------------------- writers

class AtomicCSV:
    """A CSV written to a temporary file and renamed into place on commit."""

    def __init__(self, path: Path, columns: list[str]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        share_like_open(fd)
        self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._writer = csv.DictWriter(self._handle, fieldnames=columns, extrasaction="ignore")
        self._writer.writeheader()

    def write(self, rows: Iterable[dict]) -> None:
        self._writer.writerows(_csv_value(r) for r in rows)

    def commit(self) -> None:
        self._handle.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self._handle.close()
        Path(self._tmp).unlink(missing_ok=True)


class AtomicParquet:
    """Parquet written in row groups to a temporary file, renamed on commit."""

    BATCH = 2000

    def __init__(self, path: Path, columns: list[str]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        share_like_open(fd)
        os.close(fd)
        self.columns = columns
        self._buffer: list[dict] = []
        self._writer = None

    def write(self, rows: Iterable[dict]) -> None:
        self._buffer.extend(rows)
        if len(self._buffer) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq
        schema = pa.schema([(c, pa.string()) for c in self.columns])
        table = pa.Table.from_pylist([{c: _as_text(r.get(c)) for c in self.columns} for r in self._buffer],
                                     schema=schema)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self._tmp, schema)
        self._writer.write_table(table)
        self._buffer = []

    def commit(self) -> None:
        if self._buffer or self._writer is None:
            self._flush()
        self._writer.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.close()
        Path(self._tmp).unlink(missing_ok=True)


def _as_text(value) -> str:
    # Parquet holds the same strings as the CSV (empty, true/false, "0.60"),
    # so both formats read back into identical frames with explore.type_attributions.
    return str(_csv_value({"v": value})["v"])


def _csv_value(row: dict) -> dict:
    """Empty cells, never "None" or "nan"; floats rounded for humans."""
    out = {}
    for key, value in row.items():
        if value is None or (isinstance(value, float) and value != value):
            out[key] = ""
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, float):
            out[key] = f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
        else:
            out[key] = value
    return out


def _writer(path: Path, columns: list[str], fmt: str):
    return AtomicParquet(path, columns) if fmt == "parquet" else AtomicCSV(path, columns)


def errors_path(out: Path) -> Path:
    return out.with_name(out.stem + ".errors.txt")


def journal_path(out: Path) -> Path:
    return out.with_name(out.name + ".journal.jsonl")


# ----------------------------------------------------------------------- journal

class Journal:
    """Append-only record of finished articles, for --resume.

    The first line holds a fingerprint of the models, rules and format; a
    journal written under other settings is not resumed from (its rows would
    differ from a fresh run's).
    """

    def __init__(self, path: Path, resume: bool, fingerprint: str, report: "RunReport"):
        self.path = path
        self.done: dict[str, Outcome] = {}
        if resume and path.is_file():
            found, self.done = _read_journal(path)
            if found != fingerprint:
                report.warnings.append(f"{path}: written with other models, rules or format; starting afresh")
                self.done = {}
        if not self.done:
            path.unlink(missing_ok=True)
        self._handle = open(path, "a", encoding="utf-8")
        if not self.done:
            self._write({"fingerprint": fingerprint})

    def _write(self, entry: dict) -> None:
        self._handle.write(json.dumps(entry, default=str) + "\n")
        self._handle.flush()

    def record(self, outcome: Outcome) -> None:
        self._write({"article_id": outcome.article_id, "origin": outcome.origin, "rows": outcome.rows,
                     "summary": outcome.summary, "words": outcome.words})

    def finish(self) -> None:
        self._handle.close()
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        self._handle.close()


def _read_journal(path: Path) -> tuple[str, dict[str, Outcome]]:
    """(fingerprint, finished articles); cuts off a last line a kill left half-written."""
    done: dict[str, Outcome] = {}
    fingerprint = ""
    good_bytes = 0
    with open(path, "rb") as lines:
        for raw in lines:
            try:
                entry = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                break
            if not raw.endswith(b"\n"):
                break
            good_bytes += len(raw)
            if "fingerprint" in entry:
                fingerprint = entry["fingerprint"]
            else:
                done[entry["article_id"]] = Outcome(entry["article_id"], entry["origin"], entry["rows"],
                                                    entry["summary"], entry["words"])
    with open(path, "r+b") as handle:
        handle.truncate(good_bytes)  # appends then start on a clean line
    return fingerprint, done


# --------------------------------------------------------------------------- run

def run(inputs: list[str], engine, out: Path, summary: Path | None, fmt: str = "csv",
        resume: bool = False, on_article: Callable[[Outcome], None] | None = None,
        stdin=None, fingerprint: str = "") -> RunReport:
    """Analyse ``inputs`` with ``engine`` into ``out`` (attributions) and ``summary`` (articles).

    ``fingerprint`` names the models and rules; ``--resume`` only reuses a
    journal written under the same one.
    """
    report = RunReport()
    _remove_stale_temporaries(out, summary)
    journal = Journal(journal_path(out), resume, f"{fingerprint}:{fmt}", report)
    writers = [_writer(out, ATTRIBUTION_COLUMNS, fmt)]
    if summary is not None:
        writers.append(_writer(summary, ARTICLE_COLUMNS, fmt))
    items = _with_resumed(read_inputs(inputs, stdin=stdin), journal.done, report)
    try:
        for item in engine.map(items):
            if isinstance(item, InputProblem):
                (report.failures if item.fatal else report.warnings).append(str(item))
                continue
            if item.error:
                report.failures.append(item.error)
                continue
            writers[0].write(item.rows)
            if summary is not None:
                writers[1].write([item.summary])
            if item.article_id not in journal.done:
                journal.record(item)
            report.articles += 1
            report.attributions += len(item.rows)
            report.words += item.words
            if on_article:
                on_article(item)
    except BaseException:
        for w in writers:
            w.abort()
        journal.close()
        raise
    for w in writers:
        w.commit()
    journal.finish()
    _write_errors(errors_path(out), report)
    return report


def _with_resumed(items: Iterator, done: dict[str, Outcome], report: RunReport) -> Iterator:
    for item in items:
        if isinstance(item, Article) and item.article_id in done:
            report.resumed += 1
            yield done[item.article_id]
        else:
            yield item


def _remove_stale_temporaries(*paths: Path | None) -> None:
    """Temporary files left by a killed run (kill -9 skips every cleanup)."""
    for path in paths:
        if path is not None and path.parent.is_dir():
            for stale in path.parent.glob(f".{path.name}.*.tmp"):
                stale.unlink(missing_ok=True)


def _write_errors(path: Path, report: RunReport) -> None:
    lines = report.failures + [f"warning: {w}" for w in report.warnings]
    if lines:
        atomic_write_text(path, "\n".join(lines) + "\n")
    else:
        path.unlink(missing_ok=True)  # a stale list from an earlier run would mislead
