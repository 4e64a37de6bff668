"""Load and validate the YAML rule files in rules/.

Every file is checked against a pydantic schema on load. A problem is reported
as one line naming file, path and problem, e.g.
``rules/strength.yaml: modifiers[3].weight: expected a number``, and raised as
:class:`RulesError` (the CLI turns it into exit code 2).

A user's ``--rules DIR`` is layered over the bundled rules: a file of the same
name replaces the bundled file's top-level keys it defines; entries with an
``id`` that matches a bundled entry replace it, new ids are added.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Union

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

# rules_data is a link to the top-level rules/ in a checkout and a copy in a wheel.
BUNDLED_RULES = Path(__file__).resolve().parent / "rules_data"
RULE_FILES = ("text.yaml", "lexicons.yaml", "cues.yaml", "patterns.yaml", "repairs.yaml", "sources.yaml",
              "strength.yaml")


class RulesError(Exception):
    """A rule file is missing, is not valid YAML, or breaks the schema."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expectation(_Strict):
    """What an example must produce: the fields of one attribution found in it
    (the one the rule fired on); fields left out are not checked."""

    cue: Optional[str] = None
    source: Optional[str] = None       # "" for no source
    content: Optional[str] = None      # "" for no content
    source_type: Optional[str] = None
    sourcing: Optional[str] = None
    secondhand: Optional[bool] = None
    quote: Optional[str] = None


class Example(_Strict):
    """A sentence, or a CoNLL-U sentence ("# text = ..." and its word lines)
    used as parsed, with what it must produce."""

    text: str
    expect: Optional[Expectation] = None
    # The shipped models parse this example wrongly, so the rule cannot fire
    # on it yet: `rules check` reports it as a known miss, not a failure.
    known_miss: Optional[str] = None


