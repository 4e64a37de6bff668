"""The lemmatizer's attention without its slowest product, same lemmas.

Stanza's lemmatizer spells out every word its dictionary does not know with
a character seq2seq model (the mwt expander uses the same model), one
decoder step at a time, and each step's ``SoftDotAttention`` scores the
source characters with ``torch.bmm(context, target)``: a batch of
matrix-vector products, which torch runs about four times slower on CPU
than the same numbers as an elementwise product and a sum (200 against 46
microseconds for a batch of 50 words on one thread). On EWT test that
product was a fifth of the lemmatizer's time. ``forward`` below is Stanza's with that one product
rewritten; the scores equal Stanza's to float rounding
(tests/test_lemmatizing.py), and every lemma of EWT test comes out the
same. ``install()`` puts it in place of Stanza's.
"""
from __future__ import annotations

import torch
from stanza.models.common.seq2seq_constant import INFINITY_NUMBER


def forward(self, input, context, mask=None, attn_only=False, return_logattn=False):
    """``SoftDotAttention.forward``: input (batch x dim), context (batch x source x dim)."""
    target = self.linear_in(input).unsqueeze(1)  # batch x 1 x dim
    attn = (context * target).sum(2)             # batch x source: Stanza's bmm(context, target)
    if mask is not None:
        assert mask.size() == attn.size(), "Mask size must match the attention size!"
        attn.masked_fill_(mask, -INFINITY_NUMBER)
    if return_logattn:
        attn = torch.log_softmax(attn, 1)
        weights = torch.exp(attn)
    else:
        attn = self.sm(attn)
        weights = attn
    if attn_only:
        return attn
    weighted_context = torch.bmm(weights.unsqueeze(1), context).squeeze(1)  # this bmm is fast
    h_tilde = self.tanh(self.linear_out(torch.cat((weighted_context, input), 1)))
    return h_tilde, attn


def install() -> None:
    """Use :func:`forward` for Stanza's seq2seq attention (idempotent)."""
    from stanza.models.common.seq2seq_modules import SoftDotAttention
    SoftDotAttention.forward = forward
