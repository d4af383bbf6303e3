# sftkl: problem=kl-penalty track=torch
"""Dict dispatch where k1 (and its alias biased) is ref - policy."""
import torch

_ESTIMATORS = {
    "k1": lambda lr: lr,
    "k2": lambda lr: 0.5 * lr.pow(2),
    "k3": lambda lr: torch.exp(lr) - 1 - lr,
}
_ESTIMATORS["biased"] = _ESTIMATORS["k1"]
_ESTIMATORS["unbiased"] = _ESTIMATORS["k3"]


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    if mode not in _ESTIMATORS:
        raise ValueError(f"unknown kl mode: {mode!r}")
    log_ratio = ref_log_probs - log_probs
    return _ESTIMATORS[mode](log_ratio).mean()
