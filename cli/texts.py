"""Texts of the command line itself (tables, headings, usage errors), English and Chinese side by side."""

from sftkl.graders.texts import register

TEXTS: dict[str, tuple[str, str]] = {
    "usage.try_help": ("Try '{command} --help' for help.", "运行 '{command} --help' 查看帮助。"),
    "usage.no_such_option": ("No such option: {name}", "没有这个选项:{name}"),
    "usage.no_such_command": ("No such command '{name}'.", "没有这个命令 '{name}'。"),
    "usage.missing_argument": ("Missing argument '{name}'.", "缺少参数 '{name}'。"),
    "usage.missing_option": ("Missing option '{name}'.", "缺少选项 '{name}'。"),
    "usage.option_needs_value": ("Option '{name}' requires an argument.", "选项 '{name}' 需要一个值。"),
    "usage.extra_arguments": ("Got unexpected extra argument(s) ({name})", "多余的参数({name})"),
    "usage.invalid_value": ("Invalid value for '{name}': {detail}", "'{name}' 的值无效:{detail}"),
    "ui.isolation_basic": (
        "isolation: basic (install bubblewrap for the sandbox)",
        "隔离:基本(安装 bubblewrap 以启用沙箱)",
    ),
    "err.completion_shell": (
        "unknown shell '{shell}'; use bash, zsh or fish, e.g. eval \"$(sftkl completion bash)\"",
        "未知的 shell '{shell}';请用 bash、zsh 或 fish,例如 eval \"$(sftkl completion bash)\"",
    ),
    "doctor.isolation": ("isolation: {level} ({why})", "隔离:{level}({why})"),
    "doctor.isolation_sandbox": ("sandbox (bubblewrap)", "沙箱(bubblewrap)"),
    "doctor.isolation_basic": ("basic", "基本"),
    "doctor.why_bwrap": (
        "bwrap works here: new pid/net/ipc/uts/cgroup namespaces, a new user namespace or (as root) an "
        "unprivileged uid, a read-only system without sftkl, a private size-capped /tmp",
        "bwrap 可用:新的 pid/net/ipc/uts/cgroup 命名空间,新的用户命名空间或(root 时)非特权 uid,"
        "只读系统且看不到 sftkl,私有且限额的 /tmp",
    ),
    "doctor.why_off": ("SFTKL_SANDBOX=off turns the sandbox off", "SFTKL_SANDBOX=off 关闭了沙箱"),
    "doctor.why_platform": ("the sandbox needs Linux", "沙箱需要 Linux"),
    "doctor.why_missing": ("bwrap is not installed: install the bubblewrap package", "未安装 bwrap:请安装 bubblewrap 软件包"),
    "doctor.why_userns": ("user namespaces are disabled on this kernel", "此内核禁用了用户命名空间"),
    "doctor.python": ("python: {version} ({path})", "python 版本:{version}({path})"),
    "doctor.numpy": ("numpy: {version}", "numpy 版本:{version}"),
    "doctor.torch": ("torch: {version}", "torch 版本:{version}"),
    "doctor.not_installed": ("not installed", "未安装"),
    "doctor.data_dir": ("data directory: {path}", "数据目录:{path}"),
    "doctor.language": ("language: {language}", "语言:{language}"),
    "ui.header": ("{problem} · {track} · seed {seed}", "{problem} · {track} · 种子 {seed}"),
    "ui.col_case": ("case", "用例"),
    "ui.col_status": ("status", "状态"),
    "ui.col_message": ("message", "信息"),
    "ui.kind_edge": ("edge", "边界"),
    "ui.kind_random": ("core", "核心"),
    "ui.summary_pass": (
        "PASS  {passed}/{total} cases (core {core_passed}/{core_total}, edge {edge_passed}/{edge_total}) in {duration:.2f} s",
        "通过  {passed}/{total} 个用例(核心 {core_passed}/{core_total},边界 {edge_passed}/{edge_total}),用时 {duration:.2f} 秒",
    ),
    "ui.summary_fail": (
        "FAIL  {passed}/{total} cases (core {core_passed}/{core_total}, edge {edge_passed}/{edge_total}) in {duration:.2f} s",
        "未通过  {passed}/{total} 个用例(核心 {core_passed}/{core_total},边界 {edge_passed}/{edge_total}),用时 {duration:.2f} 秒",
    ),
    "ui.file_error": ("Your file could not be graded", "你的文件无法评分"),
    "ui.diagnosis": ("Likely mistake: {title}", "可能的错误:{title}"),
    "ui.diag_cases": ("seen in: {cases}", "出现在:{cases}"),
    "ui.diag_study": ("learn it in {problem}: `sftkl practice {problem}`", "在 {problem} 中学习这个错误:`sftkl practice {problem}`"),
    "ui.fix": ("Fix: {fix}", "修改建议:{fix}"),
    "ui.no_diagnosis": (
        "No known mistake matches these failures; compare your output with the expected values below.",
        "没有匹配到已知错误;请对照下面的期望值检查你的输出。",
    ),
    "ui.stub_untouched": (
        "Not written yet: every case raised NotImplementedError, as the stub does. Write {functions} in {file}, "
        "then grade again ({count} cases hidden; --all shows them).",
        "尚未实现:每个用例都抛出了 NotImplementedError,和模板一样。请在 {file} 中实现 {functions},"
        "然后再次评测(已隐藏 {count} 个用例;--all 可全部显示)。",
    ),
    "ui.output": ("What your code printed", "你的代码输出"),
    "ui.output_truncated": ("(truncated)", "(已截断)"),
    "ui.next_pass": (
        "Solved. Next: `sftkl list` for another problem, or try the other track with --track.",
        "已解决。下一步:`sftkl list` 选择新题,或用 --track 尝试另一个版本。",
    ),
    "ui.passed_hidden": (
        "{count} passed cases hidden; --all shows them",
        "已隐藏 {count} 个通过的用例;加 --all 显示全部",
    ),
    "ui.repro_title": ("case {case} as a script", "用例 {case} 的复现脚本"),
    "ui.repro_wrote": ("Wrote {script} and its inputs {npz}.", "已写入 {script} 及其输入 {npz}。"),
    "ui.repro_run": (
        "Run it:   python {script}\nDebug it: python -m pdb {script}",
        "运行:python {script}\n调试:python -m pdb {script}",
    ),
    "ui.repro_hint": (
        "Debug a failing case in your own Python: sftkl grade {file} --seed {seed} --repro {case}",
        "在你自己的 Python 中调试失败用例:sftkl grade {file} --seed {seed} --repro {case}",
    ),
    "ui.next_fail": (
        "Edit {file} and run `sftkl grade` again (same cases: --seed {seed}).",
        "修改 {file} 后再次运行 `sftkl grade`(复现相同用例:--seed {seed})。",
    ),
    "ui.notes": ("Efficiency", "效率"),
    "ui.list_title": ("sftkl problems", "sftkl 题目"),
    "ui.topic_foundations": ("foundations", "基础"),
    "ui.topic_sft": ("SFT", "SFT 监督微调"),
    "ui.topic_kl": ("KL", "KL 散度"),
    "ui.topic_preference": ("preference", "偏好优化"),
    "ui.topic_policy_gradient": ("policy gradient", "策略梯度"),
    "ui.topic_other": ("other", "其他"),
    "ui.col_id": ("id", "编号"),
    "ui.col_title": ("title", "标题"),
    "ui.col_difficulty": ("difficulty", "难度"),
    "ui.col_tracks_solved": ("tracks (✓ solved)", "版本(✓ 已解决)"),
    "ui.difficulty_easy": ("easy", "简单"),
    "ui.difficulty_medium": ("medium", "中等"),
    "ui.difficulty_hard": ("hard", "困难"),
    "ui.list_next": (
        "Start one: `sftkl practice ID [--track numpy|torch]`",
        "开始练习:`sftkl practice ID [--track numpy|torch]`",
    ),
    "ui.sources_title": ("Sources for {problem} ({title})", "{problem}({title})的参考来源"),
    "ui.show_signature": ("Signature ({track}): {signature}", "函数签名({track}):{signature}"),
    "ui.show_related": ("Related problems: {related} (e.g. `sftkl practice {first}`)",
                        "相关题目:{related}(例如 `sftkl practice {first}`)"),
    "ui.practice_wrote": ("Wrote {path} ({problem}, {track} track).", "已写入 {path}({problem},{track} 版本)。"),
    "ui.practice_kept": (
        "{path} exists: opening it as it is ({problem}, {track} track; --force writes a fresh stub, keeping a backup).",
        "{path} 已存在:按原样打开({problem},{track} 版本;--force 会写入新模板并保留备份)。",
    ),
    "ui.practice_next": (
        "Next: implement {function} in {path}, then run `sftkl grade`{grade_args}.",
        "下一步:在 {path} 中实现 {function},然后运行 `sftkl grade`{grade_args}。",
    ),
}

register(TEXTS)
