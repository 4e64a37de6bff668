"""Reading articles, skipping boilerplate and splitting sentences.

Offsets are the contract: every span is ``(start, end)`` into the article text
exactly as read. Cleaning may *skip* text (boilerplate) but never rewrites it;
the parser is handed a same-length "view" in which odd characters (no-break
spaces, curly quotes, dashes) are swapped one for one, so offsets still hold.
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Union

from .rules import TextRules

METADATA_FIELDS = ("title", "outlet", "url", "date")

# One-for-one substitutions for the parser's view of the text. Same length in,
# same length out, so every offset into the view is an offset into the text.
_VIEW_TABLE = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ",
    "\u2008": " ", "\u205f": " ", "\u3000": " ", "\u200b": " ", "\ufeff": " ",
    "\t": " ", "\r": " ", "\u2028": " ", "\u2029": " ", "\f": " ", "\v": " ", "\x85": " ",
    "\x1c": " ", "\x1d": " ", "\x1e": " ",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-",
})

# Longest sentence handed to the parser. Text with no sentence punctuation (a
# table, a scraped list) would otherwise become one huge "sentence" whose
# parse costs time quadratic in its length.
MAX_SENTENCE_CHARS = 1200


def parser_view(text: str) -> str:
    """The text as the parser should see it: same length, plainer characters."""
    return text.translate(_VIEW_TABLE)


@dataclass(frozen=True)
class Article:
    article_id: str
    text: str
    metadata: dict[str, str] = field(default_factory=dict)
    origin: str = ""  # where it came from, for messages ("a.jsonl:12")


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read. ``fatal`` problems produce no article."""

    origin: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


Item = Union[Article, InputProblem]


# --------------------------------------------------------------------------- reading

def read_inputs(inputs: Iterable[str], stdin=None) -> Iterator[Item]:
    """Yield articles (and problems) from files, directories, JSONL and ``-``.

    Problems are yielded in place, never raised, so one bad input cannot lose
    the others. Duplicate article ids are reported and the later one skipped.
    """
    seen: set[str] = set()
    for item in _read_all(inputs, stdin):
        if isinstance(item, Article):
            if item.article_id in seen:
                yield InputProblem(item.origin, f"duplicate article id {item.article_id!r}; skipped")
                continue
            seen.add(item.article_id)
        yield item


def _read_all(inputs: Iterable[str], stdin) -> Iterator[Item]:
    for name in inputs:
        try:
            yield from _read_one(name, stdin)
        except Exception as err:  # an unreadable input is a problem, never a crash
            yield InputProblem(_printable(name), f"cannot read: {type(err).__name__}: {err}")


def _read_one(name: str, stdin) -> Iterator[Item]:
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
        yield from _article_from_bytes("stdin", data if isinstance(data, bytes) else data.encode(), "<stdin>")
        return
    path = Path(name)
    if not path.exists():
        yield InputProblem(_printable(name), "no such file or directory")
    elif path.is_dir():
        files = [p for p in _walk(path) if p.suffix.lower() == ".txt" or _is_jsonl(p)]
        if not files:
            yield InputProblem(_printable(name), "directory holds no .txt or .jsonl files")
        for p in files:
            yield from (read_jsonl(p) if _is_jsonl(p) else _read_text_file(p))
    elif _is_jsonl(path):
        yield from read_jsonl(path)
    else:
        yield from _read_text_file(path)


# Files this tool writes next to its outputs; a directory input must not read them back.
_OWN_OUTPUTS = (".errors.txt", ".journal.jsonl")


def _walk(directory: Path) -> list[Path]:
    """Files below a directory, sorted, skipping hidden paths and our own side files."""
    found = []
    for p in directory.rglob("*"):
        parts = p.relative_to(directory).parts
        if p.is_file() and not any(part.startswith(".") for part in parts) \
                and not p.name.endswith(_OWN_OUTPUTS):
            found.append(p)
    return sorted(found)


def _is_jsonl(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".jsonl") or name.endswith(".jsonl.gz")


def _printable(value: str) -> str:
    """Surrogate-escaped bytes (odd file names, JSON "\\udc80") cannot be written as UTF-8."""
    return value.encode("utf-8", "replace").decode("utf-8")


def _read_text_file(path: Path) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as err:
        yield InputProblem(str(path), f"cannot read: {err.strerror or err}")
        return
    yield from _article_from_bytes(_printable(path.stem), data, _printable(str(path)))


def _article_from_bytes(article_id: str, data: bytes, origin: str) -> Iterator[Item]:
    if b"\x00" in data[:8192]:
        yield InputProblem(origin, "looks binary (NUL bytes); skipped")
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        # Keep the article: a few mis-encoded bytes should not cost a whole
        # article. Offsets then refer to the text with U+FFFD in those places.
        text = data.decode("utf-8", errors="replace")
        yield InputProblem(origin, f"not valid UTF-8 (first bad byte at {err.start}); "
                                   "bad bytes replaced with U+FFFD", fatal=False)
    if text.startswith("\ufeff"):
        text = text[1:]  # a BOM is an encoding mark, not article text
    if not text.strip():
        yield InputProblem(origin, "empty article; skipped")
        return
    yield Article(article_id, text, {}, origin)


