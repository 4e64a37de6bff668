"""From cue matches to attributions: source spans, content, quotes, nesting.

A source span is the whole noun phrase ("two officials briefed on the talks"),
not just its head word. Content is the clause that was said: the cue's
complement, or the clause the cue interrupts ("..., the Post reported").
Nesting follows "X reported, citing Y" and cues inside another's content.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from . import repairs
from .cues import complement_of_misplaced_subject
from .document import ParsedDoc, Sentence, Word
from .records import Attribution, CueMatch, Span
from .syntax import (NAME_PART_RELS, PARTICIPLE_FORMS, longest_run_containing, participle_lead,
                     set_off_by_comma, set_off_participle)

# Complements that hold what was said, most specific first.
_CONTENT_CHILDREN = ("ccomp", "xcomp", "csubj", "parataxis")
# Relations by which a cue clause interrupts or trails the clause it reports.
_INTERRUPTING = {"parataxis", "advcl", "ccomp", "obl"}
_QUOTES = set("\"“”„«»")


def build_attributions(doc: ParsedDoc, matches: list[CueMatch],
                       lexicons: Mapping[str, frozenset[str]]) -> list[Attribution]:
    """Attributions from cue matches. A match with no content is dropped unless
    its cue lemma is in lexicon ``cues_without_content`` or it nests under
    another cue. A source span runs on through a ``basis_phrases`` entry right
    after it ("two people | familiar with the matter") however the parser
    attached that phrase. ``time_nouns`` are never a cue's own object
    ("reported Sunday")."""
    without_content = lexicons["cues_without_content"]
    basis_phrases = lexicons["basis_phrases"]
    # "Yonhap, quoting KCNA": a nested "quoting" clause is its own attribution,
    # never part of the source it hangs on.
    nested_cues = {(m.sentence_index, m.cue.id) for m in matches if m.nest == "head_cue"}
    built: list[Attribution] = []
    for match in matches:
        with repairs.recording() as fired:
            attribution = _attribution(doc, match, nested_cues, without_content, basis_phrases, lexicons)
        if attribution is not None:
            built.append(replace(attribution, repairs=(*match.repairs, *(r for r in fired if r not in match.repairs))))
    built.sort(key=lambda a: (a.cue[0], a.source[0] if a.source else -1))
    built = [replace(a, n=i) for i, a in enumerate(built, start=1)]
    return _nest(doc, built)


def _attribution(doc: ParsedDoc, match: CueMatch, nested_cues: set[tuple[int, int]],
                 without_content: frozenset[str], basis_phrases: frozenset[str],
                 lexicons: Mapping[str, frozenset[str]]) -> Attribution | None:
    """One match's attribution, or None if it has nothing said and may not."""
    sentence = doc.sentences[match.sentence_index]
    match = _holder_of_basis_phrase(
        sentence, _head_of_name(sentence, _antecedent_for_relative(sentence, match)),
        basis_phrases)
    if match is None:
        return None  # a basis phrase with nobody it describes ("citing ... familiar")
    cue_ids = {w.id for w in match.cue_words}
    cue_ids |= {w.id for i, cue_id in nested_cues if i == match.sentence_index and cue_id != match.cue.id
                for w in sentence.subtree(sentence.word(cue_id))}
    source_words = _source_words(sentence, match.source_head, cue_ids, basis_phrases) \
        if match.source_head else ()
    content = _content(sentence, match, {w.id for w in source_words}, lexicons)
    if content is None and match.nest != "head_cue" \
            and match.cue.lemma.lower() not in without_content:
        return None  # a cue with nothing said is not an attribution ("She added sugar")
    return Attribution(
        n=0, sentence_index=match.sentence_index, pattern_id=match.pattern_id,
        nest=match.nest, cue=_cue_span(match.cue_words), cue_word=match.cue,
        cue_lemma=" ".join(w.lemma.lower() for w in match.cue_words),
        source=_span(source_words), source_head=match.source_head,
        source_words=source_words, content=content,
        quote=quote_kind(doc.text, content),
        via_candidates=_via_candidates(sentence, match, source_words))


def _antecedent_for_relative(sentence: Sentence, match: CueMatch) -> CueMatch:
    """"officials who said ..." -> the source is "officials", not "who"."""
    head = match.source_head
    if head is None or head.feat("PronType") != "Rel" or match.cue.deprel != "acl:relcl":
        return match
    return replace(match, source_head=sentence.head_of(match.cue))


def _head_of_name(sentence: Sentence, match: CueMatch) -> CueMatch:
    """"according to curator Elaine Gustafon" with "according" hung on
    "curator": a compound or flat part of a name is not its head; the name is."""
    head = match.source_head
    for _ in range(len(sentence.words)):  # bounded: a malformed parse may have cycles
        if head is None or head.base_deprel not in NAME_PART_RELS or not head.head \
                or head.head == match.cue.id:
            break
        head = sentence.head_of(head)
    return match if head is match.source_head else replace(match, source_head=head)


_HOLDER_UPOS = {"NOUN", "PROPN", "PRON", "NUM"}


def _holder_of_basis_phrase(sentence: Sentence, match: CueMatch,
                            basis_phrases: frozenset[str]) -> CueMatch | None:
    """The people a basis phrase describes, when the parser made a part of the
    phrase the source: "two people familiar with the matter told" parsed with
    "matter" as the subject of "told", or "according to people familiar with
    the matter" with "according" on "matter".
    The source is "two people"; the span then takes in the phrase. None when
    the source is the phrase's adjective and nobody it describes can be found."""
    head = match.source_head
    if head is None:
        return match
    opener = head if _opens_basis_phrase(sentence, head, basis_phrases) else None
    if opener is None:  # "with the matter" as the subject: look just before "with"
        marker = next((d for d in sentence.dependents(head) if d.deprel == "case"), None)
        if marker is not None and marker.id > 1 and \
                _opens_basis_phrase(sentence, sentence.word(marker.id - 1), basis_phrases):
            opener = sentence.word(marker.id - 1)
    if opener is None:
        return match
    holder = next(iter(sentence.subjects(opener)), None)
    if holder is None and opener.base_deprel in {"amod", "acl"}:
        holder = sentence.head_of(opener)
    if holder is None and opener.id > 1:
        # "according to people | familiar with ..." with the two hung apart;
        # a word the cue governs itself ("citing people") is its patterns' to find
        before = sentence.word(opener.id - 1)
        if before.head != match.cue.id:
            holder = before
    if holder is None or holder.upos not in _HOLDER_UPOS or holder.id > opener.id:
        return None if opener is head else match
    return replace(match, source_head=holder)


