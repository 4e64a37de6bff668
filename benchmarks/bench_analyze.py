#!/usr/bin/env python
"""Speed and memory of `attribution analyze`. Prints one JSON object.

    python benchmarks/bench_analyze.py [--articles N] [--threads 2]

Corpus: the bundled example articles and the 43 GUM Wikinews texts in
eval/gum/texts, repeated (with fresh ids) until N articles. Measures, on the
same sentences:

- stanza_only: the bare Stanza pipeline (StanzaParser.parse) on every
  article's pre-split sentences, one call per article
- stanza_chunked: the same sentences in the chunks the engines send
  (engines.chunked, one call per chunk): the floor the analyser cannot beat
- analyze: the whole run (read, segment, parse, find, classify, write CSV)
- rules_only: the attribution stage alone on parses already in memory
  (what a re-run on a warm --cache costs, minus reading CoNLL-U)
- cached_rerun: a whole run again with a warm --cache (reads CoNLL-U)
- with --rss-only: just the whole run, then peak RSS (ru_maxrss); compare
  --articles 1 with --articles N to see whether memory grows with N
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.parsing import make_parser  # noqa: E402
from attribution.parsing import CachedParser, parse_many  # noqa: E402
from attribution.pipeline import analyze_parsed, parse_articles  # noqa: E402
from attribution.rules import load_rules  # noqa: E402
from attribution.run.engines import SerialEngine, chunked  # noqa: E402
from attribution.run.runner import run  # noqa: E402
from attribution.text import parser_view, read_inputs, segment  # noqa: E402


def corpus(n: int, directory: Path) -> list[Path]:
    sources = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "eval" / "gum" / "texts").glob("*.txt"))
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = directory / f"{i:05d}-{src.name}"
        dst.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(dst)
    return paths


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=45)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rss-only", action="store_true", help="only the whole run, then peak RSS")
    args = ap.parse_args()
    rules = load_rules()
    out: dict[str, object] = {"articles": args.articles, "threads": args.threads}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        paths = corpus(args.articles, tmp / "in")
        if args.rss_only:
            parser = make_parser("bundled", threads=args.threads)
            report = run([str(tmp / "in")], SerialEngine(parser, rules), tmp / "a.csv", tmp / "s.csv")
            print(json.dumps({"articles": args.articles, "words": report.words, "peak_rss_mb": rss_mb()}))
            return
        articles = list(read_inputs(map(str, paths)))
        segmented = [segment(a.text, rules.text) for a in articles]
        sentences = [[parser_view(a.text)[s.start:s.end] for s in seg.sentences]
                     for a, seg in zip(articles, segmented)]

        started = time.time()
        parser = make_parser("bundled", threads=args.threads)
        parser.pipeline()  # it loads lazily, on the first parse otherwise
        out["load_seconds"] = round(time.time() - started, 2)
        parser.parse(sentences[0][:5])  # warm up

        started = time.time()
        words = sum(len(ws) for batch in sentences for ws in parser.parse(batch))
        stanza_s = time.time() - started
        out["words"] = words
        out["stanza_only"] = {"seconds": round(stanza_s, 2), "words_per_s": round(words / stanza_s)}

        # The same, in the chunks the engines send (engines.chunked): one call per chunk.
        by_id = {a.article_id: batch for a, batch in zip(articles, sentences)}
        started = time.time()
        for chunk in chunked(articles):
            parse_many(parser, [by_id[a.article_id] for a in chunk])
        chunked_s = time.time() - started
        out["stanza_chunked"] = {"seconds": round(chunked_s, 2), "words_per_s": round(words / chunked_s)}

        cache = tmp / "cache"
        started = time.time()
        report = run([str(tmp / "in")], SerialEngine(CachedParser(parser, cache), rules), tmp / "a.csv", tmp / "s.csv")
        analyze_s = time.time() - started
        out["analyze"] = {"seconds": round(analyze_s, 2), "words_per_s": round(report.words / analyze_s),
                          "attributions": report.attributions,
                          "overhead_vs_stanza": f"{100 * (analyze_s / stanza_s - 1):+.1f}%",
                          "overhead_vs_stanza_chunked": f"{100 * (analyze_s / chunked_s - 1):+.1f}%"}

        docs = parse_articles(articles, CachedParser(parser, cache), rules)  # from the cache
        started = time.time()
        for _ in range(3):
            for doc, title in docs:
                analyze_parsed(doc, title, rules)
        rules_s = (time.time() - started) / 3
        out["rules_only"] = {"seconds": round(rules_s, 3), "words_per_s": round(words / rules_s)}

        started = time.time()
        run([str(tmp / "in")], SerialEngine(CachedParser(parser, cache), rules), tmp / "b.csv", tmp / "t.csv")
        rerun_s = time.time() - started
        out["cached_rerun"] = {"seconds": round(rerun_s, 2), "words_per_s": round(words / rerun_s)}
    out["peak_rss_mb"] = rss_mb()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
