"""The wheel installs everything under the `sftkl` namespace, with the packs' data files."""

from __future__ import annotations

import zipfile


def test_wheel_has_only_the_sftkl_namespace(sftkl_wheel):
    wheel = sftkl_wheel
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"sftkl"}
    for needed in (
        "sftkl/__init__.py",  # package/: `%load_ext sftkl`
        "sftkl/__main__.py",  # `python -m sftkl`
        "sftkl/notebook/magic.py",
        "sftkl/cli/app.py",
        "sftkl/sandbox/child.py",
        "sftkl/problems/sft_loss/problem.toml",
        "sftkl/problems/sft_loss/statement.zh.md",
        "sftkl/problems/sft_loss/stub_torch.py",
        "sftkl/problems/sft_loss/mutants/torch/view-noncontiguous.py",
        "sftkl/sandbox/replies.py",
        *(f"sftkl/graders/schemas/{name}.json" for name in ("grade", "batch", "mock", "review", "error")),
    ):
        assert needed in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "sftkl = sftkl.cli.entry:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_an_installed_wheel_is_hidden_from_the_sandboxed_learner(sftkl_wheel, tmp_path):
    """Installed from a wheel (site-packages/sftkl, here in a venv under /tmp), the package
    is hidden inside the sandbox: exec'ing the installed reference fails there, and works
    without the sandbox (so the attack is real)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from conftest import needs_sandbox

    needs_sandbox()
    venv = tmp_path / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True, timeout=120)
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with zipfile.ZipFile(sftkl_wheel) as z:
        z.extractall(site)
    attack = tmp_path / "exec_reference.py"
    attack.write_text((Path(__file__).parent / "hostile" / "exec_reference.py").read_text())
    verdicts = {}
    for level in ("on", "off"):
        env = {**os.environ, "SFTKL_SANDBOX": level}
        proc = subprocess.run([str(venv / "bin" / "python"), "-m", "sftkl.cli", "grade", str(attack), "--json"],
                              capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
        report = json.loads(proc.stdout)
        verdicts[report["isolation"]] = (report["verdict"], report["passed"])
    assert verdicts["sandbox"] == ("fail", 0)
    assert verdicts["basic"][0] == "pass"


def test_python_dash_m_sftkl_and_the_ipython_extension(sftkl_wheel, tmp_path):
    """`python -m sftkl` is the console script, from this checkout's install and from the wheel;
    the wheel's `sftkl` is a regular package with `load_ipython_extension` (`%load_ext sftkl`)."""
    import subprocess
    import sys

    site = tmp_path / "site"
    with zipfile.ZipFile(sftkl_wheel) as z:
        z.extractall(site)
    for env in ({}, {"PYTHONPATH": str(site)}):
        import os

        out = subprocess.run([sys.executable, "-m", "sftkl", "--help"], capture_output=True, text=True, timeout=60,
                             env={**os.environ, **env}, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert "grade" in out.stdout and "practice" in out.stdout and "Usage: python -m sftkl" in out.stdout
    probe = ("import sftkl, sys; print(sftkl.__file__, callable(sftkl.load_ipython_extension), "
             "[m for m in ('sftkl.notebook', 'sftkl.cli', 'numpy', 'rich', 'IPython') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(site)}, cwd=tmp_path)
    # nothing imported with it: it is imported before every command (start-up time)
    assert out.stdout.strip().split(maxsplit=2) == [str(site / "sftkl" / "__init__.py"), "True", "[]"], out.stderr


def test_every_visible_copy_of_the_package_is_hidden(tmp_path, monkeypatch):
    """Not only the running copy: a second install in another site directory (the system's,
    seen through a --system-site-packages venv) and the source tree an editable install's
    finder maps to are hidden too. CI's install (`pip install .` as root) next to a test venv
    showed the gap: the venv hid its own copy and left the system's readable."""
    from sftkl.sandbox import jail

    site = tmp_path / "site-packages"
    (site / "sftkl" / "problems").mkdir(parents=True)
    src = tmp_path / "checkout"
    (src / "problems").mkdir(parents=True)
    (site / "__editable___sftkl_0_1_0_finder.py").write_text(
        f"MAPPING = {{'sftkl': {str(src)!r}, 'sftkl.problems': {str(src / 'problems')!r}}}\n")
    monkeypatch.setattr(jail, "_site_dirs", lambda: [str(site)])
    copies = jail._installed_copies()
    assert jail.PACKAGE_DIR in copies
    assert str(site / "sftkl") in copies
    assert str(src) in copies and str(src / "problems") in copies
    monkeypatch.setattr(jail, "_copies_cache", None)  # filled on first use
    args = jail._hide([str(tmp_path)], ())
    for hidden in (site / "sftkl", src):
        assert args[args.index(str(hidden)) - 1] == "--tmpfs"
