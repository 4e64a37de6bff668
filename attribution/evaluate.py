"""Score predicted attributions against a gold file (GUM_attribution format).

Gold format (one JSON object per document and line, see docs/evaluation.md)::

    {"doc_id": "...", "genre": "news", "attributions": [
        {"cue": [s, e] | null, "cue_clause": [s, e], "cue_lemma": "say" | null,
         "source": [s, e] | null, "source_fragments": [[s, e], ...],
         "named": true | false | null}, ...]}

Offsets are code-point offsets into ``<texts>/<doc_id>.txt``, end exclusive.

Matching is one-to-one, best overlap first. A predicted cue matches a gold
cue it overlaps, or the gold attribution clause where the gold cue is null.
A matched pair's source is right when the predicted source overlaps the gold
source (any fragment); "exact" needs identical spans. named/anonymous accuracy
is taken over matched pairs whose gold ``named`` is not null.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .rules import load_rules

Span = tuple[int, int]
SUBSETS = ("all", "news", "interview", "speech", "with-cue")


@dataclass(frozen=True)
class GoldAttribution:
    cue: Span | None
    cue_clause: Span | None
    cue_lemma: str | None
    source: Span | None
    fragments: tuple[Span, ...]
    named: bool | None


@dataclass(frozen=True)
class Predicted:
    attribution_id: str
    cue: Span
    source: Span | None
    sourcing: str
    rule: str = ""
    sentence: str = ""
    cue_lemma: str = ""


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    cue_overlap: int = 0
    cue_exact: int = 0
    gold_sources: int = 0
    predicted_sources: int = 0
    source_overlap: int = 0
    source_exact: int = 0
    named_pairs: int = 0
    named_correct: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float | int]:
        def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
            p = tp / n_pred if n_pred else 0.0
            r = tp / n_gold if n_gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)
        out: dict[str, float | int] = {"gold": self.gold, "predicted": self.predicted}
        for name, tp, n_pred, n_gold in [
                ("cue_overlap", self.cue_overlap, self.predicted, self.gold),
                ("cue_exact", self.cue_exact, self.predicted, self.gold),
                ("source_overlap", self.source_overlap, self.predicted_sources, self.gold_sources),
                ("source_exact", self.source_exact, self.predicted_sources, self.gold_sources)]:
            p, r, f = prf(tp, n_pred, n_gold)
            out.update({f"{name}_p": round(p, 3), f"{name}_r": round(r, 3), f"{name}_f1": round(f, 3)})
        out["named_accuracy"] = round(self.named_correct / self.named_pairs, 3) if self.named_pairs else 0.0
        out["named_pairs"] = self.named_pairs
        return out


@dataclass
class DocResult:
    doc_id: str
    genre: str
    counts: Counts
    false_positives: list[Predicted] = field(default_factory=list)
    misses: list[GoldAttribution] = field(default_factory=list)
    wrong_sources: list[tuple[Predicted, GoldAttribution]] = field(default_factory=list)
    # matched pairs whose named / anonymous call disagrees with the gold one
    wrong_named: list[tuple[Predicted, GoldAttribution]] = field(default_factory=list)


def _span(value) -> Span | None:
    return (int(value[0]), int(value[1])) if value else None


def read_gold(path: Path) -> list[dict]:
    docs = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                doc["doc_id"] = str(doc["doc_id"])
                doc["attributions"] = [GoldAttribution(
                    _span(a.get("cue")), _span(a.get("cue_clause")), a.get("cue_lemma"),
                    _span(a.get("source")),
                    tuple(_span(f) for f in (a.get("source_fragments") or ([a["source"]] if a.get("source") else []))),
                    a.get("named")) for a in doc["attributions"]]
            except (json.JSONDecodeError, KeyError, TypeError, IndexError, ValueError) as err:
                raise ValueError(f"{path}:{number}: not a gold document ({type(err).__name__}: {err})") from None
            docs.append(doc)
    return docs


def overlap(a: Span | None, b: Span | None) -> int:
    if not a or not b:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _source_overlap(pred: Span | None, gold: GoldAttribution) -> int:
    return sum(overlap(pred, f) for f in gold.fragments) if gold.fragments else overlap(pred, gold.source)


def match(predicted: list[Predicted], gold: list[GoldAttribution]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs, best cue overlap first."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            size = overlap(p.cue, g.cue if g.cue else g.cue_clause)
            if size > 0:
                exact = g.cue is not None and p.cue == g.cue
                candidates.append((-int(exact), -size, i, j))
    candidates.sort()
    used_p, used_g, pairs = set(), set(), []
    for _, _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score_document(doc_id: str, genre: str, predicted: list[Predicted],
                   gold: list[GoldAttribution]) -> DocResult:
    counts = Counts(gold=len(gold), predicted=len(predicted),
                    gold_sources=sum(g.source is not None for g in gold),
                    predicted_sources=sum(p.source is not None for p in predicted))
    result = DocResult(doc_id, genre, counts)
    pairs = match(predicted, gold)
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    for i, j in pairs:
        p, g = predicted[i], gold[j]
        counts.cue_overlap += 1
        counts.cue_exact += int(g.cue is not None and p.cue == g.cue)
        if p.source is not None and g.source is not None:
            if _source_overlap(p.source, g) > 0:
                counts.source_overlap += 1
                counts.source_exact += int(p.source == g.source)
            else:
                result.wrong_sources.append((p, g))
        if g.named is not None:
            counts.named_pairs += 1
            right = (p.sourcing == "named") == g.named
            counts.named_correct += int(right)
            if not right:
                result.wrong_named.append((p, g))
    result.false_positives = [p for i, p in enumerate(predicted) if i not in matched_p]
    result.misses = [g for j, g in enumerate(gold) if j not in matched_g]
    return result


def speech_lemmas() -> frozenset[str]:
    """The cue lemmas of the "speech" subset: the bundled lexicon ``speech_subset``."""
    return load_rules().lexicons["speech_subset"]


def subset_gold(doc: dict, subset: str, speech: frozenset[str] = frozenset()) -> list[GoldAttribution]:
    gold = doc["attributions"]
    if subset == "with-cue":
        return [g for g in gold if g.cue is not None]
    if subset == "speech":
        return [g for g in gold if g.cue_lemma and g.cue_lemma.lower() in speech]
    return gold


def subset_predicted(predicted: list[Predicted], subset: str, speech: frozenset[str] = frozenset()) -> list[Predicted]:
    if subset == "speech":
        first_words = {s.split()[0] for s in speech}
        return [p for p in predicted if p.cue_lemma.split()[:1] and p.cue_lemma.split()[0] in first_words]
    return predicted


def keep_doc(doc: dict, subset: str) -> bool:
    return subset not in {"news", "interview"} or doc.get("genre") == subset


def evaluate(gold_docs: list[dict], predictions: dict[str, list[Predicted]],
             subset: str = "all") -> tuple[Counts, list[DocResult]]:
    total = Counts()
    results = []
    speech = speech_lemmas() if subset == "speech" else frozenset()
    for doc in gold_docs:
        if not keep_doc(doc, subset):
            continue
        predicted = subset_predicted(predictions.get(doc["doc_id"], []), subset, speech)
        result = score_document(doc["doc_id"], doc.get("genre", ""), predicted,
                                subset_gold(doc, subset, speech))
        total.add(result.counts)
        results.append(result)
    return total, results


def predictions_from_rows(rows: Iterable[dict]) -> dict[str, list[Predicted]]:
    """attributions.csv rows (dicts of strings, or ints from the pipeline) -> predictions."""
    out: dict[str, list[Predicted]] = {}
    for r in rows:
        source = (int(r["source_start"]), int(r["source_end"])) if str(r["source_start"]) != "" else None
        out.setdefault(str(r["article_id"]), []).append(Predicted(
            str(r["attribution_id"]), (int(r["cue_start"]), int(r["cue_end"])), source,
            str(r["sourcing"]), str(r.get("rule", "")), str(r.get("sentence", "")),
            str(r.get("cue_lemma", ""))))
    return out
