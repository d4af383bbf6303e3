"""The named edge cases the statements promise: each exists with its id, is what its
description says, and fails the known mistake it exists to catch.

Dropping or weakening an edge case (a target 10 below the max instead of 1000, an
"all ignored" batch with one label kept, an overflow row that no longer overflows)
breaks a test here, not only a diagnosis somewhere else.
"""

from __future__ import annotations

import importlib.resources as resources

import numpy as np
import pytest

from conftest import write
from sftkl.graders.catalog import catalog, get_problem
from sftkl.graders.engine import build_cases, expected_for, grade
from sftkl.graders.model import Arr

SEEDS = (11, 12)

# Edge case ids each statement promises (README, statements, issues); a pack may add more.
PROMISED = {
    ("softmax", "numpy"): {"overflow-1e4", "overflow-float64", "axis-0", "axis-1-positive", "one-d",
                           "three-d-middle-axis", "negative-axis", "float64", "identical-row", "noncontiguous",
                           "noncontiguous-axis-0", "vocab-32k"},
    ("sft-loss", "numpy"): {"all-ignored", "one-kept", "t-equals-1", "custom-ignore-index", "overflow-1e4",
                            "target-far-below", "noncontiguous", "float64", "vocab-32k", "many-tokens"},
    ("kl-estimators", "numpy"): {f"{k}-{name}" for k in ("k1", "k2", "k3") for name in
                                 ("equal", "large-ratio", "large-ratio-float32", "single-sample", "two-d", "float32")},
    ("kl-penalty", "torch"): {"mode-k1", "mode-k2", "mode-k3", "mode-biased", "mode-unbiased", "mode-default",
                              "equal-k1", "equal-k2", "equal-k3", "large-ratio-k1", "large-ratio-k2", "large-ratio-k3",
                              "large-ratio-k3-float32", "batch-1", "noncontiguous", "noncontiguous-default", "float64",
                              "unknown-mode-k4", "unknown-mode-upper-k3", "bfloat16", "mask-default-agg",
                              "all-masked-float-k1", "mask-float32", "mask-float64-seq-mean-token-mean", "mask-holes-k2",
                              "mask-padding-large-ratio", "mask-noncontiguous", "mask-none-seq-mean-token-sum",
                              "unknown-agg", "unknown-agg-no-mask"}
                             | {f"{kind}-{agg}" for kind in ("agg", "empty-row", "all-masked")
                                for agg in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum",
                                            "seq-mean-token-sum-norm")},
    ("grpo-advantages", "numpy"): {"binary-rewards", "constant-group-group", "constant-group-none", "constant-group-rloo",
                                   "defaults", "float64", "group-size-0", "group-size-1", "group-size-2-group",
                                   "group-size-2-rloo", "large-eps", "large-n", "near-constant-default-eps",
                                   "near-constant-eps-1e-4", "near-constant-eps-1e-9", "noncontiguous", "not-divisible",
                                   "one-prompt", "scale-none", "scale-rloo", "unknown-scale"},
    ("gae", "numpy"): {"worked-example", "lambda-zero", "gamma-lambda-one", "ragged-rows", "length-one-rows",
                       "fully-padded-row", "padding-does-not-leak", "float32", "bool-mask", "float-mask", "no-padding",
                       "default-gamma-lambda", "non-contiguous", "sparse-terminal-reward"},
}
PROMISED[("softmax", "numpy")] |= {"rows-far-apart"}
PROMISED[("softmax", "torch")] = PROMISED[("softmax", "numpy")] | {"bfloat16", "beyond-half-range"}
PROMISED[("sft-loss", "torch")] = PROMISED[("sft-loss", "numpy")] | {"batch-1", "batch-uneven", "bfloat16",
                                                                     "beyond-half-range"}
