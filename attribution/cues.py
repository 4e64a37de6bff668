"""Find reporting cues by matching the dependency patterns of rules/patterns.yaml.

Each match names the cue word, the extra words of the cue span, and the head
word of the source (or none: "it was reported"). Spans, content and nesting
are worked out in sources.py.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from . import repairs
from .document import ParsedDoc, Sentence, Word
from .records import CueMatch
from .rules import NodeSpec, Pattern, RelSpec, RuleSet
from .syntax import NAME_PART_RELS, participle_lead, set_off_participle


def find_cues(doc: ParsedDoc, rules: RuleSet) -> list[CueMatch]:
    """All pattern matches in document order; one per (cue word, source head)."""
    matches: list[CueMatch] = []
    for index, sentence in enumerate(doc.sentences):
        seen: set[tuple[int, int]] = set()
        found: list[CueMatch] = []
        for word in sentence.words:
            for pattern in rules.patterns_for(word.lemma.lower()):
                with repairs.recording() as fired:
                    found_here = list(_match(pattern, sentence, word, index, rules))
                for match in (replace(m, repairs=tuple(fired)) for m in found_here):
                    key = (match.cue.id, match.source_head.id if match.source_head else 0)
                    if key not in seen:
                        seen.add(key)
                        found.append(match)
        sourced = {m.cue.id for m in found if m.source_head is not None and not m.fallback}
        # A cue with a source found by one pattern is not also "unattributed" by
        # another, nor given a second source by a fallback repair.
        matches.extend(m for m in found if m.cue.id not in sourced
                       or (m.source_head is not None and not m.fallback))
    return matches


def _match(pattern: Pattern, sentence: Sentence, word: Word, index: int,
           rules: RuleSet) -> Iterator[CueMatch]:
    if not node_matches(word, pattern.cue, rules, sentence):
        return
    if any(related(sentence, word, spec, rules) for spec in pattern.absent):
        return
    if not all(related(sentence, word, spec, rules) for spec in pattern.present):
        return
    parts = [w for spec in pattern.cue_parts for w in related(sentence, word, spec, rules)[:1]]
    parts += [w for part in list(parts) for w in sentence.dependents(part)
              if w.deprel == "mark" and w.lemma.lower() == "as"]  # "quoted *as* saying"
    parts += [w for w in sentence.dependents(word) if w.deprel == "fixed"]
    cue_words = tuple(sorted({w.id: w for w in [word, *parts]}.values(), key=lambda w: w.id))
    if pattern.source is None:
        yield _cue_match(pattern, sentence, index, word, cue_words, None)
        return
    # A clause the parser gave two subjects ("'We are ready,' said Smith" with
    # "We" hung on "said") keeps the one nearest the cue, unless that is the
    # apposition of a name before it (_apposition_of_name).
    candidates = sorted(related(sentence, word, pattern.source, rules), key=lambda w: abs(w.id - word.id))
    candidates = [w for w in candidates if complement_of_misplaced_subject(sentence, word, w) is None]
    for head in candidates[:1]:
        yield _cue_match(pattern, sentence, index, word, cue_words,
                         _apposition_of_name(sentence, head, candidates) or head)


def _cue_match(pattern: Pattern, sentence: Sentence, index: int, cue: Word,
               cue_words: tuple[Word, ...], source_head: Word | None) -> CueMatch:
    controller = pattern.source is not None and pattern.source.rel == "controller" and source_head is not None
    clause = sentence.head_of(cue) if controller else None
    return CueMatch(pattern.id, pattern.nest, pattern.fallback, index, cue, cue_words, source_head,
                    content_from="source" if pattern.source is not None and pattern.source.rel == "head" else "cue",
                    relay_words=(cue,) + ((clause,) if clause is not None else ()),
                    relay_via_source_clause=controller)


def complement_of_misplaced_subject(sentence: Sentence, cue: Word, subject: Word) -> Word | None:
    """The complement clause whose subject the parser hung on the cue, or
    None. "Professor Burrows also said kits would be sent ..." with "kits" a
    second subject of "said": a subject after the cue, when the cue has one
    before it too, that stands right before a complement clause of the cue
    with no subject of its own is that clause's subject."""
    if subject.id < cue.id or subject.base_deprel != "nsubj" or subject.head != cue.id \
            or not any(s.id < cue.id for s in sentence.subjects(cue)):
        return None
    after = sentence.subtree(subject)[-1].id + 1
    for clause in sentence.dependents(cue):
        first = sentence.subtree(clause)[0]
        # punctuation between: a comma closes an interjected report ("Recipients, said Mauer, are")
        if clause.base_deprel == "ccomp" and first.id == after and first.upos != "PUNCT" \
                and not sentence.subjects(clause):
            return clause
    return None


