"""Run every rule's own examples (`attribution rules check`, and a test).

A pattern or source-type example "matches" when analysing the sentence yields
an attribution whose ``rule`` column names that rule id; a boilerplate example
matches when the pattern matches the line. An example may be CoNLL-U (see
``fired_rules``).
"""
from __future__ import annotations

from .parsing import ConlluParser, Parser
from .pipeline import analyze_article
from .rules import RuleSet
from .text import Article, parser_view


def fired_rules(example: str, parser: Parser, rules: RuleSet) -> set[str]:
    """The rule ids behind the attributions found in an example: a sentence,
    parsed by ``parser``, or a CoNLL-U sentence (a "# text = ..." line, then
    its words), used as written. CoNLL-U pins a parse shape the current
    models may never produce, for rules that repair other parsers' errors."""
    if example.lstrip().startswith("# text ="):
        texts = [line.split("=", 1)[1].strip() for line in example.splitlines()
                 if line.startswith("# text =")]
        parser, example = ConlluParser(example, model_id="example"), " ".join(texts)
    result = analyze_article(Article("example", example), parser, rules)
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
    return [(e.text, True) for e in examples.must_match] + [(e.text, False) for e in examples.must_not_match]


def _message(rule_id: str, example: str, want: bool) -> str:
    return f"{rule_id}: {'should' if want else 'should not'} match: {example}"
