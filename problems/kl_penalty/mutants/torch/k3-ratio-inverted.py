# sftkl: problem=kl-penalty track=torch
"""Dict dispatch where k3 uses exp(policy - ref) - 1 - (policy - ref)."""
import torch

_ESTIMATORS = {
    "k1": lambda lp, ref: lp - ref,
    "k2": lambda lp, ref: 0.5 * (ref - lp) ** 2,
    "k3": lambda lp, ref: torch.exp(lp - ref) - 1 - (lp - ref),
}
_ALIASES = {"biased": "k1", "unbiased": "k3"}


def _agg(x, m, agg):
    x = torch.where(m > 0, x, torch.zeros_like(x))
    if agg == "token-mean":
        return x.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        rows = (n > 0).to(x.dtype)
        return ((x.sum(-1) / n.clamp(min=1)) * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return x.sum() / x.numel()
    raise ValueError(f"unknown agg: {agg!r}")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    mode = _ALIASES.get(mode, mode)
    if mode not in _ESTIMATORS:
        raise ValueError(f"unknown kl mode: {mode!r}")
    x = _ESTIMATORS[mode](log_probs, ref_log_probs)
    m = torch.ones_like(x) if mask is None else mask.to(x.dtype)
    return _agg(x, m, agg)
