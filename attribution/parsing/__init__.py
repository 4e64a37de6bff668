"""The parse layer: a Parser protocol and its implementations.

A parser turns a batch of sentence strings into UD words whose offsets are
relative to each sentence string. Stanza types stay inside this module.

- StanzaParser: the real pipeline, loaded once, offline.
- ConlluParser: parses looked up from CoNLL-U (tests, hand-made fixtures).
- CachedParser: wraps any parser with an on-disk CoNLL-U cache keyed by the
  sentences' text and the model id, so re-runs with new rules parse nothing.
"""
from __future__ import annotations

import gc
import hashlib
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, Sequence

from .conllu import read_sentences, write_sentences
from ..document import ParsedDoc, Sentence, Word
from ..files import atomic_write_text
from .models import HELP, PROCESSORS, RESOURCES_JSON, ModelError, ModelSet
from ..text import Article, Segmented, parser_view


class Parser(Protocol):
    model_id: str

    def parse(self, sentences: Sequence[str]) -> list[list[Word]]:
        """One word list per sentence, offsets relative to that sentence."""
        ...


def parse_many(parser: Parser, batches: Sequence[Sequence[str]]) -> list[list[list[Word]]]:
    """One parse per batch of sentences (per article), in a single call where
    the parser can batch (StanzaParser, CachedParser): one Stanza call over
    several articles parses about 15% more words a second than one each."""
    many = getattr(parser, "parse_many", None)
    if many is not None:
        return many(batches)
    return [parser.parse(batch) if batch else [] for batch in batches]


def sentence_texts(article: Article, segmented: Segmented) -> list[str]:
    """The sentence strings the parser gets (in parser view: see text.parser_view)."""
    view = parser_view(article.text)
    return [view[s.start:s.end] for s in segmented.sentences]


def place_document(article: Article, segmented: Segmented, parsed: Sequence[Sequence[Word]],
                   model_id: str) -> ParsedDoc:
    """Put the parsed words of each sentence at their offsets in the article text."""
    sentences = []
    for span, words in zip(segmented.sentences, parsed):
        placed = tuple(_place(w, span.start, article.text) for w in words)
        sentences.append(Sentence(placed, span.start, span.end, article.text[span.start:span.end]))
    return ParsedDoc(article.article_id, article.text, tuple(sentences), model_id,
                     dict(article.metadata))


def _place(word: Word, offset: int, text: str) -> Word:
    start, end = word.start_char + offset, word.end_char + offset
    # The surface form comes from the original text (curly quotes and all),
    # except for the parts of a multi-word token, which have forms of their own.
    original = text[start:end]
    if original == word.text:
        surface = original
    else:
        surface = original if parser_view(original) == parser_view(word.text) else word.text
    return Word(word.id, surface, word.lemma, word.upos, word.xpos, word.feats, word.head,
                word.deprel, start, end)


# --------------------------------------------------------------------- Stanza

class StanzaParser:
    """Stanza's tokenize, mwt, pos, lemma and depparse, with our sentence split.

    Sentences are joined with blank lines and ``tokenize_no_ssplit`` keeps
    Stanza from re-splitting them (its EWT splitter breaks "The Washington |
    Post"). Loading never downloads: ``download_method=None`` and explicit paths.
    """

    def __init__(self, models: ModelSet, threads: int | None = None):
        self.models = models
        self.model_id = models.model_id
        self.threads = threads
        self._pipeline = None
        self._load_error: ModelError | None = None

    def pipeline(self):
        """The Stanza pipeline, loaded on first use: a run served wholly from
        the parse cache never pays for importing torch and loading weights."""
        if self._pipeline is None:
            if self._load_error is not None:  # fail fast for every later article
                raise self._load_error
            if self.threads:
                import torch
                torch.set_num_threads(self.threads)
            try:
                self._pipeline = _load_pipeline(self.models)
            except ModelError as err:
                self._load_error = err
                raise
            # The loaded models are some 340,000 tracked Python objects (vocabularies,
            # the lemma dictionary) that live as long as the process. Moved out of the
            # garbage collector's generations, they are no longer rescanned by the
            # collections every parse triggers: in a parse of EWT test the time inside
            # the collector fell from 1.9-2.4 s to 0.9-1.1 s (BENCHMARKS.md). The
            # freeze takes in whatever else the process holds at that moment too;
            # those objects are still freed by reference counting, only one that
            # dies inside a reference cycle stays in memory.
            gc.freeze()
        return self._pipeline

    def parse(self, sentences: Sequence[str]) -> list[list[Word]]:
        if not sentences:
            return []
        joined, starts = _join(sentences)
        pipeline = self.pipeline()
        with _fewer_collections():
            doc = pipeline(joined)
        out: list[list[Word]] = [[] for _ in sentences]
        for sent in doc.sentences:
            first = sent.tokens[0].start_char
            index = _locate(starts, first)
            base = starts[index]
            out[index].extend(_words(sent, base, len(out[index]), sentences[index]))
        return out

    def parse_many(self, batches: Sequence[Sequence[str]]) -> list[list[list[Word]]]:
        parsed = self.parse([s for batch in batches for s in batch])
        out, first = [], 0
        for batch in batches:
            out.append(parsed[first:first + len(batch)])
            first += len(batch)
        return out


