"""`sftkl grade --repro CASE`: one case as a script the learner runs in their own Python.

The script (`repro_<case>.py`, beside the graded file) loads the case's inputs from
`repro_<case>.npz` with the dtypes and memory layout the grader gives them (transposed,
strided, bfloat16, requires_grad), calls the learner's function from their file in the
same process, so that `python -m pdb` or any debugger steps into it, and prints expected
against got with the worst element (and the gradients where the case checks them).
The expected values are the hidden reference's output for that one case, stored in the
npz: the script imports nothing of sftkl. Numbers are written with numpy's own npz
format (no pickle), and the script with a generated, plainly readable body.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from sftkl.graders.errors import SubmissionError, UsageError
from sftkl.graders.files import atomic_write, printable

# Line 1 of every script sftkl writes: a file without it is the learner's, never replaced.
MARKER = "# sftkl-repro: written by `sftkl grade --repro`; sftkl rewrites this file, so edit a copy"
NPZ_MARKER = "sftkl_repro"  # the key every npz sftkl writes carries


def paths(directory: Path, case_id: str) -> tuple[Path, Path]:
    return directory / f"repro_{case_id}.py", directory / f"repro_{case_id}.npz"


def last_seed(problem: str, track: str) -> int | None:
    """The seed of the latest recorded grade of (problem, track): `--repro` replays the
    cases the learner just saw unless `--seed` says otherwise."""
    try:
        from sftkl.practice.progress import connect

        with connect() as conn:
            row = conn.execute("SELECT seed FROM attempts WHERE problem = ? AND track = ? ORDER BY id DESC LIMIT 1",
                               (problem, track)).fetchone()
    except Exception:  # noqa: BLE001 - no database yet, or unreadable: a fresh seed then
        return None
    return int(row[0]) if row else None


def find_case(cases: list, case_id: str, problem: str, track: str):
    for case in cases:
        if case.id == case_id:
            return case
    raise UsageError("err.repro_unknown_case", case=case_id, problem=problem, track=track,
                     ids=", ".join(c.id for c in cases))


def check_writable(script: Path, npz: Path, shown: Path | None = None) -> None:
    """Refuse (exit 2) before anything is graded or written when either file exists and is not
    sftkl's. `shown`: the folder as the learner named it (the message names the files so)."""
    def name(p: Path) -> str:
        return printable(p if shown is None else shown / p.name)

    if script.exists() or script.is_symlink():
        try:
            first = script.read_text("utf-8", errors="replace").splitlines()[:1]
        except OSError:
            first = []
        if first != [MARKER] or script.is_symlink():
            raise SubmissionError("err.repro_not_ours", path=name(script))
    if npz.exists() or npz.is_symlink():
        import numpy as np

        try:
            with np.load(npz, allow_pickle=False) as data:
                ours = NPZ_MARKER in data.files and not npz.is_symlink()
        except Exception:  # noqa: BLE001 - not an npz at all: not ours
            ours = False
        if not ours:
            raise SubmissionError("err.repro_not_ours", path=name(npz))


