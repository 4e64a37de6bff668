"""Reading inputs, boilerplate and sentence splitting: no model needed."""
from __future__ import annotations

import gzip
import io
import json

from attribution.text import (MAX_SENTENCE_CHARS, Article, InputProblem, parser_view,
                              read_inputs, segment)

from .conftest import ARTICLES


def sentences_of(text, rules):
    return [text[s.start:s.end] for s in segment(text, rules.text).sentences]


def test_parser_view_keeps_length_and_plainness():
    text = "Putin\u00a0said \u201cready\u201d \u2014 it\u2019s true"
    view = parser_view(text)
    assert len(view) == len(text)
    assert view == 'Putin said "ready" - it\'s true'


def test_sentence_split_keeps_outlet_names_and_abbreviations(rules):
    text = ("U.S. President-elect Donald J. Trump spoke, The Washington Post reported. "
            "Mr. Smith said it was 5 p.m. in Washington. \u201cWe are ready,\u201d he said.")
    assert sentences_of(text, rules) == [
        "U.S. President-elect Donald J. Trump spoke, The Washington Post reported.",
        "Mr. Smith said it was 5 p.m. in Washington.",
        "\u201cWe are ready,\u201d he said.",
    ]


def test_a_sentence_may_open_with_a_name_spelt_in_lower_case(rules):
    text = "I used to run a site called eHow. eHow was the largest. it was not. iPhones sold."
    assert sentences_of(text, rules) == [
        "I used to run a site called eHow.", "eHow was the largest. it was not.", "iPhones sold."]


def test_offsets_slice_the_original_text_with_nbsp(rules):
    text = "Headline\n\nThe Wall Street Journal\u00a0reported\u00a0last week that talks stalled.  Next one here."
    seg = segment(text, rules.text)
    got = [text[s.start:s.end] for s in seg.sentences]
    assert got == ["Headline", "The Wall Street Journal\u00a0reported\u00a0last week that talks stalled.",
                   "Next one here."]
    assert seg.title == "Headline"


def test_boilerplate_is_skipped_and_rest_scope_skips_the_tail(rules):
    text = ("Support The Moscow Times!\n\nReal news, officials said.\n\nSEE ALSO: Other story, Says Kyiv\n\n"
            "A Message from The Moscow Times:\n\nThe authorities claim our work is bad.\n")
    seg = segment(text, rules.text)
    assert sentences_of(text, rules) == ["Real news, officials said."]
    assert [rule for _, rule in seg.skipped] == ["BP002", "BP004", "BP001", "BP001"]


def test_bundled_articles_lose_their_boilerplate(rules):
    text = (ARTICLES / "moscowtimes-trump-putin-call.txt").read_text(encoding="utf-8")
    kept = " ".join(sentences_of(text, rules))
    assert "The authorities claim" not in kept
    assert "newsletter" not in kept
    assert "Kremlin.ru" not in kept
    assert "The Washington Post reported Sunday" in kept


def test_over_long_sentence_is_capped(rules):
    text = " ".join(["word"] * 2000)
    spans = segment(text, rules.text).sentences
    assert len(spans) > 1
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    assert text[spans[0].start:spans[-1].end].count("word") == 2000


def collect(inputs, stdin=None):
    items = list(read_inputs([str(i) for i in inputs], stdin=stdin))
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputProblem)])


def test_reads_files_directories_jsonl_and_stdin(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "sub" / "a.txt").write_text("Alpha said so.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Beta said so.", encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": "Gamma said so.", "outlet": "Planet", "date": "2024-01-01"}),
             "{not json", json.dumps({"id": "j2"}), ""]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with gzip.open(tmp_path / "e.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "g1", "text": "Delta said so."}) + "\n")
    articles, problems = collect([tmp_path / "d", tmp_path / "b.txt", tmp_path / "c.jsonl",
                                  tmp_path / "e.jsonl.gz", "-"], stdin=io.BytesIO(b"Stdin said so."))
    assert [a.article_id for a in articles] == ["a", "b", "j1", "g1", "stdin"]
    assert articles[2].metadata == {"outlet": "Planet", "date": "2024-01-01"}
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'c.jsonl'}:2: malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{tmp_path / 'c.jsonl'}:3: missing 'text' (a string)",
    ]


def test_bad_inputs_are_problems_not_exceptions(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owner said so.".encode("latin-1"))
    (tmp_path / "nodir").mkdir()
    articles, problems = collect([tmp_path / "missing.txt", tmp_path / "nodir", tmp_path / "empty.txt",
                                  tmp_path / "binary.txt", tmp_path / "latin1.txt"])
    messages = [p.message for p in problems]
    assert messages[0] == "no such file or directory"
    assert messages[1] == "directory holds no .txt or .jsonl files"
    assert messages[2] == "empty article; skipped"
    assert messages[3] == "looks binary (NUL bytes); skipped"
    assert messages[4].startswith("not valid UTF-8 (first bad byte at 3)")
    assert [p.fatal for p in problems] == [True, True, True, True, False]
    assert [a.text for a in articles] == ["Caf\ufffd owner said so."]


def test_duplicate_ids_are_reported(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "same.txt").write_text("One said.", encoding="utf-8")
    (tmp_path / "y" / "same.txt").write_text("Two said.", encoding="utf-8")
    articles, problems = collect([tmp_path / "x", tmp_path / "y"])
    assert len(articles) == 1
    assert "duplicate article id 'same'" in problems[0].message
