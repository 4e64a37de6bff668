"""Repairs (RPnnn): named fixes of known parser and tagger mistakes.

Our parser makes mistakes of a few recurring shapes ("The Wall Street |
Journal reported" as two subjects, "familiar" hung on the verb instead of on
"people"). Every piece of code that mends one is a *repair*: a Python
function registered here under an id, whose description and examples live in
``rules/repairs.yaml`` (a sentence that needs it, with the result expected,
and one it must leave alone). A rules file can switch a repair off by id
(``disabled: [RP012]``), and the ids of the repairs that fired on an
attribution are written into its ``rule`` column.

A repair is a function with a *neutral* result, the one it gives when there
is nothing to mend (the input unchanged, an empty set, ``False``)::

    @repair("RP012", neutral=lambda sentence, match: match)
    def head_of_name(sentence, match): ...

Switched off, the function is not called and its neutral result is returned;
switched on, it fired when its result differs from the neutral one.

Which repairs are off and which have fired is kept in a context variable
for the duration of :func:`applying` (the pipeline, once per article) and
collected per attribution by :func:`recording`, so the stages' functions keep
their plain signatures. Outside :func:`applying` every repair is on and
nothing is recorded (unit tests calling a stage's helper directly).
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

# The stages a repair can belong to, in the order the pipeline runs them.
STAGES = ("tree", "matching", "spans", "classify")


@dataclass(frozen=True)
class RegisteredRepair:
    id: str
    function: Callable[..., Any]
    module: str


# id -> the Python function behind it; filled as the stage modules are imported.
REGISTRY: dict[str, RegisteredRepair] = {}


@dataclass
class _Session:
    disabled: frozenset[str]
    scopes: list[list[str]] = field(default_factory=list)


_SESSION: ContextVar[_Session | None] = ContextVar("attribution_repairs", default=None)


def repair(repair_id: str, *, neutral: Callable[..., Any] | Any = None):
    """Register a repair function under ``repair_id`` (see the module docstring).

    ``neutral`` is the result meaning "nothing mended": a value, or a function
    of the repair's arguments giving it (for repairs that return their input).
    """
    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        if repair_id in REGISTRY:
            raise ValueError(f"repair id {repair_id} registered twice "
                             f"({REGISTRY[repair_id].module} and {function.__module__})")

        @functools.wraps(function)
        def apply(*args, **kwargs):
            unchanged = neutral(*args, **kwargs) if callable(neutral) else neutral
            session = _SESSION.get()
            if session is not None and repair_id in session.disabled:
                return unchanged
            result = function(*args, **kwargs)
            if session is not None and session.scopes and not _same(result, unchanged):
                fired = session.scopes[-1]
                if repair_id not in fired:
                    fired.append(repair_id)
            return result

        apply.repair_id = repair_id
        REGISTRY[repair_id] = RegisteredRepair(repair_id, apply, function.__module__)
        return apply
    return register


def _same(result: Any, unchanged: Any) -> bool:
    if result is unchanged:
        return True
    try:
        return bool(result == unchanged)
    except Exception:  # values without a usable == (never expected; be safe)
        return False


@contextmanager
def applying(disabled: frozenset[str] = frozenset()) -> Iterator[None]:
    """Run repairs with these ids switched off, recording what fires (per article)."""
    token = _SESSION.set(_Session(frozenset(disabled)))
    try:
        yield
    finally:
        _SESSION.reset(token)


@contextmanager
def recording() -> Iterator[list[str]]:
    """Collect the ids of the repairs that fire inside the block, in firing order.

    Scopes nest: a repair fired inside an inner block is recorded there only.
    Outside :func:`applying` the list stays empty.
    """
    fired: list[str] = []
    session = _SESSION.get()
    if session is None:
        yield fired
        return
    session.scopes.append(fired)
    try:
        yield fired
    finally:
        session.scopes.pop()


@contextmanager
def unrecorded() -> Iterator[None]:
    """Repairs fired inside the block are recorded nowhere: work done once for
    the whole document (its name mentions, say) is no attribution's own."""
    with recording():
        yield