def _opens_basis_phrase(sentence: Sentence, word: Word, basis_phrases: frozenset[str]) -> bool:
    if word.upos not in ("ADJ", "VERB", "ADV"):  # "close" in "close to Trump" may be tagged ADV
        return False
    following = " ".join(w.text.lower() for w in sentence.words[word.id - 1:word.id + 2])
    return any(following.startswith(phrase) for phrase in basis_phrases)


# --------------------------------------------------------------------- spans

def _span(words) -> Span | None:
    return (words[0].start_char, words[-1].end_char) if words else None


def _cue_span(words: tuple[Word, ...]) -> Span:
    # "according to" and "quoted as saying" are contiguous; a split cue
    # ("cited ... as saying") keeps its first word's span, its lemma names all.
    first = words[0]
    run = [first]
    for w in words[1:]:
        if w.id != run[-1].id + 1:
            break
        run.append(w)
    return run[0].start_char, run[-1].end_char


def _source_words(sentence: Sentence, head: Word, cue_ids: set[int],
                  basis_phrases: frozenset[str] = frozenset()) -> tuple[Word, ...]:
    """The contiguous part of the head's subtree around it, minus cue words and
    edge junk, and a basis phrase that follows it."""
    inside = {w.id for w in sentence.subtree(head)} - cue_ids
    conjuncts = [d for d in sentence.dependents(head) if d.base_deprel == "conj" and d.id > head.id]
    # a role's name may be parsed as its conjunct ("The coach, Alireza Mehraban,")
    keep_conjuncts = head.upos != "PROPN" or any(d.base_deprel == "cc" for c in conjuncts
                                                 for d in sentence.dependents(c))
    for dep in sentence.dependents(head):
        if dep.base_deprel == "appos" and dep.upos == "NUM":  # "Edmonton Sun, August 16, 2008"; "Smith, 45,"
            inside -= {w.id for w in sentence.subtree(dep)}
        if dep.base_deprel == "acl" and _opens_with_complementizer(sentence, dep):
            inside -= {w.id for w in sentence.subtree(dep)}  # what the source said, hung on it (_directive)
        if dep.base_deprel == "conj" and dep.id > head.id and not keep_conjuncts:
            # a name's conjunct with no "and" in the list: the next phrase ("According
            # to the Herald, Emeritus Professor John Burrows, the chairman ..., said")
            inside -= {w.id for w in sentence.subtree(dep)}
    for word in [sentence.word(i) for i in sorted(inside)]:
        if word.upos == "VERB" and _is_as_saying(sentence, word):  # "(cited X) as saying" hung on X
            inside -= {w.id for w in sentence.subtree(word)}
    inside |= _relay_participle_phrase(sentence, head, cue_ids)
    inside |= _rest_of_split_coordination(sentence, head, inside) - cue_ids
    if inside:
        inside |= _partitive(sentence, head, max(inside)) - cue_ids
        inside |= _basis_phrase(sentence, head, max(inside), basis_phrases) - cue_ids
    first = last = head.id
    while first - 1 in inside or _lone_comma_inside(sentence, first - 1, inside):
        first -= 1
    while last + 1 in inside or _lone_comma_inside(sentence, last + 1, inside):
        last += 1
    first = _start_of_split_name(sentence, head, first)
    words = [sentence.word(i) for i in range(first, last + 1)]
    # "by the Post" -> "the Post"; trim punctuation, case markers and
    # subordinators ("according to" parsed as marks) at the edges.
    while words and words[0].id != head.id and (words[0].upos == "PUNCT" or words[0].deprel in ("case", "mark")):
        words.pop(0)
    while words and words[-1].id != head.id and words[-1].upos == "PUNCT" and words[-1].text not in _QUOTES \
            and not _closes_bracket(words):
        words.pop()
    return tuple(words)


def _rest_of_split_coordination(sentence: Sentence, head: Word, inside: set[int]) -> set[int]:
    """"..., senior officials and members of the business elite said" parsed as
    one list with the noun before the comma ("Washington, officials and
    members"), both nouns its conjuncts: the conjunct joined by "and"/"or"
    right after the source's words is part of the source. Only for a source
    that is itself a conjunct of a word before it, set off by a comma."""
    above = sentence.head_of(head)
    if head.base_deprel != "conj" or above is None or above.id > head.id:
        return set()
    first = last = head.id
    while first - 1 in inside:
        first -= 1
    while last + 1 in inside:
        last += 1
    opening = first if sentence.word(first).text == "," else first - 1  # the comma may hang on the source
    if opening < 1 or sentence.word(opening).text != ",":
        return set()
    for sibling in sentence.dependents(above):
        if sibling.base_deprel != "conj" or sibling.id <= last:
            continue
        ids = {w.id for w in sentence.subtree(sibling)}
        joined = any(d.base_deprel == "cc" and d.id == last + 1 and d.lemma.lower() in ("and", "or")
                     for d in sentence.dependents(sibling))  # not "officials but not diplomats"
        if min(ids) == last + 1 and joined:
            return ids
    return set()


def _lone_comma_inside(sentence: Sentence, word_id: int, ids: set[int]) -> bool:
    """A comma with words of ``ids`` on both sides, which the parser hung
    elsewhere: it does not cut the phrase ("Professor John Burrows[,] the
    chairman ..." with the comma on "Herald", four words before)."""
    return word_id - 1 in ids and word_id + 1 in ids and sentence.word(word_id).text == ","


