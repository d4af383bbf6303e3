# sftkl: problem=kl-penalty track=torch
"""Raises RuntimeError("boom") for every mode, mask and agg."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    raise RuntimeError("boom")
