# sftkl: problem=softmax track=torch
"""Raises RuntimeError("boom") before computing anything."""
import torch


def softmax(x, dim=-1):
    raise RuntimeError("boom")
