"""Scoring on hand-made cases: perfect, half missing, shifted, discontinuous."""
from __future__ import annotations

import pytest

from attribution.evaluate import Counts, GoldAttribution, Predicted, evaluate, score_document


def gold(cue, source, named=True, clause=None, fragments=None):
    return GoldAttribution(cue, clause or cue, "say", source, tuple(fragments or [source]), named)


def pred(cue, source, sourcing="named"):
    return Predicted("d:1", cue, source, sourcing)


GOLD = [gold((10, 14), (0, 9)), gold((40, 44), (30, 39), named=False), gold(None, (60, 65), clause=(55, 70))]


def figures(predicted, golds=GOLD):
    return score_document("d", "news", predicted, golds).counts.figures()


def test_perfect():
    f = figures([pred((10, 14), (0, 9)), pred((40, 44), (30, 39), "anonymous"), pred((58, 60), (60, 65))])
    assert f["cue_overlap_f1"] == 1.0 and f["source_overlap_f1"] == 1.0
    assert f["cue_exact_p"] == pytest.approx(2 / 3, abs=1e-3)  # the null-cue gold has no exact cue
    assert f["source_exact_f1"] == 1.0 and f["named_accuracy"] == 1.0


def test_half_missing_and_a_false_positive():
    f = figures([pred((10, 14), (0, 9)), pred((80, 84), (75, 79))])
    assert (f["cue_overlap_p"], f["cue_overlap_r"]) == (0.5, round(1 / 3, 3))
    assert f["source_overlap_p"] == 0.5


def test_shifted_spans_match_by_overlap_not_exactly():
    f = figures([pred((11, 15), (2, 12))], [gold((10, 14), (0, 9))])
    assert (f["cue_overlap_f1"], f["cue_exact_f1"]) == (1.0, 0.0)
    assert (f["source_overlap_f1"], f["source_exact_f1"]) == (1.0, 0.0)


def test_discontinuous_source_matches_a_fragment_only():
    g = gold((20, 24), (0, 15), fragments=[(0, 4), (10, 15)])
    assert figures([pred((20, 24), (5, 9))], [g])["source_overlap_f1"] == 0.0
    assert figures([pred((20, 24), (11, 14))], [g])["source_overlap_f1"] == 1.0


def test_one_to_one_best_overlap_first():
    golds = [gold((0, 10), None), gold((8, 20), None)]
    f = figures([pred((8, 20), None)], golds)
    assert (f["cue_overlap_p"], f["cue_overlap_r"], f["cue_exact_p"]) == (1.0, 0.5, 1.0)


def test_wrong_named_label_lowers_accuracy_and_subsets_filter():
    f = figures([pred((40, 44), (30, 39), "named")], [GOLD[1]])
    assert f["named_accuracy"] == 0.0
    docs = [{"doc_id": "a", "genre": "news", "attributions": GOLD},
            {"doc_id": "b", "genre": "interview", "attributions": GOLD}]
    total, results = evaluate(docs, {"a": [pred((10, 14), (0, 9))]}, "news")
    assert [r.doc_id for r in results] == ["a"] and total.gold == 3
    total, _ = evaluate(docs, {}, "with-cue")
    assert total.gold == 4 and Counts().figures()["cue_overlap_f1"] == 0.0
