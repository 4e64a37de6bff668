"""The fast cycle finder gives Stanza's decoder exactly the answers of its own."""
from __future__ import annotations

import numpy as np
import pytest

from attribution.parsing.speedups import decoding

chuliu_edmonds = pytest.importorskip("stanza.models.common.chuliu_edmonds")
STANZA_TARJAN = chuliu_edmonds.tarjan
STANZA_PROCESS_CYCLE = chuliu_edmonds.process_cycle


def _random_heads(rng, n):
    heads = rng.integers(0, n, size=n)
    heads[0] = 0
    return heads


def test_same_cycles_in_the_same_order_as_stanza():
    rng = np.random.default_rng(0)
    checked_cycles = 0
    for _ in range(3000):
        heads = _random_heads(rng, int(rng.integers(2, 60)))
        want = STANZA_TARJAN(heads)
        got = decoding.tarjan(heads)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert g.dtype == w.dtype and (g == w).all()
        checked_cycles += len(want)
    assert checked_cycles > 1000  # the graphs did have cycles to find


def test_same_trees_from_stanzas_decoder(monkeypatch):
    rng = np.random.default_rng(1)
    cases = [rng.normal(size=(n, n)) for n in rng.integers(2, 80, size=400)]
    want = [chuliu_edmonds.chuliu_edmonds_one_root(scores) for scores in cases]
    monkeypatch.setattr(chuliu_edmonds, "tarjan", decoding.tarjan)
    monkeypatch.setattr(chuliu_edmonds, "process_cycle", decoding.process_cycle)
    got = [chuliu_edmonds.chuliu_edmonds_one_root(scores) for scores in cases]
    for g, w in zip(got, want):
        assert (g == w).all()


def test_same_contracted_scores_as_stanza():
    rng = np.random.default_rng(2)
    contracted = 0
    for _ in range(500):
        n = int(rng.integers(3, 60))
        scores = rng.normal(size=(n, n))
        chuliu_edmonds.prepare_scores(scores)
        tree = np.argmax(scores, axis=1)
        for cycle in STANZA_TARJAN(tree):
            want = STANZA_PROCESS_CYCLE(tree, cycle, scores)
            got = decoding.process_cycle(tree, cycle, scores)
            for g, w in zip(got, want):
                assert g.dtype == w.dtype and g.shape == w.shape and (g == w).all()
            contracted += 1
    assert contracted > 300


def test_a_tree_without_cycles_has_none():
    assert decoding.tarjan(np.array([0, 2, 0, 2, 2])) == []


def test_one_root_gives_stanzas_single_root_trees():
    rng = np.random.default_rng(3)
    cases = []
    for n in rng.integers(2, 80, size=600):
        scores = rng.normal(size=(n, n))
        if rng.random() < 0.5:  # a parser's scores: one clear root, clear heads
            scores[:, 0] -= 4.0
            scores[int(rng.integers(1, n)), 0] += 8.0
            scores[np.arange(1, n), rng.integers(0, n, size=n - 1)] += 3.0
        cases.append(scores)
    want = [chuliu_edmonds.chuliu_edmonds_one_root(scores) for scores in cases]
    copies = [scores.copy() for scores in cases]
    got = [decoding.one_root(scores) for scores in cases]
    plain_single_root = 0
    for g, w, scores, before in zip(got, want, cases, copies):
        assert (g == w).all()
        assert np.count_nonzero(g[1:] == 0) == 1
        assert np.array_equal(scores, before)  # the caller's scores are left alone
        plain = chuliu_edmonds.chuliu_edmonds(before.astype(np.float64))
        plain_single_root += np.count_nonzero(plain[1:] == 0) == 1
    assert 100 < plain_single_root < len(cases)  # both paths were taken
