"""Property tests: the tolerances accept every correct float32 computation hypothesis can find.

The grader compares against float64 references; a false fail is the worst bug it can
have. These draw shapes, magnitudes, dtypes and masks and check, without a child
process, that float32 results from PyTorch's own kernels always sit inside the
tolerance the grader uses.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sftkl.graders.casekit import Arr, edge
from sftkl.graders.compare import case_dtype, case_scale, close
from sftkl.problems.kl_penalty import reference as kl_ref
from sftkl.problems.sft_loss import reference as sft_ref
from sftkl.problems.softmax import reference as sm_ref

SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def sft_inputs(draw):
    b, t, v = draw(st.integers(1, 4)), draw(st.integers(1, 12)), draw(st.integers(2, 200))
    scale = draw(st.sampled_from([1e-3, 1.0, 30.0, 1e3, 1e4]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    logits = (rng.standard_normal((b, t, v)) * scale).astype(np.float32)
    labels = rng.integers(0, v, size=(b, t))
    labels[rng.random((b, t)) < draw(st.floats(0, 1))] = -100
    if draw(st.booleans()):  # some targets far below their row max
        logits[..., 0] = logits.max(-1) - 1000.0
        labels[labels >= 0] = 0
    return logits, labels


@SETTINGS
@given(sft_inputs())
def test_float32_cross_entropy_is_within_tolerance(inputs):
    logits, labels = inputs
    case = edge("p", "p", "p", "sft_loss", Arr(logits), Arr(labels))
    want = np.asarray(sft_ref.sft_loss_batched(logits.astype(np.float64), labels))
    x = torch.from_numpy(logits)[:, :-1].reshape(-1, logits.shape[-1])
    y = torch.from_numpy(labels)[:, 1:].reshape(-1)
    n = int((y != -100).sum())
    got = (F.cross_entropy(x, y, ignore_index=-100, reduction="sum") / max(n, 1)).numpy()
    assert close(np.asarray(got, dtype=np.float64), want, case_dtype(case), case_scale(case)).all()


@SETTINGS
@given(sft_inputs())
def test_float32_gradient_is_within_tolerance(inputs):
    logits, labels = inputs
    want = sft_ref.sft_loss_grad(logits.astype(np.float64), labels)[0]
    x = torch.from_numpy(logits).requires_grad_(True)
    y = torch.from_numpy(labels)[:, 1:].reshape(-1)
    n = int((y != -100).sum())
    loss = F.cross_entropy(x[:, :-1].reshape(-1, x.shape[-1]), y, ignore_index=-100, reduction="sum") / max(n, 1)
    (g,) = torch.autograd.grad(loss, [x])
    assert close(g.numpy().astype(np.float64), want, "float32", 1.0, grad=True).all()


@SETTINGS
@given(st.integers(1, 3), st.integers(1, 50), st.sampled_from([1.0, 50.0, 1e4]), st.integers(0, 2**32 - 1))
def test_float32_softmax_is_within_tolerance(rows, width, scale, seed):
    x = (np.random.default_rng(seed).standard_normal((rows, width)) * scale).astype(np.float32)
    case = edge("p", "p", "p", "softmax", Arr(x))
    want = np.asarray(sm_ref.REFERENCE["torch"]["softmax"](x.astype(np.float64)))
    got = torch.softmax(torch.from_numpy(x), dim=-1).numpy().astype(np.float64)
    assert close(got, want, case_dtype(case), case_scale(case)).all()


@SETTINGS
@given(st.sampled_from(["k1", "k2", "k3"]), st.floats(0.01, 30), st.integers(0, 2**32 - 1))
def test_float32_kl_penalty_is_within_tolerance(mode, spread, seed):
    rng = np.random.default_rng(seed)
    lp = (-np.abs(rng.standard_normal((2, 7))) * spread).astype(np.float32)
    lq = (-np.abs(rng.standard_normal((2, 7))) * spread).astype(np.float32)
    # float32's exp overflows past 88.7: no float32 code can compute such a k3 (the grader's
    # largest log-ratio is 30, the large-ratio cases)
    assume(mode != "k3" or float(np.max(lq - lp)) < 80.0)
    case = edge("p", "p", "p", "kl_penalty", Arr(lp), Arr(lq), mode)
    want = np.asarray(kl_ref.REFERENCE["torch"]["kl_penalty"](lp.astype(np.float64), lq.astype(np.float64), mode))
    p, q = torch.from_numpy(lp), torch.from_numpy(lq)
    lr = q - p
    got = {"k1": -lr, "k2": 0.5 * lr**2, "k3": torch.expm1(lr) - lr}[mode].mean().numpy().astype(np.float64)
    assert close(np.asarray(got), want, case_dtype(case), case_scale(case)).all()


def _torch_aggregate(x, m, agg):
    xm = torch.where(m != 0, x, torch.zeros_like(x)) * m
    if agg == "token-mean":
        return xm.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        rows = (n > 0).to(x.dtype)
        return (xm.sum(-1) / n.clamp(min=1) * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return xm.sum(-1).mean()
    return xm.sum() / m.numel()


@SETTINGS
@given(
    st.sampled_from(["k1", "k2", "k3"]),
    st.sampled_from(list(kl_ref.AGGS)),
    st.floats(0.01, 10),  # |log r| stays far below float32's exp overflow (88.7), as in the cases (<= 30)
    st.floats(0, 1),
    st.integers(0, 2**32 - 1),
)
def test_float32_masked_kl_penalty_and_gradient_are_within_tolerance(mode, agg, spread, keep, seed):
    rng = np.random.default_rng(seed)
    b, t = int(rng.integers(1, 6)), int(rng.integers(1, 40))
    lp = (-np.abs(rng.standard_normal((b, t))) * spread).astype(np.float32)
    lq = (-np.abs(rng.standard_normal((b, t))) * spread).astype(np.float32)
    mask = rng.random((b, t)) < keep
    case = edge("p", "p", "p", "kl_penalty", Arr(lp), Arr(lq), mode, Arr(mask), agg)
    args = (lp.astype(np.float64), lq.astype(np.float64), mode, mask, agg)
    want = np.asarray(kl_ref.REFERENCE["torch"]["kl_penalty"](*args))
    p = torch.from_numpy(lp).requires_grad_(True)
    lr = torch.from_numpy(lq) - p
    x = {"k1": -lr, "k2": 0.5 * lr**2, "k3": torch.expm1(lr) - lr}[mode]
    got = _torch_aggregate(x, torch.from_numpy(mask).to(x.dtype), agg)
    assert close(np.asarray(got.detach().numpy(), dtype=np.float64), want, case_dtype(case), case_scale(case)).all()
    (g,) = torch.autograd.grad(got, [p])
    want_g = kl_ref.GRADIENT["torch"]["kl_penalty"](*args)[0]
    assert np.all(np.isfinite(g.numpy()))
    assert close(g.numpy().astype(np.float64), want_g, "float32", 1.0, grad=True).all()
