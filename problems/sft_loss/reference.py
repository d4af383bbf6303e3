"""Hidden float64 reference for sft-loss (runs only in the grading process)."""

from __future__ import annotations

import numpy as np


def _log_softmax(x: np.ndarray) -> np.ndarray:
    m = x.max(axis=-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))


def _kept(logits: np.ndarray, labels: np.ndarray, ignore_index: int):
    """Shifted logits and targets of the kept positions, in [B, T, V] / [B, T] layout."""
    lg, lb = logits[:, :-1], labels[:, 1:]
    keep = lb != ignore_index
    return lg, lb, keep


def sft_loss_batched(logits, labels, ignore_index=-100):
    lg, lb, keep = _kept(logits, labels, ignore_index)
    n = int(keep.sum())
    if n == 0:
        return 0.0
    x = lg[keep]
    t = lb[keep]
    m = x.max(axis=-1)
    lse = m + np.log(np.exp(x - m[:, None]).sum(axis=-1))  # log-sum-exp per kept row
    return float((lse - x[np.arange(n), t]).sum() / n)


def sft_loss_1d(logits, labels, ignore_index=-100):
    return sft_loss_batched(logits[None], labels[None], ignore_index)


def sft_loss_grad(logits, labels, ignore_index=-100, cotangent=None):
    """d loss / d logits: (softmax - onehot) / N at kept positions, zero elsewhere (also when N == 0)."""
    lg, lb, keep = _kept(logits, labels, ignore_index)
    grad = np.zeros_like(logits, dtype=np.float64)
    n = int(keep.sum())
    if n:
        x = lg[keep]
        p = np.exp(_log_softmax(x))
        p[np.arange(n), lb[keep]] -= 1.0
        g = np.zeros_like(lg, dtype=np.float64)
        g[keep] = p / n
        grad[:, :-1] = g
    scale = 1.0 if cotangent is None else float(cotangent)
    return {0: grad * scale}


REFERENCE = {"numpy": {"sft_loss": sft_loss_1d}, "torch": {"sft_loss": sft_loss_batched}}
GRADIENT = {"torch": {"sft_loss": sft_loss_grad}}