def _literal(value: Any) -> str:
    """A plain argument as Python source (inf and nan have no literal)."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return f"float({str(value)!r})"
    return repr(value)


def _tolerances(case, grad: bool) -> dict[str, tuple[float, float]]:
    """(rtol, atol) per dtype as the grader applies them to this case (atol scaled by the
    inputs' magnitude for values; for gradients atol is per unit of the largest gradient)."""
    from sftkl.graders.compare import EPS, GRAD_TOLERANCE, TOLERANCE, case_scale

    scale = case_scale(case)
    out = {}
    for dtype, (rtol, atol) in (GRAD_TOLERANCE if grad else TOLERANCE).items():
        out[dtype] = (rtol + EPS[dtype] * scale, atol) if grad else (rtol, atol * scale)
    return out


def _raw(lang: str, key: str) -> str:
    """A registered text, unformatted, in `lang` (the script formats it itself)."""
    from sftkl.graders.texts import TEXTS

    return TEXTS[key][1 if lang == "zh" else 0]


def build(problem, track, case, file: Path, script: Path, npz: Path, seed: int, lang: str = "en") -> tuple[str, bytes]:
    """The script's text and the npz's bytes for one case, its docstring and messages in `lang`."""
    from sftkl.graders.texts import t

    import numpy as np

    from sftkl.graders.compare import case_dtype
    from sftkl.graders.engine import arg_names, expected_for
    from sftkl.graders.model import Arr

    trk = problem.tracks[track]
    names = arg_names(trk, case.call)
    expected = expected_for(problem, track, case)
    torch_track = track == "torch"
    arrays: dict[str, Any] = {NPZ_MARKER: np.array(1)}
    lines: list[str] = []
    grad_names: list[str] = []
    call_args: list[str] = []
    for i, a in enumerate(case.args):
        name = names[i] if i < len(names) else f"arg{i}"
        call_args.append(name)
        if not isinstance(a, Arr):
            lines.append(f"    {name} = {_literal(a)}")
            continue
        value = np.asarray(a.value)
        arrays[name] = value  # bfloat16 values are held exactly as float32 (npz has no bfloat16)
        dtype = a.dtype or str(value.dtype)
        layout = {"transposed": "last two axes stored swapped: not contiguous",
                  "strided": "every other element of a larger buffer: not contiguous"}.get(a.layout, "contiguous")
        lines.append(f"    {name} = lay_out(DATA[{name!r}], {a.layout!r})  # {dtype} {tuple(value.shape)}, {layout}")
        if torch_track:
            lines.append(f"    {name} = torch.from_numpy({name})  # keeps the strides")
            if a.dtype == "bfloat16":
                lines.append(f"    {name} = {name}.to(torch.bfloat16)  # stored as float32 (exact bfloat16 values); strides kept")
            if a.grad:
                lines.append(f"    {name}.requires_grad_(True)  # the grade checks the gradient of {name}")
                grad_names.append(name)
    outputs = list(trk.returns)
    if expected.raises is None:
        if outputs:
            for name, v in zip(outputs, expected.value):
                arrays[f"expected_{name}"] = np.asarray(v, dtype=np.float64)
        else:
            arrays["expected"] = np.asarray(expected.value, dtype=np.float64)
    if grad_names and expected.grads:
        for pos, g in expected.grads.items():
            arrays[f"grad_{call_args[pos]}"] = np.asarray(g, dtype=np.float64)
        if case.cotangent is not None:
            arrays["cotangent"] = np.asarray(case.cotangent, dtype=np.float64)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    doc = t(lang, "repro.doc", case=case.id, problem=problem.id, track=track, seed=seed,
            description=case.description[lang], file=file.name, script=script.name, npz=npz.name,
            checks=t(lang, "repro.checks_grad" if grad_names else "repro.checks_value"))
    messages = "".join(f"    {key.removeprefix('repro.')!r}: {_raw(lang, key)!r},\n" for key in _MESSAGES)
    text = _TEMPLATE.format(
        marker=MARKER,
        doc=doc.replace("\\", "/").replace('"""', "'''"),
        messages="{\n" + messages + "}",
        torch_import="import torch\n" if torch_track else "torch = None\n",
        solution=repr(_relative(file, script.parent)),
        data=repr(npz.name),
        call=repr(case.call),
        input_dtype=repr(case_dtype(case)),
        tolerance=_dict_source(_tolerances(case, grad=False)),
        grad_tolerance=_dict_source(_tolerances(case, grad=True)),
        inputs="\n".join(lines) or "    pass",
        arg_list=", ".join(call_args),
        arg_names=repr(call_args),
        raises=repr(expected.raises),
        outputs=repr(outputs),
        detached=repr([n for n in outputs if n in trk.detached]),
        grad_names=repr(grad_names if expected.grads else []),
        grad_output=case.grad_output,
    )
    return text, buf.getvalue()


def _relative(file: Path, directory: Path) -> str:
    try:
        return str(file.resolve().relative_to(directory.resolve()))
    except ValueError:
        return str(file.resolve())


def _dict_source(d: dict[str, tuple[float, float]]) -> str:
    return "{" + ", ".join(f"{k!r}: ({r:.6g}, {a:.6g})" for k, (r, a) in d.items()) + "}"


def write(problem, track, case, file: Path, seed: int, lang: str = "en") -> tuple[Path, Path]:
    """Write repro_<case>.py and repro_<case>.npz beside `file` (refusing files that are not sftkl's)."""
    script, npz = paths(file.resolve().parent, case.id)
    check_writable(script, npz)
    text, data = build(problem, track, case, file, script, npz, seed, lang)
    atomic_write(npz, data)
    atomic_write(script, text)
    return script, npz


# What the script prints, registered in practice/texts.py (en + zh); the script formats them.
_MESSAGES = ("repro.value", "repro.gradient_of", "repro.header", "repro.expected", "repro.got", "repro.wrong_shape",
             "repro.ok", "repro.wrong", "repro.at", "repro.raised_ok", "repro.raised_other", "repro.no_raise",
             "repro.not_tuple", "repro.not_detached", "repro.no_graph", "repro.unreached", "repro.pass", "repro.fail",
             "repro.no_file", "repro.no_function")

# The script. `{{`/`}}` are literal braces. Kept to numpy (and torch on the torch track):
# it runs in the learner's own Python, without sftkl.
_TEMPLATE = '''{marker}
"""{doc}
"""

import importlib.util
import sys
from pathlib import Path

import numpy as np
{torch_import}
HERE = Path(__file__).resolve().parent
SOLUTION = HERE / {solution}
DATA = np.load(HERE / {data}, allow_pickle=False)
FUNCTION = {call}
EXPECT_RAISES = {raises}  # the exception the case expects, or None
OUTPUTS = {outputs}  # the names of a returned tuple's elements ([] for a single result)
DETACHED = {detached}  # elements that must not require grad
GRAD_INPUTS = {grad_names}  # inputs whose gradient the case checks
GRAD_OUTPUT = {grad_output}  # which element of a tuple the gradient is taken of
INPUT_DTYPE = {input_dtype}
# allowed |got - expected| = atol + rtol * |expected|, judged at the coarser of the
# inputs' dtype and the result's (the grader's tolerance for this case)
TOLERANCE = {tolerance}
# gradients: atol is per unit of the largest expected gradient
GRAD_TOLERANCE = {grad_tolerance}
PRECISION = {{"bfloat16": 8, "float16": 11, "float32": 24, "float64": 53}}
MESSAGES = {messages}


def say(key, **values):
    print(MESSAGES[key].format(**values))


def lay_out(a, layout):
    """The memory layout the grader gives an input (the values stay the same)."""
    if layout == "transposed" and a.ndim >= 2:  # stored with the last two axes swapped
        return np.ascontiguousarray(np.swapaxes(a, -1, -2)).swapaxes(-1, -2)
    if layout == "strided" and a.ndim >= 1:  # every other element of a buffer twice as long
        buf = np.zeros(a.shape[:-1] + (a.shape[-1] * 2,), dtype=a.dtype)
        buf[..., ::2] = a
        return buf[..., ::2]
    return np.ascontiguousarray(a)


def load_function():
    if not SOLUTION.is_file():
        say("no_file", path=SOLUTION)
        sys.exit(1)
    spec = importlib.util.spec_from_file_location(SOLUTION.stem, SOLUTION)
    module = importlib.util.module_from_spec(spec)
    sys.modules[SOLUTION.stem] = module
    spec.loader.exec_module(module)  # an error in your file's top level stops here, with its traceback
    if not callable(getattr(module, FUNCTION, None)):
        say("no_function", name=FUNCTION, path=SOLUTION.name)
        sys.exit(1)
    return getattr(module, FUNCTION)


def inputs():
{inputs}
    return [{arg_list}]


def plain(x):
    """(float64 array, dtype name) of a result: a tensor, an array or a number."""
    if torch is not None and isinstance(x, torch.Tensor):
        x = x.detach().cpu()
        name = str(x.dtype).replace("torch.", "")
        return (x.float() if x.dtype == torch.bfloat16 else x).numpy().astype(np.float64), name
    a = np.asarray(x)
    return a.astype(np.float64), (a.dtype.name if isinstance(x, (np.ndarray, np.generic)) else "python " + type(x).__name__)


def show(a):
    return np.array2string(np.asarray(a), precision=6, threshold=24, edgeitems=3, max_line_width=100)


def coarser(a, b):
    return a if PRECISION.get(a, 53) <= PRECISION.get(b, 53) else b


def check(label, got, want, tolerance, grad=False, judged=None):
    """Print expected against got with the worst element; True when within the tolerance
    (of `judged`, by default the coarser of the inputs' dtype and got's)."""
    g, dtype = plain(got)
    judged = judged or coarser(INPUT_DTYPE, dtype)
    rtol, atol = tolerance.get(judged, tolerance["float64"])
    if grad:
        atol = atol * max(1e-2, float(np.max(np.abs(want))) if want.size else 1.0)
    say("header", label=label, want_dtype=want.dtype.name, want_shape=tuple(want.shape), dtype=dtype, shape=tuple(g.shape))
    for key, a in (("expected", want), ("got", g)):
        text = show(a)
        print(MESSAGES[key] + (" " + text if "\\n" not in text else "\\n    " + text.replace("\\n", "\\n    ")))
    if g.shape != want.shape:
        say("wrong_shape", want=tuple(want.shape), got=tuple(g.shape))
        return False
    allowed = atol + rtol * np.abs(want)
    diff = np.abs(g - want)
    bad = ~(diff <= allowed) & ~(np.isnan(want) & np.isnan(g)) & ~((g == want) & np.isinf(want))
    if not bad.any():
        say("ok", rtol=f"{{rtol:.3g}}", atol=f"{{atol:.3g}}", dtype=judged)
        return True
    worst = np.unravel_index(int(np.argmax(np.where(bad, np.nan_to_num(diff, nan=np.inf), -1.0))), want.shape)
    where = MESSAGES["at"].format(index=tuple(int(i) for i in worst)) if want.ndim else ""
    say("wrong", count=int(bad.sum()), size=want.size, where=where, want=f"{{float(want[worst]):.7g}}",
        got=f"{{float(g[worst]):.7g}}", diff=f"{{diff[worst]:.3g}}", allowed=f"{{allowed[worst]:.3g}}", dtype=judged)
    return False


def main():
    function = load_function()
    args = inputs()
    if EXPECT_RAISES is not None:
        try:
            got = function(*args)
        except Exception as e:  # the case expects your function to raise
            ok = EXPECT_RAISES in [c.__name__ for c in type(e).__mro__]
            say("raised_ok" if ok else "raised_other", type=type(e).__name__, detail=e, want=EXPECT_RAISES)
            return 0 if ok else 1
        say("no_raise", want=EXPECT_RAISES, got=repr(got))
        return 1
    got = function(*args)  # <- your function: `s` in pdb steps into it
    ok = True
    if OUTPUTS:
        if not isinstance(got, (tuple, list)) or len(got) != len(OUTPUTS):
            say("not_tuple", names=", ".join(OUTPUTS), kind=type(got).__name__)
            return 1
        for name, element in zip(OUTPUTS, got):
            ok = check(name, element, DATA["expected_" + name], TOLERANCE) and ok
            if name in DETACHED and getattr(element, "requires_grad", False):
                say("not_detached", name=name)
                ok = False
        target = got[GRAD_OUTPUT]
    else:
        ok = check(MESSAGES["value"], got, DATA["expected"], TOLERANCE)
        target = got
    if GRAD_INPUTS:
        ok = check_gradients(args, target) and ok
    say("pass" if ok else "fail")
    return 0 if ok else 1


def check_gradients(args, target):
    """The gradient of <target, cotangent> (of target itself when it is a scalar) for each
    input the case checks, as the grader takes it."""
    if not isinstance(target, torch.Tensor) or not target.requires_grad:
        say("no_graph")
        return False
    if "cotangent" in DATA.files:
        scalar = (target * torch.from_numpy(DATA["cotangent"]).to(target.dtype)).sum()
    else:
        scalar = target.reshape(())
    # the grader judges gradients at the tolerance of the coarser of the inputs' dtype and the
    # result's, whatever dtype the gradients come in (autograd gives each its input's dtype)
    judged = coarser(INPUT_DTYPE, plain(target)[1])
    named = dict(zip({arg_names}, args))
    grads = torch.autograd.grad(scalar, [named[n] for n in GRAD_INPUTS], allow_unused=True)
    ok = True
    for name, g in zip(GRAD_INPUTS, grads):
        if g is None:
            say("unreached", name=name)
            ok = False
            continue
        label = MESSAGES["gradient_of"].format(name=name)
        ok = check(label, g, DATA["grad_" + name], GRAD_TOLERANCE, grad=True, judged=judged) and ok
    return ok


if __name__ == "__main__":
    sys.exit(main())
'''
