"""Tag strings from the cache are the strings Stanza builds."""
from __future__ import annotations

import itertools

import pytest

vocab = pytest.importorskip("stanza.models.common.vocab")

from attribution.parsing.speedups import tagging  # noqa: E402

STANZA_ID2UNIT = vocab.CompositeVocab.id2unit
SENTENCE = [["ran", "VERB", "VBD", "Mood=Ind|Tense=Past|VerbForm=Fin"],
            ["dogs", "NOUN", "NNS", "Number=Plur"],
            ["it", "PRON", "PRP", "Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs"],
            [",", "PUNCT", ",", "_"]]


@pytest.fixture
def feats():
    return vocab.CompositeVocab([SENTENCE], "en", idx=3, sep="|", keyed=True)


def test_3000_combinations_of_ids_give_stanzas_strings_twice(feats):
    assert STANZA_ID2UNIT.__module__.startswith("stanza.")  # not ours, installed by an earlier pipeline
    ranges = [range(len(units)) for units in feats._id2unit.values()]
    for ids in itertools.islice(itertools.product(*ranges), 3000):
        want = STANZA_ID2UNIT(feats, list(ids))
        assert tagging.id2unit(feats, list(ids)) == want
        assert tagging.id2unit(feats, list(ids)) == want  # now from the cache
    assert len(feats._units_by_ids) == min(3000, len(list(itertools.product(*ranges))))


def test_round_trip_of_real_feature_strings(feats):
    for word in SENTENCE:
        assert tagging.id2unit(feats, feats.unit2id(word[3])) == word[3]


def test_list_results_are_not_cached():
    # with no separator Stanza returns a list, which its caller may change
    parts = vocab.CompositeVocab([SENTENCE], "en", idx=2, sep=None)
    first = tagging.id2unit(parts, [2, 2, 2])
    assert first == STANZA_ID2UNIT(parts, [2, 2, 2])
    assert tagging.id2unit(parts, [2, 2, 2]) is not first
    assert "_units_by_ids" not in vars(parts)
