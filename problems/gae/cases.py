"""Cases for gae: named edge cases plus seeded random ones.

`gae` returns the tuple (advantages, returns); each case is one input set, and the grader
judges both elements of the tuple on it (the track's `returns` in problem.toml).
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, edge, rand

CALL = "gae"


def rows(rng, lengths, t_len, dtype="float64", pad_scale=8.0, sparse=False):
    """rewards, values and a right-padded mask for rows of the given valid lengths.

    The padding holds finite values far from the valid ones (|x| in [pad_scale, 2·pad_scale]),
    so a recursion that reads them is visibly off."""
    b = len(lengths)
    mask = np.arange(t_len)[None, :] < np.asarray(lengths)[:, None]
    values = rng.standard_normal((b, t_len))
    if sparse:  # RLHF: a small per-token KL penalty and the reward model's score on the last token
        rewards = -0.05 * np.abs(rng.standard_normal((b, t_len)))
        for i, n in enumerate(lengths):
            if n:
                rewards[i, n - 1] += rng.standard_normal() * 2.0
    else:
        rewards = rng.standard_normal((b, t_len))
    pad = ~mask
    sign = np.where(rng.random((b, t_len)) < 0.5, -1.0, 1.0)
    rewards[pad] = (sign * rng.uniform(pad_scale, 2 * pad_scale, (b, t_len)))[pad]
    values[pad] = (-sign * rng.uniform(pad_scale, 2 * pad_scale, (b, t_len)))[pad]
    return rewards.astype(dtype), values.astype(dtype), mask


def _mask_arr(mask, kind, dtype, layout="contiguous"):
    return Arr(mask if kind == "bool" else mask.astype(dtype), layout=layout)


def _case(maker, id, en, zh, rewards, values, mask, mask_kind, params, layout="contiguous"):
    """The graded case of one input set."""
    dtype = str(rewards.dtype)
    args = (Arr(rewards, layout=layout), Arr(values, layout=layout), _mask_arr(mask, mask_kind, dtype, layout), *params)
    return [maker(id, en, zh, CALL, *args)]


def build_cases(track: str, rng: np.random.Generator):
    cases = []

    # the statement's worked example; the padded entries must not leak
    r = np.array([[0.0, 0.0, 1.0], [0.5, -1.0, 7.0]])
    v = np.array([[0.5, 0.25, 0.5], [0.25, 0.5, 9.0]])
    m = np.array([[True, True, True], [True, True, False]])
    cases += _case(edge, "worked-example", "the statement's example: gamma=0.9, lam=0.5, row 2 padded (r=7, V=9 there)",
                   "题目中的示例:gamma=0.9,lam=0.5,第 2 行末尾是填充(那里 r=7,V=9)", r, v, m, "bool", (0.9, 0.5))

    r, v, m = rows(rng, [6, 4, 2, 5], 6)
    cases += _case(edge, "lambda-zero", "lam=0: the advantage is the one-step TD error delta_t",
                   "lam=0:优势就是单步 TD 误差 delta_t", r, v, m, "bool", (0.9, 0.0))

    r, v, m = rows(rng, [7, 3, 5], 7)
    cases += _case(edge, "gamma-lambda-one", "gamma=lam=1: A_t = (sum of rewards from t to the row's end) - V_t",
                   "gamma=lam=1:A_t = (从 t 到该行结尾的奖励之和) - V_t", r, v, m, "float", (1.0, 1.0))

    r, v, m = rows(rng, [9, 1, 6, 3, 8], 9)
    cases += _case(edge, "ragged-rows", "rows of lengths 9, 1, 6, 3, 8 in one batch, gamma=0.95, lam=0.9",
                   "同一批中长度分别为 9、1、6、3、8 的行,gamma=0.95,lam=0.9", r, v, m, "bool", (0.95, 0.9))

    r, v, m = rows(rng, [1, 1, 1], 4)
    cases += _case(edge, "length-one-rows", "every row has one valid token: A = r_0 - V_0",
                   "每行只有一个有效 token:A = r_0 - V_0", r, v, m, "float", (0.9, 0.8))

    r, v, m = rows(rng, [5, 0, 3], 5)
    cases += _case(edge, "fully-padded-row", "row 2 is all padding: both outputs are 0 in that row",
                   "第 2 行全是填充:该行两个输出都为 0", r, v, m, "bool", (0.97, 0.95))

    r, v, m = rows(rng, [3, 6, 1, 4], 8, pad_scale=50.0)
    cases += _case(edge, "padding-does-not-leak", "padding holds rewards and values of magnitude 50-100 that must not leak",
                   "填充位置上有 50-100 量级的奖励和价值,它们不能泄漏进有效位置", r, v, m, "float", (0.9, 0.95))

    r, v, m = rows(rng, [12, 7, 10], 12, dtype="float32")
    cases += _case(edge, "float32", "float32 inputs, float mask", "float32 输入,浮点掩码", r, v, m, "float", (0.99, 0.95))

    r, v, m = rows(rng, [6, 2, 4], 6)
    cases += _case(edge, "bool-mask", "mask given as bool", "掩码为 bool 类型", r, v, m, "bool", (0.9, 0.9))
    cases += _case(edge, "float-mask", "the same inputs with the mask given as floats 0.0/1.0",
                   "同样的输入,掩码为浮点数 0.0/1.0", r, v, m, "float", (0.9, 0.9))

    r, v, m = rows(rng, [5, 5], 5)
    cases += _case(edge, "no-padding", "no padding at all: plain GAE over full rows",
                   "完全没有填充:对整行做普通的 GAE", r, v, m, "bool", (0.9, 0.8))

    r, v, m = rows(rng, [6, 3, 5], 6)
    cases += _case(edge, "default-gamma-lambda", "gamma and lam left at their defaults (1.0, 0.95)",
                   "gamma 和 lam 取默认值(1.0,0.95)", r, v, m, "bool", ())

    r, v, m = rows(rng, [7, 4, 7, 2], 7)
    cases += _case(edge, "non-contiguous", "transposed (non-contiguous) inputs", "转置后的(非连续)输入",
                   r, v, m, "float", (0.95, 0.95), layout="transposed")

    r, v, m = rows(rng, [16, 9, 13, 4], 16, sparse=True)
    cases += _case(edge, "sparse-terminal-reward", "RLHF rewards: a small KL penalty per token plus the score on the last token",
                   "RLHF 奖励:每个 token 一个小的 KL 惩罚,外加最后一个 token 上的得分", r, v, m, "bool", (1.0, 0.95))

    for i in range(4):
        b = int(rng.integers(2, 7))
        t_len = int(rng.integers(4, 41))
        lengths = [t_len] + [int(rng.integers(1, t_len + 1)) for _ in range(b - 1)]
        rng.shuffle(lengths)
        dtype = "float32" if i % 2 == 0 else "float64"
        mask_kind = "bool" if i < 2 else "float"
        gamma = round(float(rng.uniform(0.9, 0.999)), 3)
        lam = round(float(rng.uniform(0.7, 0.99)), 3)
        r, v, m = rows(rng, lengths, t_len, dtype=dtype, sparse=i == 3)
        cases += _case(rand, f"random-{i + 1}", f"random B={b}, T={t_len}, {dtype}, {mask_kind} mask, gamma={gamma}, lam={lam}",
                       f"随机 B={b},T={t_len},{dtype},{'bool' if mask_kind == 'bool' else '浮点'}掩码,gamma={gamma},lam={lam}",
                       r, v, m, mask_kind, (gamma, lam))
    return cases
