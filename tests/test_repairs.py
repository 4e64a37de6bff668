"""The repair registry: switches, firing records, and the rules that name repairs."""
from __future__ import annotations

import pytest

from attribution import repairs
from attribution.rules import RulesError, load_rules


@pytest.fixture
def doubling():
    """A throwaway repair, removed from the registry afterwards."""
    @repairs.repair("RP999", neutral=lambda n: n)
    def double_odd(n):
        return n * 2 if n % 2 else n
    yield double_odd
    del repairs.REGISTRY["RP999"]


def test_a_repair_records_its_id_only_when_it_changes_something(doubling):
    with repairs.applying():
        with repairs.recording() as fired:
            assert doubling(2) == 2
        assert fired == []
        with repairs.recording() as fired:
            assert doubling(3) == 6
        assert fired == ["RP999"]


def test_a_disabled_repair_returns_its_neutral_result_and_fires_nothing(doubling):
    with repairs.applying(frozenset({"RP999"})):
        with repairs.recording() as fired:
            assert doubling(3) == 3
    assert fired == []


def test_unrecorded_work_is_no_attributions_own(doubling):
    with repairs.applying():
        with repairs.recording() as fired:
            with repairs.unrecorded():
                doubling(3)
    assert fired == []


def test_outside_a_run_every_repair_is_on_and_nothing_is_recorded(doubling):
    with repairs.recording() as fired:
        assert doubling(3) == 6
    assert fired == []


def test_an_id_registered_twice_is_an_error(doubling):
    with pytest.raises(ValueError, match="RP999 registered twice"):
        repairs.repair("RP999")(lambda: None)


def test_disabling_an_unknown_repair_is_a_one_line_error(tmp_path):
    (tmp_path / "repairs.yaml").write_text("disabled: [RP998]\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"disabled\[0\]: unknown repair id 'RP998'"):
        load_rules(tmp_path)


def test_a_repair_id_has_its_shape(tmp_path):
    (tmp_path / "repairs.yaml").write_text(
        "repairs:\n  - {id: R1, stage: spans, description: x, examples: {needs: [a], leave_alone: [b]}}\n",
        encoding="utf-8")
    with pytest.raises(RulesError, match="RP and three digits"):
        load_rules(tmp_path)


def test_rules_list_names_every_repair(rules):
    listed = {rule_id for rule_id, kind, _ in rules.all_rules() if kind.startswith("repair")}
    assert listed == {r.id for r in rules.repairs}
