"""pandas at the edge: attribution rows -> per-article (and per-outlet) tables.

The one-article summary every run computes is in counts.py, without pandas.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from .counts import TOP_SOURCES
from .records import ARTICLE_COLUMNS, ATTRIBUTION_COLUMNS


def attributions_frame(rows: Iterable[dict]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=ATTRIBUTION_COLUMNS)


def summarise(attributions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article in ``articles`` (article_id, title, n_sentences,
    n_words, outlet, url, date), with its attributions counted."""
    counts = attributions.groupby("article_id", sort=False).apply(_article_counts, include_groups=False)
    if len(counts) == 0:
        counts = pd.DataFrame(columns=["article_id"])
    else:
        counts = counts.reset_index()
    merged = articles.merge(counts, on="article_id", how="left")
    defaults = {"n_attributions": 0, "n_named": 0, "n_anonymous": 0, "n_unattributed": 0,
                "n_secondhand": 0, "share_named": 0.0, "share_anonymous": 0.0,
                "share_secondhand": 0.0, "top_sources": "", "relayed_outlets": ""}
    for column, default in defaults.items():
        if column not in merged:
            merged[column] = default
        merged[column] = merged[column].fillna(default)
        merged[column] = merged[column].astype(type(default)) if not isinstance(default, str) else merged[column]
    for column in ("share_named", "share_anonymous", "share_secondhand"):
        merged[column] = merged[column].round(3)
    if "mean_strength" not in merged:
        merged["mean_strength"] = float("nan")  # no attributions: no mean, an empty cell
    merged["mean_strength"] = merged["mean_strength"].astype(float).round(3)
    return merged.reindex(columns=ARTICLE_COLUMNS)


def _article_counts(group: pd.DataFrame) -> pd.Series:
    n = len(group)
    secondhand = group["secondhand"].astype(str).eq("true")
    strength = pd.to_numeric(group["strength"], errors="coerce")
    sourcing = group["sourcing"]
    named_sources = group.loc[group["source_resolved"].astype(str) != "", "source_resolved"]
    top = named_sources.value_counts().head(TOP_SOURCES)
    outlets = list(dict.fromkeys(
        [v for v in group["via"].astype(str) if v]
        + list(group.loc[group["source_type"] == "news_outlet", "source_resolved"].astype(str))))
    return pd.Series({
        "n_attributions": n,
        "n_named": int((sourcing == "named").sum()),
        "n_anonymous": int((sourcing == "anonymous").sum()),
        "n_unattributed": int((sourcing == "unattributed").sum()),
        "n_secondhand": int(secondhand.sum()),
        "share_named": (sourcing == "named").mean(),
        "share_anonymous": (sourcing == "anonymous").mean(),
        "share_secondhand": secondhand.mean(),
        "mean_strength": strength.mean(),
        "top_sources": "; ".join(f"{name} ({count})" for name, count in top.items()),
        "relayed_outlets": "; ".join(outlets),
    })


def per_outlet(articles: pd.DataFrame) -> pd.DataFrame:
    """Sourcing profile per outlet (articles.csv needs the JSONL ``outlet`` field)."""
    frame = articles.assign(outlet=articles["outlet"].fillna("").replace("", "(unknown)"))
    grouped = frame.groupby("outlet")
    out = grouped[["n_attributions", "n_named", "n_anonymous", "n_unattributed", "n_secondhand"]].sum()
    out["articles"] = grouped.size()
    total = out["n_attributions"].where(out["n_attributions"] > 0)
    for kind in ("named", "anonymous", "secondhand"):
        out[f"share_{kind}"] = (out[f"n_{kind}"] / total).fillna(0).round(3)
    out["mean_strength"] = grouped["mean_strength"].mean().round(3)
    return out.reset_index()