def read_jsonl(path: Path) -> Iterator[Item]:
    """One article per line: ``{"id": ..., "text": ..., "title"?, "outlet"?, "url"?, "date"?}``."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    origin = _printable(str(path))
    try:
        with opener(path, "rb") as lines:
            for number, raw in enumerate(lines, start=1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    line = raw.decode("utf-8", errors="replace")
                    yield InputProblem(f"{origin}:{number}", f"not valid UTF-8 (byte {err.start}); "
                                       "bad bytes replaced with U+FFFD", fatal=False)
                if line.strip():
                    yield _jsonl_article(line, f"{origin}:{number}")
    except Exception as err:  # OSError, EOFError, zlib.error from a damaged .gz
        yield InputProblem(origin, f"cannot read: {type(err).__name__}: {err}")


def _jsonl_article(line: str, origin: str) -> Item:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return InputProblem(origin, f"malformed JSON ({err.msg} at column {err.colno})")
    if not isinstance(obj, dict):
        return InputProblem(origin, "expected a JSON object with 'id' and 'text'")
    article_id, text = obj.get("id"), obj.get("text")
    if article_id is None or str(article_id).strip() == "":
        return InputProblem(origin, "missing 'id'")
    if not isinstance(text, str):
        return InputProblem(origin, "missing 'text' (a string)")
    if not text.strip():
        return InputProblem(origin, f"article {article_id!r} has empty text; skipped")
    metadata = {k: _printable(str(obj[k])) for k in METADATA_FIELDS if obj.get(k) is not None}
    return Article(_printable(str(article_id)), _printable(text), metadata, origin)


# ----------------------------------------------------------------------- segmenting

@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Segmented:
    """What the parser gets from an article: sentences, and what was skipped."""

    sentences: tuple[Span, ...]
    skipped: tuple[tuple[Span, str], ...]  # boilerplate span, rule id
    title: str


def paragraphs(text: str) -> Iterator[Span]:
    """Non-blank lines, stripped, as spans. News text carries one paragraph a line."""
    for match in re.finditer(r"[^\n]+", text):
        line = parser_view(match.group())  # no-break spaces count as space here too
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield Span(match.start() + lead, match.start() + lead + len(stripped))


def segment(text: str, rules: TextRules) -> Segmented:
    """Skip boilerplate paragraphs, split the rest into sentences."""
    view = parser_view(text)
    sentences: list[Span] = []
    skipped: list[tuple[Span, str]] = []
    title = ""
    rest_from: str | None = None  # the rule id once a "rest" rule fired
    for para in paragraphs(text):
        para_view = view[para.start:para.end]
        if rest_from is not None:
            skipped.append((para, rest_from))
            continue
        hit = rules.boilerplate_match(para_view)
        if hit is not None:
            skipped.append((para, hit.id))
            if hit.scope == "rest":
                rest_from = hit.id
            continue
        if not sentences and _looks_like_title(para_view):
            title = text[para.start:para.end]  # only the first kept paragraph can be the title
        sentences.extend(split_sentences(view, para, rules.abbreviations))
    return Segmented(tuple(sentences), tuple(skipped), title)


def _looks_like_title(line: str) -> bool:
    return len(line) <= 200 and not line.rstrip('"\'').endswith((".", "?", "!"))


# A sentence ends at . ! or ? (plus closing quotes/brackets), before whitespace
# and an upper-case letter, digit or opening quote/bracket, or a name spelt
# with a lower-case first letter ("eHow", "iPhone").
_BOUNDARY = re.compile(r"""[.!?]+['")\]]*(?=\s+['"(\[]?(?:[A-Z0-9]|[a-z][A-Z]))""")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


def split_sentences(view: str, para: Span, abbreviations: frozenset[str]) -> list[Span]:
    """Sentence spans inside one paragraph of the parser view."""
    text = view[para.start:para.end]
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _ends_in_abbreviation(text[start:match.start() + 1], abbreviations):
            continue
        spans.append(Span(start, match.end()))
        start = _skip_space(text, match.end())
    if start < len(text):
        spans.append(Span(start, len(text)))
    out: list[Span] = []
    for span in spans:
        out.extend(_cap_length(text, span))
    return [Span(para.start + s.start, para.start + s.end) for s in out if s.end > s.start]


def _ends_in_abbreviation(chunk: str, abbreviations: frozenset[str]) -> bool:
    match = _TOKEN_BEFORE.search(chunk)
    if not match:
        return False
    token = match.group(1).lstrip("(\"'[")
    if not token.endswith("."):
        return False
    word = token[:-1]
    if re.fullmatch(r"[A-Z]", word):  # an initial: "Donald J. Trump"
        return True
    return word in abbreviations or word.lower() in abbreviations


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _cap_length(text: str, span: Span) -> Iterator[Span]:
    """Break an over-long span at whitespace so no piece exceeds MAX_SENTENCE_CHARS."""
    start = span.start
    while span.end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        yield Span(start, cut)
        start = _skip_space(text, cut)
    if span.end > start:
        yield Span(start, span.end)
