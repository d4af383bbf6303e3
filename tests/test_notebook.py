"""Notebooks: `%load_ext sftkl` + `%%sftkl`, and `sftkl.notebook.check()`, run in a real Jupyter kernel
(nbclient) over the wheel of this checkout, as a learner who `pip install`s sftkl has it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

SOLUTION = (ROOT / "problems" / "sft_loss" / "solution_numpy.py").read_text("utf-8")
TORCH_SOLUTION = (ROOT / "problems" / "sft_loss" / "solution_torch.py").read_text("utf-8")
MUTANT = (ROOT / "problems" / "sft_loss" / "mutants" / "numpy" / "sum-not-mean.py").read_text("utf-8")
# the solution split in two: a helper that does the work and the graded function calling it
HELPER = SOLUTION.replace("def sft_loss(", "def _loss_core(")
WRAPPER = "def sft_loss(logits, labels, ignore_index=-100):\n    return _loss_core(logits, labels, ignore_index)\n"

CELLS = {
    "kernel": "import os\nKERNEL_PID = os.getpid()\nKERNEL_SECRET = 'kernel-only'\nprint('kernel-pid', KERNEL_PID)\n"
              "import sftkl, sftkl.notebook\nprint('sftkl-from', sftkl.__file__, sftkl.notebook.__file__)",
    "load": "%load_ext sftkl",
    "pass": "%%sftkl sft-loss --track numpy --seed 1\n" + SOLUTION
            + "import os, __main__\nprint('learner-pid', os.getpid(), getattr(__main__, 'KERNEL_SECRET', 'absent'))\n"
            + "LEAKED = True\n",
    "leaked": "print('leaked' if 'LEAKED' in globals() else 'not-leaked')",
    "torch": "%%sftkl sft-loss --track torch --seed 2\n" + TORCH_SOLUTION,
    "empty": "%%sftkl sft-loss --track torch\n\n",
    "fail": "%%sftkl sft-loss --track numpy --seed 1\n" + MUTANT,
    "zh": "%%sftkl sft-loss --track numpy --seed 1 --lang zh\n" + MUTANT,
    "helper": HELPER,
    "wrapper": WRAPPER,
    "check": "import sftkl.notebook\nsftkl.notebook.check('sft-loss', track='numpy', seed=1)",
    "exec": f"exec(compile({SOLUTION!r}, '<string>', 'exec'), globals())",
    "nosource": "sftkl.notebook.check('sft-loss', track='numpy')",
    "unknown": "%%sftkl sft-los --track numpy\nx = 1",
}


@pytest.fixture(scope="module")
def notebook(sftkl_wheel, tmp_path_factory):
    """Run the notebook once in a fresh kernel (the test interpreter, with the wheel first on its path)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    tmp = tmp_path_factory.mktemp("notebook")
    site = tmp / "site"
    with zipfile.ZipFile(sftkl_wheel) as z:
        z.extractall(site)
    spec = tmp / "kernels" / "sftkl-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "sftkl test", "language": "python"}))
    home = tmp / "home"
    env = {**os.environ, "PYTHONPATH": str(site), "SFTKL_HOME": str(home), "SFTKL_LANG": "en"}
    reference = site / "sftkl" / "problems" / "sft_loss" / "reference.py"
    peek = ("%%sftkl sft-loss --track numpy --seed 1\n" + SOLUTION
            + f"import os\nprint('reference-readable', os.path.exists({str(reference)!r}))\n")
    cells = {}
    for name, src in CELLS.items():  # before "check": that test reads the file its cell wrote
        cells.update({"peek": peek, name: src} if name == "check" else {name: src})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in cells.values()])
    km = KernelManager(kernel_name="sftkl-test", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp / "kernels")]))
    client = nbclient.NotebookClient(nb, km=km, timeout=300, allow_errors=True, resources={"metadata": {"path": str(tmp)}})
    client.execute(env=env)
    outputs = dict(zip(cells, (cell.outputs for cell in nb.cells)))
    return {"outputs": outputs, "home": home, "site": site}


