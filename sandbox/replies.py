"""Check every message from the learner's process before the grading process uses it.

The candidate's code runs in the process that writes these messages and can write to
its result pipe itself (see tests/hostile/forges_*.py). So each message is checked
here, in the grading process, against exactly what child.py sends: its keys, their
types, sizes and ranges, and the arrays it points into. A message that fails raises
`Malformed`; the process is then treated as crashed (`process.Child`), so the judge
only ever sees well-formed replies and a forged message never turns into a pass.

    check_ready(header, arrays)
    check_loaded(header, arrays)            -> the load error (a dict) or None
    check_result(header, arrays, request)   -> header (a case's result)

A call whose request declares `outputs` (the track returns a tuple) may answer with a
tuple result: `pytype` "tuple" or "list", its `length`, and `elements`, each checked
like a single value plus a `requires_grad` boolean.
"""

from __future__ import annotations

import math
from typing import Any

from sftkl.sandbox.child import MAX_OUTPUTS

OUTCOMES = ("returned", "raised", "forbidden", "memory", "file_limit")
GRAD_STATUSES = ("ok", "no-graph", "skipped", "forbidden", "raised")
MAX_TEXT = 4096  # child.py cuts exception messages at 500 characters, names at 40
MAX_NAMES = 256  # an exception class's MRO
FLOAT_DTYPES = ("float16", "float32", "float64")

# The load errors child._load reports: key -> {param: allowed types}
_STR, _INT, _OPT_INT = (str,), (int,), (int, type(None))
LOAD_ERRORS: dict[str, dict[str, tuple]] = {
    "load.unreadable": {"detail": _STR},
    "load.not_utf8": {"byte": _INT, "line": _INT},
    "load.syntax": {"line": _OPT_INT, "detail": _STR},
    "load.missing_module": {"name": _STR},
    "load.import_error": {"detail": _STR},
    "load.forbidden": {"name": _STR},
    "load.exit": {"code": _STR},
    "load.memory": {},
    "load.raised": {"type": _STR, "detail": _STR, "line": _OPT_INT},
    "load.missing_function": {"name": _STR, "suggestion": _STR},
}


class Malformed(ValueError):
    """A message that is not what child.py sends; the text says what is wrong with it."""


def _fail(what: str) -> None:
    raise Malformed(what)


def _is(value: Any, types: tuple) -> bool:
    """isinstance, where a bool is not an int (JSON true is not a line number)."""
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


def _keys(d: Any, what: str, required: set[str], optional: set[str] = frozenset()) -> dict:
    if not isinstance(d, dict):
        _fail(f"{what} is not an object")
    missing = required - d.keys()
    if missing:
        _fail(f"{what} lacks {sorted(missing)}")
    extra = d.keys() - required - optional
    if extra:
        _fail(f"{what} has unknown keys {sorted(extra)[:5]}")
    return d


