"""The notebook API and charts on the golden tables: no model needed."""
from __future__ import annotations

import pandas as pd

from attribution import explore, plots

from .conftest import DATA

GOLDEN = DATA.parent / "golden"


def test_typed_tables_and_profiles():
    rows = explore.load_attributions(GOLDEN / "attributions.csv")
    articles = explore.load_articles(GOLDEN / "articles.csv")
    assert rows["secondhand"].dtype == bool
    assert str(rows["cue_start"].dtype) == "Int64" and isinstance(rows["sourcing"].dtype, pd.CategoricalDtype)
    profile = explore.sourcing_profile(rows)
    assert (profile[["named", "anonymous", "unattributed"]].sum(axis=1).round(3) == 1.0).all()
    assert list(profile["attributions"]) == list(articles.set_index("article_id").loc[profile.index, "n_attributions"])


def test_relays_merge_outlet_name_variants():
    rows = pd.DataFrame({
        "attribution_id": ["a:1", "a:2", "a:3"], "parent_id": ["", "a:1", ""],
        "via": ["", "", "the Post"], "source_type": ["news_outlet", "anonymous_vague", "anonymous_described"],
        "source_resolved": ["The Washington Post", "officials", "two people"], "source": ["", "", ""]})
    got = explore.relays(rows)
    assert set(zip(got["outlet"], got["source"])) == {("Washington Post", "officials"), ("Washington Post", "two people")}


def test_charts_are_written(tmp_path):
    rows = explore.load_attributions(GOLDEN / "attributions.csv")
    written = plots.save_all(rows, tmp_path)
    assert {p.name for p in written} == {f"{c}.{f}" for c in plots.CHARTS for f in ("png", "svg")}
    assert all(p.stat().st_size > 1000 for p in written)
