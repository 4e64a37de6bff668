"""Tree and punctuation helpers every stage shares.

Small questions about a parsed sentence that the matching, span and
classification stages all ask: is this clause set off by a comma, which
words run on around a head. No word lists here (those live in rules/);
only UD relation names and features.
"""
from __future__ import annotations

from .document import Sentence, Word

# Relations that join the words of a name: "Kristen Wilkins" (flat), "curator Elaine" (compound).
NAME_PART_RELS = {"flat", "compound"}

PARTICIPLE_FORMS = ("Ger", "Part")


def participle_lead(sentence: Sentence, word: Word) -> Word:
    """The first of a run of conjoined participles: "congratulating" for
    "saying" in "congratulating Trump and saying ..."."""
    for _ in range(len(sentence.words)):  # bounded: a malformed parse may have cycles
        head = sentence.head_of(word)
        if word.base_deprel != "conj" or head is None or head.feat("VerbForm") not in PARTICIPLE_FORMS:
            break
        word = head
    return word


def set_off_participle(sentence: Sentence, word: Word) -> bool:
    """A participle with no subject whose phrase a comma opens or follows."""
    return word.feat("VerbForm") in PARTICIPLE_FORMS and not sentence.subjects(word) \
        and set_off_by_comma(sentence, word)


def set_off_by_comma(sentence: Sentence, clause: Word) -> bool:
    """The clause's words start with a comma or follow one."""
    first = sentence.subtree(clause)[0]
    return first.text == "," or (first.id > 1 and sentence.word(first.id - 1).text == ",")


def longest_run_containing(words: list[Word], head: Word) -> list[Word]:
    """The words around ``head`` whose ids run on without a gap."""
    ids = {w.id for w in words}
    first = last = head.id
    while first - 1 in ids:
        first -= 1
    while last + 1 in ids:
        last += 1
    return [w for w in words if first <= w.id <= last]