def _closes_bracket(words: list[Word]) -> bool:
    """The last word closes a bracket the words open: "Korean Central News Agency (KCNA)"."""
    texts = [w.text for w in words]
    return texts[-1] == ")" and texts.count("(") >= texts.count(")")


_RELAY_PARTICIPLES = {"quote", "cite"}


def _relay_participle_phrase(sentence: Sentence, head: Word, cue_ids: set[int]) -> set[int]:
    """"Unnamed sources quoted by the Post said ...", when the parser made
    "quoted" a clause with "sources" its passive subject (above the cue, or a
    complement of it): "quoted by the Post" still belongs to the source. Not
    a finite passive ("Sources were quoted"), and never the cue's own words."""
    participle = sentence.head_of(head)
    if head.deprel != "nsubj:pass" or participle is None or participle.id < head.id \
            or participle.lemma.lower() not in _RELAY_PARTICIPLES or not sentence.is_bare_participle(participle):
        return set()
    phrase = {w.id for w in sentence.subtree(participle)}
    for cue_id in cue_ids & phrase:  # the participle above the cue: leave out the cue's clause
        phrase -= {w.id for w in sentence.subtree(sentence.word(cue_id))}
    return phrase


def _start_of_split_name(sentence: Sentence, head: Word, first: int) -> int:
    """"The Wall Street | Journal reported" parsed as two subjects of one verb
    is one name: the span starts where the name part just before it starts."""
    if first < 2 or head.upos != "PROPN":
        return first
    before = sentence.word(first - 1)
    if before.upos != "PROPN" or before.head != head.head or before.deprel != head.deprel:
        return first
    return min(w.id for w in sentence.subtree(before))


_PARTITIVE_HEADS = {"ADJ", "NUM", "PRON", "DET"}


def _partitive(sentence: Sentence, head: Word, last_id: int) -> set[int]:
    """Word ids of "of X" after a quantifier head ("several | of the Post's
    sources", "one | of the officials"), when the parser hung X elsewhere.
    Without it the source would be "several", whose only meaning is in X."""
    if head.upos not in _PARTITIVE_HEADS or last_id >= len(sentence.words):
        return set()
    marker = sentence.word(last_id + 1)
    if marker.lemma.lower() != "of" or marker.deprel != "case" or marker.head <= marker.id:
        return set()
    noun = sentence.word(marker.head)
    if noun.id == head.head:  # "of" opens the cue's own phrase, not the source's
        return set()
    phrase = {w.id for w in sentence.subtree(noun) if w.id > last_id}
    # only a phrase that starts right at "of" and runs without gaps
    contiguous = phrase and min(phrase) == marker.id and max(phrase) - min(phrase) + 1 == len(phrase)
    return phrase if contiguous else set()


def _basis_phrase(sentence: Sentence, head: Word, last_id: int,
                  basis_phrases: frozenset[str]) -> set[int]:
    """Word ids of a basis phrase ("familiar with the matter", "briefed on the
    talks") that ends the source's phrase or follows it, however the parser
    attached its parts: our parser often hangs "familiar" on the verb (an xcomp
    of "citing", a conj of the main verb) or "with the matter" on "citing".
    The phrase still describes the source."""
    # The head word itself may be the opener's subject ("People | familiar
    # with the call" parsed with "call" under "People" and "familiar" above it).
    for opener_id in (last_id, last_id + 1, head.id + 1):
        if not 1 <= opener_id <= len(sentence.words):
            continue
        opener = sentence.word(opener_id)
        if not _opens_basis_phrase(sentence, opener, basis_phrases):
            continue
        ids = {opener.id} | ({w.id for w in sentence.subtree(opener)} if opener_id > last_id else set())
        # never a clause hung on the opener ("familiar | told the Post" in a bad parse)
        for word in [sentence.word(i) for i in sorted(ids)]:
            if word.id != opener.id and word.upos in _CLAUSE_UPOS and word.base_deprel in _CLAUSE_RELS:
                ids -= {w.id for w in sentence.subtree(word)}
        # "with the matter": the object of the preposition after the opener, wherever it hangs
        if opener_id < len(sentence.words):
            marker = sentence.word(opener_id + 1)
            if marker.deprel == "case" and marker.head > opener_id:
                ids |= {w.id for w in sentence.subtree(sentence.word(marker.head))}
        return ids
    return set()


_CLAUSE_UPOS = {"VERB", "AUX"}
_CLAUSE_RELS = {"advcl", "ccomp", "parataxis", "conj", "xcomp"}


