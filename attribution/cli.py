"""The command line: thin wrappers over the package's functions.

Exit codes (as sqlfluff): 0 clean, 1 findings/failures (some articles failed,
a rule example failed), 2 usage or configuration error.

Commands import what they need when they run (pandas, matplotlib, the
engines): `attribution --help` and `rules list` should not pay for them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .parsing.models import ModelError
from .parsing.models import resolve as resolve_models
from . import parsing
from .rules import RulesError, load_rules

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Find who is quoted, named, anonymous or relayed in news articles.")
rules_app = typer.Typer(no_args_is_help=True, help="List and check the YAML rules.")
models_app = typer.Typer(help="Show which parsing models are available and in use.")
app.add_typer(rules_app, name="rules")
app.add_typer(models_app, name="models")

MODELS_HELP = "Models: 'bundled' (default), 'stanza' (official, from $STANZA_RESOURCES_DIR), or a directory."


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def analyze(
    inputs: List[str] = typer.Argument(..., help=".txt files, directories, .jsonl(.gz) files, or - for stdin."),
    out: Path = typer.Option(Path("attributions.csv"), "--out", "-o", help="Attributions table, one row each."),
    summary: Optional[Path] = typer.Option(Path("articles.csv"), "--summary", "-s", help="Per-article table."),
    models: Optional[str] = typer.Option(None, "--models", help=MODELS_HELP),
    rules: Optional[Path] = typer.Option(None, "--rules", help="Directory of rule files layered over the bundled rules/."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Parse cache directory (CoNLL-U, keyed by text and model)."),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", min=1,
                                help="Worker processes, one model load each (default: all cores)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask: 'local' (LocalCluster) or tcp://host:8786."),
    threads: int = typer.Option(1, "--threads", min=1, help="PyTorch threads per worker (one parses fastest on small machines; use --workers for the cores)."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run: skip articles it finished."),
    fmt: str = typer.Option("csv", "--format", help="csv or parquet."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary line."),
) -> None:
    """Analyse articles into attributions.csv and articles.csv."""
    from .run.runner import FORMATS, errors_path, run

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}")
    if fmt == "parquet":  # the defaults name CSV files
        out = out.with_suffix(".parquet") if out.suffix == ".csv" else out
        summary = summary.with_suffix(".parquet") if summary and summary.suffix == ".csv" else summary
    _check_outputs(out, summary)
    rule_set = _load_rules(rules)
    try:
        model_set = resolve_models(models)  # fail fast, in this process, with the one-line message
    except ModelError as err:
        fail(str(err))
    engine = _engine(models, cache, rules, threads, workers, scheduler, rule_set)
    progress = None if quiet or not sys.stderr.isatty() else _Progress()
    try:
        report = run(list(inputs), engine, out, summary, fmt=fmt, resume=resume,
                     on_article=progress.advance if progress else None,
                     fingerprint=f"{model_set.model_id}:{rule_set.fingerprint}")
    except KeyboardInterrupt:
        fail("interrupted; no output written (re-run with --resume to continue)", 130)
    finally:
        if progress:
            progress.stop()
        engine.close()
    for line in report.warnings:
        typer.echo(f"warning: {line}", err=True)
    for line in report.failures:
        typer.echo(f"error: {line}", err=True)
    if not quiet:
        resumed = f" ({report.resumed} resumed)" if report.resumed else ""
        typer.echo(f"{report.articles} articles{resumed}, {report.attributions} attributions -> {out}"
                   + (f", {summary}" if summary else ""), err=True)
    if report.failures:
        typer.echo(f"{len(report.failures)} input(s) failed; listed in {errors_path(out)}", err=True)
        raise typer.Exit(1)


def _check_outputs(out: Path, summary: Optional[Path]) -> None:
    """Fail before any work if an output cannot be written."""
    if summary is not None and out.resolve() == summary.resolve():
        fail("--out and --summary name the same file")
    for path in (out, summary):
        if path is None:
            continue
        if path.is_dir():
            fail(f"{path} is a directory; give a file name")
        parent = path.parent if str(path.parent) else Path(".")
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            fail(f"cannot create {parent}: {err.strerror or err}")
        if not os.access(parent, os.W_OK):
            fail(f"cannot write to {parent}")


def _engine(models, cache, rules, threads, workers, scheduler, rule_set):
    """In-process for one worker, a process pool for several, Dask when asked."""
    from .run.engines import DaskEngine, EngineConfig, ProcessEngine, SerialEngine
    try:
        config = EngineConfig(models, str(cache) if cache else None, str(rules) if rules else None, threads)
        if scheduler:
            return DaskEngine(config, scheduler, workers)
        if workers > 1:
            return ProcessEngine(config, workers)
        return SerialEngine(parsing.make_parser(models, cache, threads), rule_set)
    except ModelError as err:
        fail(str(err))
    except (OSError, TimeoutError) as err:
        fail(f"cannot start workers: {err}")


class _Progress:
    """A rich progress line on stderr: articles done, words/s."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn("{task.completed} articles"),
                                  TextColumn("{task.fields[words]} words"), TimeElapsedColumn(),
                                  console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task("analyse", total=None, words=0)
        self._words = 0
        self._progress.start()

    def advance(self, outcome) -> None:
        self._words += outcome.words
        self._progress.update(self._task, advance=1, words=self._words)

    def stop(self) -> None:
        self._progress.stop()


