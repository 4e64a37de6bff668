#!/usr/bin/env python
"""Regenerate tests/golden/ from the bundled articles. Only on purpose:

    python scripts/update_golden.py && git diff tests/golden/

then read every changed row before committing; the golden files are the
reviewed statement of what the tool should find (tests/test_golden.py).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.parsing import make_parser  # noqa: E402
from attribution.run.engines import SerialEngine  # noqa: E402
from attribution.rules import load_rules  # noqa: E402
from attribution.run.runner import run  # noqa: E402

ARTICLES = ROOT / "tests" / "data" / "articles"
GOLDEN = ROOT / "tests" / "golden"


def main() -> None:
    engine = SerialEngine(make_parser("bundled"), load_rules())
    report = run([str(ARTICLES)], engine, GOLDEN / "attributions.csv", GOLDEN / "articles.csv")
    print(f"{report.articles} articles, {report.attributions} attributions -> {GOLDEN}")


if __name__ == "__main__":
    main()