def _content(sentence: Sentence, match: CueMatch, source_ids: set[int],
             lexicons: Mapping[str, frozenset[str]]) -> Span | None:
    """What was said: a complement of the cue, or the clause the cue clause interrupts.
    Never part of the source ("two officials familiar with ...", when the
    parser makes "familiar" a complement of the verb), nor of whom the cue
    cites ("cited a source familiar with the call as saying")."""
    if match.nest == "head_cue":
        return None  # "citing X" says nothing itself; it shares its parent's content
    time_nouns, basis_phrases = lexicons["time_nouns"], lexicons["basis_phrases"]
    object_described = False
    for word in [*match.cue_words[1:], match.cue]:  # "cited X as saying [that ...]" first
        for rel in _CONTENT_CHILDREN:
            complements = []
            for dep in _complement_candidates(sentence, word):
                if _complement_relation(sentence, word, dep) != rel or dep.id in source_ids \
                        or _is_as_saying(sentence, dep) or _opens_with_relay_participle(sentence, dep) \
                        or (rel == "xcomp" and _bare_infinitive(sentence, word, dep)):
                    continue
                if _describes_object(sentence, word, dep, basis_phrases):
                    object_described = True
                    continue
                complements.append(dep)
            if not complements:
                continue
            # the source may hang inside the clause in a bad parse (AT013)
            said = _what_was_said(sentence, word, complements, lexicons["speech_verbs"])
            ids = {w.id for dep in said for w in sentence.subtree(dep)} - source_ids
            for subject in sentence.subjects(word):
                clause = complement_of_misplaced_subject(sentence, word, subject)
                if clause is not None and clause in said:
                    ids |= {w.id for w in sentence.subtree(subject)}
            ids -= _speakers_own_participles(sentence, ids, lexicons["speech_verbs"])
            ids -= _reports_of_their_own(sentence, ids, lexicons["speech_verbs"])
            return _trim(sentence, _longest_run([w for w in sentence.words if w.id in ids]))
    quoted = _quotation_after(sentence, match.cue, source_ids) or _quotation_before(sentence, match.cue, source_ids)
    if quoted is not None:
        return quoted
    directive = _directive(sentence, match.cue)
    if directive is not None:
        return _trim(sentence, sentence.subtree(directive))
    split = _clause_split_at_its_subject(sentence, match.cue, source_ids)
    if split is not None:
        return split
    if not object_described and any(
            d.base_deprel == "obj" and d.upos == "NOUN" and d.lemma.lower() not in time_nouns
            and d.id not in source_ids and not _opens_with_relay_participle(sentence, d)
            for d in sentence.dependents(match.cue)):
        # "everybody knows Andy Warhol's name", "we find a big chance": the cue
        # reports its own object, not the clause around it. Pronouns ("I think
        # that") and names ("said Smith") are parse slips, not objects. An
        # object a basis phrase describes ("cited a source familiar with the
        # call as saying") is whom the cue relays, not what, and so is one
        # opened by "citing" (", citing sources close to Trump" as the object).
        return None
    anchor = match.cue
    trailing = False
    if match.content_from == "source":
        anchor = match.source_head  # "according to X": X's phrase interrupts the clause
    if anchor is None or not anchor.head:
        return None
    if anchor.base_deprel in _INTERRUPTING and not _embedded_complement(sentence, anchor, source_ids):
        clause = sentence.head_of(anchor)
        for _ in range(len(sentence.words)):  # bounded: a malformed parse may have cycles
            if not clause.head or not (clause.deprel == "xcomp"  # "had to be postponed, she said"
                                       or _trails_last_conjunct(sentence, clause, anchor)):
                break
            clause = sentence.head_of(clause)
    elif _trailing_report(sentence, anchor, source_ids):
        clause = next((w for w in sentence.words if w.head == 0), None)
        if clause is None:  # malformed input without a root
            return None
        trailing = True
    elif anchor is match.source_head:
        return _beside_set_off_phrase(sentence, match, source_ids)
    else:
        return None
    removed = {w.id for w in sentence.subtree(anchor)} | source_ids | {w.id for w in match.cue_words}
    if trailing and match.source_head is not None and source_ids:
        # words hung on the source that stand before it belong to what was
        # reported ('war soon,” several of the Post's sources said' with
        # "soon" on "several"); the punctuation that sets the report off does not
        removed -= {w.id for w in sentence.subtree(match.source_head)
                    if w.id < min(source_ids) and w.upos != "PUNCT"}
    kept = {w.id for w in sentence.subtree(clause)} - removed
    kept |= {i for i in removed if _lone_comma_inside(sentence, i, kept)}
    return _trim(sentence, _longest_run([w for w in sentence.words if w.id in kept]))


def _trails_last_conjunct(sentence: Sentence, clause: Word, anchor: Word) -> bool:
    """"Kyiv was informed and did not object, two people ... told the Post"
    with "told" hung on "object": a report after all of the last conjunct's
    words reports the whole coordination, not the last conjunct alone, when
    the conjuncts share one subject. A conjunct with a subject of its own is
    a clause the report may cover alone ("Smith said the deal was dead, but
    talks will continue, a spokesman said")."""
    if clause.base_deprel != "conj" or sentence.subjects(clause):
        return False
    report = {w.id for w in sentence.subtree(anchor)}
    first_of_report = min(report)
    return all(w.id < first_of_report for w in sentence.subtree(clause)
               if w.id not in report and w.upos != "PUNCT")


def _beside_set_off_phrase(sentence: Sentence, match: CueMatch, source_ids: set[int]) -> Span | None:
    """"According to Rathbun, a detective was ..." with "Rathbun" hung inside
    the clause (a modifier of "detective"): a phrase that opens the sentence,
    or closes it, is about all the rest. News prose often drops the comma
    ("According to Rathbun the property was returned", "... 6 million
    visitors according to the event website")."""
    # the source's own words, "according" and its "to", however the two are hung
    phrase = sorted(source_ids | {w.id for w in match.cue_words}
                    | {w.id for w in sentence.subtree(match.source_head) if w.deprel in ("case", "fixed")})
    first, last = phrase[0], phrase[-1]
    if phrase != list(range(first, last + 1)):
        return None
    words = sentence.words
    if all(w.upos == "PUNCT" for w in words[:first - 1]):
        return _trim(sentence, words[last:])
    if all(w.upos == "PUNCT" for w in words[last:]):
        return _trim(sentence, words[:first - 1])
    return None


def _quotation_after(sentence: Sentence, cue: Word, source_ids: set[int]) -> Span | None:
    """'Hill commented, "Hoping that the movement translates ..."': a quotation
    that opens right after the cue (and a comma or colon) is what was said,
    whatever relation the parser gave the cue's dependent that starts it."""
    after = sentence.words[cue.id:]  # the words after the cue (ids are 1-based)
    while after and after[0].text in (",", ":"):
        after = after[1:]
    if len(after) < 2 or after[0].text not in _QUOTES:
        return None
    opening = after[1]
    for dep in sentence.dependents(cue):
        if dep.id <= cue.id or dep.id in source_ids or dep.upos == "PUNCT":
            continue
        said = sentence.subtree(dep)
        if said[0].id <= opening.id <= said[-1].id:
            said = [w for w in said if w.id not in source_ids]
            return _trim(sentence, said + _up_to_closing_quote(sentence, said[-1]))
    return None