def _load_rules(directory: Optional[Path]):
    try:
        return load_rules(directory)
    except RulesError as err:
        fail(str(err))


# --------------------------------------------------------------------- explain

@app.command()
def explain(
    text: str = typer.Argument(..., help="A sentence, or a path to a .txt file."),
    models: Optional[str] = typer.Option(None, "--models", help=MODELS_HELP),
    rules: Optional[Path] = typer.Option(None, "--rules", help="Extra rules directory."),
) -> None:
    """Show the parse, each attribution, the rules that fired and the strength arithmetic."""
    from .pipeline import analyze_article
    from .text import Article

    rule_set = _load_rules(rules)
    path = Path(text)
    try:
        is_file = path.is_file()
    except OSError:  # a long sentence is no valid path name
        is_file = False
    body = path.read_text(encoding="utf-8", errors="replace") if is_file else text
    try:
        parser = parsing.make_parser(models)
    except ModelError as err:
        fail(str(err))
    try:
        result = analyze_article(Article(path.stem if is_file else "text", body), parser, rule_set)
    except Exception as err:
        fail(f"analysis failed: {type(err).__name__}: {(str(err).splitlines() or [''])[0]}", 1)
    for sentence in result.doc.sentences:
        typer.echo(f"\n# {sentence.text}")
        for w in sentence.words:
            head = sentence.word(w.head).text if w.head else "ROOT"
            typer.echo(f"  {w.id:>3} {w.text:<18} {w.lemma:<14} {w.upos:<6} {w.deprel:<12} -> {head}")
    if not result.rows:
        typer.echo("\nNo attributions found.")
    # a repair mends a parse error: say which, so the parse above can be read with it
    repair_descriptions = {r.id: " ".join(r.description.split()) for r in rule_set.repairs}
    for row in result.rows:
        typer.echo(f"\n{row['attribution_id']}  cue {row['cue']!r} ({row['cue_lemma']})")
        typer.echo(f"  source   {row['source']!r} -> {row['source_resolved']!r}")
        typer.echo(f"  type     {row['source_type']} ({row['sourcing']}), secondhand {row['secondhand']}"
                   + (f" via {row['via']!r}" if row["via"] else "")
                   + (f", nested in {row['parent_id']}" if row["parent_id"] else ""))
        typer.echo(f"  content  {row['content']!r} [{row['quote']}]")
        typer.echo(f"  rules    {row['rule']}")
        for repair_id in (r for r in row["rule"].split(";") if r in repair_descriptions):
            typer.echo(f"  repair   {repair_id}: {repair_descriptions[repair_id]}")
        typer.echo(f"  strength {row['strength_reasons']}")


# ------------------------------------------------------------ report and plot

@app.command()
def report(
    attributions: Path = typer.Argument(..., help="attributions.csv from `analyze`."),
    texts: List[str] = typer.Argument(..., help="The inputs analysed (files, directories, JSONL), for the article text."),
    summary: Optional[Path] = typer.Option(None, "--summary", help="articles.csv (default: next to ATTRIBUTIONS)."),
    html_out: Path = typer.Option(Path("report.html"), "--html", help="Where to write the HTML report."),
) -> None:
    """One self-contained HTML file: articles with cues and sources highlighted."""
    from .explore import load_articles, load_attributions
    from .report import build_report
    from .files import atomic_write_text
    from .text import Article, read_inputs

    summary = summary or attributions.with_name("articles.csv")
    for path in (attributions, summary):
        if not path.is_file():
            fail(f"not found: {path}")
    rows, articles = load_attributions(attributions), load_articles(summary)
    wanted = set(articles["article_id"])
    text_of = {a.article_id: a.text for a in read_inputs(texts) if isinstance(a, Article) and a.article_id in wanted}
    missing = sorted(wanted - set(text_of))
    if missing:
        typer.echo(f"warning: no text for {len(missing)} article(s), e.g. {missing[0]}", err=True)
    atomic_write_text(html_out, build_report(rows, articles, text_of))
    typer.echo(f"wrote {html_out}", err=True)


