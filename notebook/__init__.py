"""sftkl in Jupyter and IPython: `%load_ext sftkl` and the `%%sftkl` cell magic, or `check()`.

Both grade in the same separate, limited process as `sftkl grade` (never in the kernel),
record the attempt as `sftkl grade` does, and show the result as HTML in Jupyter and as
text elsewhere. See notebook/magic.py, notebook/check.py and the README ("Notebooks").
"""

from sftkl.notebook.check import check
from sftkl.notebook.magic import load_ipython_extension

__all__ = ["check", "load_ipython_extension"]
