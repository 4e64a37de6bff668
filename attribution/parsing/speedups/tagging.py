"""The tagger's XPOS and feature strings from a cache, same strings.

The tagger predicts each word's XPOS and UFeats as one id per part, and
Stanza's ``CompositeVocab.id2unit`` turns them into a string such as
"Mood=Ind|Tense=Past|VerbForm=Fin", formatting every part anew for every
word: 0.7-0.9 s of Python in a 22 s parse of EWT test on one thread. Only a
few hundred combinations occur, so ``id2unit`` below keeps each vocabulary's
strings by their ids and builds each one once, with Stanza's own code.
``install()`` puts it in place of Stanza's.
"""
from __future__ import annotations

from stanza.models.common.vocab import CompositeVocab

_STANZAS_OWN = CompositeVocab.id2unit


def id2unit(self, ids):
    """``CompositeVocab.id2unit``, remembered per vocabulary."""
    if self.sep is None or not isinstance(ids, (list, tuple)):
        return _STANZAS_OWN(self, ids)  # a list result could be changed by its caller; ids could be a tensor
    cache = self.__dict__.setdefault("_units_by_ids", {})
    key = tuple(ids)
    unit = cache.get(key)
    if unit is None:
        unit = cache[key] = _STANZAS_OWN(self, ids)
    return unit


def install() -> None:
    """Use :func:`id2unit` for Stanza's composite vocabularies (idempotent)."""
    CompositeVocab.id2unit = id2unit
