"""Models of the known gae mistakes, for diagnosis in the grading process.

Each model is the reference with exactly one mistake, and returns the tuple
(advantages, returns), as `gae` does; a mistake that leaves one element right
(`returns-are-advantages` leaves the advantages alone) returns it as the reference does.
A list holds variants: the mistake is named if one variant reproduces every case.
"""

from __future__ import annotations

import itertools

import numpy as np


def _inputs(rewards, values, mask):
    return (np.asarray(rewards, dtype=np.float64), np.asarray(values, dtype=np.float64),
            np.asarray(mask).astype(bool))


def model(direction="backward", next_value="next", coef="gamma-lambda", returns="plus-values"):
    """A GAE variant with correct padding: `direction` forward runs A_t = delta_t + γλ·A_{t-1};
    `next_value` "same" uses V_t and "previous" V_{t-1} where V_{t+1} belongs; `coef` "lambda"
    accumulates with λ only, "no-gamma" forgets γ everywhere; `returns` "advantages" drops + V."""

    def f(rewards, values, mask, gamma=1.0, lam=0.95):
        r, v, m = _inputs(rewards, values, mask)
        b, t_len = r.shape
        vm = np.where(m, v, 0.0)
        if next_value == "next":  # V_{t+1}, 0 after the row's last valid token (right padding)
            nv = np.concatenate([vm[:, 1:], np.zeros((b, 1))], axis=1)
        elif next_value == "same":
            nv = vm
        else:  # "previous"
            nv = np.concatenate([np.zeros((b, 1)), vm[:, :-1]], axis=1)
        g = 1.0 if coef == "no-gamma" else gamma
        delta = np.where(m, r + g * nv - v, 0.0)
        k = lam if coef in ("lambda", "no-gamma") else gamma * lam
        adv = np.zeros((b, t_len))
        acc = np.zeros(b)
        order = range(t_len) if direction == "forward" else reversed(range(t_len))
        for t in order:
            acc = np.where(m[:, t], delta[:, t] + k * acc, 0.0)
            adv[:, t] = acc
        ret = adv if returns == "advantages" else np.where(m, adv + v, 0.0)
        return adv, ret

    return f


def leak(rewards_in, values_in, carry, adv_out, ret_out):
    """GAE run over the whole row with the padding let in somewhere.

    `rewards_in` / `values_in`: "masked" (zeroed at padding first) or "raw" (padded entries
    used as they are); `carry`: the accumulator A_{t+1} is "masked" (0 at padding) or "raw";
    `adv_out` / `ret_out`: the output is "masked" (0 at padding) or "raw" (returns: the
    advantages as returned plus the values argument, as verl computes them)."""

    def f(rewards, values, mask, gamma=1.0, lam=0.95):
        r, v, m = _inputs(rewards, values, mask)
        b, t_len = r.shape
        rr = r if rewards_in == "raw" else np.where(m, r, 0.0)
        vv = v if values_in == "raw" else np.where(m, v, 0.0)
        adv = np.zeros((b, t_len))
        next_v = np.zeros(b)
        next_a = np.zeros(b)
        for t in reversed(range(t_len)):
            a = rr[:, t] + gamma * next_v - vv[:, t] + gamma * lam * next_a
            adv[:, t] = a
            next_v = vv[:, t]
            next_a = a if carry == "raw" else np.where(m[:, t], a, 0.0)
        a_masked = np.where(m, adv, 0.0)
        ret = np.where(m, adv + v, 0.0) if ret_out == "masked" else (adv if adv_out == "raw" else a_masked) + v
        return (a_masked if adv_out == "masked" else adv), ret

    return f


def _leak_variants():
    """Every way of letting the padding in that changes some output, one model per behaviour
    (told apart on a probe batch)."""
    rng = np.random.default_rng(0)
    r, v = rng.standard_normal((3, 6)) * 5, rng.standard_normal((3, 6)) * 5
    m = np.arange(6)[None, :] < np.array([[6], [3], [1]])
    args = (r, v, m, 0.9, 0.8)
    ref = model()(*args)
    seen, out = [], []
    for combo in itertools.product(("masked", "raw"), repeat=5):
        fn = leak(*combo)
        got = fn(*args)
        if all(np.allclose(g, w) for g, w in zip(got, ref)):
            continue  # that combination is the reference
        if any(all(np.allclose(g, s) for g, s in zip(got, other)) for other in seen):
            continue
        seen.append(got)
        out.append(fn)
    return out


_BOTH = ("numpy", "torch")
_MODELS = {
    "forward-recursion": [model(direction="forward")],
    "next-value-misaligned": [model(next_value="same"), model(next_value="previous")],
    "lambda-without-gamma": [model(coef="lambda"), model(coef="no-gamma")],
    "returns-are-advantages": [model(returns="advantages")],
    "padding-leak": _leak_variants(),
}
MODELS = {mid: {track: {"gae": variants} for track in _BOTH} for mid, variants in _MODELS.items()}
