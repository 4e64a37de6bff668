"""CoNLL-U reading and writing, for the parse cache and for model-free tests.

Offsets travel in MISC as ``start_char=..|end_char=..`` (Stanza's convention),
relative to the sentence text. Hand-written CoNLL-U without them gets offsets
by aligning each FORM against the ``# text =`` line (or, failing that, against
the forms joined with ``SpaceAfter=No`` respected).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from ..document import Word


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
    n_rows = len(rows)
    for word_id, cols in enumerate(rows, start=1):
        form, head_field, misc_field = cols[1], cols[6], cols[9]
        try:
            head = int(head_field) if head_field != "_" else 0
        except ValueError:
            raise ConlluError(f"sentence {number}: bad ID or HEAD in {cols[:7]}") from None
        if not 0 <= head <= n_rows:
            raise ConlluError(f"sentence {number}: word {word_id} has head {head} outside the sentence")
        # our own cache writes "start_char=N|end_char=M": read that inline (hot loop)
        start_text, sep, end_text = misc_field[11:].partition("|end_char=")
        if misc_field[:11] == "start_char=" and sep and start_text.isdigit() and end_text.isdigit():
            start, end = int(start_text), int(end_text)
        elif (offsets := _offsets(misc_field)) is not None:
            start, end = offsets
        else:
            start = text.find(form, cursor)
            if start < 0:
                raise ConlluError(f"sentence {number}: form {form!r} not found in its text")
            end = start + len(form)
        cursor = max(cursor, end)
        lemma, upos, xpos, feats, deprel = cols[2], cols[3], cols[4], cols[5], cols[7]
        words.append(Word(word_id, form, "" if lemma == "_" else lemma, "" if upos == "_" else upos,
                          "" if xpos == "_" else xpos, "" if feats == "_" else feats, head,
                          "" if deprel == "_" else deprel, start, end))
    return text, words


def _text_from_forms(rows: list[list[str]]) -> str:
    parts = []
    for cols in rows:
        parts.append(cols[1])
        if "SpaceAfter=No" not in cols[9]:
            parts.append(" ")
    return "".join(parts).rstrip()  # no rows: an empty sentence


def _offsets(misc: str) -> tuple[int, int] | None:
    """(start_char, end_char) from any MISC field, or None. (Our own writer's
    form, "start_char=N|end_char=M", is read inline by _read_block.)"""
    fields = _misc(misc)
    if "start_char" in fields and "end_char" in fields:
        try:
            return int(fields["start_char"]), int(fields["end_char"])
        except ValueError:
            raise ConlluError(f"bad start_char/end_char in MISC {misc!r}") from None
    return None


def _misc(field: str) -> dict[str, str]:
    out = {}
    for pair in field.split("|"):
        key, sep, value = pair.partition("=")
        if sep:
            out[key] = value
    return out

