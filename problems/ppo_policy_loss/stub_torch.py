# sftkl: problem=ppo-policy-loss track=torch
"""PPO policy loss (clipped surrogate), PyTorch track.

Statement: `sftkl show ppo-policy-loss`   Grade: `sftkl grade`
题目:`sftkl show ppo-policy-loss`        评分:`sftkl grade`
"""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    """PPO's clipped policy loss, averaged over the kept tokens.

    log_probs: [B, T] log-probabilities of the sampled tokens under the current policy
    (requires grad); old_log_probs: [B, T] under the policy that sampled them;
    advantages: [B, T]; mask: [B, T] bool or float 0/1 (1 = response token).
    r = exp(log_probs - old_log_probs); per token
        loss = max(-A·r, -A·clip(r, 1 - clip_low, 1 + clip_high))
    and with dual_clip = c (> 1), for tokens with A < 0: loss = min(loss, -A·c).
    Return the token-mean over the mask, Σ loss·m / Σ m, as a 0-dim tensor that carries
    gradient to log_probs; nothing kept -> 0 with zero gradient, never NaN.
    dual_clip <= 1 -> ValueError.

    PPO 的截断策略损失,对保留的 token 取平均。r = exp(log_probs - old_log_probs);
    逐 token:loss = max(-A·r, -A·clip(r, 1 - clip_low, 1 + clip_high));给定 dual_clip = c(> 1)时,
    对 A < 0 的 token:loss = min(loss, -A·c)。返回按 mask 的 token 平均 Σ loss·m / Σ m,
    一个能把梯度传回 log_probs 的 0 维张量;没有保留任何 token 时返回 0 且梯度为 0,不能是 NaN。
    dual_clip <= 1 时抛出 ValueError。
    """
    raise NotImplementedError("ppo_policy_loss is not written yet / 尚未实现 ppo_policy_loss")
