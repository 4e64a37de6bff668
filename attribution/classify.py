"""Classify attributions: source type, named/anonymous, secondhand, strength.

Everything a reader may want to change lives in rules/ (sources.yaml,
strength.yaml, lexicons.yaml); this module computes the facts those rules
test, applies them in order, and records which rule ids fired and why.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from . import repairs
from .document import ParsedDoc, Sentence, Word
from .records import Attribution, Classified, Span
from .rules import CACHE_LIMIT, RuleSet, SourceCondition
from .syntax import longest_run_containing

_MODIFIER_RELS = {"amod", "acl", "nmod", "compound", "appos", "obl"}
_NAME_RELS = {"flat", "compound", "flat:name"}
_ROLE_NAME_RELS = {"flat", "compound", "appos", "nmod"}


# ------------------------------------------------------------------ source facts

@dataclass(frozen=True)
class SourceFacts:
    """What the source-type rules test about one source span."""

    head: Word | None
    name: str                 # the proper-name run holding the head ("" if none)
    has_modifier: bool
    resolved: str             # a pronoun's antecedent name ("" if none)
    identified: bool = True   # points at one known thing (see _identified)


# Relations of a word that stands for a noun phrase ("The Independent reported")
_NOMINAL_RELS = {"nsubj", "obj", "iobj", "obl", "nmod"}


def is_proper(sentence: Sentence, word: Word) -> bool:
    """PROPN, or a capitalised noun inside a sentence that is not in title case.

    The tagger sometimes calls "Post" or "Trump" a NOUN, or "The Independent"
    an adjective standing for a noun; capitalisation away from the sentence
    start says otherwise. Headlines capitalise every word,
    so there the tag alone decides.
    """
    if word.upos == "PROPN":
        # "Analysts said ...": a capitalised first word the tagger took for a
        # name, though the lemmatizer gave it a common lemma
        return not (word.id == 1 and word.lemma[:1].islower())
    if _acronym(sentence, word):
        return True
    nominal = word.upos in {"NOUN", "X"} or (word.upos == "ADJ" and word.base_deprel in _NOMINAL_RELS)
    if not nominal or not word.text[:1].isupper() or word.id == 1:
        return False
    previous = sentence.word(word.id - 1)
    if previous.upos == "PUNCT" and previous.text in {'"', "“", "‘", "'", ":"}:
        return False  # a quotation or heading starts here
    return not _title_case(sentence)


def _acronym(sentence: Sentence, word: Word) -> bool:
    """"WHO", "NATO" in running text: a name, even when tagged as the pronoun
    "who" or a common noun. Not in a sentence written in capitals."""
    text = word.text
    if word.upos not in {"PRON", "NOUN", "X"} or len(text) < 2 or not (text.isalpha() and text.isupper()):
        return False
    letters = [ch for w in sentence.words for ch in w.text if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) < len(letters) / 2


def _capitalised_modifier(sentence: Sentence, word: Word, head: Word) -> bool:
    """"Washington" tagged ADJ in "The Washington Post": part of the name."""
    return word.upos == "ADJ" and word.head == head.id and word.text[:1].isupper() and word.id > 1


def _title_case(sentence: Sentence) -> bool:
    common = [w for w in sentence.words if w.upos in {"NOUN", "VERB", "ADJ", "ADV"}]
    capitalised = sum(w.text[:1].isupper() for w in common)
    if len(common) >= 2:
        return capitalised / len(common) > 0.6
    # a headline the tagger called proper nouns throughout: nearly every word capitalised
    alphabetic = [w for w in sentence.words if w.text[:1].isalpha()]
    return len(alphabetic) >= 4 and sum(w.text[:1].isupper() for w in alphabetic) / len(alphabetic) >= 0.75


def name_run(sentence: Sentence, head: Word) -> list[Word]:
    """The contiguous proper-name words around the head ("Donald Trump", "Washington Post")."""
    if not is_proper(sentence, head):
        return []
    if _title_case(sentence):  # a headline: "Trump Told Putin" is two names, not one
        return [head]
    first = last = head.id
    while first > 1 and (is_proper(sentence, sentence.word(first - 1))
                         or _capitalised_modifier(sentence, sentence.word(first - 1), head)):
        first -= 1
    # a name word after the head hangs inside the name: on the head or on any
    # word of the run so far ("Trump ally Bryan Lanza", both names on "ally")
    while last < len(sentence.words) and is_proper(sentence, sentence.word(last + 1)) \
            and first <= sentence.word(last + 1).head <= last:
        last += 1
    if first < last and _hyphenated_tail(sentence, sentence.word(first)):
        first += 1  # "President-elect Donald Trump" names Donald Trump
    return [sentence.word(i) for i in range(first, last + 1)]


def _hyphenated_tail(sentence: Sentence, word: Word) -> bool:
    """"elect" in "President-elect": a lower-case word joined by a hyphen to
    the word before it, which a tagger may call a name with the rest."""
    if word.id == 1 or not word.text[:1].islower():
        return False
    hyphen = sentence.word(word.id - 1)
    return hyphen.text in {"-", "‐", "‑", "–"} and hyphen.end_char == word.start_char


def _name_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


class DocumentContext:
    """Per-document facts: name mentions for pronoun resolution and aliases."""

    def __init__(self, doc: ParsedDoc, rules: RuleSet):
        self.doc = doc
        self.rules = rules

    @cached_property
    def mentions(self) -> list[tuple[int, int, str, bool, str]]:
        """(sentence, word id, name, is_subject, type) of every proper-name head."""
        with repairs.unrecorded():  # the document's, not any one attribution's
            return self._mentions()

    def _mentions(self) -> list[tuple[int, int, str, bool, str]]:
        out = []
        for i, sentence in enumerate(self.doc.sentences):
            for w in sentence.words:
                if not is_proper(sentence, w):
                    continue
                phrase_head = w  # the word whose relation says what the name does
                if w.deprel in _NAME_RELS:  # inside a longer name, or a name after its role
                    role = sentence.head_of(w)
                    if role is None or _name_after_role(sentence, role)[:1] != [w]:
                        continue
                    phrase_head = role
                run = name_run(sentence, w)
                facts = SourceFacts(w, _name_text(run), False, "")
                kind = source_type(facts, self.rules)[0]
                out.append((i, w.id, facts.name, phrase_head.base_deprel == "nsubj", kind))
        return out

    def resolve_pronoun(self, sentence_index: int, word: Word) -> str:
        """The most plausible earlier named person for he/she: the nearest
        person that is a subject, else the nearest person at all, looking back
        at most three sentences."""
        earlier = [m for m in self.mentions
                   if m[4] == "named_person" and sentence_index - 3 <= m[0] <= sentence_index
                   and (m[0], m[1]) < (sentence_index, word.id)]
        for want_subject in (True, False):
            for m in reversed(earlier):
                if m[3] or not want_subject:
                    return self.full_name(m[2])
        return ""

    def known_name(self, word: Word) -> list[Word]:
        """A capitalised word the tagger did not call a name ("Wilkins said" at a
        sentence start, where capitals prove nothing) that the document names
        elsewhere ("Kristen Wilkins")."""
        if word.upos not in {"NOUN", "X"} or not word.text[:1].isupper():
            return []
        return [word] if (word.text.lower(),) in self._longest_by_tail else []

    def full_name(self, name: str) -> str:
        """The longest name in the document ending with this one ("Trump" -> "Donald Trump")."""
        longest = self._longest_by_tail.get(tuple(name.lower().split()))
        return longest if longest and len(longest.split()) > len(name.split()) else name

    @cached_property
    def _longest_by_tail(self) -> dict[tuple[str, ...], str]:
        """Every tail of every mentioned name -> the longest name ending so (the first, on a tie)."""
        longest: dict[tuple[str, ...], str] = {}
        for _, _, other, _, _ in self.mentions:
            words = other.lower().split()
            for k in range(1, len(words) + 1):
                tail = tuple(words[-k:])
                if tail not in longest or len(words) > len(longest[tail].split()):
                    longest[tail] = other
        return longest


def source_facts(ctx: DocumentContext, a: Attribution) -> SourceFacts:
    head = a.source_head
    if head is None:
        return SourceFacts(None, "", False, "")
    sentence = ctx.doc.sentences[a.sentence_index]
    in_phrase = {w.id for w in sentence.subtree(head)}
    described = any(d.base_deprel in _MODIFIER_RELS and d.upos != "PUNCT"
                    for d in sentence.dependents(head)) \
        or any(w.id not in in_phrase for w in a.source_words)  # a basis phrase the span took in
    run = name_run(sentence, head) or ctx.known_name(head)
    if not run:
        run = _name_after_role(sentence, head)
        if run:  # the name, not its role, is what the type rules judge
            head = next((w for w in run if w.head not in {r.id for r in run}), run[0])
    if not run:
        run = _organisation_named_before(sentence, head, ctx.rules.lexicons["organisations_named_by_modifier"])
    resolved = ""
    if head.upos == "PRON" and head.lemma.lower() in ctx.rules.lexicons["personal_pronouns"]:
        resolved = ctx.resolve_pronoun(a.sentence_index, head)
    # "the Planet" after "The Daily Planet" is typed as the full name.
    return SourceFacts(head, ctx.full_name(_name_text(run)) if run else "", described, resolved,
                       bool(run) or _identified(sentence, head))


_DEFINITE = {"the", "this", "that", "these", "those"}
_OWNER_CASES = {"by", "from", "of"}


def _identified(sentence: Sentence, head: Word) -> bool:
    """Does the phrase point at one known thing? "the report", "its statement",
    "a Pentagon report", "a statement from the ministry" do; "reports",
    "a study", "estimates", "posts on a message board" do not."""
    for d in sentence.dependents(head):
        if d.base_deprel == "det" and d.lemma.lower() in _DEFINITE:
            return True
        if d.deprel == "nmod:poss" or (d.base_deprel == "compound" and is_proper(sentence, d)):
            return True
        if d.base_deprel == "nmod" and any(c.base_deprel == "case" and c.lemma.lower() in _OWNER_CASES
                                           for c in sentence.dependents(d)):
            return True
    return False


def _name_after_role(sentence: Sentence, head: Word) -> list[Word]:
    """The name a role noun introduces: "spokesperson Julie Hahn", "the coach,
    Alireza Mehraban". UD makes the name the head; parsers often make the role
    the head with the name hanging from it (flat, appos, compound), which
    would read as an unnamed "spokesperson".

    Only a name right after the role counts, with at most a comma, the
    role's own "of" phrase ("Minister of Education Stefania Giannini") or a
    second role joined to it ("academic and professor Marc Lamont Hill", with
    the name parsed as a third conjunct) between, so "officials at the
    Pentagon" stays unnamed.
    """
    if head.upos != "NOUN" and not _hyphenated_tail(sentence, head):
        return []  # "elect" of "President-elect" introduces a name, whatever its tag
    role_phrase = {w.id for d in sentence.dependents(head)
                   if _is_of_phrase(sentence, d) or (d.base_deprel == "conj" and d.upos == "NOUN")
                   for w in sentence.subtree(d)}
    for d in sentence.dependents(head):
        if d.id <= head.id or not is_proper(sentence, d):
            continue
        if d.base_deprel not in _ROLE_NAME_RELS and not _conjunct_without_and(sentence, d):
            continue
        if _has_case_marker(sentence, d):
            continue  # "of Education", "for Smith": a phrase about the role, not its holder
        name_start = min(w.id for w in sentence.subtree(d))
        between = sentence.words[head.id:name_start - 1]
        if all((w.upos == "PUNCT" and w.text == ",") or w.id in role_phrase for w in between):
            return [w for w in name_run(sentence, d) if w.id >= name_start]
    return _apposition_hung_elsewhere(sentence, head) or _name_set_off_before(sentence, head)


def _has_case_marker(sentence: Sentence, word: Word) -> bool:
    return any(c.deprel == "case" for c in sentence.dependents(word))


def _name_set_off_before(sentence: Sentence, head: Word) -> list[Word]:
    """"Emeritus Professor John Burrows, the chairman of the panel, said" with
    the name hung on "chairman": a name the role hangs on itself, set off by
    a comma right before the role's own words, is the role's holder."""
    role_start = min(w.id for w in sentence.subtree(head) if w.id >= head.id
                     or w.head == head.id and w.base_deprel in ("det", "amod"))
    for d in sentence.dependents(head):
        if d.id >= head.id or d.base_deprel not in _ROLE_NAME_RELS or not is_proper(sentence, d):
            continue
        if _has_case_marker(sentence, d):
            continue
        name_end = max(w.id for w in sentence.subtree(d))
        if name_end + 2 == role_start and sentence.word(name_end + 1).text == ",":
            return name_run(sentence, d)
    return []


def _apposition_hung_elsewhere(sentence: Sentence, head: Word) -> list[Word]:
    """"in the words of the Crown prosecutor, Mark Tedeschi, ..." with the name
    an apposition of "words", or the subject of the next clause: a name set
    off by a comma right after the role's phrase is still the role's name
    when the parser made it an apposition of another word, or when a comma
    closes it as well."""
    end = longest_run_containing(sentence.subtree(head), head)[-1].id
    if end + 2 > len(sentence.words) or sentence.word(end + 1).text != ",":
        return []
    name = sentence.word(end + 2)
    if not is_proper(sentence, name):
        return []
    run = name_run(sentence, name)
    after = max(w.id for w in run) + 1 if run else 0
    closed = 0 < after <= len(sentence.words) and sentence.word(after).text == ","
    return run if name.base_deprel == "appos" or closed else []


def _conjunct_without_and(sentence: Sentence, word: Word) -> bool:
    """A conjunct with no "and"/"or" of its own: the parser's way of hanging a
    name on the roles before it, not a second person ("the minister and Smith")."""
    return word.base_deprel == "conj" and not any(d.base_deprel == "cc" for d in sentence.dependents(word))


def _organisation_named_before(sentence: Sentence, head: Word, nouns: frozenset[str]) -> list[Word]:
    """"Yonhap news agency", "the Trump administration": an organisation noun
    with a proper name compounded before it is that organisation's name, from
    the name to the noun. Not "a Pentagon office" (one of several) nor a plural
    ("Kremlin agencies")."""
    if head.upos != "NOUN" or head.lemma.lower() not in nouns or "Number=Plur" in head.feats:
        return []
    dependents = sentence.dependents(head)
    if any(d.base_deprel == "det" and d.lemma.lower() in {"a", "an"} for d in dependents):
        return []
    for d in dependents:
        if d.base_deprel == "compound" and d.id < head.id and is_proper(sentence, d):
            start = min(w.id for w in name_run(sentence, d))
            return [sentence.word(i) for i in range(start, head.id + 1)]
    return []


def _is_of_phrase(sentence: Sentence, word: Word) -> bool:
    return word.base_deprel == "nmod" and any(
        c.deprel == "case" and c.lemma.lower() == "of" for c in sentence.dependents(word))


def source_type(facts: SourceFacts, rules: RuleSet) -> tuple[str, str, str]:
    """(type, rule id, sourcing) from the first rule in sources.yaml whose conditions hold."""
    # Everything _holds reads, so equal keys give equal answers; every proper
    # name of every article is typed, mostly names seen before.
    head = facts.head
    key = (None if head is None else (head.upos, head.lemma.lower()), facts.name,
           facts.has_modifier, bool(facts.resolved), facts.identified)
    cache = rules.source_type_cache
    found = cache.get(key)
    if found is None:
        found = next(((rule.type, rule.id, rule.sourcing or rules.sources.sourcing[rule.type])
                      for rule in rules.sources.source_types if _holds(rule.when, facts, rules)),
                     ("anonymous_vague", "", rules.sources.sourcing["anonymous_vague"]))
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[key] = found
    return found


def _holds(when: SourceCondition, f: SourceFacts, rules: RuleSet) -> bool:
    if when.missing is not None and when.missing != (f.head is None):
        return False
    if f.head is None:
        return when.missing is True
    checks = []
    if when.head_upos is not None:
        checks.append(f.head.upos in when.head_upos)
    if when.head_lemma is not None:
        checks.append(f.head.lemma.lower() in rules.words(when.head_lemma))
    if when.has_proper_name is not None:
        checks.append(bool(f.name) == when.has_proper_name)
    if when.name_matches is not None:
        checks.append(_name_matches(f.name, rules.words(when.name_matches)))
    if when.name_has_word is not None:
        checks.append(any(w in rules.words(when.name_has_word) for w in f.name.lower().split()))
    if when.has_modifier is not None:
        checks.append(f.has_modifier == when.has_modifier)
    if when.resolved is not None:
        checks.append(bool(f.resolved) == when.resolved)
    if when.identified is not None:
        checks.append(f.identified == when.identified)
    return all(checks)


def _name_matches(name: str, entries: frozenset[str]) -> bool:
    """The whole name, or its tail after a space, is an entry ("the Kremlin" ~ "kremlin")."""
    lowered = name.lower()
    if not lowered:
        return False
    tails = [lowered] + [lowered[i + 1:] for i, ch in enumerate(lowered) if ch == " "]
    return any(tail in entries for tail in tails)


# ------------------------------------------------------------------ classification

def classify(doc: ParsedDoc, attributions: list[Attribution], rules: RuleSet) -> list[Classified]:
    ctx = DocumentContext(doc, rules)
    by_n: dict[int, Classified] = {}
    own_outlet = _words_of(doc.metadata.get("outlet", ""))
    ctx.mentions  # noqa: B018  (computed before any attribution's repairs are recorded)
    for a in sorted(attributions, key=lambda x: x.depth):  # parents before children
        with repairs.recording() as fired:
            by_n[a.n] = _classified(ctx, a, by_n, own_outlet, rules)
        if fired:
            c = by_n[a.n]
            extra = tuple(r for r in fired if r not in a.repairs)
            by_n[a.n] = replace(c, rule_ids=c.rule_ids + extra)
    return [by_n[a.n] for a in attributions]


def _classified(ctx: DocumentContext, a: Attribution, by_n: dict[int, Classified],
                own_outlet: tuple[str, ...], rules: RuleSet) -> Classified:
    """One attribution's type, sourcing, secondhand flag and strength."""
    doc = ctx.doc
    facts = source_facts(ctx, a)
    kind, type_rule, sourcing = source_type(facts, rules)
    via = _via(ctx, a, rules)
    parent = by_n.get(a.parent) if a.parent else None
    name = facts.name or facts.resolved
    self_report = _is_own_outlet(own_outlet, [name, ctx.full_name(_text(doc, via)) if via else ""])
    secondhand = not self_report and (kind in rules.sources.secondhand_types or via is not None
                                      or bool(parent and parent.secondhand))
    score, label, fired, reasons = strength(doc, a, kind, secondhand, rules, facts.identified)
    resolved = ctx.full_name(name) if name else _text(doc, a.source)
    return Classified(a, kind, sourcing, secondhand, via, resolved,
                      score, label, (a.pattern_id, type_rule, *fired, *a.repairs), reasons)


