# sftkl: problem=kl-estimators track=numpy
"""All three estimators raise RuntimeError("boom")."""
import numpy as np


def kl_k1(log_p, log_q):
    raise RuntimeError("boom")


def kl_k2(log_p, log_q):
    raise RuntimeError("boom")


def kl_k3(log_p, log_q):
    raise RuntimeError("boom")
