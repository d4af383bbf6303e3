# sftkl: problem=grpo-loss track=torch
"""GRPO loss (clipped surrogate + β·k3, masked and aggregated), PyTorch track.

Statement: `sftkl show grpo-loss`   Grade: `sftkl grade`
题目:`sftkl show grpo-loss`        评分:`sftkl grade`
"""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    """The GRPO loss as a 0-dim tensor that carries gradient to log_probs.

    log_probs, old_log_probs, ref_log_probs, mask: [B, T]; advantages: [B], one per
    sequence, shared by all its tokens. Per token, with r = exp(log_probs - old_log_probs):
        -min(r·A, clip(r, 1 - clip_eps, 1 + clip_eps)·A) + beta·k3,
        k3 = exp(ref - logp) - (ref - logp) - 1   (unclamped; skipped when beta == 0,
                                                   and then ref_log_probs may be None)
    mask: bool or float 0/1. agg (x = per-token loss, m = mask):
      "token-mean"              sum(x·m) / sum(m)
      "seq-mean-token-mean"     mean over rows with a kept token of sum_t(x·m) / sum_t(m)
      "seq-mean-token-sum"      mean over all B rows of sum_t(x·m)
      "seq-mean-token-sum-norm" sum(x·m) / (B·T)
    Nothing kept -> 0 with zero gradient, never NaN. Unknown agg -> ValueError.

    逐 token 的 GRPO 损失:-min(r·A, clip(r, 1 - ε, 1 + ε)·A) + β·k3,其中
    r = exp(log_probs - old_log_probs),A = advantages[b] 作用于第 b 行的每个 token;
    beta == 0 时没有 KL 项,ref_log_probs 可以是 None。按 mask 以 agg 聚合(见上表)。
    没有保留任何 token 时返回 0 且梯度为 0;未知的 agg 抛出 ValueError。
    """
    raise NotImplementedError("grpo_loss is not written yet / 尚未实现 grpo_loss")
