# sftkl: problem=kl-penalty track=torch
"""Untouched stub (problems/kl_penalty/stub_torch.py, module docstring folded to one line): raises NotImplementedError."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    """Per-token estimate of KL(π_θ ‖ π_ref), masked and aggregated to a scalar.

    log_probs, ref_log_probs: [B, T] log-probabilities of the sampled tokens under
    the policy and the reference (may be non-contiguous). log r = ref_log_probs -
    log_probs; mode "k1"/"biased": -log r, "k2": ½ (log r)², "k3"/"unbiased":
    (r - 1) - log r (unclamped). mask: [B, T] bool or float 0/1, None = all ones.
    agg (x = per-token value, m = mask):
      "token-mean"              sum(x·m) / sum(m)
      "seq-mean-token-mean"     mean over rows with a kept token of sum_t(x·m) / sum_t(m)
      "seq-mean-token-sum"      mean over all B rows of sum_t(x·m)
      "seq-mean-token-sum-norm" sum(x·m) / (B·T)
    Nothing kept -> 0 with zero gradient, never NaN. Unknown mode or agg -> ValueError.
    Return a 0-dim tensor that carries gradient to log_probs.

    逐 token 估计 KL(π_θ ‖ π_ref),按 mask 聚合为标量。log r = ref_log_probs - log_probs;
    mode "k1"/"biased":-log r,"k2":½ (log r)²,"k3"/"unbiased":(r - 1) - log r(不截断)。
    mask:[B, T] 的 bool 或 0/1 浮点,None 表示全 1。agg 的含义见上表。没有保留任何 token 时
    返回 0 且梯度为 0,不能是 NaN;未知的 mode 或 agg 抛出 ValueError。
    返回能把梯度传回 log_probs 的 0 维张量。
    """
    raise NotImplementedError("kl_penalty is not written yet / 尚未实现 kl_penalty")
