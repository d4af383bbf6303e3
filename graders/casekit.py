"""Small helpers for problem packs' case builders."""

from __future__ import annotations

from typing import Any

import numpy as np

from sftkl.graders.model import Arr, Case


def edge(id: str, en: str, zh: str, call: str, *args: Any, **kw: Any) -> Case:
    """A named edge case."""
    return Case(id=id, kind="edge", description={"en": en, "zh": zh}, call=call, args=tuple(args), **kw)


def rand(id: str, en: str, zh: str, call: str, *args: Any, **kw: Any) -> Case:
    """A seeded random case."""
    return Case(id=id, kind="random", description={"en": en, "zh": zh}, call=call, args=tuple(args), **kw)


def prompt_labels(rng: np.random.Generator, shape: tuple[int, ...], vocab: int, ignore_index: int = -100) -> np.ndarray:
    """Token ids with a random-length prompt prefix per row set to ignore_index (as in SFT data).

    Each row of length >= 4 keeps at least its last token and ignores at least its first
    two, so after the shift a case never degenerates into "nothing kept" or "nothing
    ignored" by chance.
    """
    labels = rng.integers(0, vocab, size=shape, dtype=np.int64)
    rows = labels.reshape(-1, shape[-1])
    t = shape[-1]
    for row in rows:
        cut = int(rng.integers(2, t - 1)) if t >= 4 else min(1, t)
        row[:cut] = ignore_index
    return rows.reshape(shape)


def floats(rng: np.random.Generator, shape: tuple[int, ...], dtype: str = "float32", scale: float = 1.0) -> np.ndarray:
    if dtype == "float32":  # drawn in float32 directly: half the cost on the large cases
        return rng.standard_normal(shape, dtype=np.float32) * np.float32(scale)
    return (rng.standard_normal(shape) * scale).astype(dtype)


def far_below(logits: np.ndarray, labels: np.ndarray, ignore_index: int = -100) -> np.ndarray:
    """[B, T, V] logits with every kept target's logit put 1000 below its row's max (its
    probability underflows to 0); labels are unshifted, so position t scores label t + 1."""
    lg = logits.copy()
    b_idx, t_idx = np.nonzero(labels[..., 1:] != ignore_index)
    for b, t in zip(b_idx, t_idx):
        row = lg[b, t]
        row[labels[b, t + 1]] = row.max() - 1000.0
    return lg


def bf16(x: np.ndarray) -> np.ndarray:
    """The bfloat16 nearest each value (round half to even), held exactly as float32.

    Pass it as `Arr(bf16(x), dtype="bfloat16")`: the child makes a bfloat16 tensor of
    it, and the reference computes in float64 from these very values."""
    u = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    u = (u + np.uint32(0x7FFF) + ((u >> np.uint32(16)) & np.uint32(1))) & np.uint32(0xFFFF0000)
    return u.view(np.float32).reshape(np.shape(x))


def log_probs(rng: np.random.Generator, shape, scale: float = 1.0, dtype: str = "float64") -> np.ndarray:
    """Log-probabilities of sampled tokens: negative numbers of a given typical size."""
    return (-np.abs(rng.standard_normal(shape)) * scale - 1e-3).astype(dtype)


def log_prob_pair(rng: np.random.Generator, shape, dtype: str = "float64") -> tuple[np.ndarray, np.ndarray]:
    """Two log-prob arrays that differ systematically (KL clearly away from 0, so a sign flip shows)."""
    a = float(rng.uniform(0.3, 1.5))
    b = a + float(rng.uniform(0.5, 2.0))
    if rng.random() < 0.5:
        a, b = b, a
    return log_probs(rng, shape, a, dtype), log_probs(rng, shape, b, dtype)


__all__ = ["Arr", "edge", "rand", "prompt_labels", "floats", "far_below", "bf16", "log_probs", "log_prob_pair"]
