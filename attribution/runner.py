"""Run many articles: stream inputs through the pipeline into CSV files.

Memory stays flat in the number of articles: each article's rows are written
as soon as it is done. Outputs go to temporary files renamed into place at
the end, so an interrupted run never leaves a truncated CSV behind.
"""
from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from .files import atomic_write_text
from .parsing import Parser
from .pipeline import ATTRIBUTION_COLUMNS, ArticleResult, analyze_article
from .rules import RuleSet
from .summary import ARTICLE_COLUMNS, attributions_frame, summarise
from .text import Article, InputProblem, read_inputs


@dataclass
class RunReport:
    articles: int = 0
    attributions: int = 0
    words: int = 0
    failures: list[str] = field(default_factory=list)   # one line each; the run exits 1
    warnings: list[str] = field(default_factory=list)   # e.g. bytes replaced; still written


def article_summary(result: ArticleResult) -> dict:
    meta = result.doc.metadata
    articles = pd.DataFrame([{
        "article_id": result.doc.article_id, "title": result.title,
        "n_sentences": len(result.doc.sentences), "n_words": result.doc.n_words,
        "outlet": meta.get("outlet", ""), "url": meta.get("url", ""), "date": meta.get("date", ""),
    }])
    return summarise(attributions_frame(result.rows), articles).iloc[0].to_dict()


def iter_results(items: Iterable[Article | InputProblem], parser: Parser, rules: RuleSet,
                 report: RunReport) -> Iterator[ArticleResult]:
    """Analyse each article; record problems and failures instead of stopping."""
    for item in items:
        if isinstance(item, InputProblem):
            (report.failures if item.fatal else report.warnings).append(str(item))
            continue
        try:
            result = analyze_article(item, parser, rules)
        except Exception as err:  # one bad article must not lose the others
            report.failures.append(f"{item.origin or item.article_id}: analysis failed: "
                                   f"{type(err).__name__}: {err}")
            continue
        report.articles += 1
        report.attributions += len(result.rows)
        report.words += result.doc.n_words
        yield result


class AtomicCSV:
    """A CSV written to a temporary file and renamed into place on commit."""

    def __init__(self, path: Path, columns: list[str]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
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


def errors_path(out: Path) -> Path:
    return out.with_name(out.stem + ".errors.txt")


def run(inputs: list[str], parser: Parser, rules: RuleSet, out: Path, summary: Path | None,
        on_article: Callable[[ArticleResult], None] | None = None, stdin=None) -> RunReport:
    """Analyse ``inputs`` into ``out`` (attributions) and ``summary`` (articles)."""
    report = RunReport()
    writers = [AtomicCSV(out, ATTRIBUTION_COLUMNS)]
    if summary is not None:
        writers.append(AtomicCSV(summary, ARTICLE_COLUMNS))
    try:
        for result in iter_results(read_inputs(inputs, stdin=stdin), parser, rules, report):
            writers[0].write(result.rows)
            if summary is not None:
                writers[1].write([article_summary(result)])
            if on_article:
                on_article(result)
    except BaseException:
        for w in writers:
            w.abort()
        raise
    for w in writers:
        w.commit()
    _write_errors(errors_path(out), report)
    return report


def _write_errors(path: Path, report: RunReport) -> None:
    lines = report.failures + [f"warning: {w}" for w in report.warnings]
    if lines:
        atomic_write_text(path, "\n".join(lines) + "\n")
    else:
        path.unlink(missing_ok=True)  # a stale list from an earlier run would mislead
