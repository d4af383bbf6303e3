# sftkl: problem=kl-estimators track=numpy
"""Untouched stub (problems/kl_estimators/stub_numpy.py, module docstring folded to one line): all three raise NotImplementedError."""
import numpy as np


def kl_k1(log_p, log_q):
    """k1 estimate of KL(p ‖ q): the mean of -log r over all entries, log r = log_q - log_p.

    log_p, log_q: float arrays of the same shape (samples drawn from p). Return a scalar.
    k1 估计量:对所有元素求 -log r 的平均,log r = log_q - log_p。返回标量。
    """
    raise NotImplementedError("kl_k1 is not written yet / 尚未实现 kl_k1")


def kl_k2(log_p, log_q):
    """k2 estimate of KL(p ‖ q): the mean of ½ (log r)² over all entries.

    k2 估计量:对所有元素求 ½ (log r)² 的平均。返回标量。
    """
    raise NotImplementedError("kl_k2 is not written yet / 尚未实现 kl_k2")


def kl_k3(log_p, log_q):
    """k3 estimate of KL(p ‖ q): the mean of (r - 1) - log r over all entries, r = q / p.

    k3 估计量:对所有元素求 (r - 1) - log r 的平均,r = q / p。返回标量。
    """
    raise NotImplementedError("kl_k3 is not written yet / 尚未实现 kl_k3")
