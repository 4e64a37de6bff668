"""attribution: who is quoted, named, anonymous or relayed in news articles.

From Python::

    import attribution
    rows, articles = attribution.analyze(["examples/"])   # two pandas DataFrames
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

__version__ = "0.1.0"


def analyze(inputs: Iterable[str | Path], models: str | None = None, rules: str | Path | None = None,
            cache: str | Path | None = None, parser=None):
    """Analyse files, directories or JSONL; return (attributions, articles) DataFrames.

    ``parser`` may be any object with the Parser protocol (attribution.parsing);
    by default the Stanza pipeline with ``models`` (bundled unless told).
    Inputs that cannot be read are skipped; see ``attribution.run.runner`` for a
    run that also reports them.
    """
    import pandas as pd

    from .parsing import CachedParser, make_parser
    from .run.engines import Outcome, SerialEngine
    from .rules import load_rules
    from .summary import ARTICLE_COLUMNS, attributions_frame
    from .text import Article, read_inputs

    if isinstance(inputs, (str, Path)):
        inputs = [inputs]  # one path, not the characters of one
    rule_set = load_rules(rules)
    if parser is None:
        parser = make_parser(models, cache)
    elif cache:
        parser = CachedParser(parser, cache)
    rows, summaries = [], []
    articles = (item for item in read_inputs(str(i) for i in inputs) if isinstance(item, Article))
    for outcome in SerialEngine(parser, rule_set).map(articles):
        assert isinstance(outcome, Outcome)
        rows.extend(outcome.rows)
        if not outcome.error:
            summaries.append(outcome.summary)
    return attributions_frame(rows), pd.DataFrame(summaries, columns=ARTICLE_COLUMNS)