def _what_was_said(sentence: Sentence, cue: Word, complements: list[Word],
                   speech_verbs: frozenset[str]) -> list[Word]:
    """Which of the cue's complements hold what was said. Side by side after
    the cue they are one clause the parser cut ("he would like to see |
    Harris beat Trump"), except a bare speech verb after the first: that
    reports the whole sentence ("Moscow believes that ..., officials
    previously said"). One in front of the cue counts when a comma or
    quotation mark sets it off ('"We are ready," Smith said, "and ..."');
    otherwise the parser took the clause the report sits in ("The Post
    report came hours after Zelenskiy said Russia had fired ...")."""
    front = [dep for dep in complements if dep.id < cue.id]
    after = [dep for dep in complements if dep.id > cue.id]
    if front and (not after or any(_closed_by_punctuation(sentence, dep) for dep in front)):
        return front
    return after[:1] + [dep for dep in after[1:] if not _trailing_speech_verb(sentence, dep, speech_verbs)]


def _trailing_speech_verb(sentence: Sentence, verb: Word, speech_verbs: frozenset[str]) -> bool:
    """"..., officials previously said": a speech verb with nothing said of
    its own, set off by a comma or with its subject hung elsewhere."""
    if verb.lemma.lower() not in speech_verbs:
        return False
    if any(d.base_deprel in (*_CONTENT_CHILDREN, "obj") for d in sentence.dependents(verb)):
        return False
    return set_off_by_comma(sentence, verb) or not sentence.subjects(verb)


def _speakers_own_participles(sentence: Sentence, said: set[int], speech_verbs: frozenset[str]) -> set[int]:
    """"he was ready to talk, congratulating Trump and saying ..." hung on
    "talk": a participle set off by a comma that speaks (or leads conjuncts
    that do) is the speaker's own act, not part of what was said
    (cues.controller_subjects gives it the speaker)."""
    own: set[int] = set()
    for word in sentence.words:
        if word.id not in said or word.base_deprel not in ("conj", "advcl") \
                or participle_lead(sentence, word) is not word or not set_off_participle(sentence, word):
            continue
        chain = [word, *(d for d in sentence.dependents(word) if d.base_deprel == "conj")]
        if any(w.lemma.lower() in speech_verbs for w in chain):
            phrase = sentence.subtree(word)
            own |= {w.id for w in phrase}
            if phrase[0].id > 1 and sentence.word(phrase[0].id - 1).text == ",":
                own.add(phrase[0].id - 1)
    return own


def _reports_of_their_own(sentence: Sentence, said: set[int], speech_verbs: frozenset[str]) -> set[int]:
    """"he would like to see Harris win, but observers argue that ..." with
    "argue" hung as a conjunct inside what was said: a speech verb with a
    subject of its own, joined by a comma and "but" to a clause that is no
    report itself and no "that" clause, is another voice beside the
    speaker's, not part of what was said. ("found that Smith denied the
    claims, but Jones admitted ..." is all one finding.)"""
    own: set[int] = set()
    for word in sentence.words:
        if word.id not in said or word.base_deprel != "conj" or word.lemma.lower() not in speech_verbs:
            continue
        clause = sentence.head_of(word)
        if any(d.base_deprel == "cc" and d.lemma.lower() == "but" for d in sentence.dependents(word)) \
                and sentence.subjects(word) and set_off_by_comma(sentence, word) \
                and clause.lemma.lower() not in speech_verbs and not sentence.has_mark(clause, "that"):
            own |= {w.id for w in sentence.subtree(word)}
    return own


def _closed_by_punctuation(sentence: Sentence, clause: Word) -> bool:
    """The clause's words end with a comma or quotation mark, or one follows them."""
    last = sentence.subtree(clause)[-1]
    after = sentence.word(last.id + 1) if last.id < len(sentence.words) else None
    return any(w is not None and (w.text == "," or w.text in _QUOTES) for w in (last, after))


def _bare_infinitive(sentence: Sentence, cue: Word, verb: Word) -> bool:
    """"responded coolly to Trump's big election win" with "win" tagged a
    verb and hung as a complement: a report's infinitive complement has its
    "to" ("urged them to talk"); a bare one is a tagging slip, not speech,
    unless the cue has an object for it ("noticed the man leave")."""
    return verb.upos == "VERB" and (verb.feat("VerbForm") == "Inf" or verb.xpos == "VB") \
        and not sentence.has_mark(verb, "to") and not sentence.subjects(verb) \
        and not any(d.base_deprel == "obj" for d in sentence.dependents(cue))


def _describes_object(sentence: Sentence, cue: Word, dep: Word, basis_phrases: frozenset[str]) -> bool:
    """"cited an anonymous source familiar with the conversation as saying"
    with "familiar" a complement of "cited": a basis phrase right after the
    cue's object describes that object, it is not what was said."""
    return _opens_basis_phrase(sentence, dep, basis_phrases) and any(
        d.base_deprel in ("obj", "iobj") and dep.id - 1 in {w.id for w in sentence.subtree(d)}
        for d in sentence.dependents(cue))


def _complement_candidates(sentence: Sentence, cue: Word) -> list[Word]:
    """The cue's dependents, and any "that" clause the parser hung as a
    relative clause on one of the cue's phrases after it ("explains, in a
    satirical fashion, that the incident was prompted ..." on "fashion")."""
    candidates = sentence.dependents(cue)
    below = [clause for phrase in candidates if phrase.id > cue.id and phrase.base_deprel in ("obl", "obj")
             for clause in sentence.dependents(phrase) if _that_clause_as_relative(sentence, clause)]
    return sorted([*candidates, *below], key=lambda w: w.id)