def _words_of(name: str) -> tuple[str, ...]:
    words = name.lower().split()
    return tuple(words[1:] if words[:1] == ["the"] else words)


def _is_own_outlet(own: tuple[str, ...], names: list[str]) -> bool:
    """"Washington Post" / "the Post" against the article's own outlet
    "The Washington Post": whole words, the name a tail of the outlet's name."""
    if not own:
        return False
    for name in names:
        words = _words_of(name)
        if words and own[-len(words):] == words:
            return True
    return False


def _via(ctx: DocumentContext, a: Attribution, rules: RuleSet) -> Span | None:
    """The first relaying noun phrase that is a news outlet."""
    sentence = ctx.doc.sentences[a.sentence_index]
    for span, head in a.via_candidates:
        run = name_run(sentence, head)
        facts = SourceFacts(head, ctx.full_name(_name_text(run)) if run else "", False, "")
        if source_type(facts, rules)[0] == "news_outlet":
            return span
    return None


def _text(doc: ParsedDoc, span: Span | None) -> str:
    return doc.text[span[0]:span[1]] if span else ""



# ------------------------------------------------------------------ strength

def strength_features(doc: ParsedDoc, a: Attribution, secondhand: bool,
                      rules: RuleSet, identified: bool = True) -> dict[str, bool]:
    sentence = doc.sentences[a.sentence_index]
    stance = rules.cue_stance.get(a.cue_word.lemma.lower(), "neutral")
    source_text = " " + _text(doc, a.source).lower() + " "
    sentence_text = " " + sentence.text.lower() + " "
    lex = rules.lexicons
    content_words = [w for w in sentence.words
                     if a.content and a.content[0] <= w.start_char < a.content[1]]
    hedged = any(w.lemma.lower() in lex["hedges"] or w.text.lower() in lex["hedges"]
                 for w in content_words + list(sentence.dependents(a.cue_word)) if w.upos != "PUNCT")
    plural = bool(a.source_head and a.source_head.feat("Number") == "Plur"
                  and a.source_head.upos == "NOUN")
    return {
        "secondhand": secondhand,
        "nested": a.depth >= 1,
        "depth_beyond_1": a.depth >= 2,
        "distancing_cue": stance == "distancing",
        "endorsing_cue": stance == "endorsing",
        "cognitive_cue": stance == "cognitive",
        "multiple_sources": plural or any(f" {m} " in source_text for m in lex["multiple_words"]),
        "stated_basis": any(p in source_text for p in lex["basis_phrases"]),
        "anonymity_reason": any(p in sentence_text for p in lex["anonymity_reasons"]),
        "hedged_content": hedged,
        "direct_quote": a.quote == "direct",
        "unidentified": not identified,
    }


def strength(doc: ParsedDoc, a: Attribution, kind: str, secondhand: bool,
             rules: RuleSet, identified: bool = True) -> tuple[float, str, tuple[str, ...], str]:
    """(score, label, modifier ids that fired, the arithmetic as text)."""
    table = rules.strength
    features = strength_features(doc, a, secondhand, rules, identified)
    score = table.base[kind]
    parts = [f"{kind} {score:.2f}"]
    fired = []
    for m in table.modifiers:
        if features[m.when] and (m.applies_to is None or kind in m.applies_to):
            score += m.weight
            fired.append(m.id)
            parts.append(f"{m.id} {m.when} {m.weight:+.2f}")
    score = round(min(1.0, max(0.0, score)), 2)
    label = ("strong" if score >= table.labels.strong
             else "moderate" if score >= table.labels.moderate else "weak")
    return score, label, tuple(fired), " ".join(parts) + f" = {score:.2f} {label}"