@contextmanager
def _fewer_collections(young_limit: int = 20_000):
    """Let the youngest GC generation grow to ``young_limit`` objects (Python's
    default: 700) while Stanza parses. A parse allocates millions of short-lived
    containers; every 700 of them set off a collection of the young, every tenth
    of those a collection of the middle generation, and so on up to full ones.
    Fewer young collections mean fewer of the costly older ones: in a one-thread
    parse of EWT test the time inside the collector fell from 1.3-2.1 s to
    0.25-0.3 s (BENCHMARKS.md). The old thresholds come back afterwards."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], young_limit), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _join(sentences: Sequence[str]) -> tuple[str, list[int]]:
    starts, parts, pos = [], [], 0
    for s in sentences:
        clean = s.replace("\n", " ")
        starts.append(pos)
        parts.append(clean)
        pos += len(clean) + 2
    return "\n\n".join(parts), starts


def _locate(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _words(sent, base: int, id_offset: int, text: str) -> list[Word]:
    """Stanza words -> our Words; multi-word tokens share out their token's span."""
    words = []
    for token in sent.tokens:
        start, end = token.start_char - base, token.end_char - base
        if token.text == "<UNK>":  # Stanza's stand-in for a very long token (a URL)
            token.text = text[start:end]
            for w in token.words:
                w.text = token.text
        pieces = _split_token(token.text, [w.text for w in token.words], start)
        for w, (ws, we) in zip(token.words, pieces):
            head = w.head + id_offset if w.head else 0
            words.append(Word(w.id + id_offset, w.text, w.lemma or w.text, w.upos or "", w.xpos or "",
                              w.feats or "", head, w.deprel or "", ws, we))
    return words


def _split_token(token_text: str, forms: list[str], start: int) -> list[tuple[int, int]]:
    if len(forms) == 1:
        return [(start, start + len(token_text))]
    spans, cursor = [], 0
    for form in forms:
        found = token_text.find(form, cursor)
        if found < 0:  # "wo" + "n't" in "won't": give each the whole token
            return [(start, start + len(token_text))] * len(forms)
        spans.append((start + found, start + found + len(form)))
        cursor = found + len(form)
    return spans


def model_paths(models: ModelSet, processors=PROCESSORS) -> dict[str, str | None]:
    """Stanza Pipeline options naming each model file and the word vectors."""
    paths: dict[str, str | None] = {f"{proc}_model_path": str(path)
                                    for proc, path in models.paths.items() if proc in processors}
    # None, not absent: an absent pretrain path makes Stanza look one up in its resources.
    vectors = str(models.pretrain) if models.pretrain else None
    paths.update(pos_pretrain_path=vectors, depparse_pretrain_path=vectors)
    return paths


