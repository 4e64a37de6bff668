"""Which Stanza models to parse with: bundled, a directory, or official Stanza.

Nothing here touches the network. A missing model is a :class:`ModelError`
whose message names the options, never a download attempt.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
BUNDLED_DIR = Path(__file__).resolve().parent.parent / "model_data" / "en_ewt"
RESOURCES_JSON = BUNDLED_DIR.parent / "resources.json"
CARD_FILE = "model.json"

# Stanza's own file names use these words; a directory of models may use either.
_FILE_HINTS = {
    "tokenize": ("tokenize", "tokenizer"),
    "mwt": ("mwt",),
    "pos": ("pos", "tagger"),
    "lemma": ("lemma", "lemmatizer"),
    "depparse": ("depparse", "parser"),
}

HELP = ("choose models with --models: 'bundled' (shipped with attribution), "
        "'stanza' (official Stanza English models under $STANZA_RESOURCES_DIR or "
        "~/stanza_resources), or a directory holding tokenize/mwt/pos/lemma/depparse .pt files")


class ModelError(Exception):
    """Models could not be found or loaded."""


@dataclass(frozen=True)
class ModelSet:
    kind: str                      # bundled | dir | stanza
    location: Path
    paths: dict[str, Path] = field(default_factory=dict)  # empty for kind == "stanza"
    card: dict = field(default_factory=dict)
    # Word vectors the tagger and parser read (a Stanza pretrain file), if they use any.
    pretrain: Path | None = None

    @cached_property  # hashing a directory of weights once per process is enough
    def model_id(self) -> str:
        """Stable id for cache keys: changes whenever the weights change."""
        if self.card.get("id"):
            return str(self.card["id"])
        files = dict(self.paths or {"resources": self.location / "resources.json"})
        if self.pretrain:
            files["pretrain"] = self.pretrain
        return f"{self.kind}-{_fingerprint(files)}"

    @property
    def scores(self) -> dict:
        return self.card.get("scores", {})


def resolve(choice: str | None = None) -> ModelSet:
    """``bundled`` (default), ``stanza``, or a directory path."""
    choice = choice or os.environ.get("ATTRIBUTION_MODELS") or "bundled"
    if choice == "bundled":
        return _from_dir(BUNDLED_DIR, "bundled")
    if choice == "stanza":
        return official_stanza()
    path = Path(choice)
    if not path.is_dir():
        raise ModelError(f"models directory not found: {choice}; {HELP}")
    return _from_dir(path, "dir")


def _from_dir(directory: Path, kind: str) -> ModelSet:
    paths: dict[str, Path] = {}
    files = sorted(directory.rglob("*.pt")) if directory.is_dir() else []
    for proc in PROCESSORS:
        found = [p for p in files if _names(p.name, proc)]
        if found:
            paths[proc] = found[0]
    missing = [p for p in PROCESSORS if p not in paths]
    if missing:
        where = "the bundled models" if kind == "bundled" else str(directory)
        raise ModelError(f"{where}: missing {', '.join(missing)} model(s); {HELP}")
    card_path = directory / CARD_FILE
    try:
        card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
    except (OSError, ValueError) as err:
        raise ModelError(f"{card_path}: unreadable model card: {err}") from None
    pretrain = next((p for p in files if _is_pretrain(p)), None)
    return ModelSet(kind, directory, paths, card, pretrain)


def _is_pretrain(path: Path) -> bool:
    """Word vectors: ``pretrain.pt``, or any .pt in a ``pretrain/`` folder (Stanza's layout)."""
    return path.stem == "pretrain" or path.parent.name == "pretrain"


def _names(filename: str, proc: str) -> bool:
    stem = filename.lower().removesuffix(".pt")
    if proc == "pos" and "depparse" in stem:
        return False
    if proc == "depparse" and ("tokeniz" in stem or "lemma" in stem):
        return False
    words = stem.replace("-", "_").split("_")
    return any(hint in words for hint in _FILE_HINTS[proc]) and not {"charlm", "checkpoint"} & set(words)


def stanza_resources_dir() -> Path:
    return Path(os.environ.get("STANZA_RESOURCES_DIR") or Path.home() / "stanza_resources")


def official_stanza() -> ModelSet:
    root = stanza_resources_dir()
    resources = root / "resources.json"
    if not resources.is_file() or not (root / "en").is_dir():
        raise ModelError(f"official Stanza English models not found in {root} "
                         f"(set STANZA_RESOURCES_DIR); {HELP}")
    return ModelSet("stanza", root, {}, {"name": "Stanza official English (default package)"})


def available() -> list[tuple[str, ModelSet | None, str]]:
    """Every model choice with the set it resolves to, or why it is unavailable."""
    out: list[tuple[str, ModelSet | None, str]] = []
    for choice in ("bundled", "stanza"):
        try:
            out.append((choice, resolve(choice), ""))
        except ModelError as err:
            out.append((choice, None, str(err).split(";")[0]))
    return out


def _fingerprint(paths: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for name in sorted(paths):
        digest.update(name.encode())
        with open(paths[name], "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:12]