def _as_example(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


ExampleItem = Annotated[Example, BeforeValidator(_as_example)]


class Examples(_Strict):
    must_match: list[ExampleItem] = Field(default_factory=list)
    must_not_match: list[ExampleItem] = Field(default_factory=list)


# ------------------------------------------------------------------------- text.yaml

class BoilerplateRule(_Strict):
    id: str
    description: str
    pattern: str
    scope: Literal["paragraph", "rest"] = "paragraph"
    examples: Examples = Examples()

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as err:
            raise ValueError(f"not a valid regular expression: {err}") from None
        return value


class TextRulesFile(_Strict):
    abbreviations: list[str] = Field(default_factory=list)
    boilerplate: list[BoilerplateRule] = Field(default_factory=list)


@dataclass(frozen=True)
class TextRules:
    """Compiled boilerplate patterns and abbreviations for text.py."""

    rules: tuple[BoilerplateRule, ...]
    abbreviations: frozenset[str]

    @cached_property
    def _compiled(self) -> list[tuple[re.Pattern[str], BoilerplateRule]]:
        return [(re.compile(r.pattern, re.IGNORECASE), r) for r in self.rules]

    def boilerplate_match(self, paragraph: str) -> BoilerplateRule | None:
        for pattern, rule in self._compiled:
            if pattern.search(paragraph):
                return rule
        return None


# --------------------------------------------------------------------- lexicons.yaml

class LexiconsFile(_Strict):
    lexicons: dict[str, list[str]]


# The lexicons the engine's Python code reads by name (patterns and
# source-type rules may refer to any lexicon as "@name"). A rules directory
# must keep every one of them: dropping one is an error at load, not a
# KeyError in the middle of a run. Name -> what the code uses it for.
# One dict per stage, so each stage's list of what it reads stays beside the others.
_MATCHING_LEXICONS: dict[str, str] = {
    "time_nouns": "a time is never a source or what a cue reports",
    "speech_verbs": "verbs that borrow the subject above them",
    "recipient_verbs": "speech verbs that need a recipient in the active",
}
_SPANS_LEXICONS: dict[str, str] = {
    "basis_phrases": "how an anonymous source knows (source spans, strength)",
    "quotation_marks": "the characters that open or close a quotation",
}
_CLASSIFY_LEXICONS: dict[str, str] = {
    "organisations_named_by_modifier": "organisation nouns a name before them names",
    "personal_pronouns": "pronouns resolved to a named person",
    "anonymity_reasons": "strength: why a source is anonymous",
    "hedges": "strength: hedged content",
    "multiple_words": "strength: several sources",
}
REQUIRED_LEXICONS: dict[str, str] = {**_MATCHING_LEXICONS, **_SPANS_LEXICONS, **_CLASSIFY_LEXICONS}


# ------------------------------------------------------------------------- cues.yaml

Stance = Literal["neutral", "distancing", "endorsing", "cognitive"]


class CuesFile(_Strict):
    """Reporting-cue lemmas by stance. The stance feeds strength modifiers."""

    verbs: dict[Stance, list[str]]
    # cues only with a reported clause (AT023), by stance: "has learned that"
    clause_only: dict[Stance, list[str]] = Field(default_factory=dict)
    without_content: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------- patterns.yaml

def _lexicon_ref(value):
    if isinstance(value, str) and not value.startswith("@"):
        raise ValueError(f"expected a list or an @lexicon name, got {value!r}")
    return value


# A list of words, or "@name" naming a lexicon in lexicons.yaml.
StrList = Annotated[Union[str, list[str]], AfterValidator(_lexicon_ref)]


class NodeSpec(_Strict):
    """Constraints on one word, all of which must hold (None: no constraint)."""

    lemma: Optional[StrList] = None
    not_lemma: Optional[StrList] = None
    text: Optional[StrList] = None
    upos: Optional[list[str]] = None
    deprel: Optional[list[str]] = None
    not_deprel: Optional[list[str]] = None
    feats: Optional[dict[str, str]] = None
    not_feats: Optional[dict[str, str]] = None
    case: Optional[StrList] = None   # the word has a case marker with one of these lemmas ("with X")
    not_mark: Optional[StrList] = None   # the word has no subordinator with one of these lemmas ("to go")
    # the word's phrase (its subtree) comes right after one of these words,
    # however the parser attached them ("with | the Kremlin saying")
    right_after: Optional[StrList] = None


class RelSpec(NodeSpec):
    """A word found from the cue: ``rel`` says how, the rest constrains it.

    rel: child (a dependent of the cue), head (the cue's head),
    sibling (another dependent of the cue's head), controller (the subject of
    the nearest clause above that has one, for "..., adding that"),
    displaced_subject (a subject of the cue's complement clause standing on
    the other side of the cue from that clause), preceding_name (the name
    phrase that ends right before the cue, however the parser attached it),
    participle_subject (the passive subject of a participle clause ending
    right before the cue: "sources quoted by the Post said"), trailing_subject
    (the noun phrase between the last comma and a cue that ends the sentence),
    following_name (the name phrase that starts right after the cue), preceding_word
    (the word right before the cue, whatever its relation).
    """

    rel: Literal["child", "head", "sibling", "controller", "displaced_subject", "preceding_name",
                 "participle_subject", "trailing_subject", "following_name",
                 "preceding_word"]
    side: Optional[Literal["before", "after"]] = None   # where the word stands from the cue


class Pattern(_Strict):
    id: str
    description: str
    cue: NodeSpec
    source: Optional[RelSpec] = None
    # If any of these exists, the pattern does not match.
    absent: list[RelSpec] = Field(default_factory=list)
    # Unless every one of these exists, the pattern does not match.
    present: list[RelSpec] = Field(default_factory=list)
    # Words joined into the cue span ("according" + "to", "quoted as saying").
    cue_parts: list[RelSpec] = Field(default_factory=list)
    # Nested attributions hang under the attribution whose cue is the cue's head
    # ("reported ..., citing X"), or under the subject's row of the same cue
    # ("The Post cited a source as saying").
    nest: Literal["none", "head_cue", "same_cue"] = "none"
    # A repair of a parse error that another pattern may already have got
    # right: it applies only to a cue no other pattern found a source for.
    fallback: bool = False
    examples: Examples = Examples()


class PatternsFile(_Strict):
    patterns: list[Pattern]


# ---------------------------------------------------------------------- repairs.yaml

RepairStage = Literal["tree", "matching", "spans", "classify"]


class RepairExamples(_Strict):
    # CoNLL-U sentences (or sentences) the repair must fire on, with the
    # result expected, and ones it must leave alone (not fire on).
    needs: list[ExampleItem] = Field(min_length=1)
    leave_alone: list[ExampleItem] = Field(min_length=1)


class RepairRule(_Strict):
    id: str
    stage: RepairStage
    description: str
    examples: RepairExamples

    @field_validator("id")
    @classmethod
    def _repair_id(cls, value: str) -> str:
        if not re.fullmatch(r"RP\d{3}", value):
            raise ValueError(f"a repair id is RP and three digits, got {value!r}")
        return value


class RepairsFile(_Strict):
    # Repair ids switched off: "disabled: [RP012]" in a user's repairs.yaml.
    disabled: list[str] = Field(default_factory=list)
    repairs: list[RepairRule] = Field(default_factory=list)


# ---------------------------------------------------------------------- sources.yaml

SourceType = Literal["named_person", "named_organisation", "news_outlet", "document",
                     "anonymous_described", "anonymous_vague", "pronoun_unresolved",
                     "unattributed"]
Sourcing = Literal["named", "anonymous", "unattributed"]


class SourceCondition(_Strict):
    """Tests on a source span; all given ones must hold."""

    head_upos: Optional[list[str]] = None
    head_lemma: Optional[StrList] = None
    name_matches: Optional[StrList] = None     # the proper-name part equals/ends with an entry
    name_has_word: Optional[StrList] = None    # a word of the proper name is an entry
    has_proper_name: Optional[bool] = None
    has_modifier: Optional[bool] = None        # described: adjective, clause or phrase on the head
    resolved: Optional[bool] = None            # a pronoun resolved to a named person
    identified: Optional[bool] = None          # "the report", "its statement", not "reports"
    missing: Optional[bool] = None             # no source at all


class SourceTypeRule(_Strict):
    id: str
    type: SourceType
    description: str
    when: SourceCondition
    # How this rule's sources count, when not as their type does in `sourcing`
    # ("reports say" is a document, but nobody the reader could name).
    sourcing: Optional[Sourcing] = None
    examples: Examples = Examples()


class SourcesFile(_Strict):
    sourcing: dict[SourceType, Sourcing]
    # Source types whose claims reach the reader through another publication.
    secondhand_types: list[SourceType]
    source_types: list[SourceTypeRule]


# --------------------------------------------------------------------- strength.yaml

Feature = Literal["secondhand", "nested", "depth_beyond_1", "distancing_cue", "endorsing_cue",
                  "cognitive_cue", "multiple_sources", "stated_basis", "anonymity_reason",
                  "hedged_content", "direct_quote", "unidentified"]


class Modifier(_Strict):
    id: str
    description: str
    when: Feature
    weight: float
    applies_to: Optional[list[SourceType]] = None  # None: every type
    why: str = ""
    examples: Examples = Examples()


class Labels(_Strict):
    strong: float
    moderate: float


class StrengthFile(_Strict):
    base: dict[SourceType, float]
    modifiers: list[Modifier]
    labels: Labels


# ------------------------------------------------------------------------ rule set

# Entries a RuleSet's lookup caches hold before they start afresh: they fill
# with every lemma and name of a corpus, and memory must stay flat.
CACHE_LIMIT = 100_000


@dataclass(frozen=True)
class RuleSet:
    text: TextRules
    lexicons: dict[str, frozenset[str]]
    cue_stance: dict[str, str]  # lemma -> stance
    patterns: tuple[Pattern, ...]
    repairs: tuple[RepairRule, ...]
    disabled_repairs: frozenset[str]
    sources: SourcesFile
    strength: StrengthFile
    origin: tuple[Path, ...]
    fingerprint: str = ""  # changes whenever any rule changes (resume journals check it)
    # Literal word lists as sets, built once: words() runs for every word x pattern.
    _literal_sets: dict = field(default_factory=dict, compare=False, repr=False)
    _patterns_by_lemma: dict = field(default_factory=dict, compare=False, repr=False)
    # classify.source_type's answers, keyed by what its conditions read
    source_type_cache: dict = field(default_factory=dict, compare=False, repr=False)

    def patterns_for(self, lemma: str) -> tuple[Pattern, ...]:
        """The patterns whose cue may be a word with this (lower-case) lemma, in file order.

        Most words are no cue at all; looking the candidates up once per lemma
        keeps the matcher from trying every pattern on every word.
        """
        found = self._patterns_by_lemma.get(lemma)
        if found is None:
            found = tuple(p for p in self.patterns
                          if p.cue.lemma is None or lemma in self.words(p.cue.lemma))
            if len(self._patterns_by_lemma) >= CACHE_LIMIT:
                self._patterns_by_lemma.clear()
            self._patterns_by_lemma[lemma] = found
        return found

    def words(self, value: StrList | None) -> frozenset[str] | None:
        """Resolve a list or an ``@lexicon`` reference to a set of lower-case strings."""
        if value is None:
            return None
        if isinstance(value, str):
            return self.lexicons[value[1:]]
        cached = self._literal_sets.get(id(value))
        if cached is None or cached[0] is not value:
            cached = (value, frozenset(v.lower() for v in value))
            self._literal_sets[id(value)] = cached
        return cached[1]

    def all_rules(self) -> list[tuple[str, str, str]]:
        """(id, kind, description) of every rule, for ``attribution rules list``."""
        rows = [(r.id, "boilerplate", r.description) for r in self.text.rules]
        rows += [(p.id, "pattern", p.description) for p in self.patterns]
        rows += [(r.id, "repair" + (" (off)" if r.id in self.disabled_repairs else ""), r.description)
                 for r in self.repairs]
        rows += [(r.id, "source_type", r.description) for r in self.sources.source_types]
        rows += [(m.id, "strength", m.description) for m in self.strength.modifiers]
        return rows


SCHEMAS: dict[str, type[BaseModel]] = {
    "text.yaml": TextRulesFile, "lexicons.yaml": LexiconsFile, "cues.yaml": CuesFile,
    "patterns.yaml": PatternsFile, "repairs.yaml": RepairsFile, "sources.yaml": SourcesFile, "strength.yaml": StrengthFile,
}


def load_rules(extra_dir: Path | str | None = None) -> RuleSet:
    """The bundled rules, with the files in ``extra_dir`` layered on top."""
    dirs = [BUNDLED_RULES] + ([Path(extra_dir)] if extra_dir else [])
    if extra_dir:
        _check_user_dir(Path(extra_dir))
    raw: dict[str, dict[str, Any]] = {}
    for directory in dirs:
        for name in RULE_FILES:
            path = directory / name
            if path.is_file():
                raw[name] = _merge(raw.get(name, {}), _read_yaml(path))
    parsed = {name: _validate(name, data, dirs) for name, data in raw.items()}
    missing = [n for n in RULE_FILES if n not in parsed]
    if missing:
        raise RulesError(f"{BUNDLED_RULES}: missing rule files: {', '.join(missing)}")
    return _build(parsed, tuple(dirs))


def _check_user_dir(directory: Path) -> None:
    if not directory.is_dir():
        raise RulesError(f"{directory}: rules directory not found")
    unknown = [p.name for p in directory.glob("*.yaml") if p.name not in RULE_FILES]
    if unknown:
        raise RulesError(f"{directory / unknown[0]}: unknown rule file "
                         f"(expected one of: {', '.join(RULE_FILES)})")


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise RulesError(f"{path}:{where}: invalid YAML: {problem}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise RulesError(f"{path}: cannot read: {err}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RulesError(f"{path}: expected a mapping at the top level")
    return {"__file__": str(path), **data}


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Layer a user file over a bundled one (see module docstring)."""
    merged = dict(base)
    for key, value in override.items():
        old = merged.get(key)
        if isinstance(old, list) and isinstance(value, list) and all(
                isinstance(v, dict) and "id" in v for v in old + value):
            merged[key] = _merge_by_id(old, value)
        elif isinstance(old, dict) and isinstance(value, dict) and key != "__file__":
            merged[key] = {**old, **value}
        else:
            merged[key] = value
    return merged


def _merge_by_id(old: list[dict], new: list[dict]) -> list[dict]:
    """Same id replaces in place; new ids go before a trailing catch-all
    (a rule with an empty ``when``, like ST999), where they can still fire."""
    replaced = {v["id"]: v for v in new}
    merged = [replaced.pop(v["id"], v) for v in old]
    tail = [merged.pop()] if merged and merged[-1].get("when") == {} else []
    return merged + list(replaced.values()) + tail


def _validate(name: str, data: dict[str, Any], dirs: list[Path]) -> BaseModel:
    origin = data.pop("__file__", name)
    try:
        return SCHEMAS[name].model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        raise RulesError(f"{_short(origin)}: {_loc(first['loc'])}: {_message(first)}") from None


def _short(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in {"str", "list[str]", "function-after[_compiles(), str]"}:
            continue  # pydantic's union-branch names add nothing for a reader
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind in {"float_parsing", "float_type"}:
        return "expected a number"
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "literal_error":
        return f"expected one of {error['ctx']['expected']}"
    return error["msg"].removeprefix("Value error, ")


def _build(parsed: dict[str, Any], origin: tuple[Path, ...]) -> RuleSet:
    text_file: TextRulesFile = parsed["text.yaml"]
    lexicons = {k: frozenset(v.lower() for v in words)
                for k, words in parsed["lexicons.yaml"].lexicons.items()}
    cues = parsed["cues.yaml"]
    cue_stance = {lemma.lower(): stance for stance, lemmas in cues.verbs.items() for lemma in lemmas}
    lexicons["cue_verbs"] = frozenset(cue_stance)
    clause_only = {lemma.lower(): stance for stance, lemmas in cues.clause_only.items() for lemma in lemmas}
    lexicons["clause_only_verbs"] = frozenset(clause_only)
    cue_stance = {**clause_only, **cue_stance}
    lexicons["cues_without_content"] = frozenset(v.lower() for v in parsed["cues.yaml"].without_content)
    _check_required_lexicons(parsed["lexicons.yaml"], origin)
    _check_lexicon_refs(parsed, lexicons)
    _check_unique_ids(parsed)
    repairs_file: RepairsFile = parsed["repairs.yaml"]
    _check_disabled_repairs(repairs_file)
    digest = hashlib.sha256(json.dumps({n: m.model_dump() for n, m in sorted(parsed.items())},
                                       sort_keys=True, default=str).encode())
    return RuleSet(
        fingerprint=digest.hexdigest()[:16],
        text=TextRules(tuple(text_file.boilerplate), frozenset(text_file.abbreviations)),
        lexicons=lexicons, cue_stance=cue_stance,
        patterns=tuple(parsed["patterns.yaml"].patterns),
        repairs=tuple(repairs_file.repairs), disabled_repairs=frozenset(repairs_file.disabled),
        sources=parsed["sources.yaml"], strength=parsed["strength.yaml"], origin=origin)


def _check_required_lexicons(lexicons_file: LexiconsFile, origin: tuple[Path, ...]) -> None:
    for name, use in REQUIRED_LEXICONS.items():
        if name not in lexicons_file.lexicons:
            where = _short(str(origin[-1] / "lexicons.yaml"))
            raise RulesError(f"{where}: lexicons.{name}: missing lexicon, required by the engine ({use})")


def _check_disabled_repairs(repairs_file: RepairsFile) -> None:
    known = {r.id for r in repairs_file.repairs}
    for i, repair_id in enumerate(repairs_file.disabled):
        if repair_id not in known:
            raise RulesError(f"repairs.yaml: disabled[{i}]: unknown repair id {repair_id!r}")


def _check_lexicon_refs(parsed: dict[str, Any], lexicons: dict[str, frozenset[str]]) -> None:
    def walk(node: Any, path: str, file: str) -> None:
        if isinstance(node, str) and node.startswith("@") and node[1:] not in lexicons:
            raise RulesError(f"{file}: {path}: unknown lexicon {node!r}")
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "examples":  # example sentences are text, not references
                    walk(v, f"{path}.{k}" if path else k, file)
        if isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]", file)
    for file in ("patterns.yaml", "sources.yaml"):
        walk(parsed[file].model_dump(), "", file)


def _check_unique_ids(parsed: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    groups = [("text.yaml", parsed["text.yaml"].boilerplate),
              ("patterns.yaml", parsed["patterns.yaml"].patterns),
              ("repairs.yaml", parsed["repairs.yaml"].repairs),
              ("sources.yaml", parsed["sources.yaml"].source_types),
              ("strength.yaml", parsed["strength.yaml"].modifiers)]
    for file, rules in groups:
        for rule in rules:
            if rule.id in seen:
                raise RulesError(f"{file}: rule id {rule.id!r} also used in {seen[rule.id]}")
            seen[rule.id] = file
