#!/usr/bin/env python
"""Parsing speed with Stanza's own tree decoder, pair scorer, lemmatizer
attention and tag strings, and with ours (attribution/decoding.py,
scoring.py, lemmatizing.py, tagging.py). Prints one JSON object.

    python benchmarks/bench_parser.py --treebank ../shared/data/UD_English-EWT [--threads 2] [--repeats 2]

Parses the EWT test sentences (pre-split, as the analyser calls Stanza) with
the chosen models, alternating the two variants in one process so both see
the same machine, and checks that they give the same heads, labels, tags
and lemmas.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from stanza.models.common import biaffine, chuliu_edmonds, seq2seq_modules, vocab  # noqa: E402
from stanza.models.depparse import head_constraints, model  # noqa: E402
from stanza.utils.conll import CoNLL  # noqa: E402

from attribution.parsing.speedups import decoding, lemmatizing, scoring, tagging  # noqa: E402
from attribution.parsing.models import resolve  # noqa: E402
from attribution.parsing import StanzaParser  # noqa: E402

STANZAS_OWN = (chuliu_edmonds.tarjan, chuliu_edmonds.process_cycle, biaffine.PairwiseBilinear.forward,
               model.chuliu_edmonds_one_root, head_constraints.chuliu_edmonds_one_root,
               seq2seq_modules.SoftDotAttention.forward, vocab.CompositeVocab.id2unit)


def use_stanzas_own() -> None:
    (chuliu_edmonds.tarjan, chuliu_edmonds.process_cycle, biaffine.PairwiseBilinear.forward,
     model.chuliu_edmonds_one_root, head_constraints.chuliu_edmonds_one_root,
     seq2seq_modules.SoftDotAttention.forward, vocab.CompositeVocab.id2unit) = STANZAS_OWN


def use_ours() -> None:
    decoding.install()
    scoring.install()
    lemmatizing.install()
    tagging.install()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--treebank", type=Path, required=True)
    ap.add_argument("--models", default="bundled")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    test = args.treebank / "en_ewt-ud-test.conllu"
    sentences = [s.text for s in CoNLL.conll2doc(input_file=str(test)).sentences]
    parser = StanzaParser(resolve(args.models), threads=args.threads)
    parser.parse(sentences[:50])  # load and warm up

    runs: dict[str, list[float]] = {"stanza": [], "ours": []}
    trees = {}
    for _ in range(args.repeats):
        for name, install in (("stanza", use_stanzas_own), ("ours", use_ours)):
            install()
            started = time.perf_counter()
            parsed = parser.parse(sentences)
            seconds = time.perf_counter() - started
            words = sum(len(s) for s in parsed)
            runs[name].append(round(words / seconds, 1))
            trees[name] = [[(w.head, w.deprel, w.upos, w.xpos, w.feats, w.lemma) for w in s] for s in parsed]
    print(json.dumps({"models": parser.model_id, "threads": args.threads, "sentences": len(sentences),
                      "words": words, "words_per_s": runs,
                      "same_parses": trees["stanza"] == trees["ours"]}, indent=2))


if __name__ == "__main__":
    main()
