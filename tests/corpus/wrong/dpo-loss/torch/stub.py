# sftkl: problem=dpo-loss track=torch
"""Untouched stub (problems/dpo_loss/stub_torch.py, module docstring folded to one line): raises NotImplementedError."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    """Return (loss, chosen_rewards, rejected_rewards).

    All four inputs are [B] sequence log-probs; only the policy ones require grad.
    h = (policy_chosen - ref_chosen) - (policy_rejected - ref_rejected).
    loss (0-dim, the mean over the batch of): "sigmoid": -(1-ε)·logσ(β·h) - ε·logσ(-β·h)
    with ε = label_smoothing; "ipo": (h - 1/(2β))²; "hinge": relu(1 - β·h); any other
    loss_type raises ValueError. chosen_rewards = β·(policy_chosen - ref_chosen) and
    rejected_rewards = β·(policy_rejected - ref_rejected), [B] each, detached.

    返回 (loss, chosen_rewards, rejected_rewards)。四个输入都是 [B] 的序列对数概率,只有策略的两个需要梯度。
    h = (policy_chosen - ref_chosen) - (policy_rejected - ref_rejected)。loss 为 0 维,对 batch 取平均:
    "sigmoid":-(1-ε)·logσ(β·h) - ε·logσ(-β·h),ε = label_smoothing;"ipo":(h - 1/(2β))²;
    "hinge":relu(1 - β·h);其他 loss_type 抛出 ValueError。chosen_rewards = β·(policy_chosen - ref_chosen),
    rejected_rewards = β·(policy_rejected - ref_rejected),各为 [B],且要 detach。
    """
    raise NotImplementedError("dpo_loss is not written yet / 尚未实现 dpo_loss")
