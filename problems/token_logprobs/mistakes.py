"""Models of the known token-logprobs mistakes, for diagnosis in the grading process.

Each model runs on the case's inputs in the case's own dtype and memory layout.
A list holds variants: the mistake is named if one variant explains every case.
The models work in [B, T, V] layout (the numpy track adds and drops the batch
axis), and `sequence_logprob` is built on the same token log-probs, as a
learner's code builds it. Models raise `AnyError` where the learner's code would
raise something whose type depends on how it was written.
"""

from __future__ import annotations

import numpy as np


class AnyError(Exception):
    """The learner's code raises here; its message contains this fragment ("out of bounds")."""


def _lse(x):
    m = x.max(-1, keepdims=True) if x.size else np.zeros(x.shape[:-1] + (1,), x.dtype)
    return (m + np.log(np.exp(x - m).sum(-1, keepdims=True)))[..., 0]


def _take(x, t, index):
    """x[..., t] with the learner's indexing: numpy (and torch fancy indexing) wrap a
    negative index from the end, torch's gather raises on any negative index."""
    v = x.shape[-1]
    if np.any(t >= v) or np.any(t < -v) or (index == "gather" and np.any(t < 0)):
        raise AnyError("out of bounds")
    return np.take_along_axis(x, (t % v)[..., None], -1)[..., 0]


def model(track, *, shift="right", logp="stable", eps=1e-12, mask="exact", index="native", average="kept"):
    """Build a token-logprobs variant: `mask` "exact" (the reference), "none" (gathered at
    the ignore index and never masked), "after" (gathered at the ignore index, then
    masked), "hard-100" (the mask tests -100, not the argument); `average` "kept" (the
    reference), "positions" (sum / (T-1), NaN at T == 1), "positions-clamped"."""

    def token(logits, labels, ignore_index=-100):
        if track == "numpy":
            logits, labels = logits[None], labels[None]
        if shift == "right":
            lg, lb = logits[:, :-1], labels[:, 1:]
        elif shift == "reversed":
            lg, lb = logits[:, 1:], labels[:, :-1]
        elif shift == "drop-last":  # logits[:-1] with labels[:-1]: both cut, neither shifted
            lg, lb = logits[:, :-1], labels[:, :-1]
        else:  # all T positions
            lg, lb = logits, labels
        if logp == "stable":
            lsm = lg - _lse(lg)[..., None]
        else:
            m = lg.max(-1, keepdims=True) if lg.size else 0.0
            e = np.exp(lg - m)
            p = e / e.sum(-1, keepdims=True)
            lsm = np.log(p + eps) if logp == "eps" else np.log(p)
        keep = lb != (-100 if mask == "hard-100" else ignore_index)
        if mask == "none":
            out = _take(lsm, lb, index)
        elif mask == "after":
            out = np.where(keep, _take(lsm, lb, index), 0.0)
        else:
            out = np.where(keep, _take(lsm, np.where(keep, lb, 0), index), 0.0)
        return (out[0] if track == "numpy" else out), keep

    def token_logprobs(logits, labels, ignore_index=-100):
        return token(logits, labels, ignore_index)[0]

    def sequence_logprob(logits, labels, ignore_index=-100, average_=False):
        out, keep = token(logits, labels, ignore_index)
        if track == "numpy":
            out = out[None]
        total = out.sum(-1)
        if average_:
            if average == "kept":
                n = keep.sum(-1)
                total = np.where(n > 0, total / np.maximum(n, 1), 0.0)
            elif average == "positions":
                total = total / out.shape[-1]
            else:
                total = total / max(out.shape[-1], 1)
        return total[0] if track == "numpy" else total

    return {"token_logprobs": token_logprobs, "sequence_logprob": sequence_logprob}


def _variants(track, *kws):
    built = [model(track, **kw) for kw in kws]
    return {call: [b[call] for b in built] for call in ("token_logprobs", "sequence_logprob")}


def models_for(track):
    indexing = ("native",) if track == "numpy" else ("gather", "native")
    ignore = [{"mask": m, "index": i} for i in indexing for m in ("none", "after", "hard-100")]
    eps = [{"logp": "plain"}] + [{"logp": "eps", "eps": e} for e in (1e-12, 1e-10, 1e-9, 1e-8)]
    return {
        "no-shift": _variants(track, {"shift": "none"}, {"shift": "drop-last"}),
        "shift-reversed": model(track, shift="reversed"),
        "log-softmax-underflow": _variants(track, *eps),
        "ignore-index-missing": _variants(track, *ignore),
        "mean-over-all-positions": {"sequence_logprob": [model(track, average=a)["sequence_logprob"]
                                                         for a in ("positions", "positions-clamped")]},
    }


_NUMPY, _TORCH = models_for("numpy"), models_for("torch")
MODELS = {mid: {"numpy": _NUMPY[mid], "torch": _TORCH[mid]} for mid in _TORCH}
