"""Cases for token-logprobs: named edge cases and seeded random ones, for both functions.

Torch cases check the gradient w.r.t. logits too: each carries a random cotangent
of the output's shape ([B, T-1] or [B]).
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, bf16, edge, far_below, floats, prompt_labels, rand

TOK, SEQ = "token_logprobs", "sequence_logprob"


def build_cases(track: str, rng: np.random.Generator):
    batched = track == "torch"

    def make(b, t, v, dtype="float32", scale=3.0, ignore=-100):
        ls, bs = ((b, t, v), (b, t))
        x, y = floats(rng, ls, dtype, scale), prompt_labels(rng, bs, v, ignore)
        return (x, y) if batched else (x[0], y[0])

    def add(maker, id, en, zh, call, x, y, *rest, layout="contiguous", label_layout="contiguous", dtype=None,
            timed=False):
        out_shape = (x.shape[0], x.shape[1] - 1) if call == TOK else (x.shape[0],)
        cot = rng.standard_normal(out_shape) if batched else None
        value = x if dtype is None else bf16(x)
        cases.append(maker(id, en, zh, call, Arr(value, layout=layout, grad=batched, dtype=dtype),
                           Arr(y, layout=label_layout), *rest, cotangent=cot, timed=timed))

    B = 3 if batched else 1
    cases: list = []
    for call, p in ((TOK, "token"), (SEQ, "seq")):
        x, y = make(B, 9, 12, dtype="float32", scale=2.0)
        y[..., 2:4] = np.where(y[..., 2:4] == -100, 1, y[..., 2:4])
        x = far_below(x if batched else x[None], y if batched else y[None])
        x = x if batched else x[0]
        add(edge, f"{p}-target-far-below", "each kept target's logit is 1000 below its row max (probability underflows)",
            "每个保留目标的 logit 比该行最大值小 1000(概率下溢为 0)", call, x, y)

        x, y = make(B, 8, 32000)
        y = np.where(y == -100, rng.integers(0, 32000, size=y.shape), y)
        y[..., :3] = -100
        add(edge, f"{p}-vocab-32k", "a 32k vocabulary: a vectorized solution handles it quickly",
            "32k 词表:向量化实现应该很快", call, x, y, timed=True)

        x, y = make(B, 10, 14)
        add(edge, f"{p}-noncontiguous", "logits stored transposed and labels strided: non-contiguous inputs",
            "logits 以转置方式存储、labels 带步长:非连续输入", call, x, y,
            layout="transposed", label_layout="strided")

        x, y = make(B, 9, 120, ignore=-1)
        add(edge, f"{p}-custom-ignore-index", "ignore_index=-1 passed explicitly (prompt tokens are -1)",
            "显式传入 ignore_index=-1(prompt 部分为 -1)", call, x, y, -1)

        x, y = make(B, 8, 10)
        if batched:
            y[1] = -100
            y[2, :-1] = -100  # one kept token
        else:
            y[...] = -100
        add(edge, f"{p}-nothing-kept", "a row with nothing kept: its log-probs and its sum are 0",
            "有一行没有保留任何 token:其对数概率及其和都为 0", call, x, y)

        x, y = make(B, 1, 9)
        y[...] = 2
        add(edge, f"{p}-t-equals-1", "T == 1: nothing to score after the shift",
            "T == 1:shift 之后没有可打分的位置", call, x, y)

        x, y = make(B, 9, 15, dtype="float64")
        add(edge, f"{p}-float64", "float64 logits", "float64 logits", call, x, y)

        if batched:
            x, y = make(2, 9, 50)
            add(edge, f"{p}-bfloat16", "bfloat16 logits, judged at bfloat16's tolerance; `logits.float()` first is best",
                "bfloat16 logits,按 bfloat16 的容差评判;最好先 `logits.float()`", call, x, y, dtype="bfloat16")

    for avg_id, en, zh, ignore in (("average", "average=True: the mean over each row's kept tokens",
                                    "average=True:每行对其保留 token 取平均", -100),
                                   ("average-custom-ignore", "average=True with ignore_index=-1",
                                    "average=True,且 ignore_index=-1", -1)):
        x, y = make(4 if batched else 1, 12, 20, ignore=ignore)
        if batched:
            y[0, :9] = ignore
            y[1, :3] = ignore
        add(edge, f"seq-{avg_id}", en, zh, SEQ, x, y, ignore, True)

    x, y = make(B, 8, 10)
    if batched:
        y[1] = -100
    else:
        y[...] = -100
    add(edge, "seq-nothing-kept-average", "average=True on a row with nothing kept: 0, not NaN",
        "average=True 且某行没有保留 token:结果为 0,而不是 NaN", SEQ, x, y, -100, True)

    x, y = make(B, 1, 9)
    y[...] = 4
    add(edge, "seq-t-equals-1-average", "T == 1 with average=True: 0, not NaN",
        "T == 1 且 average=True:结果为 0,而不是 NaN", SEQ, x, y, -100, True)

    for i in range(6):
        call = TOK if i < 3 else SEQ
        b = int(rng.integers(2, 5)) if batched else 1
        t = int(rng.integers(3, 17))
        v = int(rng.integers(3, 300))
        dtype = "float64" if i % 2 else "float32"
        x, y = make(b, t, v, dtype=dtype, scale=float(rng.uniform(0.5, 6)))
        shape_s = f"B={b}, T={t}, V={v}" if batched else f"T={t}, V={v}"
        rest, extra_en, extra_zh = (), "", ""
        if i == 4:
            rest, extra_en, extra_zh = (-100, True), ", average=True", ",average=True"
        add(rand, f"random-{i + 1}", f"random {call}, {shape_s}, {dtype}{extra_en}",
            f"随机 {call},{shape_s},{dtype}{extra_zh}", call, x, y, *rest)
    return cases
