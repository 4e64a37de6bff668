#!/usr/bin/env python
"""What Python's garbage collector costs a parse, with and without the two
settings StanzaParser uses (attribution/parsing.py): the loaded models frozen
out of the collector's generations (`gc.freeze()`), and a larger threshold for
the youngest generation while Stanza runs (`_fewer_collections`). Prints one
JSON object.

    python benchmarks/bench_gc.py --treebank ../shared/data/UD_English-EWT [--threads 1] [--repeats 2]

Parses the EWT test sentences (pre-split, as the analyser calls Stanza) once
per variant per repeat, alternating the variants in one process so they see
the same machine, and sums the time spent inside the collector with
`gc.callbacks`.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from stanza.utils.conll import CoNLL  # noqa: E402

from attribution import parsing  # noqa: E402
from attribution.parsing.models import resolve  # noqa: E402

FEWER_COLLECTIONS = parsing._fewer_collections
VARIANTS = {  # name: (freeze the models, larger young threshold while parsing)
    "python_defaults": (False, False),
    "frozen": (True, False),
    "frozen_fewer_collections": (True, True),  # what StanzaParser does
}


class CollectorClock:
    """Sums the wall time between each collection's start and stop callbacks."""

    def __init__(self) -> None:
        self.seconds, self._started = 0.0, 0.0
        gc.callbacks.append(self)

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--treebank", type=Path, required=True)
    ap.add_argument("--models", default="bundled")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    test = args.treebank / "en_ewt-ud-test.conllu"
    sentences = [s.text for s in CoNLL.conll2doc(input_file=str(test)).sentences]
    parser = parsing.StanzaParser(resolve(args.models), threads=args.threads)
    parser.parse(sentences[:50])  # load (which freezes) and warm up
    clock = CollectorClock()

    runs: dict[str, list[dict]] = {name: [] for name in VARIANTS}
    for _ in range(args.repeats):
        for name, (freeze, fewer) in VARIANTS.items():
            gc.unfreeze()
            if freeze:
                gc.freeze()
            parsing._fewer_collections = FEWER_COLLECTIONS if fewer else contextlib.nullcontext
            clock.seconds = 0.0
            started = time.perf_counter()
            parsed = parser.parse(sentences)
            seconds = time.perf_counter() - started
            words = sum(len(s) for s in parsed)
            runs[name].append({"words_per_s": round(words / seconds, 1), "seconds": round(seconds, 2),
                               "in_collector_s": round(clock.seconds, 2)})
    parsing._fewer_collections = FEWER_COLLECTIONS
    print(json.dumps({"models": parser.model_id, "threads": args.threads, "sentences": len(sentences),
                      "words": words, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
