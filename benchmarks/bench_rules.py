#!/usr/bin/env python
"""Speed of the attribution stage alone, on parses from a cache. Prints JSON.

    python benchmarks/bench_rules.py --cache DIR [--input PATH ...] [--passes 5]

What a re-run with changed rules costs once the parses are cached, minus
reading CoNLL-U: matching, spans and classification (pipeline.analyze_parsed)
over every article of the inputs (default: the bundled examples and the GUM
texts), best of --passes passes. Needs no models: every parse must be in
the cache (a miss is an error naming the article; fill the cache with
`attribution analyze INPUT --cache DIR` first).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.parsing import CachedParser  # noqa: E402
from attribution.parsing.models import resolve  # noqa: E402
from attribution.pipeline import analyze_parsed, parse_articles  # noqa: E402
from attribution.rules import load_rules  # noqa: E402
from attribution.text import Article, read_inputs  # noqa: E402


class _NoParser:
    """Stands behind the cache: any article not cached is an error, not a parse."""

    def __init__(self, model_id: str):
        self.model_id = model_id

    def parse(self, sentences):
        raise SystemExit(f"not in the cache: a batch starting {sentences[0][:60]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--input", action="append", default=[], help="a file or directory (repeatable)")
    ap.add_argument("--passes", type=int, default=5)
    args = ap.parse_args()
    inputs = args.input or [str(ROOT / "examples"), str(ROOT / "eval" / "gum" / "texts")]
    rules = load_rules()
    articles = [a for a in read_inputs(inputs) if isinstance(a, Article)]
    parser = CachedParser(_NoParser(resolve("bundled").model_id), args.cache)
    docs = parse_articles(articles, parser, rules)
    words = sum(doc.n_words for doc, _ in docs)
    times = []
    for _ in range(args.passes):
        started = time.perf_counter()
        found = sum(len(analyze_parsed(doc, title, rules).rows) for doc, title in docs)
        times.append(time.perf_counter() - started)
    best = min(times)
    print(json.dumps({"articles": len(docs), "words": words, "attributions": found,
                      "passes": [round(t, 3) for t in times], "best_seconds": round(best, 3),
                      "words_per_s": round(words / best)}, indent=2))


if __name__ == "__main__":
    main()
