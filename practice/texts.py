"""User-facing texts of the practice commands, English and Chinese side by side (registered with graders/texts.py)."""

from sftkl.graders.texts import register

TEXTS: dict[str, tuple[str, str]] = {
    # ---- the script `grade --repro` writes (practice/repro.py); the script formats these itself
    "repro.doc": (
        "Case `{case}` of {problem} ({track} track, seed {seed}), replayed on your {file}.\n\n{description}\n\n"
        "Run it:    python {script}\n"
        "Debug it:  python -m pdb {script}   (`s` at the call steps into your function,\n"
        "           or `b {file}:LINE` then `c`); any debugger works the same way.\n"
        "The inputs, with the dtypes and memory layout the grader uses, and the expected result\n"
        "(sftkl's float64 reference) are in {npz}. This script checks {checks}; the grade\n"
        "also judges dtypes and in-place changes. Written by `sftkl grade --repro {case} --seed {seed}`.",
        "{problem}({track} 版本,种子 {seed})的用例 `{case}`,在你的 {file} 上重放。\n\n{description}\n\n"
        "运行:python {script}\n"
        "调试:python -m pdb {script}(在调用处按 `s` 进入你的函数,\n"
        "      或 `b {file}:行号` 再 `c`);其他调试器同样可用。\n"
        "输入(与评测相同的 dtype 和内存布局)和期望结果(sftkl 的 float64 参考实现)\n"
        "存放在 {npz}。本脚本检查{checks};dtype 和原地修改由评测判定。\n"
        "由 `sftkl grade --repro {case} --seed {seed}` 生成。",
    ),
    "repro.checks_value": ("the value", "返回值"),
    "repro.checks_grad": ("the value and the gradient", "返回值和梯度"),
    "repro.value": ("value", "返回值"),
    "repro.gradient_of": ("gradient of {name}", "{name} 的梯度"),
    "repro.header": ("{label}: expected {want_dtype} {want_shape}, got {dtype} {shape}",
                     "{label}:期望 {want_dtype} {want_shape},得到 {dtype} {shape}"),
    "repro.expected": ("  expected:", "  期望:"),
    "repro.got": ("  got:     ", "  得到:"),
    "repro.wrong_shape": ("  WRONG SHAPE: expected {want}, got {got}", "  形状错误:期望 {want},得到 {got}"),
    "repro.ok": ("  ok: every element within atol + rtol*|expected| (rtol {rtol}, atol {atol}, {dtype})",
                 "  正确:每个元素都在 atol + rtol*|期望| 之内(rtol {rtol},atol {atol},{dtype})"),
    "repro.wrong": (
        "  WRONG: {count} of {size} element(s) off; worst{where}: expected {want}, got {got}, off by {diff}, "
        "allowed {allowed} ({dtype})",
        "  错误:{size} 个元素中有 {count} 个不对;最差{where}:期望 {want},得到 {got},相差 {diff},"
        "允许 {allowed}({dtype})",
    ),
    "repro.at": (" at {index}", "位于 {index}"),
    "repro.raised_ok": ("raised {type}: {detail} (as expected)", "抛出 {type}:{detail}(符合预期)"),
    "repro.raised_other": ("raised {type}: {detail} (expected {want})", "抛出 {type}:{detail}(应抛出 {want})"),
    "repro.no_raise": ("WRONG: expected {want} to be raised, got {got}", "错误:应抛出 {want},却返回了 {got}"),
    "repro.not_tuple": ("WRONG: expected a tuple ({names}), got {kind}", "错误:应返回元组({names}),得到 {kind}"),
    "repro.not_detached": ("  WRONG: {name} requires grad; it must be detached (.detach())",
                           "  错误:{name} 带有梯度(requires_grad);它必须 detach(.detach())"),
    "repro.no_graph": ("gradient: WRONG: the result does not require grad (its graph does not reach the inputs)",
                       "梯度:错误:结果不带梯度(计算图没有连到输入)"),
    "repro.unreached": ("gradient of {name}: WRONG: the result's graph does not reach {name}",
                        "{name} 的梯度:错误:结果的计算图没有连到 {name}"),
    "repro.pass": ("PASS: this case matches", "通过:该用例结果一致"),
    "repro.fail": ("FAIL: this case differs (see above)", "未通过:该用例结果不一致(见上)"),
    "repro.no_file": ("FAIL: {path} is gone; this script replays the case on that file: put it back, "
                      "or run `sftkl grade --repro` again on the file you moved it to",
                      "未通过:{path} 不存在了;本脚本在该文件上重放用例:请放回原处,或对移动后的文件重新运行 `sftkl grade --repro`"),
    "repro.no_function": ("FAIL: {path} defines no function '{name}'; keep the stub's function name",
                          "未通过:{path} 中没有函数 '{name}';请保留模板中的函数名"),
    # ---- errors (exit 2) -------------------------------------------------
    "err.repro_unknown_case": (
        "no case '{case}' in {problem} ({track}); --repro takes a case id from the grade's first column: {ids}",
        "{problem}({track})没有用例 '{case}';--repro 需要评测结果第一列中的用例编号:{ids}",
    ),
    "err.repro_not_ours": (
        "{path} already exists and was not written by sftkl; it was left untouched: rename or move it, then run --repro again",
        "{path} 已存在且不是 sftkl 写的,未做任何修改;请重命名或移走它,再运行 --repro",
    ),
    # ---- notes (stderr, once) --------------------------------------------
    "note.data_home_moved": (
        "moved sftkl's data directory from {old} to {new} (this platform's standard place)",
        "已将 sftkl 的数据目录从 {old} 移到 {new}(本平台的标准位置)",
    ),
    "note.data_home_both": (
        "using sftkl's data directory {new}; the older {old} is left alone (delete it once you no longer need it)",
        "使用 sftkl 的数据目录 {new};旧目录 {old} 保持不动(不再需要时可自行删除)",
    ),
    "note.data_home_not_moved": (
        "could not move sftkl's data directory {old} to {new}: {detail}; it is left where it was (move it by hand, or set SFTKL_HOME={old})",
        "无法将 sftkl 的数据目录 {old} 移到 {new}:{detail};旧目录保持原样(请手动移动,或设置 SFTKL_HOME={old})",
    ),
    # ---- errors (exit 2) -------------------------------------------------
    "err.no_editor": (
        "{path} is ready, but no editor is set: set $VISUAL or $EDITOR (e.g. export EDITOR=nano), or open the file yourself",
        "{path} 已就绪,但没有设置编辑器:请设置 $VISUAL 或 $EDITOR(例如 export EDITOR=nano),或自行打开该文件",
    ),
    "err.editor_unparsable": (
        "cannot read ${var}={value}: {detail}; fix its quoting (e.g. export {var}=\"code -w\")",
        "无法解析 ${var}={value}:{detail};请修正其中的引号(例如 export {var}=\"code -w\")",
    ),
    "err.editor_failed": (
        "cannot start the editor {editor}: {detail}; check $VISUAL / $EDITOR ({path} is ready)",
        "无法启动编辑器 {editor}:{detail};请检查 $VISUAL / $EDITOR({path} 已就绪)",
    ),
    "err.progress_db": (
        "cannot use the progress database {path}: {detail}; check that the data directory is writable (or set SFTKL_HOME)",
        "无法使用进度数据库 {path}:{detail};请检查数据目录是否可写(或设置 SFTKL_HOME)",
    ),
    "err.reset_needs_yes": (
        "{path} would be replaced by the stub; pass --yes to confirm (your file is backed up first)",
        "{path} 将被模板替换;请加 --yes 确认(会先备份你的文件)",
    ),
    "err.solution_locked": (
        "the solution of {problem} ({track}) unlocks once you pass, or after {needed} failed grades (you have {failed}); "
        "try `sftkl hint {problem}`, or pass --force to see it now (recorded as a reveal)",
        "{problem}({track})的参考答案在你通过后解锁,或在 {needed} 次未通过的评测后解锁(目前 {failed} 次);"
        "可以试试 `sftkl hint {problem}`,或加 --force 立即查看(会记录为提前查看)",
    ),
    "err.solution_in_mock": (
        "{problem} is part of the running mock interview {session}; its solution stays hidden until the session ends "
        "(--force shows it and scores the problem 0)",
        "{problem} 属于正在进行的模拟面试 {session};会话结束前不显示参考答案(加 --force 可查看,但该题记 0 分)",
    ),
    "err.mock_none": (
        "no mock interview yet; start one with `sftkl mock` (or `sftkl mock start --json`)",
        "还没有模拟面试;用 `sftkl mock`(或 `sftkl mock start --json`)开始一场",
    ),
    "err.mock_unknown": (
        "no mock interview '{session}'; `sftkl mock history` lists them",
        "没有编号为 '{session}' 的模拟面试;`sftkl mock history` 可列出全部",
    ),
    "err.mock_ambiguous": (
        "'{session}' matches several mock interviews ({matches}); give more of the id",
        "'{session}' 匹配到多场模拟面试({matches});请输入更完整的编号",
    ),
    "err.mock_already_running": (
        "mock interview {session} is still running; `sftkl mock resume` returns to it, `sftkl mock finish` ends it",
        "模拟面试 {session} 仍在进行;`sftkl mock resume` 回到该会话,`sftkl mock finish` 结束它",
    ),
    "err.mock_unfinished": (
        "mock interview {session} ran out of time but has no report yet; run `sftkl mock finish` first",
        "模拟面试 {session} 已到时间但还没有生成报告;请先运行 `sftkl mock finish`",
    ),
    "err.mock_minutes": (
        "--minutes must be more than 0 and at most {max}, got {minutes}",
        "--minutes 必须大于 0 且不超过 {max},收到 {minutes}",
    ),
    "err.mock_count": (
        "--problems {count} is out of range: {available} problems match the options",
        "--problems {count} 超出范围:符合条件的题目只有 {available} 道",
    ),
    "err.mock_problems_and_count": (
        "use either --problem ID (repeatable) or --problems N, not both",
        "--problem ID(可重复)与 --problems N 只能二选一",
    ),
    "err.mock_bad_track": ("unknown track '{track}'; use numpy or torch", "未知版本 '{track}';请使用 numpy 或 torch"),
    "err.mock_bad_difficulty": (
        "unknown difficulty '{difficulty}'; use easy, medium or hard",
        "未知难度 '{difficulty}';请使用 easy、medium 或 hard",
    ),
    "err.mock_bad_index": ("no problem {index} in this session (it has {count})", "本场会话没有第 {index} 题(共 {count} 题)"),
    "err.mock_time_up": (
        "time is up for mock interview {session}; `sftkl mock finish` grades it as it stood at the deadline",
        "模拟面试 {session} 已到时间;`sftkl mock finish` 会按截止时的代码评分",
    ),
    "err.mock_options_first": (
        "options like --minutes belong after the subcommand: `sftkl mock {command} ...`",
        "--minutes 等选项应写在子命令之后:`sftkl mock {command} ...`",
    ),
    "err.mock_needs_terminal": (
        "the session screen needs a terminal; use `sftkl mock status {session}` and `sftkl mock finish {session}` instead",
        "会话界面需要终端;请改用 `sftkl mock status {session}` 和 `sftkl mock finish {session}`",
    ),
    "err.mock_file_missing": (
        "{path} was missing when time ran out and no earlier version was kept",
        "到时间时 {path} 不存在,也没有保存过更早的版本",
    ),
    # ---- progress --------------------------------------------------------
    "ui.progress_title": ("Your progress", "你的进度"),
    "ui.progress_col_problem": ("problem", "题目"),
    "ui.progress_col_track": ("track", "版本"),
    "ui.progress_col_solved": ("solved", "已解决"),
    "ui.progress_col_attempts": ("attempts", "次数"),
    "ui.progress_col_best": ("best", "最好"),
    "ui.progress_col_last": ("last", "最近一次"),
    "ui.progress_col_hints": ("hints", "提示"),
    "ui.progress_col_solution": ("solution", "看答案"),
    "ui.progress_mocks": (
        "Mock interviews: {count} finished, best score {best}/100 (`sftkl mock history`).",
        "模拟面试:已完成 {count} 场,最高分 {best}/100(`sftkl mock history`)。",
    ),
    "ui.progress_mock_running": (
        "Mock interview {session} is running: `sftkl mock resume`.",
        "模拟面试 {session} 正在进行:`sftkl mock resume`。",
    ),
    "ui.progress_empty": (
        "Nothing graded yet. Start with `sftkl practice softmax`, then `sftkl grade`.",
        "还没有评测记录。先运行 `sftkl practice softmax`,再运行 `sftkl grade`。",
    ),
    "ui.progress_col_next": ("review", "下次复习"),
    # ---- review queue (`sftkl review`) ----------------------------------
    "ui.review_title": ("Due for review", "待复习"),
    "ui.review_col_problem": ("problem", "题目"),
    "ui.review_col_track": ("track", "版本"),
    "ui.review_col_why": ("why", "原因"),
    "ui.review_col_due": ("due", "到期"),
    "ui.review_why_mistake": ("you made {mistakes} on {date}", "你在 {date} 犯了 {mistakes}"),
    "ui.review_why_reveal_mistake": (
        "you made {mistakes} and saw the solution on {date}",
        "你在 {date} 犯了 {mistakes},并看了参考答案",
    ),
    "ui.review_why_reveal": ("solved after seeing the solution on {date}", "{date} 看过参考答案后才解决"),
    "ui.review_why_hint": ("solved after {hints} hint(s) on {date}", "{date} 看了 {hints} 条提示后才解决"),
    "ui.review_why_failed": ("solved after failed grades on {date}", "{date} 经过几次未通过的评测后才解决"),
    "ui.review_why_clean": ("solved cleanly on {date}; time to recall it again", "{date} 顺利解决;该再回忆一遍了"),
    "ui.review_none": (
        "Nothing to review yet: named mistakes, hints and reveals schedule re-drills here.",
        "还没有要复习的题目:评测指出的错误、看过的提示和答案都会在这里安排复习。",
    ),
    "ui.review_empty": ("Nothing is due for review. Well done.", "目前没有到期的复习。做得好。"),
    "ui.review_upcoming": ("Not yet due: {count}; the next one on {date}.", "尚未到期:{count} 道;下一道在 {date}。"),
    "ui.review_next_hint": (
        "`sftkl review --next` opens the most overdue one.",
        "`sftkl review --next` 打开最该复习的一道。",
    ),
    "ui.review_kept": (
        "Your {path} ({problem}, {track} track) is kept as it is; `sftkl reset {problem}` starts afresh (it backs it up).",
        "你的 {path}({problem},{track} 版本)保持不变;`sftkl reset {problem}` 可重新开始(会先备份)。",
    ),
    "ui.review_kept_other_track": (
        "Your {path} holds the {file_track} track (its first line says so) and is kept as it is; to re-drill the "
        "{track} track, open it in another folder: `sftkl review --next --dir {track}`",
        "你的 {path} 是 {file_track} 版本(见其第一行),保持不变;要复习 {track} 版本,请在另一个目录中打开:"
        "`sftkl review --next --dir {track}`",
    ),
    "ui.review_redrill": ("Re-drill {problem} ({track}): {why}.", "复习 {problem}({track}):{why}。"),
    # ---- reset -----------------------------------------------------------
    "ui.reset_confirm": (
        "Replace {path} with the {problem} ({track}) stub? Your file is backed up first.",
        "用 {problem}({track})的模板替换 {path}?会先备份你的文件。",
    ),
    "ui.reset_declined": ("Left {path} untouched.", "未修改 {path}。"),
    "ui.reset_already": ("{path} is already the untouched stub.", "{path} 已经是未修改的模板。"),
    "ui.reset_done": ("Restored the {problem} ({track}) stub in {path}.", "已在 {path} 恢复 {problem}({track})的模板。"),
    "ui.reset_backup": ("Your previous file is kept at {backup}", "你之前的文件已备份到 {backup}"),
    # ---- hints and solutions ---------------------------------------------
    "ui.hint_line": ("Hint {level}/{total}: {text}", "提示 {level}/{total}:{text}"),
    "ui.hint_costs": (
        "Counted in mock interview {session}: each hint costs {cost} points.",
        "计入模拟面试 {session}:每条提示扣 {cost} 分。",
    ),
    "ui.hint_none_left": (
        "You have seen all {total} hints. `sftkl solution {problem}` unlocks once you pass or after a few failed grades.",
        "你已看过全部 {total} 条提示。`sftkl solution {problem}` 在你通过后、或几次评测未通过后解锁。",
    ),
    "ui.solution_reason_passed": (
        "Reference solution for {problem} ({track}): you passed it, compare with yours.",
        "{problem}({track})的参考答案:你已通过,可以对照你的写法。",
    ),
    "ui.solution_reason_attempts": (
        "Reference solution for {problem} ({track}), unlocked after several failed grades.",
        "{problem}({track})的参考答案,在多次未通过后解锁。",
    ),
    "ui.solution_reason_forced": (
        "Reference solution for {problem} ({track}), shown early with --force (recorded as a reveal).",
        "{problem}({track})的参考答案,使用 --force 提前查看(已记录)。",
    ),
    "ui.solution_mock_zero": (
        "Shown during mock interview {session}: {problem} scores 0 in that session.",
        "在模拟面试 {session} 期间查看:{problem} 在该会话中记 0 分。",
    ),
    # ---- live screens ----------------------------------------------------
    "ui.grading": ("Grading {file}…", "正在评测 {file}…"),
    "ui.more_failing": ("… and {count} more", "…… 另有 {count} 个"),
    "ui.watch_header": (
        "Watching {file} · {problem} · {track} · seed {seed}",
        "正在监视 {file} · {problem} · {track} · 种子 {seed}",
    ),
    "ui.watch_mode_events": (
        "Change detection: file events (watchfiles); if saves go unnoticed (a network drive), set SFTKL_WATCH=poll",
        "变更检测:文件事件(watchfiles);若保存后没有反应(如网络盘),请设置 SFTKL_WATCH=poll",
    ),
    "ui.watch_mode_polling": (
        "Change detection: polling every {interval} s ({why})",
        "变更检测:每 {interval} 秒轮询一次({why})",
    ),
    "ui.watch_why_forced": ("SFTKL_WATCH=poll", "由 SFTKL_WATCH=poll 指定"),
    "ui.watch_why_missing": ("watchfiles is not installed", "未安装 watchfiles"),
    "ui.watch_why_failed": ("file events failed: {detail}", "文件事件不可用:{detail}"),
    "ui.watch_keys": (
        "Save the file to regrade · h next hint · g regrade now · q quit",
        "保存文件即重新评测 · h 下一条提示 · g 立即重新评测 · q 退出",
    ),
    "ui.watch_keys_none": ("Save the file to regrade · Ctrl-C to quit", "保存文件即重新评测 · Ctrl-C 退出"),
    "ui.watch_stopped": ("Stopped watching.", "已停止监视。"),
    # ---- mock interview --------------------------------------------------
    "ui.mock_title": ("Mock interview {session}", "模拟面试 {session}"),
    "ui.mock_started": (
        "Mock interview {session} started: {minutes} min. Your files are in {dir}:",
        "模拟面试 {session} 已开始:{minutes} 分钟。你的文件在 {dir}:",
    ),
    "ui.mock_no_terminal": (
        "Edit the files, grade with `sftkl grade FILE`, check time with `sftkl mock status`, end with `sftkl mock finish` "
        "(or open the live screen with `sftkl mock resume {session}`).",
        "编辑这些文件,用 `sftkl grade FILE` 评测,用 `sftkl mock status` 查看剩余时间,用 `sftkl mock finish` 结束"
        "(或用 `sftkl mock resume {session}` 打开实时界面)。",
    ),
    "ui.mock_folder": ("Folder: {dir}", "目录:{dir}"),
    "ui.mock_time_left": ("Time left {clock}", "剩余时间 {clock}"),
    "ui.mock_phase_running": ("running", "进行中"),
    "ui.mock_phase_time_up": ("time is up, not graded yet", "时间到,尚未评分"),
    "ui.mock_phase_finished": ("finished", "已结束"),
    "ui.mock_col_n": ("#", "序号"),
    "ui.mock_col_problem": ("problem", "题目"),
    "ui.mock_col_file": ("file", "文件"),
    "ui.mock_col_attempts": ("attempts", "评测次数"),
    "ui.mock_col_hints": ("hints", "提示"),
    "ui.mock_col_best": ("best", "最好成绩"),
    "ui.mock_col_state": ("state", "状态"),
    "ui.mock_col_score": ("score", "得分"),
    "ui.mock_col_cases": ("cases", "用例"),
    "ui.mock_col_core": ("core", "核心"),
    "ui.mock_col_edge": ("edge", "边界"),
    "ui.mock_col_first_pass": ("first pass", "首次通过"),
    "ui.mock_col_mistakes": ("mistakes", "错误"),
    "ui.mock_state_passed": ("passed", "已通过"),
    "ui.mock_state_failing": ("failing", "未通过"),
    "ui.mock_state_not_graded": ("not graded", "未评测"),
    "ui.mock_keys": (
        "1-{count} select · g grade · h hint (-{cost} points) · f finish now · q leave (the clock keeps running)",
        "1-{count} 选择题目 · g 评测 · h 提示(扣 {cost} 分)· f 立即交卷 · q 离开(计时继续)",
    ),
    "ui.mock_scripted": (
        "`sftkl mock resume {session}` opens the live screen; `sftkl mock finish` ends the session.",
        "`sftkl mock resume {session}` 打开实时界面;`sftkl mock finish` 结束会话。",
    ),
    "ui.mock_finished_next": (
        "This session is over: `sftkl mock finish {session}` shows its report.",
        "本场会话已结束:`sftkl mock finish {session}` 可查看报告。",
    ),
    "ui.mock_confirm_finish": (
        "Finish now and grade every problem as it stands? y to confirm, any other key to go on",
        "现在交卷并按当前代码评分?按 y 确认,按其他键继续",
    ),
    "ui.mock_left": (
        "Left mock interview {session}; the clock keeps running. Come back with `sftkl mock resume`.",
        "已离开模拟面试 {session};计时仍在继续。用 `sftkl mock resume` 回来。",
    ),
    "ui.mock_time_up": ("Time is up.", "时间到。"),
    "ui.mock_grading_all": (
        "Grading every problem as it stood at the end…",
        "正在按结束时的代码为每道题评分……",
    ),
    "ui.mock_report_title": (
        "Mock interview {session} · {minutes} min · score {score}/100",
        "模拟面试 {session} · {minutes} 分钟 · 得分 {score}/100",
    ),
    "ui.mock_problem_error": ("{problem} could not be graded: {error}", "{problem} 无法评分:{error}"),
    "ui.mock_late_edit": (
        "{problem}: saved after time ran out; graded the version saved at {at}.",
        "{problem}:到时间后仍有修改;评分使用的是 {at} 保存的版本。",
    ),
    "ui.mock_revealed": (
        "{problem}: the solution was shown during the session, so it scores 0.",
        "{problem}:会话期间查看了参考答案,因此记 0 分。",
    ),
    "ui.mock_study_title": ("What to study next", "接下来该复习什么"),
    "ui.mock_study_mistake": (
        "{problem} ({track}): {title} [{mistake}]. Read “{section}” in `sftkl show {problem} --track {track}`.",
        "{problem}({track}):{title} [{mistake}]。阅读 `sftkl show {problem} --track {track}` 中的“{section}”。",
    ),
    "ui.mock_study_fixed": (
        "{problem} ({track}): {title} [{mistake}], made and fixed during the session. Review “{section}”.",
        "{problem}({track}):{title} [{mistake}],会话中犯过并已改正。复习“{section}”。",
    ),
    "ui.mock_study_elsewhere": (
        "study {problem}: {title}, where this mistake is taught. Run `{command}`.",
        "去练习 {problem}:{title},这个错误在那道题中讲解。运行 `{command}`。",
    ),
    "ui.mock_study_cases": (
        "{problem} ({track}): edge cases failed: {cases}. Read “{section}” in `sftkl show {problem} --track {track}`.",
        "{problem}({track}):未通过的边界用例:{cases}。阅读 `sftkl show {problem} --track {track}` 中的“{section}”。",
    ),
    "ui.mock_study_unsolved": (
        "{problem} ({track}): no case passed. Start again from `sftkl show {problem} --track {track}` and `sftkl hint {problem}`.",
        "{problem}({track}):没有用例通过。从 `sftkl show {problem} --track {track}` 和 `sftkl hint {problem}` 重新开始。",
    ),
    "ui.mock_study_nothing": (
        "Every problem passed without a hint: try a harder set with --difficulty, or a shorter --minutes.",
        "每道题都在没有提示的情况下通过:试试用 --difficulty 选更难的题,或缩短 --minutes。",
    ),
    "ui.mock_report_next": (
        "Past sessions: `sftkl mock history`; your progress: `sftkl progress`.",
        "历史会话:`sftkl mock history`;你的进度:`sftkl progress`。",
    ),
    "ui.mock_history_title": ("Mock interviews", "模拟面试记录"),
    "ui.mock_history_empty": ("No mock interviews yet: `sftkl mock` starts one.", "还没有模拟面试:`sftkl mock` 开始一场。"),
    "ui.mock_hcol_session": ("session", "会话"),
    "ui.mock_hcol_started": ("started", "开始时间"),
    "ui.mock_hcol_minutes": ("minutes", "分钟"),
    "ui.mock_hcol_problems": ("problems", "题目"),
    "ui.mock_hcol_phase": ("state", "状态"),
    "ui.mock_hcol_score": ("score", "得分"),
}

register(TEXTS)
