"""A small pandas API for notebooks: typed tables and the common questions.

    from attribution import explore
    rows = explore.load_attributions("attributions.csv")
    articles = explore.load_articles("articles.csv")
    explore.sourcing_profile(rows)           # shares per article
    explore.relays(rows)                     # outlet -> cited source
    explore.per_outlet(articles)             # needs the JSONL "outlet" field
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .summary import per_outlet  # noqa: F401  (re-exported: sourcing profile per outlet)

SOURCE_TYPES = ["named_person", "named_organisation", "news_outlet", "document",
                "anonymous_described", "anonymous_vague", "pronoun_unresolved", "unattributed"]
SOURCING = ["named", "anonymous", "unattributed"]
QUOTES = ["direct", "indirect", "mixed", "none"]
LABELS = ["weak", "moderate", "strong"]
_OFFSETS = ["cue_start", "cue_end", "source_start", "source_end", "content_start", "content_end"]


def type_attributions(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals, booleans and nullable ints for an attributions table."""
    out = frame.copy()
    for column in _OFFSETS + ["depth"]:
        out[column] = pd.to_numeric(out[column].replace("", pd.NA), errors="coerce").astype("Int64")
    out["strength"] = pd.to_numeric(out["strength"], errors="coerce").astype(float)
    out["secondhand"] = out["secondhand"].astype(str).str.lower().eq("true")
    for column, categories in [("source_type", SOURCE_TYPES), ("sourcing", SOURCING),
                               ("quote", QUOTES), ("strength_label", LABELS)]:
        out[column] = pd.Categorical(out[column], categories=categories, ordered=column == "strength_label")
    for column in ("source", "source_resolved", "via", "parent_id", "content", "rule"):
        out[column] = out[column].fillna("").astype(str)
    return out


def load_attributions(path: str | Path) -> pd.DataFrame:
    return type_attributions(pd.read_csv(path, dtype=str, keep_default_na=False))


def load_articles(path: str | Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in frame.columns:
        if column.startswith("n_"):
            frame[column] = pd.to_numeric(frame[column]).astype(int)
        elif column.startswith("share_") or column == "mean_strength":
            frame[column] = pd.to_numeric(frame[column].replace("", pd.NA), errors="coerce").astype(float)
    return frame


def sourcing_profile(rows: pd.DataFrame, by: str = "article_id") -> pd.DataFrame:
    """Share of named / anonymous / unattributed, and secondhand, per article (or outlet)."""
    grouped = rows.groupby(by, observed=True)
    shares = pd.crosstab(rows[by], rows["sourcing"], normalize="index").reindex(columns=SOURCING, fill_value=0.0)
    shares["secondhand"] = grouped["secondhand"].mean()
    shares["attributions"] = grouped.size()
    shares["mean_strength"] = grouped["strength"].mean()
    return shares.round(3)


def relays(rows: pd.DataFrame) -> pd.DataFrame:
    """Who relays whom: the relaying outlet -> the source it passes on, with counts.

    An outlet relays a source when the source's row names it in ``via`` ("told
    the Post") or the row is nested under the outlet's own row ("The Post
    reported, citing X").
    """
    by_id = rows.set_index("attribution_id")
    pairs = []
    for _, row in rows.iterrows():
        outlet = row["via"]
        parent = row["parent_id"]
        if not outlet and parent and parent in by_id.index and by_id.at[parent, "source_type"] == "news_outlet":
            outlet = by_id.at[parent, "source_resolved"]
        if outlet:
            pairs.append((outlet, row["source_resolved"] or row["source"], row["source_type"]))
    frame = pd.DataFrame(pairs, columns=["outlet", "source", "source_type"])
    frame["outlet"] = _canonical_outlets(frame["outlet"])
    return frame.value_counts().rename("count").reset_index()


def _canonical_outlets(names: pd.Series) -> pd.Series:
    """"The Washington Post", "Washington Post" and "the Post" are one outlet:
    drop a leading "the", then use the longest name that ends with the same words."""
    bare = names.str.replace(r"^[Tt]he\s+", "", regex=True)
    known = sorted(set(bare), key=len, reverse=True)

    def longest(name: str) -> str:
        return next((k for k in known if k == name or k.endswith(" " + name)), name)
    return bare.map(longest)


def top_sources(rows: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    named = rows[rows["source_resolved"] != ""]
    return (named.groupby(["source_resolved", "source_type"], observed=True).size()
            .rename("count").sort_values(ascending=False).head(n).reset_index())


def strength_distribution(rows: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    counts = pd.cut(rows["strength"], bins=[i / bins for i in range(bins + 1)], include_lowest=True)
    return counts.value_counts(sort=False).rename("count").rename_axis("strength").reset_index()