@app.command()
def plot(
    attributions: Path = typer.Argument(..., help="attributions.csv from `analyze`."),
    out: Path = typer.Option(Path("charts"), "--out", help="Directory for the PNG and SVG charts."),
) -> None:
    """Charts for papers: sourcing shares, secondhand shares, strength histogram, relay graph."""
    from .explore import load_attributions
    from .plots import save_all

    if not attributions.is_file():
        fail(f"not found: {attributions}")
    for path in save_all(load_attributions(attributions), out):
        typer.echo(str(path))


# -------------------------------------------------------------------- evaluate

@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold JSONL (GUM_attribution format; docs/evaluation.md)."),
    texts: Optional[Path] = typer.Option(None, "--texts", help="Directory of <doc_id>.txt (default: GOLD's texts/)."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Score this attributions.csv instead of running the analyser."),
    subset: str = typer.Option("all", "--subset", help="all | news | interview | speech | with-cue"),
    models: Optional[str] = typer.Option(None, "--models", help=MODELS_HELP),
    rules: Optional[Path] = typer.Option(None, "--rules", help="Extra rules directory."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Parse cache directory."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-document figures."),
    errors: bool = typer.Option(False, "--errors", help="List false positives, misses, wrong sources and wrong named/anonymous calls."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Cue and source precision / recall / F1 against annotated articles."""
    import csv
    import json

    from . import evaluate as ev

    if subset not in ev.SUBSETS:
        fail(f"--subset must be one of {', '.join(ev.SUBSETS)}")
    if not gold.is_file():
        fail(f"gold file not found: {gold}")
    try:
        gold_docs = ev.read_gold(gold)
    except ValueError as err:
        fail(str(err))
    texts = texts or gold.parent / "texts"
    failed = 0
    if pred is None:
        predictions, failed = _predict(gold_docs, texts, models, rules, cache)
    elif not pred.is_file():
        fail(f"predictions file not found: {pred}")
    else:
        with open(pred, encoding="utf-8", newline="") as handle:
            try:
                predictions = ev.predictions_from_rows(csv.DictReader(handle))
            except (KeyError, ValueError) as err:
                fail(f"{pred}: not an attributions.csv ({type(err).__name__}: {err})")
    total, results = ev.evaluate(gold_docs, predictions, subset)
    report = {"subset": subset, "documents": len(results), **total.figures()}
    if verbose:
        report["per_document"] = {r.doc_id: r.counts.figures() for r in results}
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        _print_scores(report, results, verbose)
    if errors:
        _print_errors(results, texts)
    if failed:
        raise typer.Exit(1)


def _predict(gold_docs, texts: Path, models, rules, cache):
    from .run.engines import Outcome, SerialEngine
    from .evaluate import predictions_from_rows
    from .text import read_inputs

    rule_set = _load_rules(rules)
    paths = [texts / f"{d['doc_id']}.txt" for d in gold_docs]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        fail(f"text not found for gold document: {missing[0]}")
    try:
        parser = parsing.make_parser(models, cache)
    except ModelError as err:
        fail(str(err))
    rows, failed = [], 0
    for outcome in SerialEngine(parser, rule_set).map(read_inputs(map(str, paths))):
        if isinstance(outcome, Outcome):
            if outcome.error:
                typer.echo(f"error: {outcome.error}", err=True)
                failed += 1
            rows.extend(outcome.rows)
    return predictions_from_rows(rows), failed


def _print_scores(report: dict, results, verbose: bool) -> None:
    typer.echo(f"subset {report['subset']}: {report['documents']} documents, "
               f"{report['gold']} gold, {report['predicted']} predicted")
    typer.echo(f"{'':<16}{'P':>7}{'R':>7}{'F1':>7}")
    for name in ("cue_overlap", "cue_exact", "source_overlap", "source_exact"):
        typer.echo(f"{name:<16}{report[name + '_p']:>7.3f}{report[name + '_r']:>7.3f}{report[name + '_f1']:>7.3f}")
    typer.echo(f"named/anonymous accuracy {report['named_accuracy']:.3f} on {report['named_pairs']} matched pairs")
    if verbose:
        for r in results:
            f = r.counts.figures()
            typer.echo(f"  {r.doc_id:<34} cue F1 {f['cue_overlap_f1']:.3f}  source F1 {f['source_overlap_f1']:.3f}"
                       f"  ({f['gold']} gold, {f['predicted']} predicted)")


def _doc_text(texts: Path, doc_id: str) -> str:
    """The text exactly as `analyze` reads it (same decoding, same BOM rule)."""
    from .text import Article, read_inputs
    path = texts / f"{doc_id}.txt"
    articles = [a for a in read_inputs([str(path)]) if isinstance(a, Article)] if path.is_file() else []
    return articles[0].text if articles else ""


def _print_errors(results, texts: Path) -> None:
    for r in results:
        text = _doc_text(texts, r.doc_id)
        for p in r.false_positives:
            typer.echo(f"FP   {r.doc_id} {text[p.cue[0]:p.cue[1]]!r} rule {p.rule}: {p.sentence}")
        for g in r.misses:
            where = g.cue or g.cue_clause
            typer.echo(f"MISS {r.doc_id} {text[where[0]:where[1]]!r} source "
                       f"{text[g.source[0]:g.source[1]] if g.source else ''!r} (no rule fired)")
        for p, g in r.wrong_sources:
            typer.echo(f"SRC  {r.doc_id} {text[p.cue[0]:p.cue[1]]!r}: predicted "
                       f"{text[p.source[0]:p.source[1]]!r}, gold {text[g.source[0]:g.source[1]]!r} rule {p.rule}")
        for p, g in r.wrong_named:
            source = text[p.source[0]:p.source[1]] if p.source else ""
            typer.echo(f"NAME {r.doc_id} {text[p.cue[0]:p.cue[1]]!r}: source {source!r} predicted "
                       f"{p.sourcing}, gold {'named' if g.named else 'not named'} rule {p.rule}")


# ----------------------------------------------------------------------- rules

@rules_app.command("list")
def rules_list(rules: Optional[Path] = typer.Option(None, "--rules", help="Extra rules directory.")) -> None:
    """Every rule id, its kind and description."""
    rule_set = _load_rules(rules)
    for rule_id, kind, description in rule_set.all_rules():
        typer.echo(f"{rule_id}\t{kind}\t{description}")


@rules_app.command("check")
def rules_check(
    directory: Optional[Path] = typer.Argument(None, help="Rules directory layered over the bundled rules."),
    models: Optional[str] = typer.Option(None, "--models", help=MODELS_HELP),
) -> None:
    """Validate the rules and run every rule's examples (exit 1 if one fails)."""
    from .examples import check_examples

    rule_set = _load_rules(directory)
    try:
        parser = parsing.make_parser(models)
    except ModelError as err:
        fail(str(err))
    failures, checked = check_examples(rule_set, parser)
    for line in failures:
        typer.echo(f"FAIL {line}")
    typer.echo(f"{checked - len(failures)} of {checked} rule examples pass")
    if failures:
        raise typer.Exit(1)


# ---------------------------------------------------------------------- models

@models_app.callback(invoke_without_command=True)
def models_list(ctx: typer.Context) -> None:
    """List available models, their scores, and which one is in use."""
    if ctx.invoked_subcommand:
        return
    from .parsing.models import available

    in_use = os.environ.get("ATTRIBUTION_MODELS") or "bundled"
    for choice, model_set, problem in available():
        mark = "*" if choice == in_use else " "
        if model_set is None:
            typer.echo(f"{mark} {choice:<8} unavailable: {problem}")
            continue
        scores = _score_line(model_set.scores)
        typer.echo(f"{mark} {choice:<8} {model_set.model_id}  {model_set.location}")
        typer.echo(f"           {scores}")
    if in_use not in {"bundled", "stanza"}:
        typer.echo(f"* {in_use} (from ATTRIBUTION_MODELS)")
    typer.echo("(* = default; choose with --models or ATTRIBUTION_MODELS)")


def _score_line(scores: dict) -> str:
    """The model card's figures a user compares models by."""
    gold, speed = scores.get("gold_tokens", {}), scores.get("speed", {})
    if not gold:
        return "no scores recorded"
    parts = [f"{k} {gold[k]}" for k in ("UPOS", "Lemmas", "UAS", "LAS") if k in gold]
    line = "EWT test, gold tokens: " + ", ".join(parts)
    return line + (f"; {speed['words_per_s']} words/s" if "words_per_s" in speed else "")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # python -m attribution.cli
    main()
