"""Cases for dpo-loss: every loss type, the default arguments, cDPO smoothing, margins of ±1000,
policy == reference, B = 1, float32 / float64 / bfloat16, a strided layout, unknown loss types,
and seeded random ones.

The loss's gradient w.r.t. the two policy inputs is checked on every case that returns a
value (the loss is 0-dim: no cotangent); the reference inputs never take a gradient, as a
frozen model's outputs. The rewards must come back detached.
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, bf16, edge, rand

CALL = "dpo_loss"


def logps(rng: np.random.Generator, b: int, scale: float = 20.0, dtype: str = "float64"):
    """Sequence log-probs (sums over tokens): policy chosen/rejected, reference chosen/rejected.
    The policy drifts from the reference by a few nats, so every margin term matters."""
    rc = -np.abs(rng.standard_normal(b)) * scale - 5.0
    rr = -np.abs(rng.standard_normal(b)) * scale - 5.0
    pc = rc + rng.normal(0.0, scale / 4, b)
    pr = rr + rng.normal(0.0, scale / 4, b)
    return tuple(np.minimum(a, -1e-3).astype(dtype) for a in (pc, pr, rc, rr))


def hinge_pairs(rng: np.random.Generator, b: int, beta: float, dtype: str = "float32"):
    """Pairs whose scaled margins β·h lie on both sides of the hinge's corner at 1 (never on it):
    half in [1.5, 4] (loss and gradient 0), half in [-3, 0.5]."""
    pc, pr, rc, rr = logps(rng, b)
    want = np.concatenate([rng.uniform(1.5, 4.0, b // 2), rng.uniform(-3.0, 0.5, b - b // 2)]) / beta
    rng.shuffle(want)
    pc = rc + (pr - rr) + want  # h = (pc - rc) - (pr - rr) = want
    shift = max(0.0, float(pc.max()) + 1.0)  # keep every log-prob negative; h is unchanged
    pc, rc = pc - shift, rc - shift
    return tuple(a.astype(dtype) for a in (pc, pr, rc, rr))


def build_cases(track: str, rng: np.random.Generator):
    def case(maker, id, en, zh, arrays, *rest, layout="contiguous", raises=None, dtype=None):
        pc, pr, rc, rr = arrays
        grad = raises is None
        return maker(id, en, zh, CALL,
                     Arr(pc, layout=layout, grad=grad, dtype=dtype), Arr(pr, layout=layout, grad=grad, dtype=dtype),
                     Arr(rc, layout=layout, dtype=dtype), Arr(rr, layout=layout, dtype=dtype), *rest, raises=raises)

    cases = [
        case(edge, "defaults", "default arguments: beta=0.1, label_smoothing=0, loss_type \"sigmoid\"",
             "默认参数:beta=0.1,label_smoothing=0,loss_type \"sigmoid\"", logps(rng, 6, dtype="float32")),
        case(edge, "sigmoid-beta-0-5", "loss_type \"sigmoid\", beta=0.5", "loss_type \"sigmoid\",beta=0.5",
             logps(rng, 5, 8.0, "float32"), 0.5, 0.0, "sigmoid"),
        case(edge, "label-smoothing", "cDPO: label_smoothing=0.1, where smoothed and plain losses differ",
             "cDPO:label_smoothing=0.1,此时平滑与不平滑的损失不同", logps(rng, 6, dtype="float32"), 0.2, 0.1, "sigmoid"),
        case(edge, "ipo", "loss_type \"ipo\": (h - 1/(2β))²", "loss_type \"ipo\":(h - 1/(2β))²",
             logps(rng, 5, 4.0, "float32"), 0.1, 0.0, "ipo"),
        case(edge, "ipo-ignores-smoothing", "loss_type \"ipo\" with label_smoothing=0.2 (ignored), float64",
             "loss_type \"ipo\",label_smoothing=0.2(不起作用),float64", logps(rng, 4, 4.0), 0.5, 0.2, "ipo"),
        case(edge, "hinge", "loss_type \"hinge\": relu(1 - β·h), with pairs on both sides of β·h = 1",
             "loss_type \"hinge\":relu(1 - β·h),β·h = 1 两侧都有样本对", hinge_pairs(rng, 6, 0.5), 0.5, 0.0, "hinge"),
        case(edge, "batch-1", "B == 1", "B == 1", logps(rng, 1, dtype="float32"), 0.1, 0.0, "sigmoid"),
        case(edge, "float64", "float64 inputs, label_smoothing=0.2", "float64 输入,label_smoothing=0.2",
             logps(rng, 7), 0.1, 0.2, "sigmoid"),
        case(edge, "strided", "inputs that are every other element of a larger buffer (non-contiguous)",
             "输入是更大缓冲区中每隔一个取出的元素(非连续)", logps(rng, 5, dtype="float32"), 0.1, 0.0, "sigmoid",
             layout="strided"),
    ]
    pc, pr, rc, rr = logps(rng, 4, dtype="float32")
    for eps, cid in ((0.0, "policy-equals-reference"), (0.1, "policy-equals-reference-smoothed")):
        cases.append(case(edge, cid, f"policy == reference, label_smoothing={eps}: the loss is log 2, the rewards 0",
                          f"策略 == 参考模型,label_smoothing={eps}:损失为 log 2,奖励为 0",
                          (pc, pr, pc.copy(), pr.copy()), 0.1, eps, "sigmoid"))
    # margins of ±2000 nats at beta = 0.5: β·h = ∓1000, where sigmoid under/overflows
    rc = np.array([-10.0, -30.0, -5.0], dtype=np.float32)
    rr = np.array([-40.0, -25.0, -60.0], dtype=np.float32)
    cases.append(case(edge, "very-negative-margin", "β·h = -1000: the loss is finite, about 1000",
                      "β·h = -1000:损失应为有限值,约 1000", (rc - 2000, rr, rc, rr), 0.5, 0.0, "sigmoid"))
    cases.append(case(edge, "very-positive-margin", "β·h = +1000: the loss is about 0, not NaN",
                      "β·h = +1000:损失约为 0,而不是 NaN", (rc, rr - 2000, rc, rr), 0.5, 0.0, "sigmoid"))
    cases.append(case(edge, "very-positive-margin-smoothed", "β·h = +1000 with label_smoothing=0.1: about 100",
                      "β·h = +1000,label_smoothing=0.1:约为 100", (rc, rr - 2000, rc, rr), 0.5, 0.1, "sigmoid"))
    arrays = tuple(bf16(a) for a in logps(rng, 6, 2.0, "float32"))
    cases.append(case(edge, "bfloat16", "bfloat16 inputs (judged at bfloat16's tolerance)",
                      "bfloat16 输入(按 bfloat16 的容差评判)", arrays, 0.1, 0.1, "sigmoid", dtype="bfloat16"))
    for bad, cid in (("dpo", "unknown-loss-type"), ("Sigmoid", "unknown-loss-type-capitalised")):
        cases.append(case(edge, cid, f"loss_type \"{bad}\" is not a known loss type: raise ValueError",
                          f"loss_type \"{bad}\" 不是合法的损失类型:应抛出 ValueError",
                          logps(rng, 3, dtype="float32"), 0.1, 0.0, bad, raises="ValueError"))

    kinds = ["sigmoid", "ipo", "hinge", "sigmoid", "sigmoid", "ipo", "hinge", "sigmoid"]
    for i, kind in enumerate(kinds):
        b = int(rng.integers(1, 17))
        dtype = "float64" if i % 2 else "float32"
        beta = float(rng.choice([0.05, 0.1, 0.2, 0.5]))
        eps = float(rng.choice([0.0, 0.1, 0.25])) if kind == "sigmoid" else 0.0
        desc = f"B={b}, {dtype}, loss_type \"{kind}\", beta={beta}, label_smoothing={eps}"
        cases.append(case(rand, f"random-{i + 1}", f"random {desc}", f"随机 {desc}",
                          logps(rng, b, 20.0 if kind != "ipo" else 4.0, dtype), beta, eps, kind))
    return cases
