"""Models of the known sft-loss mistakes, for diagnosis in the grading process.

Each model runs on the case's inputs in the case's own dtype and memory layout,
so a float32 overflow or a failing `.view` happens here exactly where it
happens in the learner's code. A list holds variants: the mistake is named if
any variant explains the failures. Models raise `AnyError` where the learner's
code would raise something whose type depends on how it was written.
"""

from __future__ import annotations

import numpy as np


class AnyError(Exception):
    """The learner's code raises here, with a type that depends on how it was written.

    Its message is a fragment the learner's exception message contains
    ("out of bounds" for IndexError / RuntimeError on a bad index).
    """


def _lse(x, stable=True):
    if not stable:
        return np.log(np.exp(x).sum(-1))
    m = x.max(-1, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(-1, keepdims=True)))[..., 0]


def _take(x, t, track, neg="native"):
    """x[..., t] with the learner's indexing semantics for labels that were not masked out."""
    v = x.shape[-1]
    if neg == "clamp":
        t = np.maximum(t, 0)
    if np.any(t >= v) or np.any(t < -v) or (track == "torch" and np.any(t < 0)):
        raise AnyError("out of bounds")
    return np.take_along_axis(x, t[..., None] % v, -1)[..., 0]


def _half(x):
    """float16 values held in float32 (±inf beyond 65504), as torch's half kernels hold them."""
    return np.asarray(x).astype(np.float16).astype(np.float32)


def model(track, *, shift="right", mask="exact", reduce="token-mean", empty="zero", logp="stable",
          hard_ignore=None, neg="native", no_copy_view=False, view_after_guard=False, half=None):
    """Build an sft-loss variant over [B, T, V] logits (the numpy track adds the batch axis).

    `half="sum"` / `half="mean"`: the loss computed in float16 (`logits.half()`), the
    token sum rounded to float16 (it overflows past 65504) or only the mean."""

    def f(logits, labels, ignore_index=-100):
        if track == "numpy":
            logits, labels = logits[None], labels[None]
        out_dtype = logits.dtype
        if half:
            logits = _half(logits)
        if shift == "right":
            lg, lb = logits[:, :-1], labels[:, 1:]
        elif shift == "reversed":
            lg, lb = logits[:, 1:], labels[:, :-1]
        elif shift == "drop-last":  # labels[:-1] with logits[:-1]: both cut, neither shifted
            lg, lb = logits[:, :-1], labels[:, :-1]
        else:
            lg, lb = logits, labels
        if view_after_guard and not np.any(lb != ignore_index):
            return 0.0
        if no_copy_view:
            try:
                lg = np.reshape(lg, (-1, lg.shape[-1]), copy=False)
            except ValueError:
                raise RuntimeError("view size is not compatible with input tensor's size and stride") from None
            lg = lg.reshape(lb.shape + (logits.shape[-1],))
        ign = ignore_index if hard_ignore is None else hard_ignore
        keep = lb != ign
        if logp == "stable":
            lsm = lg - _lse(lg)[..., None]
        elif logp == "eps":
            m = lg.max(-1, keepdims=True)
            e = np.exp(lg - m)
            lsm = np.log(e / e.sum(-1, keepdims=True) + 1e-12)
        elif logp == "no-max-lse":
            lsm = lg - _lse(lg, stable=False)[..., None]
        else:  # "no-max-prob": log(exp(x) / sum(exp(x)))
            e = np.exp(lg)
            lsm = np.log(e / e.sum(-1, keepdims=True))
        if half:
            lsm = _half(lsm)
        if mask == "none":
            nll = -_take(lsm, lb, track)
            keep = np.ones_like(keep)
        else:
            nll = -_take(lsm, np.where(keep, lb, 0), track, neg)
            nll = np.where(keep, nll, 0.0)
        if mask == "count-all":
            keep = np.ones_like(keep)
        n = keep.sum()
        if reduce == "sum":
            return nll.sum()
        if reduce == "seq-mean":
            per = nll.sum(-1)
            cnt = keep.sum(-1)
            if empty == "nan":
                with np.errstate(all="ignore"):
                    return (per / cnt).mean()
            if empty == "exclude":
                return float(np.mean(per[cnt > 0] / cnt[cnt > 0])) if np.any(cnt > 0) else 0.0
            return np.mean(per / np.maximum(cnt, 1))
        if half:
            total = nll.astype(np.float32).sum()
            if half == "sum":
                total = _half(total)
            return _half(total / max(n, 1)).astype(out_dtype)
        if n == 0:
            if empty == "raise":
                raise AnyError("division")
            return np.nan if empty == "nan" else 0.0
        return nll.sum() / n

    if half:
        f.precision = "float16"  # values known to float16's precision only (see graders/diagnose.py)
    return {"sft_loss": f}


def _variants(track, *kws):
    return {"sft_loss": [model(track, **kw)["sft_loss"] for kw in kws]}


def models_for(track):
    out = {
        "shift-reversed": model(track, shift="reversed"),
        "no-shift": _variants(track, {"shift": "none"}, {"shift": "drop-last"}),
        "ignore-index-missing": _variants(track, {"mask": "count-all"}, {"mask": "none"}, {"hard_ignore": -100},
                                          {"hard_ignore": -100, "neg": "clamp"}),
        "nan-all-ignored": _variants(track, {"empty": "nan"}, {"empty": "raise"}),
        "sum-not-mean": model(track, reduce="sum"),
        "log-softmax-underflow": model(track, logp="eps"),
        "softmax-overflow": _variants(track, {"logp": "no-max-lse"}, {"logp": "no-max-prob"}),
    }
    if track == "torch":
        out["per-sequence-mean"] = _variants(track, {"reduce": "seq-mean"}, {"reduce": "seq-mean", "empty": "nan"},
                                         {"reduce": "seq-mean", "empty": "exclude"})
        out["view-noncontiguous"] = _variants(track, {"no_copy_view": True},
                                              {"no_copy_view": True, "view_after_guard": True})
        out["half-precision-overflow"] = _variants(track, {"half": "sum"}, {"half": "mean"})
    return out


_NUMPY, _TORCH = models_for("numpy"), models_for("torch")
MODELS = {mid: {"numpy": _NUMPY.get(mid, {}), "torch": _TORCH[mid]} for mid in _TORCH}
