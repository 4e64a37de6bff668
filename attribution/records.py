"""Frozen records the stages hand each other, and the output column lists.

ParsedDoc ──matching──▶ CueMatch ──spans──▶ Attribution ──classify──▶ Classified ──▶ CSV row

Every record carries the ids of the repairs (RPnnn, see repairs.py) that
fired while it was made; the last stage writes them into the ``rule`` column.
"""
from __future__ import annotations

from dataclasses import dataclass

from .document import Word

Span = tuple[int, int]  # character offsets into the article text, end exclusive


@dataclass(frozen=True)
class CueMatch:
    """One pattern match: a cue and the head word of its source.

    Everything the later stages need from the pattern is stated here, so they
    never read a pattern's insides.
    """

    pattern_id: str
    nest: str                          # none | head_cue | same_cue (patterns.yaml)
    fallback: bool                     # applies only when no other pattern sourced the cue
    sentence_index: int
    cue: Word
    cue_words: tuple[Word, ...]        # the cue and its parts, in sentence order
    source_head: Word | None
    # Whose phrase the content is sought around when the cue has no clause of
    # its own: "cue", or "source" for "according to X", where X's phrase
    # interrupts the clause.
    content_from: str = "cue"
    # Words whose objects may name a relaying outlet ("told [the Post]"): the
    # cue first, then the pattern's relay nodes ("..., adding that" shares the
    # telling's recipient).
    relay_words: tuple[Word, ...] = ()
    # Also the head of the source as finally settled (after repairs): the
    # clause the source is the subject of ("two people told the Post, adding").
    relay_via_source_clause: bool = False
    repairs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attribution:
    """One attribution before classification. Spans are article offsets."""

    n: int                            # 1-based position in the article
    sentence_index: int
    pattern_id: str
    nest: str
    cue: Span
    cue_word: Word
    cue_lemma: str
    source: Span | None
    source_head: Word | None
    source_words: tuple[Word, ...]
    content: Span | None
    quote: str                        # direct | indirect | mixed | none
    via_candidates: tuple[tuple[Span, Word], ...]
    parent: int | None = None         # n of the parent attribution
    depth: int = 0
    repairs: tuple[str, ...] = ()     # ids of the repairs that fired, matching and spans


@dataclass(frozen=True)
class Classified:
    attribution: Attribution
    source_type: str
    sourcing: str
    secondhand: bool
    via: Span | None
    source_resolved: str
    strength: float
    strength_label: str
    rule_ids: tuple[str, ...]         # pattern, source type, modifiers, then repairs
    reasons: str                      # the strength arithmetic, for people


# The output contract (README, "Output"): column order of attributions.csv.
ATTRIBUTION_COLUMNS = [
    "article_id", "attribution_id", "sentence", "cue", "cue_lemma", "cue_start", "cue_end",
    "source", "source_start", "source_end", "source_resolved", "source_type", "sourcing",
    "secondhand", "via", "parent_id", "content", "content_start", "content_end", "quote",
    "strength", "strength_label", "rule",
    # Added after the first contract; never renamed, only appended.
    "depth", "strength_reasons", "title", "outlet", "url", "date",
]

# articles.csv
ARTICLE_COLUMNS = [
    "article_id", "title", "n_sentences", "n_words", "n_attributions", "n_named",
    "n_anonymous", "n_unattributed", "n_secondhand", "share_named", "share_anonymous",
    "share_secondhand", "mean_strength", "top_sources", "relayed_outlets",
    "outlet", "url", "date",
]