def text_of(outputs) -> str:
    return "".join(o.get("text", "") for o in outputs if o.output_type == "stream")


def html_of(outputs) -> str:
    (html,) = [o.data["text/html"] for o in outputs if o.output_type == "execute_result"]
    return html


def error_of(outputs) -> str:
    """What the learner sees of a failed cell: the error output, or a UsageError on stderr."""
    parts = [f"{o.ename}: {o.evalue}\n" + "\n".join(o.traceback) for o in outputs if o.output_type == "error"]
    return "".join(parts) + text_of(outputs)


def test_the_kernel_is_the_wheel_under_test(notebook):
    printed = text_of(notebook["outputs"]["kernel"])
    assert printed.startswith("kernel-pid")
    found = re.search(r"sftkl-from (\S+) (\S+)", printed)
    assert found, printed
    for module in found.groups():  # the wheel's files, not this checkout's (an editable install would be those)
        assert Path(module).is_relative_to(notebook["site"]), module
    assert notebook["outputs"]["load"] == []  # %load_ext sftkl printed nothing: it loaded


def test_a_passing_cell_shows_an_html_report(notebook):
    html = html_of(notebook["outputs"]["pass"])
    assert 'data-verdict="pass"' in html, html
    assert "<table" in html and html.count('data-status="pass"') >= 10
    assert "PASS" in html and "sft-loss · numpy · seed 1" in html
    path = re.search(r" as (/\S+\.py)", html).group(1)
    assert Path(path).is_relative_to(notebook["home"])  # the data directory, no file of the learner's
    assert "problem=sft-loss track=numpy" in Path(path).read_text()


def test_a_torch_cell(notebook):
    html = html_of(notebook["outputs"]["torch"])
    assert 'data-verdict="pass"' in html and "sft-loss · torch · seed 2" in html


def test_an_empty_cell_says_what_to_write(notebook):
    assert "this cell has no code under `%%sftkl sft-loss`" in error_of(notebook["outputs"]["empty"])


def test_the_cell_runs_in_a_separate_process_and_not_in_the_kernel(notebook):
    kernel_pid = int(text_of(notebook["outputs"]["kernel"]).split()[1])
    printed = re.search(r"learner-pid (\d+) (\w+)", html_of(notebook["outputs"]["pass"]))
    assert printed, "what the cell printed is shown"
    assert int(printed.group(1)) != kernel_pid
    assert printed.group(2) == "absent"  # the kernel's globals are out of reach
    assert text_of(notebook["outputs"]["leaked"]).strip() == "not-leaked"  # nothing of the cell ran in the kernel


def test_the_sandbox_hides_the_installed_references_from_a_cell(notebook):
    """The kernel's own sftkl (the wheel's) is out of the cell's reach, as for `sftkl grade`."""
    from conftest import needs_sandbox

    needs_sandbox()
    html = html_of(notebook["outputs"]["peek"])
    assert (notebook["site"] / "sftkl" / "problems" / "sft_loss" / "reference.py").is_file()
    assert "reference-readable False" in html


def test_a_failing_cell_shows_the_diagnosis(notebook):
    html = html_of(notebook["outputs"]["fail"])
    assert 'data-verdict="fail"' in html and "FAIL" in html
    assert 'class="sftkl-diagnosis"' in html and "[sum-not-mean]" in html
    assert "Fix:" in html and "run the cell again" in html


def test_the_report_follows_the_language(notebook):
    html = html_of(notebook["outputs"]["zh"])
    assert "[sum-not-mean]" in html and "修改建议" in html and "已评测本单元格的代码" in html


def test_check_grades_a_notebook_function_with_its_helper(notebook):
    html = html_of(notebook["outputs"]["check"])
    assert 'data-verdict="pass"' in html, html
    path = Path(re.search(r" as (/\S+\.py)", html).group(1))
    written = path.read_text()
    assert "import numpy as np" in written and "def _loss_core(" in written and "def sft_loss(" in written
    assert written.index("def _loss_core(") < written.index("def sft_loss(")


