"""A self-contained HTML report: each article with its sources highlighted.

One file, no scripts or fonts from the network: CSS inline, charts as inline
SVG. Every highlighted element carries ``data-ids`` (the attribution ids),
``data-role`` (cue | source), ``data-start``/``data-end`` (the CSV offsets),
and a hover title with the rules and the strength arithmetic.
"""
from __future__ import annotations

import html
import io
from dataclasses import dataclass

import pandas as pd

CSS = """
body{font-family:Georgia,serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#1a202c}
h1,h2,table{font-family:system-ui,sans-serif}
.article{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5em;border-top:2px solid #cbd5e0;padding-top:1em}
.side{overflow-x:auto}
.text{white-space:pre-wrap;line-height:1.6}
.source{border-radius:3px;padding:0 2px}
.named{background:#bee3f8}.anonymous{background:#fbd38d}.unattributed{background:#e2e8f0}
.cue{font-weight:bold;text-decoration:underline}
.secondhand{box-shadow:inset 0 -3px 0 #805ad5}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #e2e8f0;padding:2px 4px;vertical-align:top}
.legend span{margin-right:1em;padding:0 4px}
.charts svg{max-width:100%;height:auto}
"""


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    role: str                 # cue | source
    css: str
    ids: tuple[str, ...]
    title: str


def _marks(rows: pd.DataFrame) -> list[Mark]:
    merged: dict[tuple[int, int, str], Mark] = {}
    for _, r in rows.iterrows():
        tip = f"{r['attribution_id']}: {r['source_type']} ({r['sourcing']}), strength {r['strength']} " \
              f"{r['strength_label']}; rules {r['rule']}; {r['strength_reasons']}"
        spans = [("cue", r["cue_start"], r["cue_end"], "cue")]
        if str(r["source_start"]) not in {"", "<NA>", "nan"}:
            css = f"source {r['sourcing']}" + (" secondhand" if str(r["secondhand"]).lower() == "true" else "")
            spans.append(("source", r["source_start"], r["source_end"], css))
        for role, start, end, css in spans:
            key = (int(start), int(end), role)
            old = merged.get(key)
            merged[key] = Mark(key[0], key[1], role, old.css if old else css,
                               (old.ids if old else ()) + (r["attribution_id"],),
                               (old.title + "\n" if old else "") + tip)
    return sorted(merged.values(), key=lambda m: (m.start, -m.end))


def _nestable(marks: list[Mark]) -> tuple[list[Mark], list[Mark]]:
    """Marks that nest properly, and those that would cross another (listed, not drawn)."""
    kept, crossing, stack = [], [], []
    for m in marks:
        while stack and stack[-1].end <= m.start:
            stack.pop()
        if stack and m.end > stack[-1].end:
            crossing.append(m)
            continue
        kept.append(m)
        stack.append(m)
    return kept, crossing


def highlight(text: str, marks: list[Mark]) -> str:
    kept, _ = _nestable(marks)
    out = io.StringIO()

    def render(start: int, end: int, inner: list[Mark]) -> None:
        pos = start
        i = 0
        while i < len(inner):
            m = inner[i]
            children = []
            j = i + 1
            while j < len(inner) and inner[j].start < m.end:
                children.append(inner[j])
                j += 1
            out.write(html.escape(text[pos:m.start]))
            out.write(f'<span class="{m.css}" data-role="{m.role}" data-ids="{html.escape(" ".join(m.ids))}" '
                      f'data-start="{m.start}" data-end="{m.end}" title="{html.escape(m.title)}">')
            render(m.start, m.end, children)
            out.write("</span>")
            pos = m.end
            i = j
        out.write(html.escape(text[pos:end]))

    render(0, len(text), kept)
    return out.getvalue()


def _table(frame: pd.DataFrame, columns: list[str]) -> str:
    shown = frame.reindex(columns=columns).copy()
    for column in shown.columns:
        if shown[column].dtype == bool:  # as in the CSV: true/false
            shown[column] = shown[column].map({True: "true", False: "false"})
    return shown.to_html(index=False, escape=True, na_rep="", border=0)


def _svg(fig) -> str:
    import matplotlib.pyplot as plt
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]


def build_report(rows: pd.DataFrame, articles: pd.DataFrame, texts: dict[str, str]) -> str:
    """The whole report as one HTML string."""
    from . import plots
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>attribution report</title>",
             f"<style>{CSS}</style></head><body><h1>Sourcing report</h1>",
             "<p class='legend'><span class='source named'>named</span><span class='source anonymous'>anonymous"
             "</span><span class='source unattributed'>unattributed</span><span class='cue'>cue</span>"
             "<span class='secondhand'>secondhand</span></p>",
             "<h2>Articles</h2>",
             _table(articles, ["article_id", "title", "n_attributions", "n_named", "n_anonymous",
                               "n_unattributed", "n_secondhand", "mean_strength", "top_sources",
                               "relayed_outlets"])]
    if len(rows):
        parts.append("<div class='charts'>" + _svg(plots.sourcing_shares(rows)) + _svg(plots.strength_histogram(rows))
                     + "</div>")
    for article_id in articles["article_id"]:
        mine = rows[rows["article_id"] == article_id]
        text = texts.get(article_id, "")
        marks = _marks(mine)
        _, crossing = _nestable(marks)
        note = (f"<p>{len(crossing)} overlapping span(s) not drawn: "
                f"{html.escape(', '.join(i for m in crossing for i in m.ids))}</p>") if crossing else ""
        parts.append(f"<section class='article' id='{html.escape(article_id)}'>"
                     f"<div><h2>{html.escape(article_id)}</h2><div class='text'>{highlight(text, marks)}</div></div>"
                     f"<div class='side'>{note}{_table(mine, ['attribution_id', 'cue', 'source', 'source_type', 'sourcing', 'secondhand', 'via', 'parent_id', 'strength', 'strength_label', 'rule'])}</div>"
                     "</section>")
    parts.append("</body></html>")
    return "\n".join(parts)
