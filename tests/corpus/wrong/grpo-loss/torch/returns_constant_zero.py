# sftkl: problem=grpo-loss track=torch
"""Returns 0 connected to the graph, whatever the inputs."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(agg)
    return log_probs.sum() * 0.0
