# sftkl: problem=kl-penalty track=torch
"""Raises RuntimeError("boom") for every mode."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    raise RuntimeError("boom")
