"""The real pipeline on the bundled articles reproduces the reviewed golden CSVs."""
from __future__ import annotations

import difflib

from attribution.run.engines import SerialEngine
from attribution.run.runner import run

from .conftest import ARTICLES, DATA, needs_models

GOLDEN = DATA.parent / "golden"

pytestmark = needs_models


def test_articles_match_the_golden_tables(tmp_path, stanza_parser, rules):
    run([str(ARTICLES)], SerialEngine(stanza_parser, rules), tmp_path / "attributions.csv", tmp_path / "articles.csv")
    for name in ("attributions.csv", "articles.csv"):
        want = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
        got = (tmp_path / name).read_text(encoding="utf-8").splitlines()
        diff = "\n".join(difflib.unified_diff(want, got, "golden", "now", lineterm="", n=0))
        assert got == want, f"{name} differs from tests/golden (scripts/update_golden.py regenerates it):\n{diff}"
