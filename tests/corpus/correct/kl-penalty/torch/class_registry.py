# sftkl: problem=kl-penalty track=torch
"""A class of staticmethod estimators and staticmethod aggregations looked up with getattr after mapping the names; float32-or-better compute."""
import torch


class _Estimators:
    @staticmethod
    def k1(log_r):
        return -log_r

    @staticmethod
    def k2(log_r):
        return log_r.square() / 2

    @staticmethod
    def k3(log_r):
        return torch.expm1(log_r) - log_r


class _Aggregations:
    @staticmethod
    def token_mean(x, m):
        return x.sum() / m.sum().clamp(min=1)

    @staticmethod
    def seq_mean_token_mean(x, m):
        n = m.sum(dim=-1)
        rows = (n > 0).sum().clamp(min=1)
        return (x.sum(dim=-1) / n.clamp(min=1)).sum() / rows

    @staticmethod
    def seq_mean_token_sum(x, m):
        return x.sum(dim=-1).sum() / m.shape[0]

    @staticmethod
    def seq_mean_token_sum_norm(x, m):
        return x.sum() / (m.shape[0] * m.shape[1])


_NAMES = {"k1": "k1", "biased": "k1", "k2": "k2", "k3": "k3", "unbiased": "k3"}
_AGGS = {
    "token-mean": "token_mean",
    "seq-mean-token-mean": "seq_mean_token_mean",
    "seq-mean-token-sum": "seq_mean_token_sum",
    "seq-mean-token-sum-norm": "seq_mean_token_sum_norm",
}


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    name = _NAMES.get(mode)
    if name is None:
        raise ValueError(f"unsupported KL estimator {mode!r}")
    agg_name = _AGGS.get(agg)
    if agg_name is None:
        raise ValueError(f"unsupported aggregation {agg!r}")
    up = torch.promote_types(log_probs.dtype, torch.float32)
    log_r = ref_log_probs.to(up) - log_probs.to(up)
    x = getattr(_Estimators, name)(log_r)
    keep = torch.ones_like(x, dtype=torch.bool) if mask is None else mask != 0
    x = torch.where(keep, x, torch.zeros_like(x))
    return getattr(_Aggregations, agg_name)(x, keep.to(up))
