"""Articles go to the parser a few at a time: same results, one call per chunk."""
from __future__ import annotations

from attribution.run.engines import Outcome, SerialEngine, chunked, outcome_for, outcomes_for
from attribution.parsing import CachedParser, ConlluParser
from attribution.text import Article, InputProblem

from .conftest import DATA

HANDWRITTEN = (DATA / "parses" / "handwritten.conllu").read_text(encoding="utf-8")
LINES = ["He said the talks had failed.", "It was reported that the talks had failed.",
         "Unnamed sources quoted by the Planet said the talks had failed."]


def articles(n):
    return [Article(f"a{i}", LINES[i % 3] + "\n") for i in range(n)]


class CountingParser(ConlluParser):
    """A ConlluParser that batches like StanzaParser and counts its calls."""

    def __init__(self):
        super().__init__(HANDWRITTEN, model_id="hand")
        self.calls: list[int] = []

    def parse_many(self, batches):
        self.calls.append(len(batches))
        return [self.parse(batch) for batch in batches]


def test_chunks_keep_order_limits_and_other_items_in_place():
    a = articles(5)
    problem = InputProblem("bad.txt", "not UTF-8")
    entries = list(chunked([a[0], a[1], problem, a[2], a[3], a[4]], max_chars=10_000, max_articles=2))
    assert entries == [[a[0], a[1]], problem, [a[2], a[3]], [a[4]]]
    big = Article("big", "x" * 50)
    assert list(chunked([a[0], big, a[1]], max_chars=60)) == [[a[0]], [big], [a[1]]]


def test_a_chunk_is_one_parser_call_and_gives_the_rows_of_one_call_each(rules):
    parser = CountingParser()
    together = outcomes_for(articles(6), parser, rules)
    alone = [outcome_for(a, ConlluParser(HANDWRITTEN, model_id="hand"), rules) for a in articles(6)]
    assert parser.calls == [6]
    assert together == alone and all(o.rows for o in together)


def test_the_cache_keeps_one_entry_per_article_and_parses_only_the_misses(tmp_path, rules):
    inner = CountingParser()
    cached = CachedParser(inner, tmp_path)
    outcomes_for(articles(2), cached, rules)
    assert inner.calls == [2] and (cached.hits, cached.misses) == (0, 2)
    outcomes_for(articles(4), cached, rules)  # a0, a1 known; a3 says what a0 says
    assert inner.calls == [2, 1] and (cached.hits, cached.misses) == (3, 3)
    assert len(list(tmp_path.rglob("*.conllu"))) == 3


def test_an_article_the_parser_cannot_take_fails_alone(rules):
    chunk = articles(3)
    chunk[1] = Article("odd", "A sentence no parse exists for.\n")
    outcomes = outcomes_for(chunk, CountingParser(), rules)
    assert [o.article_id for o in outcomes] == ["a0", "odd", "a2"]
    assert outcomes[0].rows and outcomes[2].rows and not outcomes[0].error
    assert "analysis failed: KeyError" in outcomes[1].error and not outcomes[1].rows


def test_the_serial_engine_runs_chunks_in_input_order(rules):
    problem = InputProblem("bad.txt", "not UTF-8")
    out = list(SerialEngine(CountingParser(), rules).map([*articles(2), problem, *articles(1)]))
    assert [o.article_id if isinstance(o, Outcome) else o for o in out] == ["a0", "a1", problem, "a0"]
