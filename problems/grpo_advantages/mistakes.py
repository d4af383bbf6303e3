"""Models of the known grpo-advantages mistakes, for diagnosis in the grading process.

Each model is the reference (`reference.advantages`, run in the case's own dtype) with
exactly one change, so it computes every other scale correctly and raises ValueError
on the same invalid arguments as a learner's otherwise-correct code. A list holds
variants: the mistake is named if one variant reproduces the learner on every case.
"""

from __future__ import annotations

import warnings

from sftkl.problems.grpo_advantages.reference import advantages


def _model(**change):
    def f(rewards, group_size, scale="group", eps=1e-6):
        with warnings.catch_warnings():  # the std of a one-reward group is NaN, as in the learner's code
            warnings.simplefilter("ignore", RuntimeWarning)
            return advantages(rewards, group_size, scale, eps, **change)

    return f


def _variants(*changes):
    return {"grpo_advantages": [_model(**c) for c in changes]}


_MODELS = {
    # numpy's np.std / torch.std(unbiased=False): divisor G instead of G - 1
    "std-biased": _variants({"ddof": 0}),
    # statistics over all N rewards: for every scale, for scale "group" only, or
    # TRL's scale_rewards="batch" (group mean, batch std) in place of the group std
    "batch-normalized": _variants({"stats": "batch"}, {"stats": "batch-group-only"}, {"stats": "batch-std"}),
    # reshape(group_size, -1): statistics over axis 0 (every P-th reward, a stride), or over
    # the last axis (chunks of N / G rewards)
    "groups-strided": _variants({"groups": "strided"}, {"groups": "chunks"}),
    # (r - mean) / std: 0/0 = NaN for equal rewards; or the eps inside the square root
    "nan-constant-group": _variants({"eps_at": "none"}, {"eps_at": "sqrt"}),
    # the baseline includes the sample: the group mean, or sum / (G - 1)
    "rloo-includes-self": _variants({"rloo_self": "mean"}, {"rloo_self": "sum"}),
}

MODELS = {mid: {"numpy": m, "torch": m} for mid, m in _MODELS.items()}
