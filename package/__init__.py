"""sftkl: practise and grade the coding questions of LLM post-training interviews.

This package's modules live in sibling folders of the repository (cli/, graders/,
sandbox/, practice/, classroom/, notebook/, problems/; setup.py maps each to
`sftkl.<folder>`). It is imported before any of them, on every command: nothing here
may import anything at module level (tests/test_startup.py).

`%load_ext sftkl` in IPython/Jupyter calls `load_ipython_extension` below, which
imports sftkl.notebook only then.
"""


def load_ipython_extension(ipython) -> None:
    """`%load_ext sftkl`: register the `%%sftkl` cell magic (see sftkl.notebook)."""
    from sftkl.notebook.magic import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython) -> None:
    """`%unload_ext sftkl`: nothing to undo but the resident fork servers, which exit with the kernel."""
