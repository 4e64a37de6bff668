"""The CLI in-process on real files, with the real Stanza pipeline."""
from __future__ import annotations

import csv
import json
import shutil


from attribution.records import ATTRIBUTION_COLUMNS
from attribution.records import ARTICLE_COLUMNS

from .conftest import ARTICLES, needs_models

pytestmark = needs_models


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_analyze_writes_both_tables(cli, tmp_path):
    out, summary = tmp_path / "a.csv", tmp_path / "s.csv"
    result = cli("analyze", ARTICLES, "--out", out, "--summary", summary)
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert list(rows[0]) == ATTRIBUTION_COLUMNS
    articles = read_csv(summary)
    assert list(articles[0]) == ARTICLE_COLUMNS
    assert {a["article_id"] for a in articles} == {"moscowtimes-trump-putin-call", "rferl-trump-putin-call"}
    for a in articles:
        mine = [r for r in rows if r["article_id"] == a["article_id"]]
        assert int(a["n_attributions"]) == len(mine)
        assert int(a["n_named"]) + int(a["n_anonymous"]) + int(a["n_unattributed"]) == len(mine)
    assert "None" not in out.read_text(encoding="utf-8")
    assert not (tmp_path / "a.errors.txt").exists()


def test_offsets_slice_the_text_as_read(cli, tmp_path):
    out = tmp_path / "a.csv"
    assert cli("analyze", ARTICLES, "--out", out, "--summary", tmp_path / "s.csv").exit_code == 0
    texts = {p.stem: p.read_text(encoding="utf-8") for p in ARTICLES.glob("*.txt")}
    for row in read_csv(out):
        text = texts[row["article_id"]]
        for field in ("cue", "source", "content"):
            if row[f"{field}_start"]:
                assert text[int(row[f"{field}_start"]):int(row[f"{field}_end"])] == row[field]


def test_bad_inputs_fail_alone_and_are_listed(cli, tmp_path):
    good = tmp_path / "good.txt"
    shutil.copy(ARTICLES / "rferl-trump-putin-call.txt", good)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\x00\x00\x00")
    (tmp_path / "latin.txt").write_bytes("The caf\xe9 owner said prices rose.".encode("latin-1"))
    (tmp_path / "nothing").mkdir()
    (tmp_path / "j.jsonl").write_text(json.dumps({"id": "j1", "text": "Officials said the talks failed.",
                                                  "outlet": "Planet"}) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out" / "a.csv"
    result = cli("analyze", good, tmp_path / "missing.txt", tmp_path / "empty.txt", tmp_path / "bin.txt",
                 tmp_path / "latin.txt", tmp_path / "nothing", tmp_path / "j.jsonl", "--out", out,
                 "--summary", tmp_path / "out" / "s.csv")
    assert result.exit_code == 1
    errors = (tmp_path / "out" / "a.errors.txt").read_text(encoding="utf-8").splitlines()
    assert len([e for e in errors if not e.startswith("warning:")]) == 5
    assert any("j.jsonl:2: malformed JSON" in e for e in errors)
    assert any(e.startswith("warning:") and "latin.txt" in e for e in errors)
    ids = {r["article_id"] for r in read_csv(tmp_path / "out" / "s.csv")}
    assert ids == {"good", "latin", "j1"}
    j1 = [r for r in read_csv(out) if r["article_id"] == "j1"]
    assert j1 and j1[0]["outlet"] == "Planet"


def test_stdin_and_large_article(cli, tmp_path):
    paragraph = ("The ministry said on Monday that prices rose. " * 20 + "\n\n")
    big = tmp_path / "big.txt"
    big.write_text(paragraph * 8, encoding="utf-8")
    out = tmp_path / "a.csv"
    result = cli("analyze", "-", big, "--out", out, "--summary", tmp_path / "s.csv",
                 input="Officials said the talks had failed.\n")
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert {r["article_id"] for r in rows} == {"stdin", "big"}
    assert sum(r["article_id"] == "big" for r in rows) == 160


def test_usage_errors_exit_2(cli, tmp_path):
    assert cli("analyze").exit_code == 2
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "strength.yaml").write_text("base: {named_person: high}\n", encoding="utf-8")
    result = cli("analyze", ARTICLES, "--rules", bad, "--out", tmp_path / "a.csv")
    assert result.exit_code == 2
    assert "strength.yaml: base.named_person: expected a number" in result.output
    assert not (tmp_path / "a.csv").exists()


def test_failed_run_leaves_previous_output_intact(cli, tmp_path, monkeypatch):
    out = tmp_path / "a.csv"
    out.write_text("previous complete output\n", encoding="utf-8")
    import attribution.run.engines as engines

    def explode(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(engines, "outcomes_for", explode)
    result = cli("analyze", ARTICLES, "--out", out, "--summary", tmp_path / "s.csv")
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == "previous complete output\n"
    # no temporary or partial tables; only the resume journal is left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.csv.journal.jsonl"]


def test_changed_weight_changes_the_csv(cli, tmp_path):
    cache = tmp_path / "cache"
    base_out, tuned_out = tmp_path / "base.csv", tmp_path / "tuned.csv"
    assert cli("analyze", ARTICLES, "--cache", cache, "--out", base_out, "--summary", tmp_path / "s1.csv").exit_code == 0
    tuned = tmp_path / "rules"
    tuned.mkdir()
    (tuned / "strength.yaml").write_text("base: {news_outlet: 0.9}\n", encoding="utf-8")
    assert cli("analyze", ARTICLES, "--cache", cache, "--rules", tuned, "--out", tuned_out,
               "--summary", tmp_path / "s2.csv").exit_code == 0
    before, after = read_csv(base_out), read_csv(tuned_out)
    assert len(before) == len(after)
    outlets = [(b, a) for b, a in zip(before, after) if b["source_type"] == "news_outlet"]
    assert outlets, "the bundled articles cite outlets"
    for b, a in outlets:
        assert (b["strength"], a["strength"]) == ("0.60", "0.90")
    others = [(b, a) for b, a in zip(before, after) if b["source_type"] != "news_outlet"]
    assert all(b["strength"] == a["strength"] for b, a in others)


def test_rules_list_and_explain(cli):
    listed = cli("rules", "list")
    assert listed.exit_code == 0 and "AT003\tpattern" in listed.output
    result = cli("explain", "Two officials familiar with the talks told Reuters that the deal had collapsed.")
    assert result.exit_code == 0, result.output
    assert "anonymous_described (anonymous), secondhand true via 'Reuters'" in result.output
    assert "content  'that the deal had collapsed' [indirect]" in result.output
    assert ("strength anonymous_described 0.50 SM001 secondhand -0.15 SM006 multiple_sources +0.10 "
            "SM007 stated_basis +0.10 = 0.55 moderate") in result.output


def test_models_lists_the_bundled_set_in_use(cli):
    result = cli("models")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("* bundled") and "attribution-en_ewt-" in first
    assert "EWT test, gold tokens: UPOS" in result.output and "LAS" in result.output
