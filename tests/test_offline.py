"""Models load and parse with the network cut off; a missing model is one clear line."""
from __future__ import annotations

import socket

import pytest

from attribution.parsing.models import HELP, ModelError, resolve
from attribution.parsing import StanzaParser

from .conftest import needs_models


@needs_models
def test_bundled_models_parse_with_no_network(monkeypatch):
    import stanza.resources.common as resources

    def no_network(*args, **kwargs):
        raise AssertionError("a download or connection was attempted")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    for name in ("download", "download_file", "request_file", "download_resources_json", "download_models"):
        monkeypatch.setattr(resources, name, no_network)
    parser = StanzaParser(resolve("bundled"), threads=1)
    [words] = parser.parse(["The Washington Post reported on Sunday, citing several people."])
    by_text = {w.text: w for w in words}
    reported, post, citing = by_text["reported"], by_text["Post"], by_text["citing"]
    assert (post.head, post.deprel) == (reported.id, "nsubj")      # the verb heads the outlet
    assert (citing.head, citing.lemma) == (reported.id, "cite")    # "citing" hangs on the verb


def test_missing_models_name_the_options(tmp_path):
    with pytest.raises(ModelError) as err:
        resolve(str(tmp_path))
    assert "missing tokenize, mwt, pos, lemma, depparse model(s)" in str(err.value)
    assert HELP in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ModelError, match="models directory not found"):
        resolve(str(tmp_path / "nope"))


def test_missing_official_models_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    with pytest.raises(ModelError, match="official Stanza English models not found"):
        resolve("stanza")


def _broken_models(tmp_path):
    """A models directory with every file present and none loadable."""
    tmp_path.mkdir()
    for proc in ("tokenize", "mwt", "pos", "lemma", "depparse"):
        (tmp_path / f"{proc}.pt").write_bytes(b"not a model")
    return resolve(str(tmp_path))


def test_a_run_served_from_the_cache_never_loads_the_models(tmp_path):
    from attribution.parsing import CachedParser, ConlluParser

    models = _broken_models(tmp_path / "models")
    conllu = "# text = Smith said so.\n1\tSmith\tSmith\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n" \
             "2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tso\tso\tADV\tRB\t_\t2\tadvmod\t_\t_\n" \
             "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    cache = tmp_path / "cache"
    CachedParser(ConlluParser(conllu, model_id=models.model_id), cache).parse(["Smith said so."])

    parser = CachedParser(StanzaParser(models), cache)
    [words] = parser.parse(["Smith said so."])           # a hit: the broken weights are never read
    assert [w.lemma for w in words] == ["Smith", "say", "so", "."]
    with pytest.raises(ModelError, match="could not load") as first:
        parser.parse(["Jones said no."])                  # a miss loads, and fails in one line
    assert "\n" not in str(first.value)
    with pytest.raises(ModelError) as again:              # later articles fail at once, same message
        parser.parse(["Brown said yes."])
    assert str(again.value) == str(first.value)


def test_word_vectors_are_found_beside_the_models_and_change_the_model_id(tmp_path):
    from attribution.parsing import model_paths

    plain = _broken_models(tmp_path / "models")
    assert plain.pretrain is None
    assert model_paths(plain)["pos_pretrain_path"] is None   # None: Stanza must not look one up
    (tmp_path / "models" / "pretrain").mkdir()
    vectors = tmp_path / "models" / "pretrain" / "glove6b50d_60k.pt"   # Stanza's layout
    vectors.write_bytes(b"vectors")
    with_vectors = resolve(str(tmp_path / "models"))
    assert with_vectors.pretrain == vectors
    assert set(with_vectors.paths) == {"tokenize", "mwt", "pos", "lemma", "depparse"}
    paths = model_paths(with_vectors)
    assert paths["pos_pretrain_path"] == paths["depparse_pretrain_path"] == str(vectors)
    assert with_vectors.model_id != plain.model_id           # a parse cache keyed on it misses