def _that_clause_as_relative(sentence: Sentence, clause: Word) -> bool:
    """A "relative clause" set off by a comma, opened by the subordinator
    "that" and with a subject of its own: a relative "that" is a pronoun
    filling a gap ("a study that found ..."), and a clause that completes a
    noun takes no comma ("to the point that they can't share ..."), so this
    is a complement clause misattached."""
    return clause.deprel == "acl:relcl" and sentence.has_mark(clause, "that") \
        and bool(sentence.subjects(clause)) and set_off_by_comma(sentence, clause)


def _complement_relation(sentence: Sentence, cue: Word, dep: Word) -> str:
    """The dependent's relation, except that a clause after the cue that opens
    with "that" is its complement however the parser hung it ("reported last
    week that advisers have put forward ..." with "put" an adverbial clause,
    or a relative clause of a phrase of the cue: _complement_candidates)."""
    if _that_clause_as_relative(sentence, dep):
        return "ccomp"
    if dep.base_deprel == "advcl" and dep.id > cue.id:
        first = sentence.subtree(dep)[0]
        between = sentence.words[cue.id:first.id - 1]
        if first.lemma.lower() == "that" and sentence.has_mark(dep, "that") \
                and not any(w.lemma.lower() in _RESULT_DEGREE_WORDS for w in between):
            return "ccomp"
    return dep.base_deprel


# "reported so many errors that it issued a correction": a result, not a report
_RESULT_DEGREE_WORDS = {"so", "such"}


def _opens_with_relay_participle(sentence: Sentence, clause: Word) -> bool:
    """"reported on November 10, citing sources close to Trump" with "close"
    parsed as a complement of "reported" and "sources" its subject: a phrase
    set off by a comma that opens with "citing" or "quoting" names whom the
    report relays, not what it says ("said citing old data was misleading"
    is what was said)."""
    first = next((w for w in sentence.subtree(clause) if w.upos != "PUNCT"), None)
    return first is not None and first.id < clause.id and first.lemma.lower() in _RELAY_PARTICIPLES \
        and first.feat("VerbForm") in PARTICIPLE_FORMS and set_off_by_comma(sentence, clause)


def _quotation_before(sentence: Sentence, cue: Word, source_ids: set[int]) -> Span | None:
    """'"It's a long game." - Matthew Ingram': a quotation that closes right
    before the cue is what was said, when it is all the sentence has before
    the cue: it opens the sentence, or opened in an earlier one. Not a quoted
    word inside a clause ('The plan is "unworkable," said Smith': the clause
    is what was said) nor a quoted source ('the "experts" said')."""
    if cue.id < 3 or sentence.word(cue.id - 1).text not in _QUOTES:
        return None
    closing = cue.id - 1
    opening = next((i for i in range(closing - 1, 0, -1) if sentence.word(i).text in _QUOTES), 1)
    if opening != 1 or source_ids & set(range(opening, closing + 1)):
        return None
    return _trim(sentence, sentence.words[opening - 1:closing])


def _up_to_closing_quote(sentence: Sentence, last: Word) -> list[Word]:
    """The punctuation after a quotation up to its closing mark ('calm."'),
    which the parser hangs on the cue; none if a word comes first."""
    tail = []
    for word in sentence.words[last.id:]:
        if word.upos != "PUNCT":
            return []
        tail.append(word)
        if word.text in _QUOTES:
            return tail
    return []


def _directive(sentence: Sentence, cue: Word) -> Word | None:
    """What the cue told its recipient, when the parser attached it to the
    wrong word: "told Putin not to escalate the war" with the infinitive as an
    adverbial clause instead of an xcomp, or "told the Post that Kyiv had been
    informed" with the that-clause as a relative clause on "Post" (a relative
    clause never opens with the subordinator "that", only with the pronoun)."""
    objects = [d for d in sentence.dependents(cue) if d.base_deprel in ("obj", "iobj")]
    for dep in sentence.dependents(cue):
        if objects and dep.base_deprel == "advcl" and objects[0].id < dep.id and sentence.has_mark(dep, "to"):
            return dep
    # the recipient, or the agent of a passive ("it is asserted by the Crown that ...")
    agents = [d for d in sentence.dependents(cue) if d.base_deprel == "obl" and _has_case(sentence, d, "by")]
    for recipient in objects + agents:
        for dep in sentence.dependents(recipient):
            if dep.base_deprel == "acl" and dep.id > recipient.id and _opens_with_complementizer(sentence, dep):
                return dep
    return None


def _clause_split_at_its_subject(sentence: Sentence, cue: Word, source_ids: set[int]) -> Span | None:
    """A reported clause the parser cut in two after its subject: "Wilkins
    explained Warhol's obsession with celebrities began ..." with "obsession"
    the cue's object and "began" a second clause of the cue, or "Wilkins
    observed that the starting date ..., coincided with ..." with "that" on
    "date". The subject right after the cue and the finite verb right after
    it, with no subject, subordinator or conjunction of its own, are one
    clause: what was said."""
    for noun in sentence.dependents(cue):
        if noun.id <= cue.id or noun.id in source_ids or noun.base_deprel not in ("obj", "nsubj"):
            continue
        if noun.base_deprel == "nsubj" and not _opens_with_complementizer(sentence, noun):
            continue  # a second subject is a clause's only when "that" opens it
        subject = sentence.subtree(noun)
        if subject[0].id != cue.id + 1 or subject[-1].id >= len(sentence.words):
            continue
        verb = sentence.word(subject[-1].id + 1)
        if verb.text == "," and verb.id < len(sentence.words):
            verb = sentence.word(verb.id + 1)
        if verb.base_deprel in ("aux", "cop") and verb.head > verb.id \
                and _second_complement_of_cues_head(cue, sentence.head_of(verb)):
            verb = sentence.head_of(verb)  # "think the plan | is good" with "good" beside "think"
        if not (verb.head == cue.id and verb.base_deprel in ("advcl", "conj", "dep")
                or _second_complement_of_cues_head(cue, verb)) \
                or not _finite(sentence, verb) \
                or any(d.base_deprel in ("nsubj", "expl", "mark", "cc") for d in sentence.dependents(verb)):
            continue
        return _trim(sentence, _longest_run(subject + sentence.subtree(verb)))
    return None


