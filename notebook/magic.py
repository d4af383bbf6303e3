"""`%load_ext sftkl`, then a cell that starts with `%%sftkl PROBLEM [--track T] [--seed N] [--lang L]`:
the cell's code (not run in the kernel) is graded as the submission."""

from __future__ import annotations

import shlex

from sftkl.graders.errors import SftklError, UsageError, bad_lang
from sftkl.graders.texts import resolve_lang, t
from sftkl.notebook.grading import fail, grade_source

_VALUED = {"--track": "track", "-t": "track", "--seed": "seed", "--lang": "lang"}


def parse(line: str) -> dict:
    """The magic's arguments. By hand rather than argparse: argparse's messages are English
    only, and it exits the process on an error."""
    try:
        words = shlex.split(line)
    except ValueError as e:
        raise UsageError("err.nb_usage", detail=str(e)) from None
    args: dict = {}
    i = 0
    while i < len(words):
        word = words[i]
        name, eq, value = word.partition("=")
        if word.startswith("-") and eq and name in _VALUED:
            key, i = _VALUED[name], i + 1
        elif word in _VALUED and i + 1 < len(words):
            key, value, i = _VALUED[word], words[i + 1], i + 2
        elif not word.startswith("-") and "problem" not in args:
            key, value, i = "problem", word, i + 1
        else:
            raise UsageError("err.nb_usage", detail=word)
        if key in args:
            raise UsageError("err.nb_usage", detail=word)
        args[key] = value
    if "problem" not in args:
        raise UsageError("err.nb_usage", detail="PROBLEM?")
    if "seed" in args:
        try:
            args["seed"] = int(args["seed"])
        except ValueError:
            raise UsageError("err.nb_usage", detail=f"--seed {args['seed']}") from None
        if not 0 <= args["seed"] < 2**63:
            raise UsageError("err.bad_seed", seed=args["seed"])
    return args


def sftkl_cell(line: str, cell: str):
    """%%sftkl PROBLEM [--track numpy|torch] [--seed N] [--lang en|zh]

    Grade this cell's code as your solution of PROBLEM (e.g. sft-loss), in a separate,
    limited process, as `sftkl grade` does; the cell is not run in the kernel.
    用 sftkl 评测本单元格的代码(在独立的受限进程中运行,不在内核中运行)。
    """
    chosen = resolve_lang(None)
    try:
        args = parse(line)
        chosen = resolve_lang(args.get("lang"))
        if chosen not in ("en", "zh"):
            raise bad_lang(args.get("lang"))
        from sftkl.graders.catalog import get_problem

        prob = get_problem(args["problem"])
        trk = prob.track(args.get("track"))
        if not cell.strip():
            raise UsageError("err.nb_empty_cell", problem=prob.id)
        # the header goes last: the cell's line numbers stay those of the file
        source = cell.rstrip("\n") + f"\n\n# sftkl: problem={prob.id} track={trk.name}  (the cell graded by %%sftkl)\n"
        lead = [t(chosen, "ui.nb_graded_cell", path="{path}")]
        return grade_source(source, prob, trk, args.get("seed"), chosen, lead)
    except SftklError as err:
        return fail(err, chosen)


def load_ipython_extension(ipython) -> None:
    ipython.register_magic_function(sftkl_cell, magic_kind="cell", magic_name="sftkl")
