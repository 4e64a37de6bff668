"""Frozen parse records: what every stage after parsing sees.

Stanza objects never leave parsing.py; the rules work on these plain records,
which carry UD fields plus character offsets into the article text exactly as
read (no normalisation).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class Word(NamedTuple):
    """One UD syntactic word. ``id`` and ``head`` are 1-based within the sentence.

    A NamedTuple rather than a frozen dataclass: every run builds one per word
    (twice on a cache hit), and a tuple is built five times faster.
    """

    id: int
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    start_char: int
    end_char: int

    @property
    def base_deprel(self) -> str:
        """``nsubj:pass`` -> ``nsubj``."""
        return self.deprel.split(":", 1)[0]

    def feat(self, name: str) -> str | None:
        for pair in self.feats.split("|"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Sentence:
    words: tuple[Word, ...]
    start_char: int
    end_char: int
    text: str

    def word(self, word_id: int) -> Word:
        return self.words[word_id - 1]

    @cached_property
    def children(self) -> dict[int, tuple[Word, ...]]:
        """Head id -> dependents, in sentence order (0 holds the root)."""
        kids: dict[int, list[Word]] = {}
        for w in self.words:
            kids.setdefault(w.head, []).append(w)
        return {head: tuple(ws) for head, ws in kids.items()}

    def dependents(self, word: Word) -> tuple[Word, ...]:
        return self.children.get(word.id, ())

    def head_of(self, word: Word) -> Word | None:
        return self.word(word.head) if word.head else None

    def subjects(self, word: Word) -> list[Word]:
        """The word's nsubj dependents, of any subtype ("nsubj:pass")."""
        return [d for d in self.dependents(word) if d.base_deprel == "nsubj"]

    def has_mark(self, word: Word, lemma: str) -> bool:
        """Whether a subordinator with this lemma marks the word ("as saying")."""
        return any(d.deprel == "mark" and d.lemma.lower() == lemma for d in self.dependents(word))

    def is_bare_participle(self, word: Word) -> bool:
        """A participle with no auxiliary: a reduced clause ("sources quoted
        by the Post"), not a finite passive ("sources were quoted")."""
        return word.feat("VerbForm") == "Part" and not any(d.base_deprel == "aux" for d in self.dependents(word))

    def subtree(self, word: Word) -> list[Word]:
        """The word and all its descendants, in sentence order."""
        ids: set[int] = set()
        stack = [word]
        while stack:
            current = stack.pop()
            if current.id in ids:  # malformed cyclic input must not hang
                continue
            ids.add(current.id)
            stack.extend(self.dependents(current))
        return [w for w in self.words if w.id in ids]


@dataclass(frozen=True)
class ParsedDoc:
    """An article's text and its parsed sentences (boilerplate already skipped)."""

    article_id: str
    text: str
    sentences: tuple[Sentence, ...]
    model_id: str = ""
    metadata: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def n_words(self) -> int:
        return sum(len(s.words) for s in self.sentences)
