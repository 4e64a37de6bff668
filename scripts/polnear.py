"""Convert one split of PolNeAR into the analyser's input and gold formats.

PolNeAR (Newell, Margolin & Ruths, "An attribution relations corpus for
political news", LREC 2018; https://github.com/networkdynamics/PolNeAR) is
1,008 articles from 7 US news publishers covering the 2016 presidential
election, annotated for attribution in BRAT standoff: ``Source``, ``Cue`` and
``Content`` text spans tied together by one event per attribution
(``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``; the trigger of an
attribution without a source is typed ``Attribution-no-source``).

Layout read here, from a bare git clone of the repository::

    data/<split>/text/<doc_id>.txt                    the article
    data/<split>/attributions/<doc_id>_<annotator>.ann its annotation

A few articles were annotated by several annotators (agreement checks); the
first annotator id in sorted order is used, so the output is deterministic.

LICENCE CAVEAT: PolNeAR has no data licence. Never commit its texts or
annotations, or anything derived from them that reproduces text, to this
repository; convert into a scratch directory outside it.

HELD-OUT TEST SPLIT: only ``train`` and ``dev`` can be converted. ``test`` is
refused before anything is listed or read, and paths are filtered by split in
the ``git ls-tree`` call itself, so no test file is ever touched.

Usage::

    python scripts/polnear.py --git-dir /path/to/PolNeAR.git --split dev \\
        --out /work/scratch/polnear/dev

writes ``texts/<doc_id>.txt`` (the article bytes unchanged), ``articles.jsonl``
(``attribution analyze`` input: id, text, outlet) and ``gold.jsonl`` (the
``attribution evaluate`` gold format, docs/evaluation.md). Offsets are
code-point offsets into ``texts/<doc_id>.txt``, end exclusive; every BRAT span
is checked against the text it claims to cover.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "dev")
HELD_OUT = "test"
PUBLISHERS = {  # file-name prefix -> publisher, from the corpus README
    "huff-post": "Huffington Post",
    "breitbart": "Breitbart",
    "nyt": "New York Times",
    "politico": "Politico",
    "wash-post": "Washington Post",
    "west-journal": "Western Journalism",
    "usa-today": "USA Today",
}
TRIGGERS = ("Attribution", "Attribution-no-source")

Span = tuple[int, int]
_TEXT_BOUND = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
_EVENT = re.compile(r"(E\d+)\t(.*)")
_ANN_ID = re.compile(r"[TERAMN#*]\d*\t")


@dataclass
class TextBound:
    kind: str
    fragments: list[Span]
    text: str  # the span text as BRAT stored it (fragments joined by a space)


# ---------------------------------------------------------------- reading git

def git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args],
                          check=True, capture_output=True).stdout


def list_split(git_dir: Path, rev: str, split: str) -> list[str]:
    """File paths of one split; git filters by path, so no other split is listed."""
    out = git(git_dir, "ls-tree", "-r", "--name-only", rev, "--", f"data/{split}/")
    return [p for p in out.decode("utf-8").splitlines() if p.startswith(f"data/{split}/")]


def documents(paths: list[str], split: str) -> dict[str, tuple[str, str]]:
    """doc_id -> (text path, chosen annotation path)."""
    texts = {Path(p).stem: p for p in paths if p.startswith(f"data/{split}/text/") and p.endswith(".txt")}
    annotations: dict[str, list[str]] = {}
    for p in sorted(paths):
        if p.startswith(f"data/{split}/attributions/") and p.endswith(".ann"):
            doc_id = Path(p).stem.rsplit("_", 1)[0]
            annotations.setdefault(doc_id, []).append(p)
    missing = sorted(set(texts) ^ set(annotations))
    if missing:
        raise SystemExit(f"polnear.py: error: text without annotation or vice versa: {missing[0]}")
    return {doc_id: (texts[doc_id], annotations[doc_id][0]) for doc_id in sorted(texts)}


# ------------------------------------------------------------- parsing BRAT

def parse_ann(ann: str) -> tuple[dict[str, TextBound], dict[str, dict[str, list[str]]]]:
    """Text-bound annotations by id, and events as id -> {role: [T ids]}.

    A span text holding newlines continues on the next lines of the file
    (blank ones included); those lines are joined back to it. Roles lose their BRAT counters
    (``Content2`` -> ``Content``).
    """
    spans: dict[str, TextBound] = {}
    events: dict[str, dict[str, list[str]]] = {}
    last: TextBound | None = None
    for line in ann.rstrip("\n").split("\n"):
        if m := _TEXT_BOUND.fullmatch(line):
            fragments = [tuple(map(int, f.split())) for f in m[3].split(";")]
            last = spans[m[1]] = TextBound(m[2], fragments, m[4])
        elif m := _EVENT.fullmatch(line.rstrip()):
            roles: dict[str, list[str]] = {}
            for arg in m[2].split():
                role, _, target = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(target)
            events[m[1]] = roles
            last = None
        elif _ANN_ID.match(line):
            last = None  # notes, attributes, relations: not needed
        elif last is not None:
            last.text += "\n" + line
    return spans, events


def check_span(text: str, span: TextBound, where: str) -> None:
    covered = " ".join(text[s:e] for s, e in span.fragments)
    if covered != span.text:
        raise SystemExit(f"polnear.py: error: {where}: offsets cover {covered[:60]!r}, "
                         f"annotation says {span.text[:60]!r}")


def hull(fragments: list[Span]) -> list[int] | None:
    return [min(s for s, _ in fragments), max(e for _, e in fragments)] if fragments else None


# --------------------------------------------------------------- converting

def role_fragments(roles: dict[str, list[str]], role: str, spans: dict[str, TextBound]) -> list[Span]:
    return sorted(f for tid in roles.get(role, []) for f in spans[tid].fragments)


def gold_attribution(event_id: str, roles: dict[str, list[str]], spans: dict[str, TextBound],
                     text: str) -> dict | None:
    """One gold attribution, or None for an event with neither source nor content."""
    trigger = [tid for kind in TRIGGERS for tid in roles.get(kind, [])]
    cue_frags = role_fragments(roles, "Cue", spans) or [f for t in trigger for f in spans[t].fragments]
    source_frags = role_fragments(roles, "Source", spans)
    content_frags = role_fragments(roles, "Content", spans)
    if not source_frags and not content_frags:
        return None
    cue, source = hull(cue_frags), hull(source_frags)
    return {
        "id": event_id,
        "cue": cue,
        "cue_clause": hull(cue_frags + source_frags),
        "cue_text": text[cue[0]:cue[1]] if cue else None,
        "cue_lemma": None,
        "source": source,
        "source_fragments": [list(f) for f in source_frags],
        "source_text": text[source[0]:source[1]] if source else None,
        "content": hull(content_frags),
        "content_fragments": [list(f) for f in content_frags],
        "implicit_source": any(kind == "Attribution-no-source" for kind in roles),
        "named": None,
    }


def convert_document(doc_id: str, text: str, ann: str, annotator: str, split: str) -> tuple[dict, int]:
    """The gold record of one document, and how many empty events were skipped."""
    spans, events = parse_ann(ann)
    for tid, span in spans.items():
        check_span(text, span, f"{doc_id} {tid}")
    attributions, skipped = [], 0
    for event_id in sorted(events, key=lambda e: int(e[1:])):
        record = gold_attribution(event_id, events[event_id], spans, text)
        if record is None:
            skipped += 1
        else:
            attributions.append(record)
    attributions.sort(key=lambda a: (a["cue"] or a["cue_clause"] or [0])[0])
    gold = {"doc_id": doc_id, "genre": "news", "split": split, "outlet": outlet(doc_id),
            "annotator": annotator, "attributions": attributions}
    return gold, skipped


def outlet(doc_id: str) -> str | None:
    return PUBLISHERS.get(doc_id.split("_", 1)[0])


def read_text(git_dir: Path, rev: str, path: str) -> bytes:
    data = git(git_dir, "show", f"{rev}:{path}")
    if data.startswith(b"\xef\xbb\xbf"):
        # `attribution` drops a BOM from .txt files but not from JSONL: offsets would disagree.
        raise SystemExit(f"polnear.py: error: {path} starts with a BOM; offsets would be ambiguous")
    return data


def convert(git_dir: Path, rev: str, split: str, out: Path) -> dict[str, int]:
    docs = documents(list_split(git_dir, rev, split), split)
    (out / "texts").mkdir(parents=True, exist_ok=True)
    totals = {"documents": 0, "attributions": 0, "without_source": 0, "skipped_empty_events": 0}
    with open(out / "articles.jsonl", "w", encoding="utf-8") as articles, \
         open(out / "gold.jsonl", "w", encoding="utf-8") as gold_file:
        for doc_id, (text_path, ann_path) in docs.items():
            data = read_text(git_dir, rev, text_path)
            text = data.decode("utf-8")
            (out / "texts" / f"{doc_id}.txt").write_bytes(data)
            annotator = Path(ann_path).stem.rsplit("_", 1)[1]
            gold, skipped = convert_document(doc_id, text, git(git_dir, "show", f"{rev}:{ann_path}")
                                             .decode("utf-8"), annotator, split)
            articles.write(json.dumps({"id": doc_id, "text": text, "outlet": outlet(doc_id)},
                                      ensure_ascii=False) + "\n")
            gold_file.write(json.dumps(gold, ensure_ascii=False) + "\n")
            totals["documents"] += 1
            totals["attributions"] += len(gold["attributions"])
            totals["without_source"] += sum(a["source"] is None for a in gold["attributions"])
            totals["skipped_empty_events"] += skipped
    return totals


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--git-dir", type=Path, required=True, help="bare git clone of networkdynamics/PolNeAR")
    parser.add_argument("--rev", default="HEAD", help="commit to read (default HEAD)")
    parser.add_argument("--split", required=True, help="train or dev (test is held out)")
    parser.add_argument("--out", type=Path, required=True, help="output directory, outside the repository")
    args = parser.parse_args(argv)
    if args.split == HELD_OUT:
        sys.exit("polnear.py: error: the test split is held out and is never converted; use train or dev")
    if args.split not in SPLITS:
        sys.exit(f"polnear.py: error: --split must be one of {', '.join(SPLITS)}")
    totals = convert(args.git_dir, args.rev, args.split, args.out)
    print(f"{args.split}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in totals.items())
          + f" -> {args.out}")


if __name__ == "__main__":
    main()
