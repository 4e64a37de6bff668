#!/usr/bin/env python
"""Bundle trained models into attribution/model_data/en_ewt/ as fp16 weights.

    python scripts/package_models.py build/models [--scores scores.json] [--recipe "COMMANDS"]

Takes the five .pt files that scripts/train_models.py wrote, halves every
floating-point tensor (Stanza casts them back to fp32 on load), drops any
optimizer state, copies the word vectors as they are (as pretrain.pt: Stanza
uses them without casting, so they stay fp32), and writes model.json: the
model id used in parse-cache keys, the recipe, and the scores (from
scripts/evaluate_models.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from attribution.parsing.models import BUNDLED_DIR, CARD_FILE, PROCESSORS, _from_dir  # noqa: E402

DROP_KEYS = {"optimizer", "scheduler", "optimizer_state_dict", "global_step", "epoch"}
FULL_RECIPE = "python scripts/train_models.py --treebank ../shared/data/UD_English-EWT --out build/models"


def halve(obj):
    if isinstance(obj, torch.Tensor):
        return obj.half() if obj.is_floating_point() else obj
    if isinstance(obj, dict):
        return {k: halve(v) for k, v in obj.items() if k not in DROP_KEYS}
    if isinstance(obj, list):
        return [halve(v) for v in obj]
    if isinstance(obj, tuple):
        return tuple(halve(v) for v in obj)
    return obj


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trained", type=Path, help="the --out directory of train_models.py")
    ap.add_argument("--scores", type=Path, help="JSON scores from evaluate_models.py")
    ap.add_argument("--dest", type=Path, default=BUNDLED_DIR)
    ap.add_argument("--recipe", default=FULL_RECIPE,
                    help="the training command(s) to record in model.json (default: the full recipe)")
    args = ap.parse_args()

    found = _from_dir(args.trained, "dir")
    args.dest.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    sizes = {}
    for proc in PROCESSORS:
        checkpoint = torch.load(found.paths[proc], map_location="cpu", weights_only=False)
        target = args.dest / f"{proc}.pt"
        torch.save(halve(checkpoint), target)
        digest.update(target.read_bytes())
        sizes[proc] = target.stat().st_size
    vectors_file = args.dest / "pretrain.pt"
    # The trained folder may link to the destination's own vectors (the bundle's
    # tokenizer and vectors beside a new parser): then they are already in place.
    in_place = found.pretrain is not None and vectors_file.exists() \
        and found.pretrain.samefile(vectors_file)
    if not in_place:
        vectors_file.unlink(missing_ok=True)
        if found.pretrain:
            shutil.copyfile(found.pretrain, vectors_file)
    if found.pretrain:
        digest.update(vectors_file.read_bytes())
        sizes["pretrain"] = vectors_file.stat().st_size
    vectors = "GloVe 6B 50d word vectors" if found.pretrain else "no pretrained vectors"
    card = {
        "id": f"attribution-en_ewt-{digest.hexdigest()[:10]}",
        "name": f"attribution English models, UD English-EWT 2.16, {vectors}",
        "built": dt.date.today().isoformat(),
        "recipe": args.recipe,
        "sizes_bytes": sizes,
        "scores": json.loads(args.scores.read_text()) if args.scores else {},
    }
    (args.dest / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(card, indent=2))


if __name__ == "__main__":
    main()