PROMISED[("grpo-advantages", "torch")] = PROMISED[("grpo-advantages", "numpy")]
PROMISED[("grpo-loss", "torch")] = {
    "defaults", "square-token-mean", "square-seq-mean-token-sum", "beta-0-ref-none-seq-mean-token-mean",
    "beta-0-ref-none-seq-mean-token-sum-norm", "beta-0-ref-given", "on-policy-token-mean", "on-policy-seq-mean-token-mean",
    "all-masked-float", "mask-float32", "mask-float64", "mask-holes", "clip-eps-0-28", "clip-eps-0-1",
    "zero-advantage-row", "batch-1", "noncontiguous", "unknown-agg", "unknown-agg-underscore",
    *(f"{kind}-{agg}" for kind in ("agg", "empty-row", "all-masked")
      for agg in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")),
}
PROMISED[("gae", "torch")] = PROMISED[("gae", "numpy")]
PROMISED[("ppo-policy-loss", "torch")] = {
    "grid", "grid-clip-higher", "grid-dual-clip", "defaults", "asymmetric-clip", "asymmetric-clip-wide-low",
    "dual-clip-3", "dual-clip-2", "dual-clip-none", "dual-clip-per-row-advantages", "dual-clip-one",
    "dual-clip-below-one", "empty-row", "nothing-kept", "nothing-kept-float", "mask-float32", "mask-float64",
    "mask-holes", "padding-large-advantages", "bfloat16", "float64", "noncontiguous", "batch-1", "on-policy"}

# The edge case that exists to catch each known mistake, and the status its mutant gets there.
CATCHES = [
    ("softmax", "numpy", "softmax-overflow", {"overflow-1e4": "nan", "overflow-float64": "nan"}),
    ("softmax", "numpy", "softmax-wrong-axis", {"axis-0": "wrong", "three-d-middle-axis": "wrong",
                                                "negative-axis": "wrong", "noncontiguous-axis-0": "wrong"}),
    ("softmax", "torch", "softmax-overflow", {"overflow-1e4": "nan", "overflow-float64": "nan"}),
    ("softmax", "torch", "softmax-wrong-axis", {"axis-0": "wrong", "three-d-middle-axis": "wrong",
                                                "negative-axis": "wrong", "noncontiguous-axis-0": "wrong"}),
    ("softmax", "numpy", "softmax-global-max", {"rows-far-apart": "nan"}),
    ("softmax", "torch", "softmax-global-max", {"rows-far-apart": "nan"}),
    ("softmax", "torch", "half-precision-overflow", {"beyond-half-range": "nan"}),
    ("sft-loss", "torch", "half-precision-overflow", {"beyond-half-range": "nan"}),
    ("kl-estimators", "numpy", "k2-missing-half", {"k2-large-ratio": "wrong", "k2-single-sample": "wrong",
                                                   "k2-two-d": "wrong"}),
    ("kl-penalty", "torch", "k2-missing-half", {"mode-k2": "wrong", "large-ratio-k2": "wrong", "mask-holes-k2": "wrong"}),
    ("kl-penalty", "torch", "kl-unmasked", {"agg-token-mean": "wrong", "mask-padding-large-ratio": "wrong",
                                            "all-masked-token-mean": "wrong", "mask-float32": "wrong"}),
    ("kl-penalty", "torch", "agg-mode-mixed-up", {"agg-token-mean": "wrong", "agg-seq-mean-token-mean": "wrong",
                                                  "empty-row-seq-mean-token-mean": "wrong"}),
    ("sft-loss", "numpy", "nan-all-ignored", {"all-ignored": "nan", "t-equals-1": "nan"}),
    ("sft-loss", "numpy", "log-softmax-underflow", {"target-far-below": "wrong"}),
    ("sft-loss", "numpy", "softmax-overflow", {"overflow-1e4": "nan"}),
    ("sft-loss", "numpy", "ignore-index-missing", {"custom-ignore-index": "wrong", "one-kept": "wrong"}),
    ("sft-loss", "numpy", "shift-reversed", {"one-kept": "wrong"}),
    ("sft-loss", "numpy", "no-shift", {"t-equals-1": "wrong"}),
    ("sft-loss", "numpy", "sum-not-mean", {"float64": "wrong", "custom-ignore-index": "wrong"}),
    ("sft-loss", "torch", "nan-all-ignored", {"all-ignored": "nan", "t-equals-1": "nan"}),
    ("sft-loss", "torch", "log-softmax-underflow", {"target-far-below": "wrong"}),
    ("sft-loss", "torch", "softmax-overflow", {"overflow-1e4": "nan"}),
    ("sft-loss", "torch", "ignore-index-missing", {"custom-ignore-index": "wrong", "one-kept": "wrong"}),
    ("sft-loss", "torch", "shift-reversed", {"one-kept": "wrong", "batch-1": "wrong"}),
    ("sft-loss", "torch", "no-shift", {"t-equals-1": "wrong"}),
    ("sft-loss", "torch", "sum-not-mean", {"batch-1": "wrong", "batch-uneven": "wrong"}),
    ("sft-loss", "torch", "per-sequence-mean", {"batch-uneven": "wrong"}),
    ("sft-loss", "torch", "view-noncontiguous", {"noncontiguous": "error"}),
    ("kl-estimators", "numpy", "kl-sign-flipped", {"k1-large-ratio": "wrong", "k1-single-sample": "wrong",
                                                   "k1-two-d": "wrong", "k1-float32": "wrong"}),
    ("kl-estimators", "numpy", "k3-ratio-inverted", {"k3-large-ratio": "wrong", "k3-large-ratio-float32": "wrong",
                                                     "k3-single-sample": "wrong", "k3-two-d": "wrong"}),
    ("kl-penalty", "torch", "kl-sign-flipped", {"mode-k1": "wrong", "mode-biased": "wrong", "large-ratio-k1": "wrong",
                                                "equal-k1": "grad"}),
    ("kl-penalty", "torch", "k3-ratio-inverted", {"mode-k3": "wrong", "mode-unbiased": "wrong", "mode-default": "wrong",
                                                  "large-ratio-k3": "wrong", "noncontiguous-default": "wrong",
                                                  "float64": "wrong"}),
    ("grpo-advantages", "numpy", "std-biased", {"group-size-2-group": "wrong", "one-prompt": "wrong"}),
    ("grpo-advantages", "numpy", "batch-normalized", {"binary-rewards": "wrong", "defaults": "wrong"}),
    ("grpo-advantages", "numpy", "groups-strided", {"binary-rewards": "wrong", "defaults": "wrong"}),
    ("grpo-advantages", "numpy", "nan-constant-group", {"constant-group-group": "nan"}),
    ("grpo-advantages", "numpy", "rloo-includes-self", {"group-size-2-rloo": "wrong", "scale-rloo": "wrong"}),
    ("gae", "numpy", "forward-recursion", {"worked-example": "wrong", "gamma-lambda-one": "wrong"}),
    ("gae", "numpy", "next-value-misaligned", {"lambda-zero": "wrong", "length-one-rows": "wrong"}),
    ("gae", "numpy", "lambda-without-gamma", {"worked-example": "wrong", "ragged-rows": "wrong"}),
    ("gae", "numpy", "returns-are-advantages", {"worked-example": "wrong", "lambda-zero": "wrong"}),
    ("gae", "numpy", "padding-leak", {"padding-does-not-leak": "wrong", "fully-padded-row": "wrong"}),
    ("grpo-advantages", "torch", "std-biased", {"group-size-2-group": "wrong", "one-prompt": "wrong"}),
    ("grpo-advantages", "torch", "batch-normalized", {"binary-rewards": "wrong", "defaults": "wrong"}),
    ("grpo-advantages", "torch", "groups-strided", {"binary-rewards": "wrong", "defaults": "wrong"}),
    ("grpo-advantages", "torch", "nan-constant-group", {"constant-group-group": "nan"}),
    ("grpo-advantages", "torch", "rloo-includes-self", {"group-size-2-rloo": "wrong", "scale-rloo": "wrong"}),
    ("gae", "torch", "forward-recursion", {"worked-example": "wrong", "gamma-lambda-one": "wrong"}),
    ("gae", "torch", "next-value-misaligned", {"lambda-zero": "wrong", "length-one-rows": "wrong"}),
    ("gae", "torch", "lambda-without-gamma", {"worked-example": "wrong", "ragged-rows": "wrong"}),
    ("gae", "torch", "returns-are-advantages", {"worked-example": "wrong", "lambda-zero": "wrong"}),
    ("gae", "torch", "padding-leak", {"padding-does-not-leak": "wrong", "fully-padded-row": "wrong"}),
    # token-logprobs: each mistake fails the case named for it in the statement
    ("token-logprobs", "numpy", "no-shift", {"token-t-equals-1": "shape", "seq-t-equals-1": "wrong"}),
    ("token-logprobs", "numpy", "shift-reversed", {"token-custom-ignore-index": "wrong"}),
    ("token-logprobs", "numpy", "log-softmax-underflow", {"token-target-far-below": "wrong", "seq-target-far-below": "wrong"}),
    ("token-logprobs", "numpy", "ignore-index-missing", {"token-custom-ignore-index": "wrong", "seq-nothing-kept": "error"}),
    ("token-logprobs", "numpy", "mean-over-all-positions", {"seq-average": "wrong", "seq-average-custom-ignore": "wrong"}),
    ("token-logprobs", "torch", "no-shift", {"token-nothing-kept": "wrong", "seq-nothing-kept": "wrong"}),
    ("token-logprobs", "torch", "shift-reversed", {"token-custom-ignore-index": "wrong"}),
    ("token-logprobs", "torch", "log-softmax-underflow", {"token-target-far-below": "nan", "seq-target-far-below": "nan"}),
    ("token-logprobs", "torch", "ignore-index-missing", {"token-nothing-kept": "error", "seq-nothing-kept": "error"}),
    ("token-logprobs", "torch", "mean-over-all-positions", {"seq-average": "wrong", "seq-nothing-kept-average": "wrong"}),
    # dpo-loss
    ("dpo-loss", "torch", "log-sigmoid-underflow", {"very-negative-margin": "nan"}),
    ("dpo-loss", "torch", "beta-outside", {"sigmoid-beta-0-5": "wrong"}),
    ("dpo-loss", "torch", "chosen-rejected-swapped", {"hinge": "wrong", "ipo": "wrong"}),
    ("dpo-loss", "torch", "rewards-not-detached", {"defaults": "grad"}),
    ("dpo-loss", "torch", "reference-ignored", {"policy-equals-reference": "wrong"}),
    # ppo-policy-loss
    ("ppo-policy-loss", "torch", "clip-min-max-swapped", {"grid": "wrong", "asymmetric-clip": "wrong"}),
    ("ppo-policy-loss", "torch", "clip-advantage", {"grid": "wrong", "on-policy": "wrong"}),
    ("ppo-policy-loss", "torch", "ratio-inverted", {"grid": "wrong", "on-policy": "grad"}),
    ("ppo-policy-loss", "torch", "dual-clip-positive", {"grid-dual-clip": "wrong", "dual-clip-3": "wrong",
                                                        "dual-clip-none": "pass"}),
    ("ppo-policy-loss", "torch", "mask-ignored", {"padding-large-advantages": "wrong", "nothing-kept": "wrong",
                                                  "grid": "pass"}),
    ("ppo-policy-loss", "torch", "sign-flipped", {"grid": "wrong", "on-policy": "wrong"}),
    # grpo-loss
    ("grpo-loss", "torch", "agg-mode-mixed-up", {"agg-token-mean": "wrong", "agg-seq-mean-token-mean": "wrong"}),
    ("grpo-loss", "torch", "kl-unmasked", {"agg-seq-mean-token-sum": "wrong", "all-masked-token-mean": "wrong"}),
    ("grpo-loss", "torch", "k3-ratio-inverted", {"on-policy-token-mean": "wrong", "agg-token-mean": "wrong"}),
    ("grpo-loss", "torch", "clip-min-max-swapped", {"clip-eps-0-28": "wrong", "clip-eps-0-1": "wrong",
                                                    "beta-0-ref-none-seq-mean-token-mean": "wrong"}),
    ("grpo-loss", "torch", "advantage-not-broadcast", {"square-token-mean": "wrong", "square-seq-mean-token-sum": "wrong",
                                                       "agg-token-mean": "error"}),
]


def cases(problem: str, track: str, seed: int = SEEDS[0]) -> dict:
    return {c.id: c for c in build_cases(get_problem(problem), track, seed)}


def arrays(case) -> list[np.ndarray]:
    return [np.asarray(a.value) for a in case.args if isinstance(a, Arr)]


def test_every_known_mistake_has_a_catching_edge_case():
    listed = {(p, t, m) for p, t, m, _ in CATCHES}
    assert listed == {(p.id, t, m.id) for p in catalog().values() for t in p.tracks for m in p.mistakes_for(t)}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("problem,track", sorted(PROMISED))
def test_promised_edge_cases_exist_with_their_ids(problem, track, seed):
    built = build_cases(get_problem(problem), track, seed)
    edges = {c.id for c in built if c.kind == "edge"}
    assert PROMISED[(problem, track)] <= edges, sorted(PROMISED[(problem, track)] - edges)
    assert sum(c.kind == "random" for c in built) >= 2


@pytest.mark.parametrize("problem,track,mistake,fails", CATCHES, ids=lambda v: v if isinstance(v, str) else "")
def test_each_mistake_fails_the_edge_case_that_exists_to_catch_it(problem, track, mistake, fails):
    p = catalog()[problem]
    path = resources.files(f"sftkl.problems.{p.package}").joinpath(f"mutants/{track}/{mistake}.py")
    report = grade(path, problem=problem, track=track, seed=SEEDS[0])
    got = {c.id: c.status for c in report.cases}
    assert {cid: got.get(cid) for cid in fails} == fails


# -- what each edge case holds -----------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("track", ["numpy", "torch"])
def test_sft_loss_edge_cases_hold_what_they_say(track, seed):
    cs = cases("sft-loss", track, seed)

    def parts(cid):
        c = cs[cid]
        x, y = arrays(c)
        ignore = c.args[2] if len(c.args) > 2 else -100
        if track == "numpy":
            x, y = x[None], y[None]
        return c, x, y, ignore, y[:, 1:] != ignore

    c, x, y, ign, keep = parts("all-ignored")
    assert keep.size > 0 and not keep.any() and (y == -100).all()
    assert c.args[0].grad == (track == "torch")  # torch: the zero gradient is checked too
    assert float(expected_for(get_problem("sft-loss"), track, c).value) == 0.0

    _, x, y, _, keep = parts("one-kept")
    assert keep.sum() == 1

    c, x, y, _, keep = parts("t-equals-1")
    assert x.shape[1] == 1 and (y != -100).all()
    assert float(expected_for(get_problem("sft-loss"), track, c).value) == 0.0

    _, x, y, ign, keep = parts("custom-ignore-index")
    assert ign == -1 and (y == -1).any() and not (y == -100).any() and keep.any()

    _, x, _, _, _ = parts("overflow-1e4")
    assert x.dtype == np.float32 and np.abs(x).max() >= 1e4  # float32 exp overflows above ~88.7

    _, x, y, ign, keep = parts("target-far-below")
    assert x.dtype == np.float64 and keep.sum() >= 2
    b, t = np.nonzero(keep)
    rows = x[b, t]
    # ~1000 below (less the gap to the runner-up where the target was the max)
    assert np.all(rows.max(-1) - rows[np.arange(len(b)), y[b, t + 1]] >= 990.0)
    assert float(expected_for(get_problem("sft-loss"), track, cs["target-far-below"]).value) > 999.0

    assert cs["noncontiguous"].args[0].layout == "transposed" and cs["noncontiguous"].args[1].layout != "contiguous"
    assert arrays(cs["float64"])[0].dtype == np.float64
    assert arrays(cs["vocab-32k"])[0].shape[-1] >= 32000 and cs["vocab-32k"].timed
    _, x, _, _, keep = parts("many-tokens")
    assert keep.sum() >= 30000 and cs["many-tokens"].timed

    if track == "torch":
        _, x, _, _, _ = parts("batch-1")
        assert x.shape[0] == 1
        _, x, y, _, keep = parts("batch-uneven")
        counts = keep.sum(-1)
        assert x.shape[0] >= 2 and counts.min() == 0 and counts.max() >= 2 * counts[counts > 0].min()
        assert all(c.args[0].grad for c in cs.values())


def test_sft_loss_statement_example_target_1000_below():
    ref = get_problem("sft-loss").module("reference").REFERENCE["numpy"]["sft_loss"]
    logits = np.array([[0.0, 0.0, -1000.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    assert ref(logits, np.array([-100, 2])) == pytest.approx(1001.0986, abs=1e-4)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("track", ["numpy", "torch"])
def test_softmax_edge_cases_hold_what_they_say(track, seed):
    cs = cases("softmax", track, seed)
    ref = get_problem("softmax").module("reference").REFERENCE[track]["softmax"]

    (x,) = arrays(cs["overflow-1e4"])
    assert x.dtype == np.float32 and len(cs["overflow-1e4"].args) == 1  # the default, last axis
    heads = [list(r[:3]) for r in x]
    assert heads.count([1e4, -1e4, 1e4]) == 1
    assert np.allclose(ref(x)[heads.index([1e4, -1e4, 1e4]), :3], [0.5, 0.0, 0.5])
    assert any(np.all(r <= -1000) for r in x), "a row where every logit is very negative (exp underflows to 0)"
    assert any(np.all(r == 1e4) for r in x), "a row of identical huge logits"
    assert np.isfinite(ref(x)).all()

    (x,) = arrays(cs["overflow-float64"])
    assert x.dtype == np.float64 and np.abs(x).max() > 709.8
    assert any(np.all(r <= -1000) for r in x)
    assert cs["overflow-float64"].args[0].grad == (track == "torch")

    def axis(cid):
        c = cs[cid]
        return arrays(c)[0].ndim, (c.args[1] if len(c.args) > 1 else None)

    assert axis("axis-0") == (2, 0)
    assert axis("axis-1-positive") == (2, 1)
    assert axis("one-d") == (1, None)
    assert axis("three-d-middle-axis") == (3, 1)
    nd, ax = axis("negative-axis")
    assert ax < 0 and ax != -1 and nd >= 3
    assert arrays(cs["float64"])[0].dtype == np.float64
    (x,) = arrays(cs["identical-row"])
    assert any(len(set(r)) == 1 for r in x)
    assert cs["noncontiguous"].args[0].layout == "transposed"
    assert cs["noncontiguous-axis-0"].args[0].layout == "transposed" and axis("noncontiguous-axis-0")[1] == 0
    assert arrays(cs["vocab-32k"])[0].shape[-1] >= 32000 and cs["vocab-32k"].timed
    if track == "torch":
        graded = [c for c in cs.values() if c.args[0].grad]
        assert len(graded) == len(cs) - 1 and all(c.cotangent is not None for c in graded)


@pytest.mark.parametrize("seed", SEEDS)
def test_kl_estimator_edge_cases_hold_what_they_say(seed):
    cs = cases("kl-estimators", "numpy", seed)
    for k in ("k1", "k2", "k3"):
        for cid in (f"{k}-equal", f"{k}-large-ratio", f"{k}-single-sample", f"{k}-two-d", f"{k}-float32"):
            assert cs[cid].call == f"kl_{k}", cid
        p, q = arrays(cs[f"{k}-equal"])
        assert np.array_equal(p, q)
        for cid, dtype in ((f"{k}-large-ratio", np.float64), (f"{k}-large-ratio-float32", np.float32)):
            p, q = arrays(cs[cid])
            lr = q.astype(np.float64) - p
            assert p.dtype == dtype and lr.max() >= 20 and lr.min() <= -20 and np.abs(lr).max() <= 31, cid
            assert (p <= 0).all() and (q <= 0).all()
        assert arrays(cs[f"{k}-single-sample"])[0].size == 1
        assert arrays(cs[f"{k}-two-d"])[0].ndim == 2
        assert arrays(cs[f"{k}-float32"])[0].dtype == np.float32


def test_kl_statement_examples():
    """log r = -20: k1 = 20, k2 = 200, k3 ~ 19.0; log r = +20: k3 ~ 4.85e8 (both packs)."""
    est = get_problem("kl-estimators").module("reference").REFERENCE["numpy"]
    pen = get_problem("kl-penalty").module("reference").REFERENCE["torch"]["kl_penalty"]
    p, q = np.array([-0.5]), np.array([-20.5])  # log r = log q - log p = -20
    assert est["kl_k1"](p, q) == pytest.approx(20.0)
    assert est["kl_k2"](p, q) == pytest.approx(200.0)
    assert est["kl_k3"](p, q) == pytest.approx(19.0, abs=1e-6)
    assert est["kl_k3"](q, p) == pytest.approx(np.expm1(20.0) - 20.0)
    assert est["kl_k3"](q, p) == pytest.approx(4.85e8, rel=1e-3)
    p, q = p[None], q[None]  # kl-penalty takes [B, T]
    assert pen(p, q, "k1") == pen(p, q, "biased") == pytest.approx(20.0)
    assert pen(p, q, "k2") == pytest.approx(200.0)
    assert pen(p, q, "k3") == pen(p, q, "unbiased") == pen(p, q) == pytest.approx(19.0, abs=1e-6)
    assert pen(q, p, "k3") == pytest.approx(4.85e8, rel=1e-3)
    for bad in ("k4", "K3", "", "kl"):
        with pytest.raises(ValueError):
            pen(p, q, bad)
    for bad in ("seq-mean", "token_mean", ""):
        with pytest.raises(ValueError):
            pen(p, q, "k3", None, bad)


def test_kl_penalty_statement_masked_example():
    """The statement's example with a mask and unequal response lengths (mode k3), each aggregation."""
    pen = get_problem("kl-penalty").module("reference").REFERENCE["torch"]["kl_penalty"]
    lp = np.array([[-1.0, -1.0, -0.5], [-2.0, -1.0, -1.0]])
    ref = np.array([[-2.0, -0.5, -0.5], [-1.0, -1.0, -3.0]])
    mask = np.array([[1, 1, 0], [1, 0, 0]], dtype=bool)
    want = {"token-mean": 0.4116, "seq-mean-token-mean": 0.4883, "seq-mean-token-sum": 0.6174,
            "seq-mean-token-sum-norm": 0.2058}
    for agg, value in want.items():
        assert pen(lp, ref, "k3", mask, agg) == pytest.approx(value, abs=1e-4), agg
    assert pen(lp, ref, "k3", mask) == pen(lp, ref, "k3", mask, "token-mean")
    assert pen(lp, ref, "k3", np.zeros_like(mask), "token-mean") == 0.0


@pytest.mark.parametrize("seed", SEEDS)
def test_kl_penalty_edge_cases_hold_what_they_say(seed):
    cs = cases("kl-penalty", "torch", seed)
    modes = {cid: (c.args[2] if len(c.args) > 2 else None) for cid, c in cs.items()}
    for m in ("k1", "k2", "k3", "biased", "unbiased"):
        assert modes[f"mode-{m}"] == m
    assert modes["mode-default"] is None and modes["noncontiguous-default"] is None
    for m in ("k1", "k2", "k3"):
        assert modes[f"equal-{m}"] == m and modes[f"large-ratio-{m}"] == m
        p, q = arrays(cs[f"equal-{m}"])
        assert np.array_equal(p, q)
        p, q = arrays(cs[f"large-ratio-{m}"])
        lr = q - p
        assert p.dtype == np.float64 and lr.max() >= 20 and lr.min() <= -20
    p, q = arrays(cs["large-ratio-k3-float32"])
    assert p.dtype == np.float32 and (q.astype(np.float64) - p).max() >= 20
    assert arrays(cs["batch-1"])[0].shape[0] == 1
    assert {a.layout for a in cs["noncontiguous"].args if isinstance(a, Arr)} == {"transposed"}
    assert arrays(cs["float64"])[0].dtype == np.float64
    assert (modes["unknown-mode-k4"], cs["unknown-mode-k4"].raises) == ("k4", "ValueError")
    assert (modes["unknown-mode-upper-k3"], cs["unknown-mode-upper-k3"].raises) == ("K3", "ValueError")
    for c in cs.values():  # the gradient w.r.t. log_probs on every case that returns a value; ref and mask are constants
        lp, ref, *mask = (a for a in c.args if isinstance(a, Arr))
        assert lp.grad == (c.raises is None) and not ref.grad and not any(m.grad for m in mask)
    assert cs["bfloat16"].args[0].dtype == "bfloat16" and modes["bfloat16"] == "k3"

    # the mask and the aggregations
    aggs = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")

    def mask_agg(cid):
        c = cs[cid]
        mask = c.args[3] if len(c.args) > 3 else None
        return (None if mask is None else np.asarray(mask.value)), (c.args[4] if len(c.args) > 4 else None)

    for agg in aggs:
        m, a = mask_agg(f"agg-{agg}")
        counts = m.sum(-1)
        assert a == agg and m.dtype == bool and counts.min() > 0 and len(set(counts)) >= 2, agg  # unequal lengths
        m, a = mask_agg(f"empty-row-{agg}")
        assert a == agg and (m.sum(-1) == 0).sum() == 1 and m.any(), agg
        m, a = mask_agg(f"all-masked-{agg}")
        assert a == agg and not m.any(), agg
        assert float(expected_for(get_problem("kl-penalty"), "torch", cs[f"all-masked-{agg}"]).value) == 0.0
    m, a = mask_agg("mask-default-agg")
    assert m is not None and a is None
    m, a = mask_agg("all-masked-float-k1")
    assert m.dtype.kind == "f" and not m.any() and modes["all-masked-float-k1"] == "k1"
    assert mask_agg("mask-float32")[0].dtype == np.float32
    m, a = mask_agg("mask-float64-seq-mean-token-mean")
    assert m.dtype == np.float64 and a == "seq-mean-token-mean" and arrays(cs["mask-float64-seq-mean-token-mean"])[0].dtype == np.float64
    m, _ = mask_agg("mask-holes-k2")  # a zero inside a response: a kept token after a masked one
    assert modes["mask-holes-k2"] == "k2" and any(np.any(np.diff(r.astype(int)) > 0) for r in m)
    m, _ = mask_agg("mask-padding-large-ratio")
    p, q = arrays(cs["mask-padding-large-ratio"])[:2]
    assert np.abs((q.astype(np.float64) - p)[~m]).max() >= 20 and np.abs((q.astype(np.float64) - p)[m]).max() < 20
    assert {a.layout for a in cs["mask-noncontiguous"].args if isinstance(a, Arr)} == {"transposed"}
    m, a = mask_agg("mask-none-seq-mean-token-sum")
    assert len(cs["mask-none-seq-mean-token-sum"].args) == 5 and m is None and a == "seq-mean-token-sum"
    for cid, bad in (("unknown-agg", "seq-mean"), ("unknown-agg-no-mask", "token_mean")):
        assert mask_agg(cid)[1] == bad and cs[cid].raises == "ValueError" and modes[cid] == "k3"


def test_ppo_policy_loss_statement_example():
    """The statement's worked example: per-token losses, the three settings, the gradient, the pitfalls' values."""
    prob = get_problem("ppo-policy-loss")
    ref = prob.module("reference")
    models = prob.module("mistakes").MODELS
    lp = np.array([[-1.0, -0.6, -1.7], [-0.9, -0.4, -2.0]])
    old = np.array([[-1.0, -1.0, -1.0], [-1.0, -2.0, -1.5]])
    adv = np.array([[1.0, 1.0, -1.0], [-0.5, -2.0, 0.5]])
    mask = np.array([[1, 1, 1], [1, 1, 0]], dtype=bool)
    loss = ref.REFERENCE["torch"]["ppo_policy_loss"]
    grad = ref.GRADIENT["torch"]["ppo_policy_loss"]
    assert np.round(ref.ratio(lp, old), 4).tolist() == [[1.0, 1.4918, 0.4966], [1.1052, 4.953, 0.6065]]
    assert loss(lp, old, adv, mask) == pytest.approx(1.8117, abs=1e-4)
    assert loss(lp, old, adv, mask, 0.2, 0.28) == pytest.approx(1.7957, abs=1e-4)
    assert loss(lp, old, adv, mask, 0.2, 0.2, 3.0) == pytest.approx(1.0305, abs=1e-4)
    assert np.round(grad(lp, old, adv, mask)[0], 4).tolist() == [[-0.2, 0.0, 0.0], [0.1105, 1.9812, 0.0]]
    assert grad(lp, old, adv, mask, 0.2, 0.2, 3.0)[0][1, 1] == 0.0
    for bad in (1.0, 0.5, 0):
        with pytest.raises(ValueError):
            loss(lp, old, adv, mask, 0.2, 0.2, bad)
    assert loss(lp, old, adv, np.zeros_like(mask)) == 0.0

    def pitfall(mistake, *rest):
        fns = models[mistake]["torch"]["ppo_policy_loss"]
        return [round(float(f(lp, old, adv, mask, *rest)), 4) for f in (fns if isinstance(fns, list) else [fns])]

    assert pitfall("clip-min-max-swapped") == [0.1915]
    assert pitfall("clip-advantage") == [1.6927]
    assert pitfall("ratio-inverted") == [0.4792]
    assert pitfall("dual-clip-positive", 0.2, 0.2, 3.0) == [0.2705, 1.0517]
    assert pitfall("mask-ignored") == [1.4592, 1.5098]
    assert pitfall("sign-flipped") == [-1.8117]


@pytest.mark.parametrize("seed", SEEDS)
def test_ppo_policy_loss_edge_cases_hold_what_they_say(seed):
    prob = get_problem("ppo-policy-loss")
    cs = cases("ppo-policy-loss", "torch", seed)

    def setting(c):
        rest = list(c.args[4:]) + [0.2, 0.2, None][len(c.args) - 4:]
        return tuple(rest)

    for cid, c in cs.items():
        lp, old, adv, mask = (a for a in c.args if isinstance(a, Arr))
        # the gradient w.r.t. log_probs on every case that returns a value; the rest are constants
        assert lp.grad == (c.raises is None) and not (old.grad or adv.grad or mask.grad), cid
        lo, hi, dual = setting(c)
        r = np.exp(np.asarray(lp.value, dtype=np.float64) - np.asarray(old.value, dtype=np.float64))
        bounds = [1 - lo, 1 + hi] + ([dual] if dual is not None and dual > 1 else [])
        # no ratio sits near a bound, where the gradient jumps and would depend on rounding
        assert all(np.abs(np.log(r) - np.log(b)).min() >= 0.01 for b in bounds), cid
        assert np.abs(np.log(r)).max() < 20, cid  # far inside verl's and OpenRLHF's ±20 clamp
    # the grid: A = -1 and +1 at every ratio, the clipped tokens' gradient exactly 0
    for cid, (lo, hi, dual) in (("grid", (0.2, 0.2, None)), ("grid-clip-higher", (0.2, 0.28, None)),
                                ("grid-dual-clip", (0.2, 0.2, 3.0))):
        c = cs[cid]
        lp, old, adv, mask = arrays(c)
        assert setting(c) == (lo, hi, dual) and mask.all()
        assert np.allclose(np.exp(lp.astype(np.float64) - old), [[0.5, 0.9, 1, 1.1, 1.5, 5]] * 2, rtol=1e-5)
        assert adv.tolist() == [[-1.0] * 6, [1.0] * 6]
        g = expected_for(prob, "torch", c).grads[0] * 12
        clipped = [[1, 0, 0, 0, 0, dual is not None], [0, 0, 0, 0, 1, 1]]
        assert np.all((g == 0) == np.array(clipped, dtype=bool)), cid
    assert float(expected_for(prob, "torch", cs["grid"]).value) == pytest.approx(4.4 / 12)
    assert float(expected_for(prob, "torch", cs["grid-dual-clip"]).value) == pytest.approx(2.4 / 12)
    assert setting(cs["asymmetric-clip"]) == (0.2, 0.28, None)
    assert setting(cs["asymmetric-clip-wide-low"]) == (0.3, 0.1, None)
    for cid, c_ in (("dual-clip-3", 3.0), ("dual-clip-2", 2.0), ("dual-clip-per-row-advantages", 4.0)):
        lp, old, adv, mask = arrays(cs[cid])
        r = np.exp(lp.astype(np.float64) - old)
        assert setting(cs[cid])[2] == c_ and np.any((adv < 0) & (r > c_) & (mask != 0)), cid  # the dual clip acts
        assert np.any((adv > 0) & (mask != 0)), cid  # and tokens it must leave alone
    lp, old, adv, mask = arrays(cs["dual-clip-none"])
    assert len(cs["dual-clip-none"].args) == 7 and cs["dual-clip-none"].args[6] is None
    for cid, bad in (("dual-clip-one", 1.0), ("dual-clip-below-one", 0.5)):
        assert setting(cs[cid])[2] == bad and cs[cid].raises == "ValueError"
    m = arrays(cs["empty-row"])[3]
    assert (m.sum(-1) == 0).sum() == 1 and m.any()
    for cid, kind in (("nothing-kept", "b"), ("nothing-kept-float", "f")):
        m = arrays(cs[cid])[3]
        assert m.dtype.kind == kind and not m.any()
        e = expected_for(prob, "torch", cs[cid])
        assert float(e.value) == 0.0 and not e.grads[0].any()
    assert arrays(cs["mask-float32"])[3].dtype == np.float32
    assert arrays(cs["mask-float64"])[3].dtype == np.float64 and arrays(cs["mask-float64"])[0].dtype == np.float64
    m = arrays(cs["mask-holes"])[3]
    assert any(np.any(np.diff(row.astype(int)) > 0) for row in m)  # a kept token after a masked one
    _, _, adv, m = arrays(cs["padding-large-advantages"])
    assert np.abs(adv[~m]).min() == 50 and np.abs(adv[m]).max() < 50
    assert cs["bfloat16"].args[0].dtype == "bfloat16" and setting(cs["bfloat16"])[2] == 3.0
    assert arrays(cs["float64"])[0].dtype == np.float64
    assert {a.layout for a in cs["noncontiguous"].args if isinstance(a, Arr)} == {"transposed"}
    assert arrays(cs["batch-1"])[0].shape[0] == 1
    lp, old, adv, m = arrays(cs["on-policy"])
    assert np.array_equal(lp, old)
    assert float(expected_for(prob, "torch", cs["on-policy"]).value) == pytest.approx(-adv[m].mean(), rel=1e-6)
def test_grpo_loss_statement_example():
    """The statement's worked example: each aggregation, β = 0 without a reference, the gradient, on-policy."""
    ref_mod = get_problem("grpo-loss").module("reference")
    loss, grad = ref_mod.REFERENCE["torch"]["grpo_loss"], ref_mod.GRADIENT["torch"]["grpo_loss"]
    lp = np.array([[-1.0, -1.0, -0.5], [-2.0, -1.0, -1.0]])
    old = np.array([[-1.3, -0.8, -0.5], [-2.0, -1.5, -1.0]])
    ref = np.array([[-2.0, -0.5, -0.5], [-1.0, -1.0, -3.0]])
    adv = np.array([1.0, -0.5])
    mask = np.array([[1, 1, 1], [1, 1, 0]], dtype=bool)
    want = {"token-mean": -0.3290, "seq-mean-token-mean": -0.1614, "seq-mean-token-sum": -0.8225,
            "seq-mean-token-sum-norm": -0.2742}
    no_kl = {"token-mean": -0.3389, "seq-mean-token-mean": -0.1720, "seq-mean-token-sum": -0.8472,
             "seq-mean-token-sum-norm": -0.2824}
    for agg, value in want.items():
        assert loss(lp, old, ref, adv, mask, 0.04, 0.2, agg) == pytest.approx(value, abs=1e-4), agg
        assert loss(lp, old, None, adv, mask, 0.0, 0.2, agg) == pytest.approx(no_kl[agg], abs=1e-4), agg
    assert loss(lp, old, ref, adv, mask) == loss(lp, old, ref, adv, mask, 0.04, 0.2, "token-mean")
    g = grad(lp, old, ref, adv, mask)[0]
    np.testing.assert_allclose(g, [[0.0051, -0.1689, -0.2], [0.0863, 0.1649, 0.0]], atol=1e-4)
    assert loss(lp, lp, ref, adv, mask) == pytest.approx(-0.3901, abs=1e-4)
    np.testing.assert_allclose(grad(lp, lp, ref, adv, mask)[0], [[-0.1949, -0.2052, -0.2], [0.0863, 0.1, 0.0]], atol=1e-4)
    # the pitfalls' figures
    models = get_problem("grpo-loss").module("mistakes").MODELS
    args = (lp, old, ref, adv, mask, 0.04, 0.2)
    assert models["kl-unmasked"]["torch"]["grpo_loss"](*args) == pytest.approx(-0.3231, abs=1e-4)
    assert models["k3-ratio-inverted"]["torch"]["grpo_loss"](*args) == pytest.approx(-0.3293, abs=1e-4)
    assert models["clip-min-max-swapped"]["torch"]["grpo_loss"](*args) == pytest.approx(-0.4038, abs=1e-4)
    wrong_axis, repeated = models["advantage-not-broadcast"]["torch"]["grpo_loss"]
    with pytest.raises(RuntimeError, match="must match the"):
        wrong_axis(*args)
    assert repeated(*args) == pytest.approx(-0.4882, abs=1e-4)


@pytest.mark.parametrize("seed", SEEDS)
def test_grpo_loss_edge_cases_hold_what_they_say(seed):
    cs = cases("grpo-loss", "torch", seed)
    prob = get_problem("grpo-loss")

    def parts(cid):
        c = cs[cid]
        lp, old, ref, adv, mask = (a if a is None or not isinstance(a, Arr) else np.asarray(a.value) for a in c.args[:5])
        return c, lp, old, ref, adv, mask, tuple(c.args[5:])

    for c in cs.values():  # log_probs takes the gradient on every case that returns a value, nothing else does
        arrs = [a for a in c.args if isinstance(a, Arr)]
        assert arrs[0].grad == (c.raises is None) and not any(a.grad for a in arrs[1:])
        lp, adv = np.asarray(arrs[0].value), np.asarray(c.args[3].value)
        assert lp.ndim == 2 and adv.shape == (lp.shape[0],) and (lp.shape[1] > 1 or lp.shape[0] == 1)
    c, *_, rest = parts("defaults")
    assert rest == ()
    aggs = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")
    for agg in aggs:
        c, lp, old, ref, adv, m, rest = parts(f"agg-{agg}")
        counts = m.sum(-1)
        assert rest[-1] == agg and m.dtype == bool and counts.min() > 0 and len(set(counts)) == len(counts), agg
        c, lp, old, ref, adv, m, rest = parts(f"empty-row-{agg}")
        assert rest[-1] == agg and (m.sum(-1) == 0).sum() == 1 and m.any(), agg
        c, lp, old, ref, adv, m, rest = parts(f"all-masked-{agg}")
        assert rest[-1] == agg and not m.any(), agg
        assert float(expected_for(prob, "torch", c).value) == 0.0
    for cid in ("square-token-mean", "square-seq-mean-token-sum"):
        c, lp, *_ = parts(cid)
        assert lp.shape[0] == lp.shape[1] > 1
    for cid in ("beta-0-ref-none-seq-mean-token-mean", "beta-0-ref-none-seq-mean-token-sum-norm"):
        c, lp, old, ref, adv, m, rest = parts(cid)
        assert ref is None and rest[0] == 0.0
    c, lp, old, ref, adv, m, rest = parts("beta-0-ref-given")
    assert ref is not None and rest == (0.0,)
    for agg in ("token-mean", "seq-mean-token-mean"):
        c, lp, old, ref, adv, m, rest = parts(f"on-policy-{agg}")
        assert np.array_equal(lp, old) and rest[-1] == agg and not np.array_equal(lp, ref)
    for cid, eps in (("clip-eps-0-28", 0.28), ("clip-eps-0-1", 0.1)):
        c, lp, old, ref, adv, m, rest = parts(cid)
        r = np.exp(lp.astype(np.float64) - old)[m]
        assert rest[1] == eps and (r > 1 + eps).any() and (r < 1 - eps).any() and (adv > 0).any() and (adv < 0).any()
    for c in cs.values():  # no ratio sits on a clip corner, where float32 rounding could move it across
        if c.raises is None:
            _, lp, old, *_, rest = parts(c.id)
            eps = rest[1] if len(rest) > 1 else 0.2
            r = np.exp(lp.astype(np.float64) - old)
            assert np.abs(r - (1 - eps)).min() > 0.015 and np.abs(r - (1 + eps)).min() > 0.015, c.id
    assert parts("mask-float32")[5].dtype == np.float32
    c, lp, *_, m, rest = parts("mask-float64")
    assert m.dtype == np.float64 and lp.dtype == np.float64
    assert parts("all-masked-float")[5].dtype.kind == "f" and not parts("all-masked-float")[5].any()
    m = parts("mask-holes")[5]
    assert any(np.any(np.diff(r.astype(int)) > 0) for r in m)
    adv = parts("zero-advantage-row")[4]
    assert (adv == 0).sum() == 1
    assert parts("batch-1")[1].shape[0] == 1
    assert {a.layout for a in cs["noncontiguous"].args if isinstance(a, Arr) and a.value.ndim == 2} == {"transposed"}
    for cid, bad in (("unknown-agg", "seq-mean"), ("unknown-agg-underscore", "token_mean")):
        c, lp, *_, rest = parts(cid)
        assert rest[-1] == bad and c.raises == "ValueError" and lp.shape[0] == lp.shape[1]


@pytest.mark.parametrize("seed", SEEDS)
def test_grpo_loss_cases_separate_every_pair_of_mistakes(seed):
    """Every variant of every grpo-loss mistake model, and the reference, disagree with each other
    (a value clearly apart, or a raise against a value) on at least two cases: a learner who
    makes one of them can never be named as another."""
    import itertools

    prob = get_problem("grpo-loss")
    ref_fn = prob.module("reference").REFERENCE["torch"]["grpo_loss"]
    variants = [("reference", ref_fn)]
    for mid, by_track in prob.module("mistakes").MODELS.items():
        fns = by_track["torch"]["grpo_loss"]
        variants += [(mid, f) for f in (fns if isinstance(fns, list) else [fns])]
    built = build_cases(prob, "torch", seed)

    def outcome(fn, c):
        args = [np.asarray(a.value) if isinstance(a, Arr) else a for a in c.args]
        try:
            with np.errstate(all="ignore"):
                return float(fn(*args))
        except Exception as e:  # noqa: BLE001 - a raise is an outcome
            return type(e).__name__

    def apart(x, y):
        if isinstance(x, str) or isinstance(y, str):
            return x != y
        return abs(x - y) > 1e-3 * max(1.0, abs(x), abs(y))

    outs = [(name, [outcome(f, c) for c in built]) for name, f in variants]
    for (a, xs), (b, ys) in itertools.combinations(outs, 2):
        if a != b:
            assert sum(apart(x, y) for x, y in zip(xs, ys)) >= 2, (a, b)


# -- submissions that only a named edge case catches -------------------------------


def test_softmax_all_very_negative_row_catches_a_max_clamped_at_zero(tmp_path):
    # shifts by max(row max, 0): safe against overflow, but a row of very negative logits underflows to 0 / 0
    src = "# sftkl: problem=softmax track=numpy\nimport numpy as np\n" + """
def softmax(x, axis=-1):
    e = np.exp(x - np.maximum(x.max(axis=axis, keepdims=True), 0))
    return e / e.sum(axis=axis, keepdims=True)
"""
    report = grade(write(tmp_path / "s.py", src), seed=SEEDS[0])
    got = {c.id: c.status for c in report.cases}

    def very_negative_row(c):  # a row (along the case's axis) whose every exp underflows to 0 in its dtype
        x = arrays(c)[0]
        axis = c.args[1] if len(c.args) > 1 else -1
        with np.errstate(under="ignore", over="ignore"):
            return bool(np.any(np.all(np.exp(np.moveaxis(x, axis, -1)) == 0, axis=-1)))

    # the overflow cases hold such a row, and so does `rows-far-apart` (float32 logits around -150)
    holding = {cid for cid, c in cases("softmax", "numpy").items() if very_negative_row(c)}
    assert {"overflow-1e4", "overflow-float64"} <= holding
    assert {cid: got[cid] for cid in holding} == {cid: "nan" for cid in holding}
    assert {s for cid, s in got.items() if cid not in holding} == {"pass"}


def test_softmax_mixed_row_catches_a_shift_by_the_global_max(tmp_path):
    # a shift by the max of the whole array is fine on small inputs; with rows of +1e4 and of -1e4
    # a row far below the global max underflows to 0 / 0
    src = "# sftkl: problem=softmax track=numpy\nimport numpy as np\n" + """
def softmax(x, axis=-1):
    e = np.exp(x - x.max())
    return e / e.sum(axis=axis, keepdims=True)
"""
    report = grade(write(tmp_path / "s.py", src), seed=SEEDS[0])
    got = {c.id: c.status for c in report.cases}
    assert got["overflow-1e4"] == "nan" and got["overflow-float64"] == "nan"
