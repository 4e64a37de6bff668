"""Run every rule's own examples (`attribution rules check`, and a test).

A pattern or source-type example "matches" when analysing the sentence yields
an attribution whose ``rule`` column names that rule id; a boilerplate example
matches when the pattern matches the line.
"""
from __future__ import annotations

from .parsing import Parser
from .pipeline import analyze_article
from .rules import RuleSet
from .text import Article, parser_view


def fired_rules(sentence: str, parser: Parser, rules: RuleSet) -> set[str]:
    result = analyze_article(Article("example", sentence), parser, rules)
    return {rule for c in result.attributions for rule in c.rule_ids}


def check_boilerplate_examples(rules: RuleSet) -> tuple[list[str], int]:
    """Boilerplate examples need no parser: (failure messages, examples checked)."""
    failures: list[str] = []
    checked = 0
    for rule in rules.text.rules:
        for line, want in _cases(rule.examples):
            checked += 1
            got = rules.text.boilerplate_match(parser_view(line))
            if (got is not None and got.id == rule.id) != want:
                failures.append(_message(rule.id, line, want))
    return failures, checked


def check_examples(rules: RuleSet, parser: Parser) -> tuple[list[str], int]:
    """Every rule's examples: (failure messages, number of examples checked)."""
    failures, checked = check_boilerplate_examples(rules)
    for rule in [*rules.patterns, *rules.sources.source_types]:
        for sentence, want in _cases(rule.examples):
            checked += 1
            if (rule.id in fired_rules(sentence, parser, rules)) != want:
                failures.append(_message(rule.id, sentence, want))
    return failures, checked


def _cases(examples):
    return [(s, True) for s in examples.must_match] + [(s, False) for s in examples.must_not_match]


def _message(rule_id: str, example: str, want: bool) -> str:
    return f"{rule_id}: {'should' if want else 'should not'} match: {example}"
