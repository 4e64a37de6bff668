"""The HTML report, rendered by headless Chromium: highlighted spans match the CSV rows."""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from .conftest import ARTICLES, needs_models

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [needs_models, pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it)")]


class Spans(HTMLParser):
    """Collect the text inside every element that has data-role."""

    def __init__(self):
        super().__init__()
        self.open: list[dict | None] = []
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        entry = {"role": attrs["data-role"], "ids": attrs["data-ids"].split(), "start": int(attrs["data-start"]),
                 "end": int(attrs["data-end"]), "text": ""} if "data-role" in attrs else None
        self.open.append(entry)
        if entry:
            self.found.append(entry)

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()

    def handle_data(self, data):
        for entry in self.open:
            if entry:
                entry["text"] += data


def test_report_renders_and_matches_rows(cli, tmp_path):
    out, summary, page = tmp_path / "a.csv", tmp_path / "articles.csv", tmp_path / "report.html"
    assert cli("analyze", ARTICLES, "--out", out, "--summary", summary).exit_code == 0
    result = cli("report", out, ARTICLES, "--summary", summary, "--html", page)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    # self-contained: nothing fetched at view time (XML namespace names are not fetched)
    assert not re.search(r"""(src|href)\s*=\s*["']https?:|<link\b|<script\b|@import|url\(\s*["']?https?:""", html)

    profile = tmp_path / "profile"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1300,2400",
                    f"--screenshot={tmp_path / 'report.png'}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000

    spans = Spans()
    spans.feed(dom)
    rows = {r["attribution_id"]: r for r in csv.DictReader(open(out, encoding="utf-8"))}
    drawn = set()
    for span in spans.found:
        for attribution_id in span["ids"]:
            row = rows[attribution_id]
            assert span["text"] == row[span["role"]], (attribution_id, span)
            assert (span["start"], span["end"]) == (int(row[f"{span['role']}_start"]), int(row[f"{span['role']}_end"]))
            drawn.add((attribution_id, span["role"]))
    expected = {(i, "cue") for i in rows} | {(i, "source") for i, r in rows.items() if r["source"]}
    assert drawn == expected
