# sftkl: problem=kl-penalty track=torch
"""if/elif chain over modes; a Python loop over rows builds the per-sequence sums and counts."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    log_r = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        per_tok = -log_r
    elif mode == "k2":
        per_tok = 0.5 * log_r * log_r
    elif mode in ("k3", "unbiased"):
        per_tok = log_r.exp() - 1.0 - log_r
    else:
        raise ValueError("mode must be one of k1, k2, k3, biased, unbiased")
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError("agg must be one of verl's loss_agg_mode names")
    B, T = per_tok.shape
    sums, counts = [], []
    for b in range(B):
        row = per_tok[b]
        m = torch.ones_like(row) if mask is None else mask[b].to(row.dtype)
        sums.append((row * m).sum())
        counts.append(m.sum())
    sums, counts = torch.stack(sums), torch.stack(counts)
    if agg == "token-mean":
        return sums.sum() / counts.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        total = per_tok.sum() * 0.0
        rows = 0
        for b in range(B):
            if counts[b] > 0:
                total = total + sums[b] / counts[b]
                rows += 1
        return total / max(rows, 1)
    if agg == "seq-mean-token-sum":
        return sums.sum() / B
    return sums.sum() / (B * T)
