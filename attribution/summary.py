"""pandas at the edge: attribution rows -> per-article (and per-outlet) tables."""
from __future__ import annotations

import math
from collections import Counter
from typing import Iterable

import numpy as np
import pandas as pd

from .pipeline import ATTRIBUTION_COLUMNS, ArticleResult

ARTICLE_COLUMNS = [
    "article_id", "title", "n_sentences", "n_words", "n_attributions", "n_named",
    "n_anonymous", "n_unattributed", "n_secondhand", "share_named", "share_anonymous",
    "share_secondhand", "mean_strength", "top_sources", "relayed_outlets",
    "outlet", "url", "date",
]
TOP_SOURCES = 3


def attributions_frame(rows: Iterable[dict]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=ATTRIBUTION_COLUMNS)


def article_summary(result: ArticleResult) -> dict:
    """The articles.csv row for one analysed article."""
    meta = result.doc.metadata
    row = {"article_id": result.doc.article_id, "title": result.title,
           "n_sentences": len(result.doc.sentences), "n_words": result.doc.n_words,
           "outlet": meta.get("outlet", ""), "url": meta.get("url", ""), "date": meta.get("date", "")}
    counts = _counts_of_rows(result.rows)
    return {column: {**row, **counts}[column] for column in ARTICLE_COLUMNS}


def _counts_of_rows(rows: list[dict]) -> dict:
    """_article_counts for one article's rows, in plain Python.

    Every article of a run passes through here; building a DataFrame per
    article cost more than all the rules together. summarise() stays the one
    pandas definition, and a test holds the two equal.
    """
    n = len(rows)
    if n == 0:  # what summarise() fills in for an article without attributions
        return {"n_attributions": 0, "n_named": 0, "n_anonymous": 0, "n_unattributed": 0,
                "n_secondhand": 0, "share_named": 0.0, "share_anonymous": 0.0,
                "share_secondhand": 0.0, "mean_strength": float("nan"), "top_sources": "",
                "relayed_outlets": ""}
    sourcing = [str(r["sourcing"]) for r in rows]
    secondhand = sum(str(r["secondhand"]) == "true" for r in rows)
    strengths = [x for x in (_number(r["strength"]) for r in rows) if x is not None]
    named = Counter(str(r["source_resolved"]) for r in rows if str(r["source_resolved"]) != "")
    outlets = list(dict.fromkeys(
        [str(r["via"]) for r in rows if str(r["via"])]
        + [str(r["source_resolved"]) for r in rows if r["source_type"] == "news_outlet"]))
    return {
        "n_attributions": n,
        "n_named": sourcing.count("named"),
        "n_anonymous": sourcing.count("anonymous"),
        "n_unattributed": sourcing.count("unattributed"),
        "n_secondhand": secondhand,
        "share_named": round(sourcing.count("named") / n, 3),
        "share_anonymous": round(sourcing.count("anonymous") / n, 3),
        "share_secondhand": round(secondhand / n, 3),
        # numpy's pairwise sum, as pandas' mean: a plain sum can land on the
        # other side of a rounding boundary (0.3875).
        "mean_strength": round(float(np.sum(strengths) / len(strengths)), 3) if strengths else float("nan"),
        # most_common keeps first-seen order among equal counts, as value_counts does.
        "top_sources": "; ".join(f"{name} ({count})" for name, count in named.most_common(TOP_SOURCES)),
        "relayed_outlets": "; ".join(outlets),
    }


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


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
