"""The faster pairwise scorer gives Stanza's scores (to float rounding) and the same choices."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
biaffine = pytest.importorskip("stanza.models.common.biaffine")

from attribution.parsing.speedups import scoring  # noqa: E402

STANZA_FORWARD = biaffine.PairwiseBilinear.forward


def test_same_scores_and_best_labels_for_many_shapes():
    generator = torch.Generator().manual_seed(0)
    for _ in range(30):
        n, length, others, outputs = (int(torch.randint(1, 40, (1,), generator=generator)) for _ in range(4))
        layer = biaffine.PairwiseBilinear(201, 201, outputs)  # the parser's hidden size + 1
        with torch.no_grad():
            layer.weight.normal_(generator=generator)
            layer.bias.normal_(generator=generator)
            first = torch.randn(n, length, 201, generator=generator)
            second = torch.randn(n, others, 201, generator=generator)
            want = STANZA_FORWARD(layer, first, second)
            got = scoring.forward(layer, first, second)
        assert got.shape == want.shape == (n, length, others, outputs)
        # the same products summed in another order: equal to float rounding
        torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-3)
        assert torch.equal(got.argmax(-1), want.argmax(-1))
