"""A module's source from functions defined in a notebook, for `check()` to grade module-style.

What is carried over, for each function graded and, recursively, each helper it uses:

- the function's own source (inspect.getsource: IPython keeps every cell's code, so any
  function defined with `def` in a cell has it), decorators included;
- the global names its code uses, when their value is
  a module (`import numpy as np`, `import torch.nn.functional as F`),
  a function or class defined in the notebook (its source, recursively),
  a function, class or other object importable from a module under its own name
  (`from math import log`, `from torch.nn.functional import log_softmax as lsm`),
  or a literal constant (`EPS = 1e-9`, `SHAPE = (2, 3)`);
- on the same terms, the names it reads from an enclosing function (a function returned by
  another: `make(shift=0.0)`), written as module constants.

Anything else (an array built in the notebook, an object of a notebook class) is
listed as not carried over: the graded module would not have it.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import types
from typing import Any, Callable

from sftkl.graders.errors import UsageError


def _names_used(fn: Callable, source: str) -> list[str]:
    """Global names the function may read, in order: names its code (nested functions and
    comprehensions too) loads as globals, and names in its decorators, defaults and annotations.

    The code's co_names mix globals with attribute names (`np.exp` gives `np` and `exp`);
    a name is taken only if the source also reads it as a plain name."""
    names: dict[str, None] = dict.fromkeys(fn.__code__.co_freevars)  # read from an enclosing function
    stack = [fn.__code__]
    while stack:
        code = stack.pop()
        names.update(dict.fromkeys(code.co_names))
        stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return list(names)
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    outer: list[str] = []  # evaluated where the function is defined: decorators, defaults
    for node in tree.body[:1]:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            around = list(node.decorator_list)
            if not isinstance(node, ast.ClassDef):
                a = node.args
                around += [*a.defaults, *(d for d in a.kw_defaults if d is not None), *filter(None, [node.returns]),
                           *(p.annotation for p in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
                             if p is not None and p.annotation is not None)]
            else:
                around += node.bases
            outer = [n.id for a in around for n in ast.walk(a) if isinstance(n, ast.Name)]
    return list(dict.fromkeys([*(n for n in names if n in read), *outer]))


def _literal(value: Any) -> str | None:
    """`repr(value)` when it reads back as the same literal, else None."""
    if isinstance(value, (bool, int, float, complex, str, bytes, type(None), tuple, list, dict, set, frozenset)):
        text = repr(value)
        try:
            if ast.literal_eval(text) == value and len(text) <= 10_000:
                return text
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return None
    return None


def _import_line(name: str, value: Any) -> str | None:
    """An import that binds `name` to `value` in a fresh module, if there is one."""
    import importlib

    if isinstance(value, types.ModuleType):
        mod = value.__name__
        return f"import {mod}" if mod == name else f"import {mod} as {name}"
    mod = getattr(value, "__module__", None)
    attr = getattr(value, "__name__", None)
    if not isinstance(mod, str) or not isinstance(attr, str) or mod == "__main__" or not attr.isidentifier():
        return None
    try:
        if getattr(importlib.import_module(mod), attr, None) is not value:
            return None
    except Exception:  # noqa: BLE001 - a module that cannot be imported here cannot be named there
        return None
    return f"from {mod} import {attr}" if attr == name else f"from {mod} import {attr} as {name}"


def source_of(fn: Callable, name: str, problem: str) -> str:
    """The dedented source of a function, or a one-line usage error saying what to do instead."""
    if not isinstance(fn, types.FunctionType):
        raise UsageError("err.nb_not_function", name=name, kind=type(fn).__name__)
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError) as e:
        raise UsageError("err.nb_no_source", name=name, detail=str(e) or type(e).__name__, problem=problem) from None
    return _lambda_source(fn, name, source, problem) if fn.__name__ == "<lambda>" else source


def _lambda_source(fn: Callable, name: str, source: str, problem: str) -> str:
    """`name = lambda ...: ...` for a lambda. inspect.getsource gives the whole statement the
    lambda sits in (`f = lambda ...`, or the very `check("softmax", lambda ...)` call), which
    must not be copied as is: only the lambda expression is, found by its parameter names."""
    code = fn.__code__
    params = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])  # co_argcount counts positional-only ones
    try:
        tree = ast.parse(source)
    except SyntaxError:
        tree = None
    found = [] if tree is None else [
        n for n in ast.walk(tree) if isinstance(n, ast.Lambda)
        and [a.arg for a in [*n.args.posonlyargs, *n.args.args, *n.args.kwonlyargs]] == params]
    segments = {ast.get_source_segment(source, n) for n in found}
    if len(segments) != 1 or None in segments:
        raise UsageError("err.nb_lambda", name=name, problem=problem)
    return f"{name} = {segments.pop()}\n"


def module_source(functions: dict[str, Callable], problem: str, header: str) -> tuple[str, list[str]]:
    """The source of a module that defines each `name: function` of `functions` and what
    they use (see the module's docstring), and the names that could not be carried over."""
    imports: dict[str, None] = {}
    constants: dict[str, str] = {}
    helpers: dict[str, str] = {}  # name -> source, in order of discovery
    missing: dict[str, None] = {}
    done: set[int] = set()
    aliases: list[str] = []
    queue = list(functions.items())
    wanted = set(functions)
    while queue:
        name, fn = queue.pop(0)
        if id(fn) in done:
            continue
        done.add(id(fn))
        src = source_of(fn, name, problem)
        helpers[name if fn.__name__ == "<lambda>" else fn.__name__] = src
        if fn.__name__ != name and fn.__name__ != "<lambda>":
            aliases.append(f"{name} = {fn.__name__}")
        scope = dict(getattr(fn, "__globals__", {}))
        for var, cell in zip(fn.__code__.co_freevars, fn.__closure__ or ()):  # a function made by a function
            try:
                scope[var] = cell.cell_contents
            except ValueError:  # not bound yet: nothing to carry over
                scope.pop(var, None)
                missing[var] = None
        for used in _names_used(fn, src):
            if used in wanted or used in helpers or used in constants or used not in scope:
                continue  # builtins, attributes, locals: not globals of the notebook
            value = scope[used]
            line = _import_line(used, value)
            if line is not None:
                imports[line] = None
            elif isinstance(value, types.FunctionType) and getattr(value, "__module__", None) == fn.__module__:
                queue.append((used, value))
            elif inspect.isclass(value) and value.__module__ == fn.__module__:
                try:
                    helpers[used] = textwrap.dedent(inspect.getsource(value))  # its own globals are not followed
                except (OSError, TypeError):
                    missing[used] = None
            elif (text := _literal(value)) is not None:
                constants[used] = f"{used} = {text}"
            else:
                missing[used] = None
    # helpers found last are the ones used by those found first: defined first
    parts = [header, *imports, "", *constants.values(), "", *reversed(list(helpers.values())), *aliases]
    return "\n".join(parts).strip() + "\n", list(missing)
