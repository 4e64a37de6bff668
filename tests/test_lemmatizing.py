"""The lemmatizer's faster attention gives Stanza's scores (to float rounding) and the same choices."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
seq2seq_modules = pytest.importorskip("stanza.models.common.seq2seq_modules")

from attribution.parsing.speedups import lemmatizing  # noqa: E402

STANZA_FORWARD = seq2seq_modules.SoftDotAttention.forward


@pytest.mark.parametrize("return_logattn", [False, True])  # the lemmatizer's copy mechanism asks for log scores
def test_same_outputs_as_stanzas_attention_for_many_shapes(return_logattn):
    assert STANZA_FORWARD.__module__.startswith("stanza.")  # not ours, installed by an earlier pipeline
    generator = torch.Generator().manual_seed(0)
    layer = seq2seq_modules.SoftDotAttention(100)
    with torch.no_grad():
        for parameter in layer.parameters():
            parameter.normal_(0, 0.1, generator=generator)  # a trained model's scale
    for _ in range(30):
        batch, source = (int(torch.randint(1, 60, (1,), generator=generator)) for _ in range(2))
        step = torch.randn(batch, 100, generator=generator)
        context = torch.randn(source, batch, 100, generator=generator).transpose(0, 1)  # as pad_packed gives it
        mask = torch.rand(batch, source, generator=generator) < 0.3
        mask[:, 0] = False  # every word has a first character
        with torch.no_grad():
            want = STANZA_FORWARD(layer, step, context, mask, return_logattn=return_logattn)
            got = lemmatizing.forward(layer, step, context, mask, return_logattn=return_logattn)
            want_attn = STANZA_FORWARD(layer, step, context, mask, attn_only=True)
            got_attn = lemmatizing.forward(layer, step, context, mask, attn_only=True)
        for g, w in zip(got, want):
            torch.testing.assert_close(g, w, rtol=1e-5, atol=1e-4)
        torch.testing.assert_close(got_attn, want_attn, rtol=1e-5, atol=1e-5)
        assert torch.equal(got_attn.argmax(1), want_attn.argmax(1))


def test_install_replaces_stanzas_attention(monkeypatch):
    monkeypatch.setattr(seq2seq_modules.SoftDotAttention, "forward", STANZA_FORWARD)
    lemmatizing.install()
    assert seq2seq_modules.SoftDotAttention.forward is lemmatizing.forward