def _apposition_of_name(sentence: Sentence, nearest: Word, candidates: list[Word]) -> Word | None:
    """"Steve Whitmore, a representative for the office, told ...", parsed
    with both "Whitmore" and "representative" as subjects: the subject is the
    name; the common noun after its comma describes it. Returns the name."""
    if nearest.upos not in {"NOUN", "PROPN"}:  # "Hernan Dario Gomez, Panama coach, said"
        return None
    start = min(w.id for w in sentence.subtree(nearest) if w.upos != "PUNCT")  # the comma may hang on it
    if start < 3 or sentence.word(start - 1).text != ",":
        return None
    before = sentence.word(start - 2)
    for other in candidates:
        if other.upos == "PROPN" and other.id < start and (other.id == before.id or before.head == other.id):
            return other
    return None


def node_matches(word: Word, spec: NodeSpec, rules: RuleSet, sentence: Sentence) -> bool:
    lemmas = rules.words(spec.lemma)
    if lemmas is not None and word.lemma.lower() not in lemmas:
        return False
    not_lemmas = rules.words(spec.not_lemma)
    if not_lemmas is not None and word.lemma.lower() in not_lemmas:
        return False
    texts = rules.words(spec.text)
    if texts is not None and word.text.lower() not in texts:
        return False
    if spec.upos is not None and word.upos not in spec.upos:
        return False
    if spec.deprel is not None and not _deprel_in(word.deprel, spec.deprel):
        return False
    if spec.not_deprel is not None and _deprel_in(word.deprel, spec.not_deprel):
        return False
    if spec.feats and any(word.feat(k) != v for k, v in spec.feats.items()):
        return False
    if spec.not_feats and any(word.feat(k) == v for k, v in spec.not_feats.items()):
        return False
    cases = rules.words(spec.case)
    if cases is not None and not any(d.deprel == "case" and d.lemma.lower() in cases
                                     for d in sentence.dependents(word)):
        return False
    not_marks = rules.words(spec.not_mark)
    if not_marks is not None and any(d.base_deprel == "mark" and d.lemma.lower() in not_marks
                                     for d in sentence.dependents(word)):
        return False
    before = rules.words(spec.right_after)
    if before is not None:
        first = min(w.id for w in sentence.subtree(word))
        if first < 2 or sentence.word(first - 1).lemma.lower() not in before:
            return False
    return True


def _deprel_in(deprel: str, wanted: list[str]) -> bool:
    """``nsubj`` in the list matches every ``nsubj:*``; ``nsubj:pass`` only itself."""
    return deprel in wanted or deprel.split(":", 1)[0] in wanted


def related(sentence: Sentence, cue: Word, spec: RelSpec, rules: RuleSet) -> list[Word]:
    """Words reached from the cue by ``spec.rel`` that satisfy the spec."""
    if spec.rel == "child":
        candidates = list(sentence.dependents(cue))
    elif spec.rel == "head":
        head = sentence.head_of(cue)
        candidates = [head] if head else []
    elif spec.rel == "sibling":
        head = sentence.head_of(cue)
        candidates = [w for w in sentence.dependents(head) if w.id != cue.id] if head else []
    elif spec.rel == "displaced_subject":
        candidates = displaced_subjects(sentence, cue)
    elif spec.rel == "preceding_name":
        candidates = preceding_name(sentence, cue)
    elif spec.rel == "participle_subject":
        candidates = participle_subjects(sentence, cue)
    elif spec.rel == "trailing_subject":
        candidates = trailing_subject(sentence, cue)
    elif spec.rel == "following_name":
        candidates = following_name(sentence, cue)
    elif spec.rel == "preceding_word":
        candidates = [sentence.word(cue.id - 1)] if cue.id > 1 else []
    else:
        candidates = [] if _passive_by_sharing(sentence, cue, rules.lexicons["recipient_verbs"]) \
            else controller_subjects(sentence, cue, rules.lexicons["speech_verbs"])
    if spec.side is not None:
        candidates = [w for w in candidates if (w.id < cue.id) == (spec.side == "before")]
    return [w for w in candidates if node_matches(w, spec, rules, sentence)]


