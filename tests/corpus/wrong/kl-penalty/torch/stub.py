# sftkl: problem=kl-penalty track=torch
"""Untouched stub (problems/kl_penalty/stub_torch.py, module docstring folded to one line): raises NotImplementedError."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    """Mean over all entries of the per-token estimate of KL(π_θ ‖ π_ref).

    log_probs, ref_log_probs: [B, T] log-probabilities of the sampled tokens under
    the policy and the reference (may be non-contiguous). log r = ref_log_probs -
    log_probs; mode "k1"/"biased": -log r, "k2": ½ (log r)², "k3"/"unbiased":
    (r - 1) - log r; any other mode raises ValueError. Return a 0-dim tensor that
    carries gradient to log_probs.

    对所有元素求逐 token KL(π_θ ‖ π_ref) 估计的平均值。log r = ref_log_probs - log_probs;
    mode "k1"/"biased":-log r,"k2":½ (log r)²,"k3"/"unbiased":(r - 1) - log r;
    其他 mode 抛出 ValueError。返回能把梯度传回 log_probs 的 0 维张量。
    """
    raise NotImplementedError("kl_penalty is not written yet / 尚未实现 kl_penalty")
