from __future__ import annotations

import os
from pathlib import Path

import pytest

from attribution.rules import load_rules

DATA = Path(__file__).parent / "data"
ARTICLES = DATA / "articles"


@pytest.fixture(scope="session")
def rules():
    return load_rules()


def bundled_models_present() -> bool:
    from attribution.parsing.models import ModelError, resolve
    try:
        resolve("bundled")
    except ModelError:
        return False
    return True


# Outside CI a checkout without built models skips these; in CI they must run.
needs_models = pytest.mark.skipif(not bundled_models_present() and os.environ.get("CI") != "true",
                                  reason="bundled Stanza models not built (scripts/train_models.py)")


@pytest.fixture(scope="session")
def stanza_parser():
    """The real Stanza pipeline with the bundled models, loaded once per test session."""
    from attribution.parsing import make_parser
    return make_parser("bundled", threads=2)


@pytest.fixture
def cli(monkeypatch, stanza_parser):
    """Typer CliRunner whose `analyze`/`explain` reuse the session's Stanza parser."""
    from typer.testing import CliRunner

    import attribution
    from attribution.cli import app
    from attribution.parsing import CachedParser

    def make_parser(models=None, cache=None, threads=None):
        return CachedParser(stanza_parser, cache) if cache else stanza_parser

    monkeypatch.setattr(attribution.parsing, "make_parser", make_parser)
    runner = CliRunner()

    def invoke(*args, **kw):
        args = [str(a) for a in args]
        if args and args[0] == "analyze" and "--workers" not in args:
            args += ["--workers", "1"]  # in-process, so the session's parser is reused
        return runner.invoke(app, args, **kw)
    return invoke
