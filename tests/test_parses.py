"""The bundled models parse the key sentences of the real articles as the rules expect.

Runs the real Stanza pipeline on ../shared/articles (the project's copies in
tests/data/articles are byte-identical, and stand in when ../shared is absent)
and checks the relations the attribution rules lean on: the reporting verb
heads its outlet as subject, and "citing" hangs on the reporting verb.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from attribution.pipeline import parse_articles
from attribution.text import Article

from .conftest import ARTICLES, needs_models

pytestmark = [pytest.mark.slow, needs_models]

SHARED = Path(__file__).resolve().parents[2] / "shared" / "articles"
SOURCE = SHARED if SHARED.is_dir() else ARTICLES

# (article, words the sentence contains, dependent, relation, head)
EXPECTED = [
    ("moscowtimes-trump-putin-call", "The Washington Post reported Sunday, citing", "Post", "nsubj", "reported"),
    ("moscowtimes-trump-putin-call", "The Washington Post reported Sunday, citing", "citing", "advcl", "reported"),
    ("moscowtimes-trump-putin-call", "The Washington Post cited an anonymous source", "Post", "nsubj", "cited"),
    ("moscowtimes-trump-putin-call", "two people familiar with the matter told", "people", "nsubj", "told"),
    ("moscowtimes-trump-putin-call", "two people familiar with the matter told", "Post", "obj", "told"),
    ("rferl-trump-putin-call", "the Washington Post reported on November 10, citing", "Post", "nsubj", "reported"),
    ("rferl-trump-putin-call", "the Washington Post reported on November 10, citing", "citing", "advcl", "reported"),
    ("rferl-trump-putin-call", "The Post said Trump took the call", "Post", "nsubj", "said"),
    ("rferl-trump-putin-call", "Unnamed sources quoted by the Post said", "sources", "nsubj", "said"),
    ("rferl-trump-putin-call", "Unnamed sources quoted by the Post said", "Post", "obl:agent", "quoted"),
    ("rferl-trump-putin-call", "People familiar with the call told the Post", "People", "nsubj", "told"),
    # EWT makes the one told an iobj when a "that" clause follows (all 94 such
    # "tell"s in its training split); the session-8 parser's "obj" was the error
    ("rferl-trump-putin-call", "Trump ally Bryan Lanza told the BBC", "BBC", "iobj", "told"),
]

# What the bundled models (docs/models.md) get wrong today, read off their
# parses. Rules repair each of these shapes (tests/test_handwritten.py), so
# the rows are still found; the list must shrink as the models improve.
KNOWN_PARSE_MISSES = {
    # "citing" an adjective of "sources", "sources" the subject of "close" (AT019 repairs it)
    ("rferl-trump-putin-call", "the Washington Post reported on November 10, citing", "citing", "advcl", "reported"),
    # "people" the subject of "familiar", "matter" the subject of "told" (basis-phrase repairs)
    ("moscowtimes-trump-putin-call", "two people familiar with the matter told", "people", "nsubj", "told"),
    # "told" an adverbial clause of "familiar" (AT012 repairs it)
    ("rferl-trump-putin-call", "People familiar with the call told the Post", "People", "nsubj", "told"),
}


@pytest.fixture(scope="module")
def sentences(stanza_parser, rules):
    """Each article's sentences as (text, words), parsed as `attribution analyze` parses them."""
    parsed = {}
    for path in sorted(SOURCE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc, _title = parse_articles([Article(path.stem, text)], stanza_parser, rules)[0]
        parsed[path.stem] = [(text[s.words[0].start_char:s.words[-1].end_char], s) for s in doc.sentences]
    return parsed


def _holds(sentences, article, needle, dependent, deprel, head) -> bool:
    [sentence] = [s for text, s in sentences[article] if needle in text]
    candidates = [w for w in sentence.words if w.text == dependent]
    assert candidates, f"{dependent!r} not in {needle!r}"
    return any(w.deprel == deprel and w.head and sentence.word(w.head).text == head for w in candidates)


def test_key_sentences_parse_as_the_rules_expect(sentences):
    assert sorted(sentences) == ["moscowtimes-trump-putin-call", "rferl-trump-putin-call"]
    misses = {case for case in EXPECTED if not _holds(sentences, *case)}
    assert misses - KNOWN_PARSE_MISSES == set(), "new parse errors on key sentences"
    assert KNOWN_PARSE_MISSES - misses == set(), "fixed: remove these from KNOWN_PARSE_MISSES"