def _text(value: Any, what: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit:
        _fail(f"{what} is not a string of at most {limit} characters")
    return value


def _index(value: Any, n: int, what: str) -> int:
    if not _is(value, (int,)) or not 0 <= value < n:
        _fail(f"{what} is not an index below {n}")
    return value


def _no_arrays(arrays: list, what: str) -> None:
    if arrays:
        _fail(f"{what} carries arrays")


def check_ready(header: Any, arrays: list) -> None:
    """The first message: {"ready": true}, sent once numpy (and torch) are imported."""
    _keys(header, "the ready message", {"ready"})
    if header["ready"] is not True:
        _fail("the ready message is not ready")
    _no_arrays(arrays, "the ready message")


def check_loaded(header: Any, arrays: list) -> dict | None:
    """The reply to the load request: {"loaded": bool, "error": None | a load error}."""
    _keys(header, "the load reply", {"loaded", "error"})
    _no_arrays(arrays, "the load reply")
    loaded, error = header["loaded"], header["error"]
    if not isinstance(loaded, bool) or loaded != (error is None):
        _fail("the load reply contradicts itself")
    if error is None:
        return None
    key = _keys(error, "the load error", {"key"}, set().union(*LOAD_ERRORS.values())).get("key")
    params = LOAD_ERRORS.get(key) if isinstance(key, str) else None
    if params is None:
        _fail("the load error has an unknown key")
    _keys(error, "the load error", {"key", *params})
    for name, types in params.items():
        if not _is(error[name], types) or (isinstance(error[name], str) and len(error[name]) > MAX_TEXT):
            _fail(f"the load error's {name} has the wrong type")
        if _is(error[name], (int,)) and not 0 <= error[name] < 1 << 40:
            _fail(f"the load error's {name} is out of range")
    return error


def _exception(exc: Any, what: str) -> None:
    _keys(exc, what, {"type", "mro", "message", "line"})
    _text(exc["type"], f"{what}'s type", 200)
    _text(exc["message"], f"{what}'s message")
    mro = exc["mro"]
    if not isinstance(mro, list) or len(mro) > MAX_NAMES or not all(isinstance(c, str) and len(c) <= 200 for c in mro):
        _fail(f"{what}'s mro is not a list of names")
    line = exc["line"]
    if line is not None and (not _is(line, (int,)) or not 0 <= line < 1 << 31):
        _fail(f"{what}'s line is not a line number")


def _mutated(value: Any, n_args: int) -> None:
    if not isinstance(value, list) or len(value) > n_args or len(set(map(repr, value))) != len(value):
        _fail("mutated is not a list of distinct argument positions")
    for i in value:
        _index(i, n_args, "a mutated argument")


def _request_facts(request: dict | None) -> tuple[Any, int, set[int], bool]:
    """(id, number of arguments, positions that take a gradient, whether a tuple result may
    come back: the request declares `outputs`) of the request, as sent."""
    if not isinstance(request, dict):
        return None, 1 << 16, set(range(1 << 16)), True
    args = request.get("args") or []
    grad = {i for i, a in enumerate(args) if isinstance(a, dict) and a.get("grad")}
    return request.get("id"), len(args), grad, bool(request.get("outputs"))


def check_result(header: Any, arrays: list, request: dict | None = None) -> dict:
    """A case's result (child._run_case, with the request's id), checked against `request`:
    the case it answers (its id, its arguments and which of them take a gradient)."""
    case_id, n_args, grad_pos, tuples = _request_facts(request)
    if not isinstance(header, dict):
        _fail("the result is not an object")
    outcome = header.get("outcome")
    if outcome not in OUTCOMES:
        _fail("the result's outcome is not one the process can send")
    if request is not None and header.get("id") != case_id:
        _fail("the result answers another case")
    common = {"id", "outcome"}
    if outcome == "forbidden":
        _keys(header, "a forbidden result", common | {"name"})
        _text(header["name"], "the forbidden call", 200)
    elif outcome == "memory":
        _keys(header, "a memory result", common)
    elif outcome == "file_limit":
        _keys(header, "a file-limit result", common | {"limit_mb"})
        if not _is(header["limit_mb"], (int,)) or not 0 <= header["limit_mb"] < 1 << 40:
            _fail("limit_mb is out of range")
    elif outcome == "raised":
        _keys(header, "a raised result", common | {"exception", "mutated"})
        _exception(header["exception"], "the exception")
        _mutated(header["mutated"], n_args)
    if outcome != "returned":
        _no_arrays(arrays, f"a {outcome} result")
        return header
    _keys(header, "a returned result", common | {"pytype", "time_s", "mutated"},
          {"value", "grads", "dtype", "length", "elements"})
    _text(header["pytype"], "the returned type", 60)
    t = header["time_s"]
    if not _is(t, (int, float)) or not math.isfinite(t) or t < 0:
        _fail("time_s is not a finite non-negative number")
    _mutated(header["mutated"], n_args)
    used = _value_flag(header, arrays, "the value")
    if "length" in header or "elements" in header:
        if not tuples:
            _fail("a tuple result answers a call that returns one value")
        used += _elements(header, arrays)
    if "grads" in header:
        used += _grads(header["grads"], arrays, grad_pos)
    if len(set(used)) != len(used) or len(used) != len(arrays):
        _fail("the result's arrays are not each used once")
    return header


def _value_flag(d: dict, arrays: list, what: str) -> list[int]:
    """A value's array index, and the bfloat16 flag that may come with it."""
    used = [_index(d["value"], len(arrays), what)] if "value" in d else []
    if "dtype" in d and (d["dtype"] != "bfloat16" or "value" not in d or str(arrays[d["value"]].dtype) != "float32"):
        _fail("the dtype flag belongs to a bfloat16 value, sent as float32")
    return used


def _elements(header: dict, arrays: list) -> list[int]:
    """child._elements: a tuple or list of `length` elements, the first MAX_OUTPUTS of them
    described like single results, each with whether it requires grad."""
    if "value" in header or "dtype" in header or header["pytype"] not in ("tuple", "list"):
        _fail("a tuple result is not a tuple")
    n, elements = header.get("length"), header.get("elements")
    if not _is(n, (int,)) or not 0 <= n < 1 << 40:
        _fail("a tuple result's length is out of range")
    if not isinstance(elements, list) or len(elements) != min(n, MAX_OUTPUTS):
        _fail("a tuple result's elements do not match its length")
    used = []
    for el in elements:
        _keys(el, "an element", {"pytype", "requires_grad"}, {"value", "dtype"})
        _text(el["pytype"], "an element's type", 60)
        if not isinstance(el["requires_grad"], bool):
            _fail("an element's requires_grad is not a boolean")
        used += _value_flag(el, arrays, "an element's value")
    return used


def _grads(g: Any, arrays: list, grad_pos: set[int]) -> list[int]:
    """child._grads: a status, and for "ok" the array index (or None) of each gradient."""
    if not isinstance(g, dict) or g.get("status") not in GRAD_STATUSES:
        _fail("the gradients' status is unknown")
    status = g["status"]
    if status in ("no-graph", "skipped"):
        _keys(g, "the gradients", {"status"})
        return []
    if status == "forbidden":
        _keys(g, "the gradients", {"status", "name"})
        _text(g["name"], "the forbidden call", 200)
        return []
    if status == "raised":
        _keys(g, "the gradients", {"status", "exception"})
        _exception(g["exception"], "the gradients' exception")
        return []
    items = _keys(g, "the gradients", {"status", "items"})["items"]
    if not isinstance(items, dict):
        _fail("the gradients' items are not an object")
    used = []
    for pos, idx in items.items():
        if not (pos.isascii() and pos.isdigit() and len(pos) < 6 and int(pos) in grad_pos):
            _fail("a gradient is for an argument that takes none")
        if idx is None:
            continue
        used.append(_index(idx, len(arrays), "a gradient"))
        if str(arrays[idx].dtype) not in FLOAT_DTYPES:
            _fail("a gradient is not floating")
    return used

