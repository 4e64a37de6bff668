"""The training recipe's own logic (scripts/train_models.py), not a training run."""
from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from attribution.parsing.conllu import read_sentences

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
BUNDLE = ROOT / "attribution" / "model_data" / "en_ewt"

# Two sentences with their gold trees and wrong tags: retagging must replace the
# tags by the tagger's and keep the trees.
WRONG_TAGS = """\
# sent_id = a
# text = The Post reported it.
1	The	the	X	X	_	2	det	_	_
2	Post	Post	X	X	_	3	nsubj	_	_
3	reported	report	X	X	_	0	root	_	_
4	it	it	X	X	_	3	obj	_	SpaceAfter=No
5	.	.	X	X	_	3	punct	_	_

# sent_id = b
# text = Officials said so.
1	Officials	official	X	X	_	2	nsubj	_	_
2	said	say	X	X	_	0	root	_	_
3	so	so	X	X	_	2	advmod	_	SpaceAfter=No
4	.	.	X	X	_	2	punct	_	_

"""


@pytest.fixture(scope="module")
def train_models():
    sys.path.insert(0, str(SCRIPTS))
    try:
        yield importlib.import_module("train_models")
    finally:
        sys.path.remove(str(SCRIPTS))


def run_recipe(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """train_models.py with OUT under tmp_path; the arguments here fail before any training."""
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "train_models.py"), "--treebank", str(tmp_path),
         "--out", str(tmp_path / "out"), *args],
        capture_output=True, text=True, timeout=120)


def test_a_missing_tagger_is_a_one_line_error(tmp_path):
    done = run_recipe(tmp_path, "--stages", "depparse", "--tagger", str(tmp_path / "no.pt"))
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [f"error: --tagger {tmp_path / 'no.pt'} is not a file"]
    assert not (tmp_path / "out").exists()


def test_a_tagger_with_gold_parser_tags_is_a_one_line_error(tmp_path):
    done = run_recipe(tmp_path, "--parser-tags", "gold", "--tagger", str(BUNDLE / "pos.pt"))
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "error: --tagger is for --parser-tags predicted; gold tags need no tagger"]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@pytest.mark.skipif(not (BUNDLE / "pos.pt").is_file(), reason="bundled models not built")
def test_retagging_puts_the_shipped_taggers_tags_on_the_gold_trees(tmp_path, train_models):
    out = tmp_path / "out"
    work = out / "work"
    data = work / "data" / "depparse"
    data.mkdir(parents=True)
    for split in ("train", "dev", "test"):
        (data / f"en_ewt.{split}.in.conllu").write_text(WRONG_TAGS, encoding="utf-8")
    train_models.pretrain_path(out).parent.mkdir(parents=True)
    shutil.copyfile(BUNDLE / "pretrain.pt", train_models.pretrain_path(out))
    (out / "logs").mkdir()

    train_models.retag_depparse_data(out, work, out / "logs" / "depparse.log",
                                     train_models.stage_env(work), BUNDLE / "pos.pt")

    for split in ("train", "dev", "test"):
        (_, first), (_, second) = read_sentences(
            (data / f"en_ewt.{split}.in.conllu").read_text(encoding="utf-8"))
        assert "X" not in {w.upos for w in first + second} | {w.xpos for w in first + second}
        tags = {w.text: (w.upos, w.xpos) for w in first + second}
        assert tags["The"] == ("DET", "DT")
        assert tags["reported"] == ("VERB", "VBD")
        assert tags["said"] == ("VERB", "VBD")
        assert tags["Officials"] == ("NOUN", "NNS")
        assert [(w.head, w.deprel) for w in first] == [
            (2, "det"), (3, "nsubj"), (0, "root"), (3, "obj"), (3, "punct")]