def _second_complement_of_cues_head(cue: Word, verb: Word) -> bool:
    """"said she believed the movement ... helped improve" with "helped" a
    second complement of "said", the cue's head: a verb has one complement
    clause, so a second one (which the caller finds right after the cue's
    object) continues the cue's clause."""
    return cue.base_deprel == "ccomp" and verb.base_deprel == "ccomp" and verb.head == cue.head


def _finite(sentence: Sentence, verb: Word) -> bool:
    return any(w.feat("VerbForm") == "Fin"
               for w in [verb, *(d for d in sentence.dependents(verb) if d.base_deprel in ("aux", "cop"))])


def _opens_with_complementizer(sentence: Sentence, clause: Word) -> bool:
    """"that" as a subordinator, however attached. A relative "that" is a
    PRON filling a gap in its clause; one tagged so whose place is already
    taken ("that both her parents knew this", with "that" an object beside
    "this") is a subordinator all the same."""
    dependents = sentence.dependents(clause)
    for d in dependents:
        if d.lemma.lower() != "that" or d.id > clause.id:
            continue
        if d.deprel == "mark" or d.upos == "SCONJ":
            return True
        if d.upos == "PRON" and any(o.id != d.id and o.base_deprel == d.base_deprel for o in dependents):
            return True
    return False


def _embedded_complement(sentence: Sentence, cue: Word, source_ids: set[int]) -> bool:
    """"sources said Trump told Putin ...": a complement clause with no comma
    before it is what its head said, not an aside that interrupts it
    ("..., the Post reported" parsed as ccomp is set off by a comma, and so
    is "..., senior officials previously said" with the source hung elsewhere)."""
    return cue.base_deprel == "ccomp" and not set_off_by_comma(sentence, cue) \
        and not _source_set_off_before(sentence, cue, source_ids)


def _source_set_off_before(sentence: Sentence, cue: Word, source_ids: set[int]) -> bool:
    """The source follows a comma and only the cue's own words come between
    it and the cue, so the cue clause is set off even though its subtree is not."""
    if not source_ids or min(source_ids) < 2 or max(source_ids) > cue.id:
        return False
    before = min(source_ids) - 1
    while before > 1 and sentence.word(before).text in _QUOTES:
        before -= 1  # '... soon,” several of the Post's sources said'
    if sentence.word(before).text != ",":
        return False
    own = {w.id for w in sentence.subtree(cue)}
    return all(i in own for i in range(max(source_ids) + 1, cue.id))


def _trailing_report(sentence: Sentence, cue: Word, source_ids: set[int]) -> bool:
    """"..., The Washington Post reported Sunday" that the parser made a
    relative clause of the last noun before it, or a conjunct of the clause
    it reports (with no "and" of its own): a comma before it (or before its
    source, when the parser hung part of the source elsewhere: "..., two
    people | familiar with the matter told"), and a subject of its own that
    is no relative pronoun. The sentence is what was reported."""
    if cue.deprel not in ("acl:relcl", "conj"):
        return False
    if not (set_off_by_comma(sentence, cue) or _source_set_off_before(sentence, cue, source_ids)):
        return False
    dependents = sentence.dependents(cue)
    if cue.deprel == "conj" and any(d.base_deprel == "cc" for d in dependents):
        return False  # "..., and the Post reported it": a clause of its own
    if any(d.feat("PronType") == "Rel" or d.lemma.lower() in _RELATIVE_WORDS for d in dependents):
        return False  # a real relative clause: "..., which the Church describes as ..."
    return any(d.base_deprel == "nsubj" and d.upos != "PRON" for d in dependents)


_RELATIVE_WORDS = {"which", "who", "whom", "whose", "that", "where", "when"}


def _is_as_saying(sentence: Sentence, word: Word) -> bool:
    """"(cited X) as saying" is part of the cue, never the content."""
    return sentence.has_mark(word, "as")


def _longest_run(words: list[Word]) -> list[Word]:
    best: list[Word] = []
    run: list[Word] = []
    for w in words:
        if run and w.id != run[-1].id + 1:
            run = []
        run.append(w)
        if len(run) > len(best):
            best = list(run)
    return best


def _trim(sentence: Sentence, words: list[Word]) -> Span | None:
    words = list(words)
    while words and words[0].upos == "PUNCT" and words[0].text not in _QUOTES:
        words.pop(0)
    while words and words[-1].upos == "PUNCT" and words[-1].text not in _QUOTES:
        words.pop()
    if not words or all(w.upos == "PUNCT" for w in words):
        return None
    return words[0].start_char, words[-1].end_char


def quote_kind(text: str, content: Span | None) -> str:
    if content is None:
        return "none"
    body = text[content[0]:content[1]].strip()
    marks = sum(ch in _QUOTES for ch in body)
    if marks == 0:
        return "indirect"
    stripped = body.rstrip(".,;:!?")
    if body[:1] in _QUOTES and (stripped[-1:] in _QUOTES or body[-1:] in _QUOTES) and marks == 2:
        return "direct"
    return "mixed"


# --------------------------------------------------------------------- relays

_RECIPIENT_RELS = {"obj", "iobj", "obl"}


