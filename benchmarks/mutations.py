"""The mutations benchmarks/mutate.py applies, one at a time: realistic breaks of the code that decides verdicts.

Each names its file, an exact piece of text that must occur there exactly once, its
replacement, and the test files that should catch it. A mutation that is known to
survive says why it is harmless in `survives`. When the code changes, change the list:
the harness reports a mutation whose old text is gone as an error.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutation:
    id: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]
    survives: str = ""  # why it is harmless, for a mutation that no test kills


# Test sets, fastest and most targeted first (pytest -x stops at the first failure).
JUDGE = ("tests/test_verdict.py", "tests/test_edge_cases.py", "tests/test_engine.py", "tests/test_packs.py",
         "tests/test_corpus.py")
PACKS = ("tests/test_edge_cases.py", "tests/test_packs.py", "tests/test_verdict.py", "tests/test_corpus.py")
SANDBOX = ("tests/test_verdict.py", "tests/test_engine.py", "tests/test_hostile.py")

C, D, E = "graders/compare.py", "graders/diagnose.py", "graders/engine.py"
S, P, H = "sandbox/session.py", "sandbox/process.py", "sandbox/child.py"
SM, SFT, KLE, KLP = "problems/softmax/", "problems/sft_loss/", "problems/kl_estimators/", "problems/kl_penalty/"

MUTATIONS = [
    # ---- comparison: gradients -----------------------------------------------------------
    Mutation("compare-grad-values-never-compared", C,
             "        ok = close(got, want, dtype, 1.0, grad=True)\n",
             "        ok = np.ones(want.shape, dtype=bool)\n", JUDGE),
    Mutation("compare-grad-tolerance-float32-x100", C,
             '    "float32": (1e-3, 1e-4),', '    "float32": (1e-1, 1e-2),', JUDGE),
    Mutation("compare-grad-tolerance-float64-x100", C,
             '    "float64": (1e-6, 1e-8),', '    "float64": (1e-4, 1e-6),', JUDGE),
    Mutation("compare-grad-tolerance-float32-div100", C,
             '    "float32": (1e-3, 1e-4),', '    "float32": (1e-5, 1e-6),', JUDGE),
    Mutation("compare-grad-atol-not-relative-to-largest", C,
             "        atol = atol * max(1e-2, float(np.max(np.abs(want))) if want.size else 1.0)\n",
             "        atol = atol * 1e-2\n", JUDGE),
    Mutation("compare-missing-grad-always-zero", C,
             "            if not np.any(want):\n", "            if True:\n", JUDGE),
    Mutation("compare-missing-grad-never-zero", C,
             "            if not np.any(want):\n", "            if False:\n", JUDGE),
    Mutation("compare-grad-nonfinite-check-removed", C,
             "        if not np.all(np.isfinite(got)):\n            return \"grad\", Msg.of(\"case.grad_nonfinite\", name=name)\n",
             "", JUDGE),
    Mutation("compare-grads-skipped", C,
             "    if expected.grads:\n        return _judge_grads(", "    if False:\n        return _judge_grads(", JUDGE),
    Mutation("compare-no-graph-passes", C,
             '    if status == "no-graph":\n        return "grad", Msg.of("case.grad_no_graph")',
             '    if status == "no-graph":\n        return "pass", None', JUDGE),
    Mutation("compare-failed-backward-passes", C,
             '        return "grad", Msg.of("case.grad_raised", type=exc["type"], detail=exc["message"])',
             '        return "pass", None', JUDGE),
    # ---- comparison: values, dtypes, statuses -------------------------------------------------
    Mutation("compare-precision-check-removed", C,
             "    elif np.dtype(got.dtype).itemsize < np.dtype(dtype).itemsize:\n", "    elif False:\n", JUDGE),
    Mutation("compare-int-result-accepted", C,
             '    if got.dtype.kind not in "f":\n', "    if False:\n", JUDGE),
    Mutation("compare-tolerance-float32-x100", C,
             '    "float32": (2e-4, 2e-5),', '    "float32": (2e-2, 2e-3),', JUDGE),
    Mutation("compare-tolerance-float64-x100", C,
             '    "float64": (1e-6, 1e-9),', '    "float64": (1e-4, 1e-7),', JUDGE),
    Mutation("compare-tolerance-float32-div100", C,
             '    "float32": (2e-4, 2e-5),', '    "float32": (2e-6, 2e-7),', JUDGE),
    Mutation("compare-atol-ignores-input-scale", C,
             "        atol = atol * scale\n", "        atol = atol\n", JUDGE),
    Mutation("compare-case-dtype-always-float64", C,
             "            return str(np.asarray(a.value).dtype)\n", '            return "float64"\n', JUDGE),
    Mutation("compare-nan-check-removed", C,
             "    if np.any(~np.isfinite(gotf) & finite_want):\n", "    if False:\n", JUDGE),
    Mutation("compare-shape-check-removed", C,
             '    if got.shape != want.shape:\n        return "shape"', '    if False:\n        return "shape"', JUDGE),
    Mutation("compare-mutation-ignored-on-return", C,
             '    if mutated:\n        return "mutated", Msg.of("case.mutated", names=", ".join(mutated))\n    if expected.raises:',
             "    if expected.raises:", JUDGE),
    Mutation("compare-any-exception-is-the-expected-one", C,
             '        if expected.raises and expected.raises in exc.get("mro", [exc["type"]]):',
             "        if expected.raises:", JUDGE),
    Mutation("compare-expected-exception-exact-type-only", C,
             '        if expected.raises and expected.raises in exc.get("mro", [exc["type"]]):',
             '        if expected.raises and expected.raises == exc["type"]:', JUDGE),
    Mutation("compare-torch-may-return-float", C,
             '    "torch": {"tensor"},', '    "torch": {"tensor", "float"},', JUDGE),
    Mutation("compare-forbidden-outcome-ignored", C,
             '    if outcome == "forbidden":\n', '    if outcome == "forbidden!":\n', JUDGE),
    Mutation("compare-same-outcome-ignores-nonfinite", C,
             "    fg, fw = np.isfinite(got), np.isfinite(want)\n    if not np.array_equal(fg, fw):\n        return False\n"
             "    return bool(np.all(close(got[fg], want[fw].astype(np.float64), dtype, scale)))\n",
             "    both = np.isfinite(got) & np.isfinite(want)\n"
             "    return bool(np.all(close(got[both], want[both].astype(np.float64), dtype, scale)))\n", JUDGE),
    # ---- diagnosis ----------------------------------------------------------------------
    Mutation("diagnose-any-error-matches-any-message", D,
             "            return model[2] in observed[2]\n", "            return True\n", JUDGE),
    Mutation("diagnose-typed-model-matches-any-exception", D,
             "        return model[1] in observed[1]\n", "        return True\n", JUDGE),
    Mutation("diagnose-no-contradiction-check", D,
             "            if differs:\n                return (), 0\n", "            if differs:\n                pass\n", JUDGE),
    Mutation("diagnose-errors-not-diagnosed", D,
             'FAILED_FOR_DIAGNOSIS = {"wrong", "nan", "shape", "error"}', 'FAILED_FOR_DIAGNOSIS = {"wrong", "nan", "shape"}',
             JUDGE),
    Mutation("diagnose-first-variant-only", D,
             "        for k in range(width):\n", "        for k in range(1):\n", JUDGE),
    Mutation("diagnose-occam-off", D,
             "            mine < set(o.cases) or (mine == set(o.cases) and om < misses) for o, om in found if o is not d\n",
             "            False for o, om in found if o is not d\n", JUDGE),
    Mutation("diagnose-expected-raise-always-differs", D,
             "        return not (isinstance(model, tuple) and model[1] == exp.raises)\n", "        return True\n", JUDGE),
    Mutation("diagnose-models-ignore-layout", D,
             "            args.append(apply_layout(np.asarray(a.value), a.layout))\n",
             "            args.append(np.asarray(a.value))\n", JUDGE,
             survives="no current case has a layout that alone changes a model's outcome: the one layout-sensitive "
                      "model (view-noncontiguous) also raises on every B >= 2 slice, and sft-loss's transposed case has "
                      "B = 2; a transposed B = 1 case would kill it"),
    # ---- engine -------------------------------------------------------------------------
    Mutation("engine-gradients-never-expected", E,
             '    if track == "torch" and grad_pos:\n', "    if False and grad_pos:\n", JUDGE),
    Mutation("engine-cpu-timeout-reported-as-wall", E,
             '        if gone.detail == "cpu":\n', '        if gone.detail == "CPU":\n', JUDGE),
    Mutation("engine-exit-reported-as-error", E,
             '        return "crash", Msg.of("case.crash_exit", case=case_id, code=gone.detail[5:])',
             '        return "error", Msg.of("case.crash_exit", case=case_id, code=gone.detail[5:])', JUDGE),
    Mutation("engine-cotangent-ignored", E,
             "        cot = None if case.cotangent is None else np.asarray(case.cotangent, dtype=np.float64)\n",
             "        cot = None\n", JUDGE),
    Mutation("engine-reference-in-input-dtype", E,
             '        return v.astype(np.float64) if v.dtype.kind == "f" else v.copy()\n', "        return v.copy()\n", JUDGE,
             survives="the packs' references are stable formulas (max-shifted log-sum-exp, expm1) that stay inside "
                      "the float32 tolerance when evaluated in float32 on every case, so no verdict changes; the "
                      "float64 reference is a margin, not a verdict"),
    # ---- sandbox: the run -------------------------------------------------------------------
    Mutation("session-no-restart-after-crash", S,
             "                if restarts < MAX_RESTARTS and start < n:\n",
             "                if False and restarts < MAX_RESTARTS and start < n:\n", SANDBOX),
    Mutation("session-unlimited-restarts", S, "MAX_RESTARTS = 3\n", "MAX_RESTARTS = 1000\n", SANDBOX),
    Mutation("session-restart-limit-off-by-one", S,
             "                if restarts < MAX_RESTARTS and start < n:\n",
             "                if restarts <= MAX_RESTARTS and start < n:\n", SANDBOX),
    Mutation("session-timeout-then-restart", S,
             '                if gone.status == "timeout":\n', '                if gone.status == "time-out":\n', SANDBOX),
    Mutation("session-crashed-case-rerun", S,
             "                start = i + 1\n", "                start = i\n", SANDBOX),
    Mutation("session-failed-reload-is-a-load-error", S,
             "                child = None  # a restart that no longer loads: give up on the rest\n",
             "                self.load_error = error\n                return\n", SANDBOX),
    # ---- sandbox: the process -------------------------------------------------------------
    Mutation("process-cpu-budget-never-set", P,
             "        self._set_cpu_budget(cpu_s)\n        return self._recv(", "        return self._recv(", SANDBOX),
    Mutation("process-sigxcpu-reported-as-crash", P,
             '                return ChildGone("timeout", "cpu")\n', '                return ChildGone("crash", "cpu")\n',
             SANDBOX),
    Mutation("process-cpu-budget-ignores-cpu-used", P,
             "        soft = int(used + cpu_s) + 1\n", "        soft = int(cpu_s) + 1\n", SANDBOX,
             survives="masked by the per-case CPU budget bug (test_the_cpu_budget_is_per_case, xfail here): without "
                      "CAP_SYS_RESOURCE the budget is never re-armed, so whether it counts the CPU already used cannot "
                      "show; that test kills it where the hard limit can be raised"),
    Mutation("process-wall-timeout-reported-as-crash", P,
             '            raise ChildGone("timeout", "wall") from None\n', '            raise ChildGone("crash", "wall") from None\n',
             SANDBOX),
    Mutation("process-wall-limit-20x", P,
             "        return self._recv(time.monotonic() + wall_s)\n", "        return self._recv(time.monotonic() + 20 * wall_s)\n",
             SANDBOX),
    Mutation("process-signal-death-read-as-exit", P,
             "        if code is not None and code < 0:\n", "        if code is not None and code > 0:\n", SANDBOX),
    # ---- sandbox: the candidate's process ------------------------------------------------------
    Mutation("child-torch-snapshot-aliases-input", H,
             "            snap.append(a.detach().numpy().copy())\n", "            snap.append(a.detach().numpy())\n", SANDBOX),
    Mutation("child-numpy-snapshot-aliases-input", H,
             "            snap.append(a.copy())\n", "            snap.append(a)\n", SANDBOX),
    Mutation("child-torch-outputs-as-float64", H,
             "            arr = torch.Tensor.numpy(torch.Tensor.clone(t))\n",
             "            arr = torch.Tensor.numpy(torch.Tensor.clone(t).double())\n", SANDBOX),
    Mutation("child-numpy-outputs-as-float64", H,
             '        return "ndarray", np.array(obj, copy=True, subok=False)\n',
             '        return "ndarray", np.array(obj, dtype=np.float64, copy=True, subok=False)\n', SANDBOX),
    Mutation("child-mutation-not-reported-when-raising", H,
             '            return {"outcome": "memory"}, []\n'
             '        return {"outcome": "raised", "exception": info, "mutated": _mutated(args, snap, np, torch)}, []\n',
             '            return {"outcome": "memory"}, []\n'
             '        return {"outcome": "raised", "exception": info, "mutated": []}, []\n', SANDBOX),
    Mutation("child-exception-mro-dropped", H,
             '"mro": [c.__name__ for c in type(e).__mro__]', '"mro": [type(e).__name__]', SANDBOX),
    Mutation("child-gradients-dropped", H,
             "        if g is None:\n            items[str(i)] = None\n", "        if True:\n            items[str(i)] = None\n",
             SANDBOX),
    Mutation("child-caught-forbidden-call-not-reported", H,
             '    if _forbidden_hit:\n        return {"outcome": "forbidden", "name": _forbidden_hit[0]}, []\n'
             "    kind, value = _plain(out, np, torch)\n",
             "    kind, value = _plain(out, np, torch)\n", SANDBOX),
    Mutation("child-tripwire-not-installed", H,
             "            setattr(obj, parts[-1], tripwire)\n", "            pass\n", SANDBOX),
    Mutation("child-no-address-space-limit", H,
             '        setlim(resource.RLIMIT_AS, int(limits["memory_mb"]) * 1024 * 1024)\n', "        pass\n", SANDBOX),
    # ---- packs: cases ------------------------------------------------------------------------
    Mutation("sft-all-ignored-keeps-one", SFT + "cases.py",
             '    y[...] = -100\n    cases.append(edge("all-ignored"', '    y[..., :-1] = -100\n    cases.append(edge("all-ignored"',
             PACKS),
    Mutation("sft-all-ignored-dropped", SFT + "cases.py",
             '    cases.append(edge("all-ignored", "every label is ignore_index: the loss must be 0, not NaN",\n'
             '                      "所有 label 都是 ignore_index:loss 应为 0,而不是 NaN", CALL, lg(x), Arr(y)))\n',
             "", PACKS),
    Mutation("sft-target-far-below-only-10", SFT + "cases.py",
             "        row[labels[b, t + 1]] = row.max() - 1000.0\n", "        row[labels[b, t + 1]] = row.max() - 10.0\n", PACKS),
    Mutation("sft-t-equals-1-is-t-2", SFT + "cases.py",
             "    x, y = make(3 if batched else 1, 1, 9)\n", "    x, y = make(3 if batched else 1, 2, 9)\n", PACKS),
    Mutation("sft-overflow-only-1e2", SFT + "cases.py",
             "    x, y = make(B, 8, 10, scale=1e4)\n", "    x, y = make(B, 8, 10, scale=1e2)\n", PACKS),
    Mutation("sft-custom-ignore-labels-use-default", SFT + "cases.py",
             "    x, y = make(B, 8, 10, ignore=-1)\n", "    x, y = make(B, 8, 10)\n", PACKS),
    Mutation("sft-custom-ignore-is-the-default", SFT + "cases.py",
             '    x, y = make(B, 8, 10, ignore=-1)\n    cases.append(edge("custom-ignore-index", "ignore_index=-1 passed explicitly '
             '(prompt tokens are -1)",\n                      "显式传入 ignore_index=-1(prompt 部分为 -1)", CALL, lg(x), Arr(y), -1))',
             '    x, y = make(B, 8, 10)\n    cases.append(edge("custom-ignore-index", "ignore_index=-1 passed explicitly '
             '(prompt tokens are -1)",\n                      "显式传入 ignore_index=-1(prompt 部分为 -1)", CALL, lg(x), Arr(y), -100))',
             PACKS),
    Mutation("sft-batch-uneven-no-empty-row", SFT + "cases.py",
             "        y[2, :] = -100   # a row with nothing kept\n", "", PACKS),
    Mutation("sft-noncontiguous-is-contiguous", SFT + "cases.py",
             'CALL, lg(x, layout="transposed"),', "CALL, lg(x),", PACKS),
    Mutation("sft-vocab-32k-is-320", SFT + "cases.py",
             "    x, y = make(B, 8 if batched else 12, 32000)\n    y = np.where(y == -100, rng.integers(0, 32000,",
             "    x, y = make(B, 8 if batched else 12, 320)\n    y = np.where(y == -100, rng.integers(0, 320,", PACKS),
    Mutation("softmax-all-very-negative-row-dropped", SM + "cases.py",
             "    x[1] = np.where(np.arange(10) % 2, -8000.0, -1e4)  # every logit very negative: exp underflows\n", "",
             PACKS),
    Mutation("softmax-half-half-row-dropped", SM + "cases.py",
             "    x[0, :3] = [1e4, -1e4, 1e4]                    # -> [0.5, 0, 0.5, 0, ...]\n", "", PACKS),
    Mutation("softmax-overflow-case-in-float64", SM + "cases.py",
             '    x = _grid(rng, (5, 10), 1000.0, 10, "float32")\n', '    x = _grid(rng, (5, 10), 1000.0, 10, "float64")\n',
             PACKS),
    Mutation("softmax-axis-0-uses-default-axis", SM + "cases.py",
             '"二维输入,axis 为 0:每一列之和为 1", x, 0))', '"二维输入,axis 为 0:每一列之和为 1", x))', PACKS),
    Mutation("softmax-torch-cotangent-dropped", SM + "cases.py",
             "        cot = floats(rng, x.shape, str(x.dtype)) if torch and grad else None\n", "        cot = None\n", PACKS),
    Mutation("kl-estimators-large-ratio-shrunk", KLE + "cases.py",
             "    lr = np.concatenate([[-30.0, -20.0, 20.0, 30.0], rng.uniform(-30.0, 30.0, n - 4)])\n",
             "    lr = np.concatenate([[-3.0, -2.0, 2.0, 3.0], rng.uniform(-3.0, 3.0, n - 4)])\n", PACKS),
    Mutation("kl-estimators-float32-case-in-float64", KLE + "cases.py",
             '        lp, lq = log_prob_pair(rng, (64,), "float32")\n', '        lp, lq = log_prob_pair(rng, (64,), "float64")\n',
             PACKS),
    Mutation("kl-penalty-unknown-mode-cases-dropped", KLP + "cases.py",
             '    for bad, cid in (("k4", "unknown-mode-k4"), ("K3", "unknown-mode-upper-k3")):\n',
             "    for bad, cid in ():\n", PACKS),
    Mutation("kl-penalty-large-ratio-shrunk", KLP + "cases.py",
             "    lr = np.concatenate([[-30.0, -20.0, 20.0, 30.0], rng.uniform(-30.0, 30.0, n - 4)])\n",
             "    lr = np.concatenate([[-3.0, -2.0, 2.0, 3.0], rng.uniform(-3.0, 3.0, n - 4)])\n", PACKS),
    Mutation("kl-penalty-alias-biased-dropped", KLP + "cases.py",
             '        ("biased", "mode \\"biased\\" is an alias of k1", "mode \\"biased\\" 是 k1 的别名"),\n', "", PACKS),
    Mutation("kl-penalty-gradient-never-checked", KLP + "cases.py",
             'Arr(lp, layout=layout, grad=not kw.get("raises"))', "Arr(lp, layout=layout, grad=False)", PACKS),
    # ---- packs: references ------------------------------------------------------------------
    Mutation("sft-reference-nan-when-nothing-kept", SFT + "reference.py",
             "    if n == 0:\n        return 0.0\n", '    if n == 0:\n        return float("nan")\n', PACKS),
    Mutation("sft-reference-grad-not-divided", SFT + "reference.py",
             "        g[keep] = p / n\n", "        g[keep] = p\n", PACKS),
    Mutation("sft-reference-unstable-lse", SFT + "reference.py",
             "    lse = m + np.log(np.exp(x - m[:, None]).sum(axis=-1))", "    lse = np.log(np.exp(x).sum(axis=-1))", PACKS),
    Mutation("softmax-reference-global-max", SM + "reference.py",
             "    m = x.max(axis=axis, keepdims=True)\n", "    m = x.max()\n", PACKS),
    Mutation("softmax-reference-vjp-ignores-s", SM + "reference.py",
             "    return {0: s * (w - (s * w).sum(axis=dim, keepdims=True))}\n",
             "    return {0: s * (w - w.sum(axis=dim, keepdims=True))}\n", PACKS),
    Mutation("kl-estimators-reference-k2-no-half", KLE + "reference.py",
             "    return float(np.mean(0.5 * _log_r(log_p, log_q) ** 2))\n", "    return float(np.mean(_log_r(log_p, log_q) ** 2))\n",
             PACKS),
    Mutation("kl-estimators-reference-k3-exp-minus-1", KLE + "reference.py",
             "    return float(np.mean(np.expm1(lr) - lr))\n", "    return float(np.mean(np.exp(lr) - 1 - lr))\n", PACKS,
             survives="equivalent at these tolerances: exp(lr) - 1 loses ~1e-16 absolute against expm1(lr), far "
                      "inside the float64 tolerance for every log-ratio the cases hold"),
    Mutation("kl-penalty-reference-k3-grad-sign", KLP + "reference.py",
             "        g = -np.expm1(ref - lp)\n", "        g = np.expm1(ref - lp)\n", PACKS),
    Mutation("kl-penalty-reference-accepts-unknown-modes", KLP + "reference.py",
             "    if mode not in MODES:\n        raise ValueError", "    if False:\n        raise ValueError", PACKS),
    Mutation("kl-penalty-reference-biased-is-k3", KLP + "reference.py",
             '"biased": "k1"', '"biased": "k3"', PACKS),
]
