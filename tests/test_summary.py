"""The per-article summary (plain Python, run for every article) must equal
summarise() (pandas, the one definition users call on a whole CSV)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from attribution.counts import counts_of_rows
from attribution.summary import summarise

GOLDEN = Path(__file__).parent / "golden" / "attributions.csv"
COUNTED = ["n_attributions", "n_named", "n_anonymous", "n_unattributed", "n_secondhand",
           "share_named", "share_anonymous", "share_secondhand", "mean_strength",
           "top_sources", "relayed_outlets"]


def _row(source: str, sourcing: str = "named", strength: object = 0.5, secondhand: str = "false",
         via: str = "", source_type: str = "named_person") -> dict:
    return {"article_id": "a", "source_resolved": source, "sourcing": sourcing, "strength": strength,
            "secondhand": secondhand, "via": via, "source_type": source_type}


def _by_pandas(rows: list[dict]) -> dict:
    frame = pd.DataFrame(rows)
    articles = pd.DataFrame([{"article_id": rows[0]["article_id"]}])
    return summarise(frame, articles).iloc[0][COUNTED].to_dict()


def _same(python: dict, pandas_row: dict) -> None:
    for column in COUNTED:
        want, got = pandas_row[column], python[column]
        if column == "mean_strength" and pd.isna(want):
            assert pd.isna(got), column
        else:
            assert got == want, column


def test_golden_articles_summarise_alike():
    frame = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    assert frame["article_id"].nunique() >= 2
    for _, group in frame.groupby("article_id", sort=False):
        rows = group.to_dict("records")
        _same(counts_of_rows(rows), _by_pandas(rows))


@pytest.mark.parametrize("rows", [
    # equal counts keep first-seen order; more than TOP_SOURCES names
    [_row("B"), _row("A"), _row("A"), _row("B"), _row("C"), _row("D"), _row("", "anonymous")],
    # a mean on a rounding boundary (0.3875), where a plain sum() gives 0.38749999...
    [_row("x", strength=v) for v in (0.65, 0.4, 0.3, 0.5, 0.3, 0.3, 0.4, 0.3, 0.3, 0.4, 0.4, 0.4)],
    # missing strengths are skipped; none at all gives an empty mean
    [_row("x", strength=""), _row("y", strength=0.7)],
    [_row("", "unattributed", strength="")],
    # relayed outlets: via first, then outlets that are sources, once each
    [_row("Reuters", source_type="news_outlet", secondhand="false"),
     _row("officials", "anonymous", secondhand="true", via="The Post"),
     _row("The Post", source_type="news_outlet")],
])
def test_edge_cases_summarise_alike(rows):
    _same(counts_of_rows(rows), _by_pandas(rows))


def test_an_article_without_attributions_summarises_alike():
    frame = pd.DataFrame(columns=list(_row("x")))
    by_pandas = summarise(frame, pd.DataFrame([{"article_id": "a"}])).iloc[0]
    _same(counts_of_rows([]), by_pandas[COUNTED].to_dict())
