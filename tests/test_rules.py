"""Rule files: validation errors name file, path and problem; layering works."""
from __future__ import annotations

import shutil

import pytest

from attribution.examples import check_boilerplate_examples
from attribution.rules import BUNDLED_RULES, RulesError, load_rules


def copy_rules(tmp_path, name):
    target = tmp_path / "rules"
    target.mkdir(exist_ok=True)
    shutil.copy(BUNDLED_RULES / name, target / name)
    return target / name


def test_bundled_rules_load(rules):
    ids = [rule_id for rule_id, _, _ in rules.all_rules()]
    assert len(ids) == len(set(ids))
    assert {"AT001", "AT003", "AT005", "ST004", "ST011", "SM001", "BP001"} <= set(ids)


def test_non_number_weight_is_named_by_file_and_path(tmp_path):
    path = copy_rules(tmp_path, "strength.yaml")
    text = path.read_text(encoding="utf-8").replace("weight: -0.05\n    why: Each extra", "weight: lots\n    why: Each extra")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(path.parent)
    assert str(err.value).endswith("strength.yaml: modifiers[1].weight: expected a number")


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "rules" / "cues.yaml"
    path.parent.mkdir()
    path.write_text("verbs:\n  neutral: [say, tell\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"cues.yaml: line \d+: invalid YAML"):
        load_rules(path.parent)


def test_unknown_field_lexicon_and_file_are_errors(tmp_path):
    path = copy_rules(tmp_path, "patterns.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("nest: head_cue", "nest: head_cue\n    colour: red"),
                    encoding="utf-8")
    with pytest.raises(RulesError, match=r"patterns.yaml: patterns\[\d+\].colour: unknown field"):
        load_rules(path.parent)
    path.write_text("patterns:\n  - id: AT001\n    description: x\n    cue: {lemma: '@nope'}\n", encoding="utf-8")
    with pytest.raises(RulesError, match="unknown lexicon '@nope'"):
        load_rules(path.parent)
    path.unlink()
    (path.parent / "extra.yaml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(RulesError, match="extra.yaml: unknown rule file"):
        load_rules(path.parent)


def test_user_file_overrides_by_id_and_adds(tmp_path):
    path = tmp_path / "rules" / "strength.yaml"
    path.parent.mkdir()
    path.write_text("base: {named_person: 0.9}\nmodifiers:\n"
                    "  - {id: SM003, description: harsher, when: distancing_cue, weight: -0.3}\n"
                    "  - {id: SM100, description: new, when: nested, weight: -0.01}\n", encoding="utf-8")
    rules = load_rules(path.parent)
    assert rules.strength.base["named_person"] == 0.9
    assert rules.strength.base["news_outlet"] == 0.60  # untouched keys stay
    by_id = {m.id: m for m in rules.strength.modifiers}
    assert by_id["SM003"].weight == -0.3
    assert "SM100" in by_id and "SM001" in by_id


def test_boilerplate_examples_hold(rules):
    failures, checked = check_boilerplate_examples(rules)
    assert checked >= 2 * len(rules.text.rules)
    assert failures == []


def test_new_source_type_goes_before_the_catch_all(tmp_path):
    path = tmp_path / "rules" / "sources.yaml"
    path.parent.mkdir()
    path.write_text("source_types:\n  - id: ST500\n    type: anonymous_described\n"
                    "    description: residents\n    when: {head_lemma: [resident]}\n", encoding="utf-8")
    ids = [r.id for r in load_rules(path.parent).sources.source_types]
    assert ids[-2:] == ["ST500", "ST999"]


def test_a_bare_string_is_not_taken_for_a_lexicon(tmp_path):
    path = copy_rules(tmp_path, "patterns.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("lemma: [cite, quote], upos: [VERB], deprel: [advcl, conj, acl]",
                                                             "lemma: cite, upos: [VERB], deprel: [advcl, conj, acl]"),
                    encoding="utf-8")
    with pytest.raises(RulesError, match=r"patterns\[2\].cue.lemma: expected a list or an @lexicon name"):
        load_rules(path.parent)


def test_a_conllu_example_is_used_as_parsed(rules):
    from attribution.examples import fired_rules

    class NoParser:
        model_id = "none"

        def parse(self, sentences):
            raise AssertionError("a CoNLL-U example needs no parser")

    pattern = next(p for p in rules.patterns if p.id == "AT012")
    example = pattern.examples.must_match[0].text
    assert example.startswith("# text =")
    assert "AT012" in fired_rules(example, NoParser(), rules)
