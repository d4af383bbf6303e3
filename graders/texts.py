"""The judge's user-facing strings, in English and Chinese side by side so a missing translation shows,
and `t()`, which formats any registered text (each package registers its own table).

`t(lang, key, **params)` formats one. Tests check that each key has both
languages with the same placeholders.
"""

from __future__ import annotations

import os
import string
from typing import Any

LANGS = ("en", "zh")

TEXTS: dict[str, tuple[str, str]] = {
    # ---- errors (exit 2) -------------------------------------------------
    "err.problem_not_found": (
        "no problem '{problem}'{suggestion_text}; run `sftkl list` to see the catalog ({known})",
        "没有名为 '{problem}' 的题目{suggestion_text};运行 `sftkl list` 查看题目列表({known})",
    ),
    "err.suggest": (" (did you mean '{suggestion}'?)", "(你是不是想输入 '{suggestion}'?)"),
    "err.track_not_found": (
        "problem '{problem}' has no track '{track}'; choose one of: {tracks}",
        "题目 '{problem}' 没有 '{track}' 版本;可选:{tracks}",
    ),
    "err.file_missing": (
        "file not found: {path}; run `sftkl practice ID` to create a stub, or pass the path of your solution",
        "找不到文件:{path};运行 `sftkl practice ID` 生成模板,或传入你的答案文件路径",
    ),
    "err.unsandboxed": (
        "the bubblewrap sandbox is not available here ({why}); grading other people's code without it lets one "
        "submission reach the others: install bubblewrap, or pass --allow-unsandboxed (see `sftkl doctor`)",
        "此处无法使用 bubblewrap 沙箱({why});没有沙箱时评测他人代码,一份提交可能影响其他提交:请安装 bubblewrap,"
        "或传入 --allow-unsandboxed(见 `sftkl doctor`)",
    ),
    "err.file_not_regular": (
        "{path} is not a regular file (a pipe, device or socket); pass the path of your solution file",
        "{path} 不是普通文件(管道、设备或套接字);请传入答案文件的路径",
    ),
    "err.file_too_large": (
        "{path} is {size} bytes; a solution file may be at most {limit} bytes",
        "{path} 有 {size} 字节;答案文件最多 {limit} 字节",
    ),
    "err.file_unreadable": ("cannot read {path}: {detail}", "无法读取 {path}:{detail}"),
    "err.file_is_dir": ("{path} is a directory; pass the path of your solution file", "{path} 是一个目录;请传入答案文件的路径"),
    "err.no_header": (
        "{path} has no `# sftkl: problem=... track=...` header; pass --problem ID and --track numpy|torch",
        "{path} 没有 `# sftkl: problem=... track=...` 头注释;请加上 --problem ID 和 --track numpy|torch",
    ),
    "err.no_default_file": (
        "no file to grade in {dir}: run `sftkl practice ID` first, or pass a file: `sftkl grade FILE`",
        "{dir} 中没有可评分的文件:先运行 `sftkl practice ID`,或指定文件:`sftkl grade FILE`",
    ),
    "err.file_exists": (
        "{path} already exists and was left untouched; pass --force to overwrite it or --dir DIR to write elsewhere",
        "{path} 已存在,未做任何修改;加 --force 覆盖,或用 --dir DIR 写到别处",
    ),
    "err.dir_unwritable": ("cannot write to {dir}: {detail}", "无法写入 {dir}:{detail}"),
    "err.export_is_dir": (
        "cannot write {path}: it is a directory; give a file name, e.g. {example}",
        "无法写入 {path}:它是一个目录;请给出文件名,例如 {example}",
    ),
    "err.bad_seed": ("--seed must be between 0 and 2^63-1, got {seed}", "--seed 必须在 0 到 2^63-1 之间,收到 {seed}"),
    "err.bad_lang": ("unknown language '{value}'; use en or zh", "未知语言 '{value}';请使用 en 或 zh"),
    "err.bad_lang_env": (
        "unknown language '{value}' in SFTKL_LANG; use en or zh",
        "SFTKL_LANG 中的语言 '{value}' 未知;请使用 en 或 zh",
    ),
    "err.pack_bilingual": (
        "problem pack error: {where} needs non-empty 'en' and 'zh' texts",
        "题目包错误:{where} 需要非空的 'en' 和 'zh' 文本",
    ),
    "err.pack_version": (
        "problem pack '{problem}' has format_version {found}; this sftkl reads {want}",
        "题目包 '{problem}' 的 format_version 为 {found};当前 sftkl 只支持 {want}",
    ),
    "err.pack_track": ("problem pack '{problem}' declares unknown track '{track}'", "题目包 '{problem}' 声明了未知版本 '{track}'"),
    "err.pack_link": (
        "problem pack '{problem}': {field} names '{target}', which is not another problem of the catalog",
        "题目包 '{problem}':{field} 指向 '{target}',它不是题库中的另一道题",
    ),
    "err.prefix": ("Error: ", "错误:"),
    "err.internal": (
        "internal error in sftkl ({detail}); please report it with the command you ran",
        "sftkl 内部错误({detail});请连同你运行的命令一起反馈",
    ),
    # ---- file-level load errors (exit 1) ------------------------------------
    "load.unreadable": ("could not read your file: {detail}", "无法读取你的文件:{detail}"),
    "load.not_utf8": (
        "your file is not valid UTF-8 (line {line}, byte {byte}); save it as UTF-8",
        "你的文件不是合法的 UTF-8(第 {line} 行,第 {byte} 字节);请以 UTF-8 保存",
    ),
    "load.syntax": ("syntax error on line {line}: {detail}", "第 {line} 行语法错误:{detail}"),
    "load.null_byte": (
        "your file contains a null byte (line {line}, column {column}, byte {byte}); "
        "Python source cannot, so remove it or save the file again as plain UTF-8 text",
        "你的文件包含空字节(第 {line} 行,第 {column} 列,第 {byte} 字节);"
        "Python 源码不能包含空字节,请删除它,或重新以纯 UTF-8 文本保存",
    ),
    "load.missing_module": (
        "your file imports '{name}', which is not installed here; use numpy / torch only",
        "你的文件导入了 '{name}',但该模块未安装;只能使用 numpy / torch",
    ),
    "load.import_error": ("an import in your file failed: {detail}", "你的文件中的 import 失败:{detail}"),
    "load.forbidden": (
        "your file uses {name} at import time, which this problem forbids",
        "你的文件在导入时使用了 {name},本题禁止使用",
    ),
    "load.exit": (
        "your file calls sys.exit({code}) when imported; remove top-level exits",
        "你的文件在导入时调用了 sys.exit({code});请删除顶层的退出调用",
    ),
    "load.exit_process": (
        "the process ended while importing your file (exit code {code}); remove top-level os._exit / exit calls",
        "导入你的文件时进程退出(退出码 {code});请删除顶层的 os._exit / exit 调用",
    ),
    "load.malformed": (
        "the process sent a malformed reply while loading your file; did the code write to the grader's pipes?",
        "加载你的文件时进程发回了格式错误的回复;代码是否写入了评分器的管道?",
    ),
    "load.crash": (
        "the process crashed while importing your file ({signal})",
        "导入你的文件时进程崩溃({signal})",
    ),
    "load.memory": ("your file ran out of memory at import", "你的文件在导入时内存耗尽"),
    "load.timeout": (
        "importing your file took longer than {limit} s; move long-running code out of the top level "
        "(your file's own code was slow: {modules} had loaded before it, in {setup} s, not counted)",
        "导入你的文件超过 {limit} 秒;请把耗时的代码移出顶层"
        "(慢的是你文件自身的代码:{modules} 在此之前已加载完毕,用时 {setup} 秒,不计入)",
    ),
    "load.setup_timeout": (
        "importing {modules} took longer than {limit} s before your file ran: this machine is slow or busy, "
        "not your code; grade again when it is idle",
        "在运行你的文件之前,导入 {modules} 就超过了 {limit} 秒:是这台机器慢或繁忙,不是你的代码;请在空闲时重新评测",
    ),
    "load.raised": (
        "your file raised {type} when imported (line {line}): {detail}",
        "导入你的文件时抛出 {type}(第 {line} 行):{detail}",
    ),
    "load.missing_function": (
        "your file defines no function '{name}'{suggestion_text}; keep the stub's function name",
        "你的文件中没有函数 '{name}'{suggestion_text};请保留模板中的函数名",
    ),
    # ---- per-case messages ------------------------------------------------
    "case.forbidden": ("calls {name}, which this problem forbids", "调用了本题禁止的 {name}"),
    "case.memory": ("ran out of memory; avoid building huge intermediates", "内存耗尽;避免构造巨大的中间数组"),
    "case.wrong_exception": (
        "expected {want} to be raised, got {type}: {detail}",
        "应抛出 {want},实际抛出 {type}:{detail}",
    ),
    "case.no_exception": ("expected {want} to be raised, but the function returned", "应抛出 {want},但函数正常返回了"),
    "case.not_implemented": ("not implemented yet (the stub raises NotImplementedError)", "尚未实现(模板抛出 NotImplementedError)"),
    "case.raised": ("raised {type}: {detail}", "抛出 {type}:{detail}"),
    "case.raised_line": ("raised {type} on line {line}: {detail}", "第 {line} 行抛出 {type}:{detail}"),
    "case.mutated": (
        "changed its input {names} in place; work on copies (the caller's tensors must not change)",
        "原地修改了输入 {names};请在副本上操作(调用方的张量不能被改变)",
    ),
    "case.return_type_torch": (
        "returned {kind}; return a torch tensor that keeps the graph (no .item() / .numpy())",
        "返回了 {kind};应返回保留计算图的 torch 张量(不要 .item() / .numpy())",
    ),
    "case.return_type_numpy": ("returned {kind}; return a float or a numpy array", "返回了 {kind};应返回 float 或 numpy 数组"),
    "case.return_tuple": (
        "returned {kind}; return a tuple of {count}: {names}",
        "返回了 {kind};应返回包含 {count} 个元素的元组:{names}",
    ),
    "case.tuple_length": (
        "returned a tuple of {got}; return a tuple of {count}: {names}",
        "返回了 {got} 个元素的元组;应返回 {count} 个:{names}",
    ),
    "case.element": ("`{name}`: {detail}", "元素 `{name}`:{detail}"),
    "case.not_detached": (
        "`{name}` requires grad: return it detached (`.detach()`), it is a logged statistic, not part of the loss",
        "`{name}` 带有梯度:应返回 detach 后的张量(`.detach()`),它只是记录用的统计量,不属于损失",
    ),
    "case.shape": ("expected shape {expected}, got {got}", "期望形状 {expected},实际为 {got}"),
    "case.dtype_unsupported": (
        "returned dtype {got}, which sftkl cannot judge as a result; return float32 or float64 (the inputs are {want})",
        "返回的 dtype 为 {got},sftkl 无法评判这种结果类型;请返回 float32 或 float64(输入为 {want})",
    ),
    "case.dtype_int": ("returned dtype {got}; expected a floating result ({want})", "返回的 dtype 为 {got};应为浮点结果({want})"),
    "case.dtype_precision": (
        "returned {got} for {want} inputs: a floating result needs float32 precision or better, "
        "or the inputs' own (compute in float32, as `logits.float()` does)",
        "输入为 {want},却返回了 {got}:浮点结果至少要有 float32 的精度,或与输入精度相同"
        "(像 `logits.float()` 那样在 float32 中计算)",
    ),
    "case.nonfinite": (
        "{count} of {size} values are NaN or inf where the answer is finite",
        "{size} 个值中有 {count} 个是 NaN 或 inf,而正确答案是有限值",
    ),
    "case.wrong_scalar": (
        "expected {expected}, got {got}: off by {diff} (relative error {rel}), allowed {tol}",
        "期望 {expected},实际 {got}:相差 {diff}(相对误差 {rel}),允许误差 {tol}",
    ),
    "case.wrong_array": (
        "{count} of {size} values wrong; worst at {index}: expected {expected}, got {got}: off by {diff} (relative error {rel}), allowed {tol}",
        "{size} 个值中有 {count} 个错误;最大误差在 {index}:期望 {expected},实际 {got}:相差 {diff}(相对误差 {rel}),允许误差 {tol}",
    ),
    "case.grad_no_graph": (
        "the result carries no gradient: compute it from `{name}` and keep it connected (no .item(), .detach(), torch.tensor(...))",
        "结果不带梯度:请由 `{name}` 计算结果并保持计算图连接(不要 .item()、.detach()、torch.tensor(...))",
    ),
    "case.grad_no_graph_zero": (
        "the result carries no gradient: compute it from `{name}` and keep it connected (no .item(), .detach(), "
        "torch.tensor(...)); a zero that keeps the graph is `{name}.sum() * 0.0`",
        "结果不带梯度:请由 `{name}` 计算结果并保持计算图连接(不要 .item()、.detach()、torch.tensor(...));"
        "保持计算图的零可以写成 `{name}.sum() * 0.0`",
    ),
    "case.grad_unconnected": (
        "the result is not connected to `{name}`: a fresh tensor (torch.tensor(x.item(), requires_grad=True), "
        "torch.zeros((), requires_grad=True)) gives `{name}` no gradient at all, and data-parallel training (DDP) "
        "waits for it; compute the result from `{name}`, e.g. a zero as `{name}.sum() * 0.0`",
        "结果没有连接到 `{name}`:新建的张量(torch.tensor(x.item(), requires_grad=True)、"
        "torch.zeros((), requires_grad=True))让 `{name}` 完全没有梯度,数据并行训练(DDP)会一直等待它;"
        "请由 `{name}` 计算结果,例如零写成 `{name}.sum() * 0.0`",
    ),
    "case.grad_raised": ("backward failed: {type}: {detail}", "反向传播失败:{type}:{detail}"),
    "case.grad_missing": ("no gradient reaches `{name}`", "梯度没有传到 `{name}`"),
    "case.grad_shape": ("gradient of `{name}` has shape {got}, expected {expected}", "`{name}` 的梯度形状为 {got},应为 {expected}"),
    "case.grad_nonfinite": ("gradient of `{name}` contains NaN or inf", "`{name}` 的梯度含有 NaN 或 inf"),
    "case.grad_wrong": (
        "gradient of `{name}` is wrong; worst at {index}: expected {expected}, got {got}: off by {diff} (relative error {rel}), allowed {tol}",
        "`{name}` 的梯度错误;最大误差在 {index}:期望 {expected},实际 {got}:相差 {diff}(相对误差 {rel}),允许误差 {tol}",
    ),
    "case.timeout_wall": (
        "case `{case}` exceeded {limit} s of wall time: an endless loop, a sleep, or a Python loop over a large axis (vectorize)",
        "用例 `{case}` 运行超过 {limit} 秒:死循环、sleep,或在很大的维度上用 Python 循环(请向量化)",
    ),
    "case.timeout_cpu": (
        "case `{case}` exceeded {limit} s of CPU time: a Python loop over a large axis? vectorize with numpy/torch operations",
        "用例 `{case}` 的 CPU 时间超过 {limit} 秒:是否在大维度上用了 Python 循环?请用 numpy/torch 向量化",
    ),
    "case.crash_exit": (
        "the process exited (code {code}) during case `{case}`: do not call exit() / os._exit() in your function",
        "用例 `{case}` 运行时进程退出(退出码 {code}):不要在函数中调用 exit() / os._exit()",
    ),
    "case.crash_file": (
        "case `{case}` wrote more than {limit} MiB to disk and was stopped",
        "用例 `{case}` 向磁盘写入超过 {limit} MiB,已被终止",
    ),
    "case.crash_signal": (
        "the process crashed during case `{case}` ({signal}); a native crash, e.g. ctypes or an out-of-bounds access",
        "用例 `{case}` 运行时进程崩溃({signal});原生代码崩溃,例如 ctypes 或越界访问",
    ),
    "case.not_run_timeout": (
        "not run: case `{case}` timed out first; make it fast, then grade again",
        "未运行:用例 `{case}` 已先超时;先让它变快,再重新评分",
    ),
    "case.file_limit": (
        "wrote more than {limit} MiB to disk and was stopped by the file-size limit; the function should not write files",
        "向磁盘写入超过 {limit} MiB,被文件大小限制终止;函数不应写文件",
    ),
    "case.malformed_result": (
        "the process sent a malformed result during case `{case}`; did the code write to the grader's pipes?",
        "用例 `{case}` 运行时进程发回了格式错误的结果;代码是否写入了评分器的管道?",
    ),
    "case.not_run_load": ("not run: the file could not be loaded", "未运行:文件无法加载"),
    "case.not_run_restarts": (
        "not run: the process died too many times",
        "未运行:进程已多次异常退出",
    ),
    # ---- notes -------------------------------------------------------------
    "note.dtype_coarser": (
        "returned {got} for {want} inputs (the `.float()` idiom): fine in training, "
        "but callers who pass {want} get less precision back; judged at {got}'s tolerance",
        "输入为 {want},返回了 {got}(即 `.float()` 的写法):训练中没问题,"
        "但传入 {want} 的调用方拿回的精度更低;按 {got} 的容差评判",
    ),
    "note.dtype_finer": (
        "returned {got} for {want} inputs: computing in higher precision is fine; "
        "returning the inputs' dtype is what callers usually expect",
        "输入为 {want},返回了 {got}:用更高精度计算没问题;不过调用方通常希望拿回与输入相同的 dtype",
    ),
    "note.slow": (
        "case `{case}` took {got} s, {factor}x the reference's {ref} s: a Python loop over positions or classes? Interviewers expect vectorized code",
        "用例 `{case}` 用时 {got} 秒,是参考实现({ref} 秒)的 {factor} 倍:是否对位置或类别用了 Python 循环?面试官期望向量化代码",
    ),
}

def register(table: dict[str, tuple[str, str]]) -> None:
    """Add a package's own texts (practice, classroom, cli keep theirs next to their code)."""
    clash = set(table) & set(TEXTS)
    assert not clash, f"duplicate text keys: {sorted(clash)}"
    TEXTS.update(table)


_FORMATTER = string.Formatter()


def placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in _FORMATTER.parse(template) if name}


def resolve_lang(lang: str | None = None) -> str:
    """--lang, then SFTKL_LANG, then the locale: zh* gives zh, anything else en."""
    for value in (lang, os.environ.get("SFTKL_LANG")):
        if value:
            return "zh" if value.lower().startswith("zh") else "en" if value.lower().startswith("en") else value
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def t(lang: str, key: str, **params: Any) -> str:
    pair = TEXTS.get(key)
    if pair is None:
        return key
    template = pair[1] if lang == "zh" else pair[0]
    if "suggestion_text" in placeholders(template):
        s = params.get("suggestion")
        params["suggestion_text"] = t(lang, "err.suggest", suggestion=s) if s else ""
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
