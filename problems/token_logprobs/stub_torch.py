# sftkl: problem=token-logprobs track=torch
"""Token log-probs, PyTorch track.

Statement: `sftkl show token-logprobs --track torch`   Grade: `sftkl grade`
题目:`sftkl show token-logprobs --track torch`        评分:`sftkl grade`
"""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    """log p(labels[t + 1] | logits[t]) for each position t; exactly 0 where the label is ignore_index.

    logits [B, T, V] (may be non-contiguous, may be bfloat16), labels [B, T] (unshifted).
    对每个位置 t 返回 log p(labels[t + 1] | logits[t]);label 为 ignore_index 的位置恰好为 0。
    """
    raise NotImplementedError("token_logprobs is not written yet / 尚未实现 token_logprobs")


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    """Sum of the kept tokens' log-probs (their mean with average=True); 0 when nothing is kept.

    保留 token 对数概率之和(average=True 时取平均);没有保留 token 时为 0。
    """
    raise NotImplementedError("sequence_logprob is not written yet / 尚未实现 sequence_logprob")
