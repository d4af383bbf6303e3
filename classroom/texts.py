"""User-facing texts of the instructor commands, English and Chinese side by side (registered with graders/texts.py)."""

from sftkl.graders.texts import register

TEXTS: dict[str, tuple[str, str]] = {
    # ---- batch: errors and per-row reasons ----------------------------------------
    "err.batch_no_dir": (
        "{dir} is not a folder; pass the folder that holds the submissions (one file or one folder per student)",
        "{dir} 不是目录;请传入存放提交的目录(每个学生一个文件或一个文件夹)",
    ),
    "err.batch_empty": (
        "no submissions in {dir}: put one .py file per student there, or one folder per student holding {file}",
        "{dir} 中没有提交:每个学生放一个 .py 文件,或每个学生一个包含 {file} 的文件夹",
    ),
    "err.batch_bad_jobs": ("--jobs must be 1 or more, got {jobs}", "--jobs 至少为 1,收到 {jobs}"),
    "err.batch_other_results": (
        "{out} holds results for {problem} ({track}); pass another --out, or delete {out} to start over",
        "{out} 中已有 {problem}({track})的结果;请换一个 --out,或删除 {out} 重新开始",
    ),
    "err.batch_bad_resumed_seed": (
        "{file} holds seed {seed}, which is not a seed (0 to 2^63-1); pass --seed N, or delete it to start over",
        "{file} 中的种子 {seed} 无效(应在 0 到 2^63-1 之间);请传入 --seed N,或删除该文件重新开始",
    ),
    "err.batch_no_file": (
        "no {file} in {folder}: the student submitted nothing sftkl can grade",
        "{folder} 中没有 {file}:该学生没有可评分的文件",
    ),
    "err.batch_bad_file": ("{file} cannot be graded: {why}", "{file} 无法评分:{why}"),
    "err.batch_file_loop": ("a symbolic link loop", "符号链接循环"),
    "err.batch_file_dangling": ("a symbolic link to nothing", "指向不存在文件的符号链接"),
    "err.batch_file_outside": (
        "a symbolic link out of the student's own submission (to sftkl's or a classmate's files?); copy the file in to grade it",
        "指向该学生提交之外的符号链接(指向 sftkl 或同学的文件?);如需评分,请把文件本身复制进来",
    ),
    "err.batch_file_unreadable": ("it cannot be read", "无法读取"),
    "err.batch_file_not-regular": ("not a regular file (a pipe, device or socket)", "不是普通文件(管道、设备或套接字)"),
    "err.batch_bad_results": (
        "{path} is not a results.json of `sftkl batch` ({detail}); move it away or pass another --out",
        "{path} 不是 `sftkl batch` 的 results.json({detail});请移走它或换一个 --out",
    ),
    "err.batch_grader_failed": (
        "sftkl could not grade this submission ({detail}); it is graded again on the next run",
        "sftkl 无法评测这份提交({detail});下次运行时会重新评测",
    ),
    # ---- batch: progress and summary ------------------------------------------------
    "ui.batch_grading": ("Grading", "评测中"),
    "ui.batch_passed": ("{n} passed", "{n} 通过"),
    "ui.batch_failed": ("{n} failed", "{n} 未通过"),
    "ui.batch_resume": (
        "Resuming: {skipped} already graded (same file, same seed), {todo} to grade.",
        "继续上次的评测:{skipped} 份已评(文件与种子未变),还有 {todo} 份待评。",
    ),
    "ui.batch_header": ("{problem} · {track} · seed {seed}", "{problem} · {track} · 种子 {seed}"),
    "ui.batch_seed_per_student": ("per student, from {seed}", "每个学生不同,由 {seed} 派生"),
    "ui.batch_pass_rate": (
        "{passed}/{total} submissions passed ({rate:.1f}%), {failed} failed; graded now: {graded}, kept from the last run: {skipped}",
        "{total} 份提交中 {passed} 份通过({rate:.1f}%),{failed} 份未通过;本次评测 {graded} 份,沿用上次结果 {skipped} 份",
    ),
    "ui.batch_diag_title": ("Most common mistakes (students)", "最常见的错误(学生人数)"),
    "ui.batch_col_mistake": ("mistake", "错误"),
    "ui.batch_col_students": ("students", "人数"),
    "ui.batch_other_failures": (
        "Failed without a known mistake: {undiagnosed}; could not be loaded: {load_errors}; not graded: {not_graded}",
        "未匹配已知错误的失败:{undiagnosed};无法加载:{load_errors};未评测:{not_graded}",
    ),
    "ui.batch_slowest": ("Slowest: {list}", "最慢的提交:{list}"),
    "ui.batch_files": ("Results: {files}", "结果文件:{files}"),
    "ui.batch_interrupted": (
        "Interrupted: what was graded is saved; run the same command again to grade the rest.",
        "已中断:已评测的结果已保存;再次运行同一命令即可继续评测其余提交。",
    ),
    # ---- exports (JUnit, Gradescope) --------------------------------------------
    "ui.export_diagnosis": ("Likely mistake: {title} [{id}]", "可能的错误:{title} [{id}]"),
    "ui.export_fix": ("Fix: {fix}", "修改建议:{fix}"),
    "ui.export_not_graded": ("not graded", "未评测"),
    "ui.export_reason": (
        "{failed} of {total} cases failed; {case}: {message}",
        "{total} 个用例中 {failed} 个未通过;{case}:{message}",
    ),
    "ui.export_summary": (
        "{problem} ({track}), seed {seed}: {passed}/{total} cases passed (edge cases {edge_passed}/{edge_total})",
        "{problem}({track}),种子 {seed}:{total} 个用例通过 {passed} 个(边界用例 {edge_passed}/{edge_total})",
    ),
    "ui.export_reproduce": (
        "Reproduce these cases locally: sftkl grade {file} --problem {problem} --track {track} --seed {seed}",
        "在本地复现这些用例:sftkl grade {file} --problem {problem} --track {track} --seed {seed}",
    ),
    # ---- autograder -----------------------------------------------------------------
    "err.ag_no_file": (
        "no {file} in your submission ({dir}); submit the file `sftkl practice` wrote, under that name",
        "你的提交({dir})中没有 {file};请以该文件名提交 `sftkl practice` 生成的文件",
    ),
    "err.ag_link_outside": (
        "{file} is a symbolic link to a file outside your submission; submit the file itself",
        "{file} 是指向你的提交之外的文件的符号链接;请提交文件本身",
    ),
    "err.ag_no_source": (
        "no wheel of sftkl can be built here: its install lists no files (RECORD) and it is no source checkout; pass --wheel FILE "
        "(build one with `pip wheel --no-deps -w dist <sftkl source or git URL>`) or --pip SPEC",
        "无法在此构建 sftkl 的 wheel:它的安装没有列出文件(RECORD),也不是源码目录;请用 --wheel FILE"
        "(可用 `pip wheel --no-deps -w dist <sftkl 源码或 git 地址>` 构建)或 --pip SPEC",
    ),
    "err.ag_no_record": (
        "the installed sftkl's RECORD does not list the package and its metadata, so no wheel can be rebuilt from it; "
        "reinstall sftkl, or pass --wheel FILE or --pip SPEC",
        "已安装的 sftkl 的 RECORD 没有列出包及其元数据,无法据此重建 wheel;请重新安装 sftkl,或改用 --wheel FILE 或 --pip SPEC",
    ),
    "err.ag_record_unreadable": (
        "cannot read {path} of the installed sftkl ({detail}); reinstall sftkl, or pass --wheel FILE or --pip SPEC",
        "无法读取已安装 sftkl 的 {path}({detail});请重新安装 sftkl,或改用 --wheel FILE 或 --pip SPEC",
    ),
    "err.ag_bad_visibility": (
        "--visibility must be one of {choices}, got {visibility}",
        "--visibility 必须是 {choices} 之一,收到 {visibility}",
    ),
    "err.ag_github_options": ("pass at most one of --wheel and --pip", "--wheel 与 --pip 最多只能指定一个"),
    "err.ag_out_repo": (
        "--out names the assignment repository's folder (the workflow goes to {workflow} in it), got {out}",
        "--out 应为作业仓库的目录(工作流写入其中的 {workflow}),收到 {out}",
    ),
    "err.ag_github_needs_out": (
        "the workflow installs sftkl from a wheel committed beside it: pass --out DIR (the assignment repository) "
        "to write both, or --pip SPEC to print one that installs SPEC from an index",
        "该工作流从一同提交的 wheel 安装 sftkl:请用 --out DIR(作业仓库目录)同时写入二者,"
        "或用 --pip SPEC 打印一个从软件源安装 SPEC 的工作流",
    ),
    "err.ag_wheel_failed": ("building sftkl's wheel failed: {detail}; pass --wheel FILE or --pip SPEC", "构建 sftkl 的 wheel 失败:{detail};请改用 --wheel FILE 或 --pip SPEC"),
    "err.ag_bad_wheel": ("{path} is not an sftkl wheel or sdist (sftkl-*.whl, sftkl-*.tar.gz)", "{path} 不是 sftkl 的 wheel 或 sdist(sftkl-*.whl、sftkl-*.tar.gz)"),
    "err.ag_install_options": ("pass at most one of --wheel, --pip and --wheelhouse", "--wheel、--pip、--wheelhouse 最多只能指定一个"),
    "err.ag_out_zip": ("--out must name a .zip file, got {out}", "--out 必须是 .zip 文件,收到 {out}"),
    "err.ag_wheelhouse": (
        "{dir} must hold the wheels of sftkl and torch (and their dependencies) for an offline bundle",
        "{dir} 中必须包含 sftkl 与 torch(及其依赖)的 wheel,才能离线安装",
    ),
    "err.ag_bad_points": ("--points must be 1 or more, got {points}", "--points 至少为 1,收到 {points}"),
    "ui.ag_fallback": (
        "The autograder could not run sftkl; please tell your instructor.",
        "自动评分程序无法运行 sftkl;请联系你的老师。",
    ),
    "ui.ag_wrote_bundle": ("Wrote {path} ({files}).", "已写入 {path}({files})。"),
    "ui.ag_install_wheel": (
        "setup.sh installs sftkl from the bundled wheel, and torch (CPU), numpy, typer, rich from the network. Upload the zip as a Gradescope autograder; README.md inside says more.",
        "setup.sh 从包内的 wheel 安装 sftkl,并联网安装 torch(CPU 版)、numpy、typer、rich。将 zip 上传为 Gradescope 自动评分程序;详见包内 README.md。",
    ),
    "ui.ag_install_pip": (
        "setup.sh installs sftkl with pip from your --pip requirement, and torch (CPU) from the network. Upload the zip as a Gradescope autograder; README.md inside says more.",
        "setup.sh 按 --pip 指定的来源用 pip 安装 sftkl,并联网安装 torch(CPU 版)。将 zip 上传为 Gradescope 自动评分程序;详见包内 README.md。",
    ),
    "ui.ag_install_wheelhouse": (
        "setup.sh installs everything offline from the bundled wheels/. Upload the zip as a Gradescope autograder; README.md inside says more.",
        "setup.sh 从包内 wheels/ 离线安装全部依赖。将 zip 上传为 Gradescope 自动评分程序;详见包内 README.md。",
    ),
    "ui.ag_wrote_workflow": (
        "Wrote {path}; commit it to the assignment's template repository.",
        "已写入 {path};请将它提交到作业的模板仓库。",
    ),
    "ui.ag_wrote_workflow_wheel": (
        "Wrote {path} and {wheel}, which it installs; commit both to the assignment's template repository.",
        "已写入 {path} 及其安装的 {wheel};请将二者一并提交到作业的模板仓库。",
    ),
    "ui.ag_leaderboard_speed": ("speed (ms)", "速度(毫秒)"),
    "ui.ag_run_done": ("score {score}/{possible}, written to {path}", "得分 {score}/{possible},已写入 {path}"),
}

register(TEXTS)