_COMPLEMENT_RELS = {"ccomp", "parataxis"}


def preceding_name(sentence: Sentence, cue: Word) -> list[Word]:
    """The top of the name phrase that ends right before the cue: in "Home
    Secretary Suella Braverman told GB News" parsed with "Secretary" as a
    conjunct of "Wednesday", or "As coauthor Colette Heald told ..." with
    "coauthor" an oblique, the phrase's top word ("Secretary", "coauthor").
    An apposition set off by commas may stand between: "Khaled Al-Maeena,
    editor at large at the Saudi Gazette, said", "Tom Molomby, SC, said"."""
    if cue.id < 2:
        return []
    word = sentence.word(cue.id - 1)
    if word.text == ",":
        word = _before_apposition(sentence, word)
    if word is None or word.upos != "PROPN":
        return []
    while word.base_deprel in NAME_PART_RELS:  # up through the name to what it names
        head = sentence.head_of(word)
        if head is None or head.id >= cue.id or head.upos not in {"PROPN", "NOUN"}:
            break
        word = head
    if any(w.id == cue.id for w in sentence.subtree(word)):
        return []
    return [word]


def following_name(sentence: Sentence, cue: Word) -> list[Word]:
    """The top of the name that starts right after the cue and ends the
    sentence, however the parser attached it: the signature of a source
    line, '"Report found on street" — Toronto Star, August 15, 2008', with
    "Star" hung on "street". Not a phrase inside a sentence ('"Imagine" -
    Lennon's best-known work - was played'; '"a giveaway" - Democrats say')."""
    words = sentence.words[cue.id:]  # the words after the cue (ids are 1-based)
    if any(w.upos in ("VERB", "AUX") or w.deprel == "nmod:poss" for w in words):
        return []
    while words and words[0].upos == "DET":
        words = words[1:]
    if not words:
        return []
    word = words[0]
    for _ in range(len(sentence.words)):  # bounded: a malformed parse may have cycles
        if word.base_deprel not in NAME_PART_RELS | {"amod"}:  # up through "The Canadian Press"
            break
        head = sentence.head_of(word)
        if head is None or head.id <= cue.id or head.upos not in {"PROPN", "NOUN"}:
            break
        word = head
    return [word]


_SET_OFF_PHRASE_MAX_WORDS = 12


def _phrase_after_comma(sentence: Sentence, last_id: int) -> list[Word] | None:
    """The words from the nearest comma before last_id up to it, if they are a
    short phrase without a verb (a role or a noun phrase, not a clause);
    None if there is no such comma or the words are no such phrase."""
    phrase: list[Word] = []
    for word_id in range(last_id, 0, -1):
        word = sentence.word(word_id)
        if word.text == ",":
            return phrase[::-1] if phrase else None
        if word.upos in ("VERB", "AUX") or len(phrase) >= _SET_OFF_PHRASE_MAX_WORDS:
            return None
        phrase.append(word)
    return None


def _before_apposition(sentence: Sentence, closing_comma: Word) -> Word | None:
    """The word before ", <apposition>," that ends at closing_comma."""
    apposition = _phrase_after_comma(sentence, closing_comma.id - 1)
    if apposition is None or apposition[0].id < 3:
        return None
    return sentence.word(apposition[0].id - 2)  # the word before the opening comma


def trailing_subject(sentence: Sentence, cue: Word) -> list[Word]:
    """The top word of the noun phrase between the last comma and a cue that
    ends the sentence: "..., senior officials and members of the business
    elite previously said." parsed with "officials" hung on the clause
    before. Adverbs of the cue may stand between; the phrase has no verb."""
    if any(w.upos != "PUNCT" for w in sentence.words[cue.id:]):
        return []
    end = cue.id - 1
    while end >= 1 and sentence.word(end).head == cue.id and sentence.word(end).upos == "ADV":
        end -= 1
    phrase = _phrase_after_comma(sentence, end)
    if phrase is None:
        return []  # no comma: the phrase would be the whole sentence
    ids = {w.id for w in phrase}
    tops = [w for w in phrase if w.head not in ids and w.upos in ("NOUN", "PROPN", "PRON")]
    return tops[:1]


