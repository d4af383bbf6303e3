"""`sftkl.notebook.check(problem)`: grade functions defined in the notebook (see notebook/source.py)."""

from __future__ import annotations

import sys
from typing import Callable, Optional

from sftkl.graders.errors import SftklError, UsageError, bad_lang
from sftkl.graders.texts import resolve_lang, t
from sftkl.notebook.grading import fail, grade_source


def check(problem: str, *functions: Callable, track: Optional[str] = None, seed: Optional[int] = None,
          lang: Optional[str] = None):
    """Grade the notebook's solution of `problem` in a separate, limited process; the Result
    shows as HTML in Jupyter, as text elsewhere (`print(check(...))` in a script).

    The functions graded are the ones named by the problem's signature (`sft_loss` for
    sft-loss), looked up among the caller's globals; or pass them, in the signature's order:
    `check("sft-loss", my_loss, track="torch")`. Their source, the imports and the notebook's
    helpers and constants they use are written as one module and graded like a file.
    """
    chosen = resolve_lang(lang)
    try:
        if chosen not in ("en", "zh"):
            raise bad_lang(lang)
        from sftkl.graders.catalog import get_problem
        from sftkl.notebook.source import module_source

        prob = get_problem(problem)
        trk = prob.track(track)
        names = list(trk.functions)
        if len(functions) > len(names):
            raise UsageError("err.nb_too_many", problem=prob.id, track=trk.name, count=len(names), names=", ".join(names))
        scope = sys._getframe(1).f_globals  # the caller's: in a notebook, the kernel's namespace
        chosen_functions = {}
        for i, name in enumerate(names):
            fn = functions[i] if i < len(functions) else scope.get(name)
            if fn is None:
                raise UsageError("err.nb_no_function", name=name, problem=prob.id)
            chosen_functions[name] = fn
        header = f"# sftkl: problem={prob.id} track={trk.name}  (written by sftkl.notebook.check; rewritten on each check)"
        source, missing = module_source(chosen_functions, prob.id, header)
        lead = [t(chosen, "ui.nb_graded_functions", functions=", ".join(f"`{n}`" for n in names), path="{path}")]
        if missing:
            lead.append(t(chosen, "ui.nb_not_carried", names=", ".join(f"`{n}`" for n in missing)))
        return grade_source(source, prob, trk, seed, chosen, lead)
    except SftklError as err:
        return fail(err, chosen)
