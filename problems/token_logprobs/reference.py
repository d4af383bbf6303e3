"""Hidden float64 reference for token-logprobs (runs only in the grading process)."""

from __future__ import annotations

import numpy as np


def _parts(logits, labels, ignore_index):
    """Shifted log-probs of the labels, the keep mask and the softmax, in [B, T-1(, V)] layout."""
    lg, lb = logits[:, :-1], labels[:, 1:]
    keep = lb != ignore_index
    m = lg.max(axis=-1, keepdims=True) if lg.size else np.zeros(lg.shape[:-1] + (1,))
    z = lg - m
    lse = np.log(np.exp(z).sum(axis=-1))
    picked = np.take_along_axis(z, np.where(keep, lb, 0)[..., None], -1)[..., 0]
    return np.where(keep, picked - lse, 0.0), keep, np.exp(z - lse[..., None]), lb


def token_logprobs_batched(logits, labels, ignore_index=-100):
    return _parts(logits, labels, ignore_index)[0]


def sequence_logprob_batched(logits, labels, ignore_index=-100, average=False):
    lp, keep, _, _ = _parts(logits, labels, ignore_index)
    total = lp.sum(axis=-1)
    if average:
        n = keep.sum(axis=-1)
        return np.where(n > 0, total / np.maximum(n, 1), 0.0)
    return total


def _grad(logits, labels, ignore_index, weight):
    """d <out, cotangent> / d logits, with `weight` [B, T-1] the cotangent each kept token's log-prob gets."""
    _, keep, p, lb = _parts(logits, labels, ignore_index)
    g = -p * weight[..., None]
    b, t = np.nonzero(keep)
    g[b, t, lb[b, t]] += weight[b, t]
    g = np.where(keep[..., None], g, 0.0)
    grad = np.zeros(logits.shape, dtype=np.float64)
    grad[:, :-1] = g
    return grad


def token_logprobs_grad(logits, labels, ignore_index=-100, cotangent=None):
    w = np.ones(labels[:, 1:].shape) if cotangent is None else np.asarray(cotangent, dtype=np.float64)
    return {0: _grad(logits, labels, ignore_index, w)}


def sequence_logprob_grad(logits, labels, ignore_index=-100, average=False, cotangent=None):
    keep = labels[:, 1:] != ignore_index
    c = np.ones(labels.shape[0]) if cotangent is None else np.asarray(cotangent, dtype=np.float64)
    w = np.broadcast_to(c[:, None], keep.shape).astype(np.float64)
    if average:
        w = w / np.maximum(keep.sum(axis=-1), 1)[:, None]
    return {0: _grad(logits, labels, ignore_index, w)}


def token_logprobs_1d(logits, labels, ignore_index=-100):
    return token_logprobs_batched(logits[None], labels[None], ignore_index)[0]


def sequence_logprob_1d(logits, labels, ignore_index=-100, average=False):
    return float(sequence_logprob_batched(logits[None], labels[None], ignore_index, average)[0])


REFERENCE = {
    "numpy": {"token_logprobs": token_logprobs_1d, "sequence_logprob": sequence_logprob_1d},
    "torch": {"token_logprobs": token_logprobs_batched, "sequence_logprob": sequence_logprob_batched},
}
GRADIENT = {"torch": {"token_logprobs": token_logprobs_grad, "sequence_logprob": sequence_logprob_grad}}