def test_check_says_what_to_do_when_the_source_is_gone(notebook):
    shown = error_of(notebook["outputs"]["nosource"])
    assert "cannot recover the source of `sft_loss`" in shown and "%%sftkl sft-loss" in shown
    assert "Traceback" not in shown and "File " not in shown


def test_an_unknown_problem_is_one_line(notebook):
    shown = error_of(notebook["outputs"]["unknown"])
    assert "no problem 'sft-los'" in shown and "did you mean 'sft-loss'" in shown
    assert "Traceback" not in shown


def test_notebook_grades_are_recorded_as_progress(notebook):
    env = {**os.environ, "SFTKL_HOME": str(notebook["home"])}
    out = subprocess.run([sys.executable, "-m", "sftkl", "progress", "--json"], capture_output=True, text=True,
                         env=env, timeout=60)
    row = next(p for p in json.loads(out.stdout)["problems"] if p["problem"] == "sft-loss" and p["track"] == "numpy")
    assert row["solved"] is True and row["attempts"] == 5  # pass, peek, fail, zh fail, check
    torch = next(p for p in json.loads(out.stdout)["problems"] if p["problem"] == "sft-loss" and p["track"] == "torch")
    assert torch["solved"] is True and torch["attempts"] == 1


def test_check_outside_a_notebook_prints_text(tmp_path):
    script = tmp_path / "learner.py"
    script.write_text(SOLUTION + "\nimport sftkl.notebook\nprint(sftkl.notebook.check('sft-loss', track='numpy', seed=1))\n"
                      "exec(compile('def sft_loss(a, b, ignore_index=-100): return 0', '<s>', 'exec'))\n"
                      "sftkl.notebook.check('sft-loss', track='numpy')\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "PASS" in out.stdout and "all-ignored" in out.stdout and "<" not in out.stdout
    assert out.stderr.startswith("Error: cannot recover the source of `sft_loss`")
    assert "Traceback" not in out.stderr



def test_check_carries_imports_helpers_constants_and_lists_the_rest(tmp_path):
    """The module check() builds from notebook functions runs on its own and names what it left out."""
    import importlib.util

    (tmp_path / "learner_nb.py").write_text(
        "import math\nimport numpy as np\nfrom numpy import exp\n"
        "EPS = 1e-9\nTABLE = np.ones(3)\n"
        "def _shift(x: np.ndarray) -> np.ndarray:\n    return x - x.max(-1, keepdims=True)\n"
        "def _lse(x):\n    return np.log(exp(_shift(x)).sum(-1)) + EPS * 0\n"
        "def sft_loss(logits, labels, ignore_index=-100):\n    return _lse(logits).sum() + math.log(1) + TABLE.sum() * 0\n")
    spec = importlib.util.spec_from_file_location("learner_nb", tmp_path / "learner_nb.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    from sftkl.notebook.source import module_source

    source, missing = module_source({"sft_loss": mod.sft_loss}, "sft-loss", "# sftkl: problem=sft-loss track=numpy")
    assert missing == ["TABLE"]
    rebuilt: dict = {}
    exec(compile(source, "rebuilt", "exec"), rebuilt)
    assert {"np", "exp", "math", "EPS", "_shift", "_lse", "sft_loss"} <= set(rebuilt)
    x = __import__("numpy").arange(6.0).reshape(2, 3)
    rebuilt["TABLE"] = mod.TABLE
    assert rebuilt["sft_loss"](x, None) == mod.sft_loss(x, None)


def test_check_grades_a_lambda_as_the_lambda_alone(tmp_path):
    """A lambda's source is the statement it sits in: check() carries the lambda expression only
    (not `softmax = <lambda>`, nor the check() call it was passed in), and refuses, in one line,
    a lambda it cannot tell apart from another on its line."""
    import importlib.util

    from sftkl.graders.errors import UsageError
    from sftkl.notebook.source import module_source

    (tmp_path / "learner_lambda.py").write_text(
        "import numpy as np\n"
        "shift = lambda z, axis: z - z.max(axis, keepdims=True)\n"
        "softmax = lambda x, axis=-1: np.exp(shift(x, axis)) / np.exp(shift(x, axis)).sum(axis, keepdims=True)\n"
        "passed = dict(fn=lambda x, axis=-1: x * 2, called=print('check', lambda x, axis=-1: 0))\n"
        "twins = (lambda x, axis=-1: x, lambda x, axis=-1: -x)\n")
    spec = importlib.util.spec_from_file_location("learner_lambda", tmp_path / "learner_lambda.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    x = __import__("numpy").array([[1.0, 2.0, 1000.0]])

    source, missing = module_source({"softmax": mod.softmax}, "softmax", "# sftkl: problem=softmax track=numpy")
    assert missing == [] and "<lambda>" not in source
    rebuilt: dict = {}
    exec(compile(source, "rebuilt", "exec"), rebuilt)
    assert (rebuilt["softmax"](x) == mod.softmax(x)).all()
    with pytest.raises(UsageError) as err:
        module_source({"softmax": mod.passed["fn"]}, "softmax", "# header")
    assert err.value.key == "err.nb_lambda"
    with pytest.raises(UsageError):
        module_source({"softmax": mod.twins[1]}, "softmax", "# header")


def test_check_on_a_lambda_passed_inline_grades_it(tmp_path):
    """`check("softmax", lambda ...)` grades the lambda, and the graded module does not call check() again."""
    script = tmp_path / "learner.py"
    script.write_text("import numpy as np\nimport sftkl.notebook\n"
                      "print(sftkl.notebook.check('softmax', lambda x, axis=-1: np.exp(x - x.max(axis, keepdims=True))"
                      " / np.exp(x - x.max(axis, keepdims=True)).sum(axis, keepdims=True), track='numpy', seed=1))\n")
    env = {**os.environ, "SFTKL_HOME": str(tmp_path / "home"), "SFTKL_LANG": "en"}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert "PASS" in out.stdout, out.stdout
    graded = (tmp_path / "home" / "notebook" / "softmax_numpy.py").read_text("utf-8")
    assert "check(" not in graded and "<lambda>" not in graded


def test_check_carries_a_closures_values_or_lists_them(tmp_path):
    """A function made by a function reads names of its maker: a literal (or an import, a helper)
    is carried over as a module constant; anything else is listed, not left as a NameError."""
    import importlib.util

    from sftkl.notebook.source import module_source

    (tmp_path / "learner_closure.py").write_text(
        "import numpy as np\n"
        "def make(shift, table):\n"
        "    def softmax(x, axis=-1):\n"
        "        e = np.exp(x - x.max(axis, keepdims=True) + shift + table.sum() * 0)\n"
        "        return e / e.sum(axis, keepdims=True)\n"
        "    return softmax\n"
        "softmax = make(0.5, np.ones(2))\n")
    spec = importlib.util.spec_from_file_location("learner_closure", tmp_path / "learner_closure.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    source, missing = module_source({"softmax": mod.softmax}, "softmax", "# sftkl: problem=softmax track=numpy")
    assert missing == ["table"]
    assert "shift = 0.5" in source
    rebuilt: dict = {"table": mod.np.ones(2)}
    exec(compile(source, "rebuilt", "exec"), rebuilt)
    x = mod.np.array([[1.0, 2.0, 3.0]])
    assert (rebuilt["softmax"](x) == mod.softmax(x)).all()


def test_check_of_something_not_a_function_names_its_type(tmp_path, capsys):
    """`check("softmax", 3)` (outside IPython: the line on stderr) reads as English: not "is a int"."""
    import sftkl.notebook

    assert sftkl.notebook.check("softmax", 3, track="numpy", lang="en") is None
    assert capsys.readouterr().err == (
        "Error: `softmax` is not a function defined with `def` (it is of type int); pass the function itself\n")
    sftkl.notebook.check("softmax", print, track="numpy", lang="zh")
    assert "不是用 `def` 定义的函数(其类型为 builtin_function_or_method)" in capsys.readouterr().err