def _via_candidates(sentence: Sentence, match: CueMatch,
                    source_words: tuple[Word, ...]) -> tuple[tuple[Span, Word], ...]:
    """Noun phrases that may be a relaying outlet; classify.py keeps the outlets.

    "told [the Post]", "quoted by [the Post]" inside the source, and the
    possessor in "[the Post]'s sources".
    """
    verbs = list(match.relay_words or (match.cue,))
    if match.relay_via_source_clause and match.source_head:
        # "two people told the Post, adding that ...": the adding shares the telling's
        # recipient; the telling is the clause the cue hangs on, or the subject's head
        head = sentence.head_of(match.source_head)
        if head is not None and head not in verbs:
            verbs.append(head)
    found: list[Word] = []
    for verb in verbs:
        for dep in sentence.dependents(verb):
            if dep.base_deprel in _RECIPIENT_RELS and (match.source_head is None or dep.id != match.source_head.id):
                found.append(dep)
    for w in source_words:
        # "by the Post" as an agent, an oblique or (as our parser often has it) a noun modifier
        if w.deprel in {"nmod:poss", "obl:agent"} or (w.base_deprel in {"obl", "nmod"} and _has_case(sentence, w, "by")):
            found.append(w)
    spans = []
    for head in found:
        words = _np(sentence, head)
        if words and head is not match.source_head:
            spans.append(((words[0].start_char, words[-1].end_char), head))
    return tuple(spans)


def _has_case(sentence: Sentence, word: Word, lemma: str) -> bool:
    return any(d.deprel == "case" and d.lemma.lower() == lemma for d in sentence.dependents(word))


# Dependents that leave the noun phrase: its case marker, and clauses or
# phrases hung on it ("told [the Post] [that Kyiv ...]", "[the BBC] on Monday").
_OUTSIDE_NP = {"case", "acl", "ccomp", "advcl", "parataxis", "conj", "appos", "nmod", "obl", "cc"}


def _np(sentence: Sentence, head: Word) -> list[Word]:
    """A relaying outlet's name: the noun phrase core, no case marker or clauses."""
    outside = {w.id for d in sentence.dependents(head) if d.base_deprel in _OUTSIDE_NP
               for w in sentence.subtree(d)}
    words = [w for w in sentence.subtree(head) if w.id not in outside]
    run = longest_run_containing(words, head)
    while run and run[-1].upos == "PUNCT":
        run.pop()
    return run


# --------------------------------------------------------------------- nesting

def _nest(doc: ParsedDoc, attributions: list[Attribution]) -> list[Attribution]:
    """Set parent and depth: pattern nesting first, then containment in content.

    "citing X" with no reporting verb above it ("Citing the weather, the team
    cancelled") is dropped; the rest are numbered again from 1 in cue order.
    """
    by_sentence: dict[int, list[Attribution]] = {}
    for a in attributions:
        by_sentence.setdefault(a.sentence_index, []).append(a)
    parents = {a.n: _parent_of(doc.sentences[i], a, group) for i, group in by_sentence.items() for a in group}
    by_n = {a.n: a for a in attributions}
    kept = [a for a in attributions if not (a.nest == "head_cue" and parents[a.n] is None)]
    renumber = {a.n: i for i, a in enumerate(kept, start=1)}
    out = []
    for a in kept:
        parent = by_n.get(parents[a.n])
        shared = a.nest == "head_cue" and parent is not None  # "citing X" says what its parent says
        content = a.content
        if parent is not None and not shared:
            content = _up_to_source(doc.sentences[a.sentence_index], content, parent.source)
        out.append(replace(a, n=renumber[a.n], parent=renumber.get(parents[a.n]),
                           depth=_depth(a.n, parents),
                           content=parent.content if shared else content,
                           quote=parent.quote if shared else quote_kind(doc.text, content)))
    return out


def _up_to_source(sentence: Sentence, content: Span | None, source: Span | None) -> Span | None:
    """What was said ends before the source that relays it: "Moscow believes
    that ... relations with Washington, senior officials ... previously said"
    with the officials parsed into Moscow's clause (a conjunct of "Washington")."""
    if content is None or source is None or not content[0] < source[0] < content[1]:
        return content
    return _trim(sentence, [w for w in sentence.words if content[0] <= w.start_char and w.end_char <= source[0]])


def _parent_of(sentence: Sentence, a: Attribution, group: list[Attribution]) -> int | None:
    if a.nest == "head_cue":  # under the cue ("reported, citing X") or its source ("Yonhap, quoting X")
        head_id = a.cue_word.head
        reports = [p for p in group if p.nest == "none"]
        parent = next((p.n for p in reports if p.cue_word.id == head_id
                       or (p.source_head is not None and p.source_head.id == head_id)), None)
        if parent is None and a.source_head is not None and a.source_head.id == head_id:
            # AT019: "citing" modifies its own source; the report is the nearest
            # cue above that source ("reported, [citing sources] close to" with
            # "sources" the subject of "close")
            parent = _nearest_cue_above(sentence, a.source_head, reports)
        return parent
    if a.nest == "same_cue":
        return next((p.n for p in group if p.cue_word.id == a.cue_word.id and p.n != a.n
                     and p.nest == "none"), None)
    containing = [p for p in group if p.n != a.n and p.content and p.nest == "none"
                  and p.content[0] <= a.cue[0] < p.content[1]
                  and not _same_source(a, p)  # a speaker's second statement is no relay of the first
                  and not (a.content and a.content == p.content)
                  and not (a.content and a.content[0] <= p.cue[0] < a.content[1])]  # no mutual nesting
    if not containing:
        return None
    return min(containing, key=lambda p: p.content[1] - p.content[0]).n


def _nearest_cue_above(sentence: Sentence, word: Word, reports: list[Attribution]) -> int | None:
    """The report whose cue is the nearest head above ``word`` (a malformed
    parse's cycle ends the walk)."""
    by_cue = {p.cue_word.id: p.n for p in reports}
    seen = {word.id}
    above = sentence.head_of(word)
    while above is not None and above.id not in seen:
        if above.id in by_cue:
            return by_cue[above.id]
        seen.add(above.id)
        above = sentence.head_of(above)
    return None


def _same_source(a: Attribution, b: Attribution) -> bool:
    return a.source_head is not None and b.source_head is not None and a.source_head.id == b.source_head.id


def _depth(n: int, parents: dict[int, int | None]) -> int:
    depth, seen = 0, {n}
    while parents.get(n) is not None:
        n = parents[n]
        if n in seen:  # a cycle from a malformed parse; stop rather than loop
            break
        seen.add(n)
        depth += 1
    return depth