def participle_subjects(sentence: Sentence, cue: Word) -> list[Word]:
    """The passive subject of a participle clause that ends right before the
    cue and is the cue's head or a dependent of it: "Unnamed sources quoted
    by the Post said ..." parsed with "quoted" as a clause of its own."""
    found = []
    for participle in [sentence.head_of(cue), *sentence.dependents(cue)]:
        if participle is None or participle.id > cue.id or not sentence.is_bare_participle(participle):
            continue
        phrase = {w.id for w in sentence.subtree(participle)}
        if participle.id == cue.head:  # the participle's subtree holds the cue's own
            phrase -= {w.id for w in sentence.subtree(cue)}
        if phrase and max(phrase) == cue.id - 1:
            found += [d for d in sentence.dependents(participle) if d.deprel == "nsubj:pass"]
    return found


def displaced_subjects(sentence: Sentence, cue: Word) -> list[Word]:
    """Subjects the parser gave the cue's complement clause that stand on the
    other side of the cue from the clause: in 'Jeff Rathke, the spokesman,
    said, "We urge ..."' with "Jeff" hung on "urge", "Jeff" is before "said"
    and "urge" after it. A clause's subject never stands across the verb that
    reports the clause, so it is the verb's."""
    found = []
    for clause in sentence.dependents(cue):
        if clause.base_deprel not in _COMPLEMENT_RELS:
            continue
        for subject in sentence.subjects(clause):
            if (subject.id < cue.id) != (clause.id < cue.id):
                found.append(subject)
    return found


# Relations through which a verb without a subject borrows one from above.
_CONTROL_RELS = {"advcl", "conj", "xcomp", "parataxis"}


def _passive_by_sharing(sentence: Sentence, verb: Word, recipient_verbs: frozenset[str]) -> bool:
    """"I was hauled in and told that ...": a conjunct of a passive clause,
    with no subject, auxiliary or object of its own, whose verb needs a
    recipient in the active, shares the passive: its controller is the one
    told, not the teller (the tagger often makes such a "told" finite)."""
    head = sentence.head_of(verb)
    if verb.base_deprel != "conj" or head is None or verb.lemma.lower() not in recipient_verbs:
        return False
    own = {d.base_deprel for d in sentence.dependents(verb)}
    if own & {"nsubj", "aux", "obj", "iobj", "expl"}:
        return False
    return any(d.deprel in ("nsubj:pass", "aux:pass") for d in sentence.dependents(head))


def controller_subjects(sentence: Sentence, word: Word,
                        speech_verbs: frozenset[str] = frozenset()) -> list[Word]:
    """The subjects of the nearest clause above ``word`` that has any.

    "Two people told the Post, adding that ..." -> ["people"]. Stops at the
    root or at a relation that does not pass a subject down. A clause the
    parser gave two subjects gives both; the pattern's constraints choose.
    A participle set off by a comma inside what a speech verb reports is the
    speaker's own: "Putin said he was ready to talk, congratulating Trump
    and saying ..." with "congratulating" hung on "talk" -> ["Putin"].
    """
    current = word
    for _ in range(len(sentence.words)):
        if current.base_deprel not in _CONTROL_RELS or not current.head:
            return []
        if current.base_deprel == "conj":
            subjects = _nearest_conjunct_subjects(sentence, current)
            if subjects:
                return subjects
        current = sentence.word(current.head)
        subjects = sentence.subjects(current)
        if subjects:
            speaker = _speaker_around(sentence, word, current, speech_verbs)
            return speaker or subjects
    return []


def _speaker_around(sentence: Sentence, participle: Word, clause: Word,
                    speech_verbs: frozenset[str]) -> list[Word]:
    """The subject of the speech verb whose complement ``clause`` is, when the
    participle (or the first of its conjuncts) is set off by a comma."""
    if not set_off_participle(sentence, participle_lead(sentence, participle)):
        return []
    verb = sentence.head_of(clause)
    if clause.base_deprel != "ccomp" or verb is None or verb.lemma.lower() not in speech_verbs:
        return []
    return sentence.subjects(verb)


def _nearest_conjunct_subjects(sentence: Sentence, conjunct: Word) -> list[Word]:
    """A subjectless conjunct shares the subject of the nearest conjunct before
    it that has one, not always the first's: in "Kyiv was informed ..., two
    people familiar with the matter told the Post" parsed as three conjuncts
    of "informed", "told" is said by the people of "familiar"."""
    earlier = [w for w in sentence.dependents(sentence.word(conjunct.head))
               if w.base_deprel == "conj" and w.id < conjunct.id]
    for sibling in sorted(earlier, key=lambda w: -w.id):
        subjects = sentence.subjects(sibling)
        if subjects:
            return subjects
    return []
