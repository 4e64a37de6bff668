"""One article through every stage: segment, parse, find, classify, to rows."""
from __future__ import annotations

from dataclasses import dataclass

from . import repairs
from .classify import classify
from .cues import find_cues
from .document import ParsedDoc
from .parsing import Parser, parse_many, place_document, sentence_texts
from .records import Classified
from .rules import RuleSet
from .sources import build_attributions
from .text import Article, segment


@dataclass(frozen=True)
class ArticleResult:
    doc: ParsedDoc
    title: str
    attributions: list[Classified]
    rows: list[dict]


def analyze_article(article: Article, parser: Parser, rules: RuleSet) -> ArticleResult:
    doc, title = parse_articles([article], parser, rules)[0]
    return analyze_parsed(doc, title, rules)


def parse_articles(articles: list[Article], parser: Parser, rules: RuleSet) -> list[tuple[ParsedDoc, str]]:
    """Segment and parse several articles in one parser call: (document, title) each."""
    segmented = [segment(a.text, rules.text) for a in articles]
    parsed = parse_many(parser, [sentence_texts(a, s) for a, s in zip(articles, segmented)])
    return [(place_document(a, s, p, parser.model_id), s.title)
            for a, s, p in zip(articles, segmented, parsed)]


def analyze_parsed(doc: ParsedDoc, title: str, rules: RuleSet) -> ArticleResult:
    with repairs.applying(rules.disabled_repairs):
        found = build_attributions(doc, find_cues(doc, rules), rules.lexicons)
        classified = classify(doc, found, rules)
    title = doc.metadata.get("title") or title
    return ArticleResult(doc, title, classified, [to_row(doc, c, title) for c in classified])


def to_row(doc: ParsedDoc, c: Classified, title: str) -> dict:
    a = c.attribution
    text = doc.text
    meta = doc.metadata

    def cut(span):
        return (text[span[0]:span[1]], span[0], span[1]) if span else ("", "", "")

    cue, cue_start, cue_end = cut(a.cue)
    source, source_start, source_end = cut(a.source)
    content, content_start, content_end = cut(a.content)
    return {
        "article_id": doc.article_id,
        "attribution_id": f"{doc.article_id}:{a.n}",
        "sentence": doc.sentences[a.sentence_index].text,
        "cue": cue, "cue_lemma": a.cue_lemma, "cue_start": cue_start, "cue_end": cue_end,
        "source": source, "source_start": source_start, "source_end": source_end,
        "source_resolved": c.source_resolved,
        "source_type": c.source_type, "sourcing": c.sourcing,
        "secondhand": "true" if c.secondhand else "false",
        "via": cut(c.via)[0],
        "parent_id": f"{doc.article_id}:{a.parent}" if a.parent else "",
        "content": content, "content_start": content_start, "content_end": content_end,
        "quote": a.quote,
        "strength": f"{c.strength:.2f}", "strength_label": c.strength_label,
        "rule": ";".join(r for r in c.rule_ids if r),
        "depth": a.depth, "strength_reasons": c.reasons,
        "title": title, "outlet": meta.get("outlet", ""), "url": meta.get("url", ""),
        "date": meta.get("date", ""),
    }
