"""CoNLL-U reading and writing, for the parse cache and for model-free tests.

Offsets travel in MISC as ``start_char=..|end_char=..`` (Stanza's convention),
relative to the sentence text. Hand-written CoNLL-U without them gets offsets
by aligning each FORM against the ``# text =`` line (or, failing that, against
the forms joined with ``SpaceAfter=No`` respected).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from .document import Word


class ConlluError(ValueError):
    pass


def write_sentences(sentences: Iterable[tuple[str, list[Word]]]) -> str:
    """``(sentence_text, words with offsets relative to it)`` pairs to CoNLL-U."""
    blocks = []
    for text, words in sentences:
        lines = [f"# text = {text}"]
        for w in words:
            misc = f"start_char={w.start_char}|end_char={w.end_char}"
            lines.append("\t".join([str(w.id), _field(w.text), _field(w.lemma), w.upos or "_",
                                    w.xpos or "_", w.feats or "_", str(w.head), w.deprel or "_",
                                    "_", misc]))
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks) + ("\n" if blocks else "")


def _field(value: str) -> str:
    # CoNLL-U fields cannot hold tabs or newlines; spaces are allowed in FORM.
    return (value or "_").replace("\t", " ").replace("\n", " ")


def read_sentences(conllu: str) -> Iterator[tuple[str, list[Word]]]:
    """Yield ``(sentence_text, words)`` with offsets relative to the sentence text."""
    for number, block in enumerate(_blocks(conllu), start=1):
        yield _read_block(block, number)


def _blocks(conllu: str) -> Iterator[list[str]]:
    block: list[str] = []
    for line in conllu.split("\n"):  # not splitlines(): \f, \x1c and friends are text
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _read_block(lines: list[str], number: int) -> tuple[str, list[Word]]:
    text = None
    rows: list[list[str]] = []
    for line in lines:
        if line.startswith("#"):
            key, _, value = line[1:].partition("=")
            if key.strip() == "text":
                text = value.strip()
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ConlluError(f"sentence {number}: expected 10 tab-separated columns, got {len(cols)}")
        if "-" in cols[0] or "." in cols[0]:
            continue  # multi-word token ranges and empty nodes carry no syntax here
        rows.append(cols)
    ids = [cols[0] for cols in rows]
    if ids != [str(i) for i in range(1, len(rows) + 1)]:
        raise ConlluError(f"sentence {number}: word ids must run 1..{len(rows)}")
    if text is None:
        text = _text_from_forms(rows)
    words = []
    cursor = 0
    for cols in rows:
        try:
            word_id, head = int(cols[0]), int(cols[6]) if cols[6] != "_" else 0
        except ValueError:
            raise ConlluError(f"sentence {number}: bad ID or HEAD in {cols[:7]}") from None
        if not 0 <= head <= len(rows):
            raise ConlluError(f"sentence {number}: word {word_id} has head {head} outside the sentence")
        misc = _misc(cols[9])
        if "start_char" in misc and "end_char" in misc:
            start, end = int(misc["start_char"]), int(misc["end_char"])
        else:
            start = text.find(cols[1], cursor)
            if start < 0:
                raise ConlluError(f"sentence {number}: form {cols[1]!r} not found in its text")
            end = start + len(cols[1])
        cursor = max(cursor, end)
        words.append(Word(word_id, cols[1], _blank(cols[2]), _blank(cols[3]), _blank(cols[4]),
                          _blank(cols[5]), head, _blank(cols[7]), start, end))
    return text, words


def _text_from_forms(rows: list[list[str]]) -> str:
    parts = []
    for cols in rows:
        parts.append(cols[1])
        if "SpaceAfter=No" not in cols[9]:
            parts.append(" ")
    return "".join(parts).rstrip()  # no rows: an empty sentence


def _misc(field: str) -> dict[str, str]:
    out = {}
    for pair in field.split("|"):
        key, sep, value = pair.partition("=")
        if sep:
            out[key] = value
    return out


def _blank(value: str) -> str:
    return "" if value == "_" else value
