from __future__ import annotations

from pathlib import Path

import pytest

from attribution.rules import load_rules

DATA = Path(__file__).parent / "data"
ARTICLES = DATA / "articles"


@pytest.fixture(scope="session")
def rules():
    return load_rules()
