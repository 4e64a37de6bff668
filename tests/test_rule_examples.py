"""Every rule ships examples, and every example holds with the real pipeline."""
from __future__ import annotations

from attribution.examples import check_examples

from .conftest import needs_models


def test_every_rule_has_both_kinds_of_example(rules):
    for rule in [*rules.text.rules, *rules.patterns, *rules.sources.source_types]:
        assert rule.examples.must_match, f"{rule.id} has no must_match example"
        assert rule.examples.must_not_match, f"{rule.id} has no must_not_match example"


@needs_models
def test_rule_examples_hold(rules, stanza_parser):
    failures, checked = check_examples(rules, stanza_parser)
    assert checked > 60
    assert failures == []
