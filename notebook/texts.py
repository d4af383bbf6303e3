"""Texts of the notebook front end (`%%sftkl`, `sftkl.notebook.check`), English and Chinese side by side."""

from sftkl.graders.texts import register

TEXTS: dict[str, tuple[str, str]] = {
    "ui.nb_graded_cell": (
        "Graded this cell's code, saved as {path} (rewritten on each run of the cell).",
        "已评测本单元格的代码,保存为 {path}(每次运行单元格时重写)。",
    ),
    "ui.nb_graded_functions": (
        "Graded {functions} from this notebook, saved with the imports and helpers it uses as {path}.",
        "已评测本 notebook 中的 {functions},连同其用到的 import 和辅助函数保存为 {path}。",
    ),
    "ui.nb_not_carried": (
        "Not carried over from the notebook: {names}; define them inside the function, or grade a whole cell with %%sftkl.",
        "未能从 notebook 中带过去:{names};请在函数内部定义它们,或用 %%sftkl 评测整个单元格。",
    ),
    "ui.nb_next_pass": (
        "Solved. Next: another problem (`sftkl list`), or the other track with --track / track=.",
        "已解决。下一步:换一道题(`sftkl list`),或用 --track / track= 尝试另一个版本。",
    ),
    "ui.nb_next_fail": (
        "Fix the code and run the cell again (the same cases: --seed {seed}, or seed={seed}).",
        "修改代码后再次运行该单元格(复现相同用例:--seed {seed},或 seed={seed})。",
    ),
    "err.nb_usage": (
        "usage: %%sftkl PROBLEM [--track numpy|torch] [--seed N] [--lang en|zh] ({detail})",
        "用法:%%sftkl 题目编号 [--track numpy|torch] [--seed N] [--lang en|zh]({detail})",
    ),
    "err.nb_empty_cell": (
        "this cell has no code under `%%sftkl {problem}`; write your solution below that line",
        "`%%sftkl {problem}` 下面没有代码;请在这一行下面写你的答案",
    ),
    "err.nb_no_function": (
        "no function `{name}` in this notebook: define it in a cell and run that cell first, or pass it: "
        "check(\"{problem}\", my_function)",
        "本 notebook 中没有函数 `{name}`:请先在单元格中定义并运行它,或直接传入:check(\"{problem}\", my_function)",
    ),
    "err.nb_not_function": (
        "`{name}` is not a function defined with `def` (it is of type {kind}); pass the function itself",
        "`{name}` 不是用 `def` 定义的函数(其类型为 {kind});请传入函数本身",
    ),
    "err.nb_lambda": (
        "cannot tell which lambda on its line `{name}` is; define it with `def` in a notebook cell and run "
        "that cell, or grade the cell itself: put `%%sftkl {problem}` on its first line",
        "无法确定 `{name}` 是它所在行中的哪一个 lambda;请在 notebook 单元格中用 `def` 定义并运行它,"
        "或直接评测该单元格:在其第一行写上 `%%sftkl {problem}`",
    ),
    "err.nb_too_many": (
        "{problem} ({track}) grades {count} function(s): {names}; pass at most that many",
        "{problem}({track})评测 {count} 个函数:{names};传入的函数不能多于这个数",
    ),
    "err.nb_no_source": (
        "cannot recover the source of `{name}` ({detail}); define it with `def` in a notebook cell and run "
        "that cell, or grade the cell itself: put `%%sftkl {problem}` on its first line",
        "无法取得 `{name}` 的源代码({detail});请在 notebook 单元格中用 `def` 定义并运行它,"
        "或直接评测该单元格:在其第一行写上 `%%sftkl {problem}`",
    ),
}

register(TEXTS)
