# sftkl: problem=kl-penalty track=torch
"""Returns log_probs unchanged for every valid mode and agg."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in ("k1", "k2", "k3", "biased", "unbiased"):
        raise ValueError(mode)
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(agg)
    return log_probs