def _load_pipeline(models: ModelSet, **overrides):
    """A Stanza pipeline that never downloads; ``overrides`` change Pipeline options."""
    try:
        import stanza
    except ImportError as err:  # pragma: no cover - stanza is a dependency
        raise ModelError(f"stanza is not installed: {err}") from None
    from .speedups import decoding, lemmatizing, scoring, tagging
    decoding.install()     # the same trees, decoded faster
    scoring.install()      # the same arc and label scores, with fewer copies
    lemmatizing.install()  # the same lemmas and mwt words, one product done faster
    tagging.install()      # the same tag strings, built once each
    common = dict(lang="en", processors="tokenize,mwt,pos,lemma,depparse",
                  tokenize_no_ssplit=True, download_method=None, use_gpu=False,
                  logging_level="ERROR")
    common.update(overrides)
    try:
        if models.kind == "stanza":
            return stanza.Pipeline(dir=str(models.location), **common)
        # Stanza wants a resources.json even with explicit paths; ours lists only English.
        return stanza.Pipeline(dir=str(models.location), resources_filepath=str(RESOURCES_JSON),
                               **model_paths(models), **common)
    except ModelError:
        raise
    except Exception as err:  # stanza raises many kinds; the user needs one line
        raise ModelError(f"could not load {models.kind} models from {models.location}: "
                         f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}; {HELP}") from None


# ---------------------------------------------------------------------- CoNLL-U

class ConlluParser:
    """Serves parses from CoNLL-U text, matched by sentence text (view form)."""

    def __init__(self, conllu: str, model_id: str = "conllu"):
        self.model_id = model_id
        self._by_text = {parser_view(text): words for text, words in read_sentences(conllu)}

    def parse(self, sentences: Sequence[str]) -> list[list[Word]]:
        out = []
        for s in sentences:
            words = self._by_text.get(parser_view(s))
            if words is None:
                raise KeyError(f"no CoNLL-U parse for sentence: {s!r}")
            out.append(list(words))
        return out


# ------------------------------------------------------------------------- cache

class CachedParser:
    """Parse cache on disk: one CoNLL-U file per batch of sentences.

    Key: sha256 of the model id and the sentence texts, so the same article
    parsed with other models, or split differently, is a different entry.
    Files are written to a temporary name and renamed, so concurrent workers
    and interrupted runs never leave a half-written entry.
    """

    def __init__(self, inner: Parser, directory: Path | str):
        self.inner = inner
        self.model_id = inner.model_id
        self.directory = Path(directory)
        self.hits = self.misses = 0

    def key(self, sentences: Sequence[str]) -> str:
        digest = hashlib.sha256(self.model_id.encode())
        for s in sentences:
            digest.update(b"\x00" + s.encode("utf-8"))
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.conllu"

    def parse(self, sentences: Sequence[str]) -> list[list[Word]]:
        return self.parse_many([sentences])[0]

    def parse_many(self, batches: Sequence[Sequence[str]]) -> list[list[list[Word]]]:
        """Each batch is its own cache entry; the misses go to the inner parser in one call."""
        out: list[list[list[Word]] | None] = [None] * len(batches)
        missing = []
        for i, batch in enumerate(batches):
            cached = self._lookup(batch) if batch else []  # nothing to parse, nothing to keep
            if cached is None:
                missing.append(i)
            else:
                out[i] = cached
                self.hits += bool(batch)
        self.misses += len(missing)
        if missing:
            for i, parsed in zip(missing, parse_many(self.inner, [batches[i] for i in missing])):
                batch = batches[i]
                atomic_write_text(self.path(self.key(batch)), write_sentences(zip(batch, parsed)))
                out[i] = parsed
        return out  # type: ignore[return-value]

    def _lookup(self, sentences: Sequence[str]) -> list[list[Word]] | None:
        path = self.path(self.key(sentences))
        if not path.is_file():
            return None
        try:
            cached = [words for _, words in read_sentences(path.read_text(encoding="utf-8"))]
        except (ValueError, OSError):  # a damaged entry is re-parsed and rewritten
            return None
        return cached if len(cached) == len(sentences) else None


def make_parser(models: str | None = None, cache: str | Path | None = None, threads: int | None = None) -> Parser:
    """The Stanza parser for ``models`` ("bundled", "stanza" or a directory), cached if asked."""
    from .models import resolve

    parser = StanzaParser(resolve(models), threads=threads)
    return CachedParser(parser, cache) if cache else parser
