"""The articles.csv row of one analysed article, in plain Python.

Every article of a run, in every worker, passes through here, so it neither
builds a DataFrame nor imports pandas. summary.summarise() is the one pandas
definition of the same counts; tests/test_summary.py holds the two equal.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np

from .pipeline import ArticleResult
from .records import ARTICLE_COLUMNS
TOP_SOURCES = 3


def article_summary(result: ArticleResult) -> dict:
    """The articles.csv row for one analysed article."""
    meta = result.doc.metadata
    row = {"article_id": result.doc.article_id, "title": result.title,
           "n_sentences": len(result.doc.sentences), "n_words": result.doc.n_words,
           "outlet": meta.get("outlet", ""), "url": meta.get("url", ""), "date": meta.get("date", "")}
    counts = counts_of_rows(result.rows)
    return {column: {**row, **counts}[column] for column in ARTICLE_COLUMNS}


def counts_of_rows(rows: list[dict]) -> dict:
    """summary._article_counts for one article's rows (a DataFrame per
    article cost more than all the rules together)."""
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
