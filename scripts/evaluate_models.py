#!/usr/bin/env python
"""Score a model set on UD English-EWT test and time it. Prints JSON.

    python scripts/evaluate_models.py --treebank ../shared/data/UD_English-EWT \
        [--models bundled|stanza|DIR] [--threads 2] > scores.json

- gold tokens: the test set's own words, then our pos, lemma, depparse
- end to end: raw test text through tokenize (with its own sentence split),
  mwt, pos, lemma, depparse
- speed: the test sentences as pre-split text, the way `attribution analyze`
  calls Stanza (tokenize_no_ssplit), on --threads threads; --speed-passes
  passes, the median one reported (this virtual machine's speed moves by
  10-25% between passes) with every pass's words/s beside it
Scores come from stanza.models.common.utils.ud_scores (the CoNLL 2018 evaluator).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from stanza.utils.conll import CoNLL  # noqa: E402

from attribution.parsing.models import RESOURCES_JSON, resolve  # noqa: E402
from attribution.parsing import StanzaParser, _load_pipeline, model_paths  # noqa: E402

METRICS = ("Tokens", "Sentences", "Words", "UPOS", "XPOS", "UFeats", "Lemmas", "UAS", "LAS")


def ud_scores(gold_path: Path, system_doc) -> dict[str, float]:
    from stanza.models.common.utils import ud_scores as stanza_ud_scores
    with tempfile.NamedTemporaryFile("w", suffix=".conllu", delete=False, encoding="utf-8") as tmp:
        CoNLL.write_doc2conll(system_doc, tmp.name)
    result = stanza_ud_scores(str(gold_path), tmp.name)
    Path(tmp.name).unlink()
    return {m: round(100 * result[m].f1, 2) for m in METRICS if m in result}


def _restore_unk(doc, raw: str):
    """Stanza's tokenizer writes very long tokens (URLs) as <UNK>; put their text back."""
    for sentence in doc.sentences:
        for token in sentence.tokens:
            if token.text == "<UNK>":
                token.text = raw[token.start_char:token.end_char]
                for word in token.words:
                    word.text = token.text
    return doc


def gold_words(conllu_path: Path) -> list[list[str]]:
    doc = CoNLL.conll2doc(input_file=str(conllu_path))
    return [[w.text for w in s.words] for s in doc.sentences]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--treebank", type=Path, required=True)
    ap.add_argument("--models", default="bundled")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--speed-passes", type=int, default=3, help="timed parses of the test set (default 3)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    test = args.treebank / "en_ewt-ud-test.conllu"
    models = resolve(args.models)
    out: dict[str, object] = {"models": models.model_id, "threads": args.threads}

    import stanza
    paths = model_paths(models, processors=("tokenize", "pos", "lemma", "depparse"))
    pretok = stanza.Pipeline(lang="en", processors="tokenize,pos,lemma,depparse", tokenize_pretokenized=True,
                             download_method=None, resources_filepath=str(RESOURCES_JSON),
                             dir=str(models.location), logging_level="ERROR", **paths)
    started = time.time()
    doc = pretok(gold_words(test))
    out["gold_tokens"] = {k: v for k, v in ud_scores(test, doc).items() if k in ("UPOS", "XPOS", "UFeats", "Lemmas", "UAS", "LAS")}
    out["gold_tokens_seconds"] = round(time.time() - started, 1)

    e2e = _load_pipeline(models, tokenize_no_ssplit=False)  # here Stanza splits sentences itself
    raw = (args.treebank / "en_ewt-ud-test.txt").read_text(encoding="utf-8")
    out["end_to_end"] = ud_scores(test, _restore_unk(e2e(raw), raw))

    sentences = [s.text for s in CoNLL.conll2doc(input_file=str(test)).sentences]
    parser = StanzaParser(models, threads=args.threads)
    parser.parse(sentences[:50])  # warm up
    passes = []
    for _ in range(max(1, args.speed_passes)):
        started = time.perf_counter()
        parsed = parser.parse(sentences)
        passes.append(time.perf_counter() - started)
    seconds = sorted(passes)[len(passes) // 2]
    n_words = sum(len(ws) for ws in parsed)
    out["speed"] = {"sentences": len(sentences), "words": n_words, "seconds": round(seconds, 1),
                    "sentences_per_s": round(len(sentences) / seconds, 1),
                    "words_per_s": round(n_words / seconds, 1),
                    "words_per_s_each_pass": [round(n_words / t, 1) for t in passes]}
    started = time.time()
    StanzaParser(models, threads=args.threads).pipeline()  # the parser loads lazily
    out["load_seconds"] = round(time.time() - started, 2)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
