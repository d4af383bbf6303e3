# sftkl: problem=kl-penalty track=torch
"""Dict dispatch where k3 uses exp(policy - ref) - 1 - (policy - ref)."""
import torch

_ESTIMATORS = {
    "k1": lambda lp, ref: lp - ref,
    "k2": lambda lp, ref: 0.5 * (ref - lp) ** 2,
    "k3": lambda lp, ref: torch.exp(lp - ref) - 1 - (lp - ref),
}
_ALIASES = {"biased": "k1", "unbiased": "k3"}


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    mode = _ALIASES.get(mode, mode)
    if mode not in _ESTIMATORS:
        raise ValueError(f"unknown kl mode: {mode!r}")
    return _ESTIMATORS[mode](log_probs, ref_log_probs).mean()
