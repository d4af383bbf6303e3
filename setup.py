"""Packages are discovered, not listed: each top-level folder below installs as `sftkl.<folder>`,
and package/ as `sftkl` itself (its __init__.py and __main__.py: `%load_ext sftkl`, `python -m sftkl`).

pyproject.toml holds everything else; setuptools' static configuration cannot prefix
the packages it finds with a namespace, which is the one thing this file does.
"""

from setuptools import find_packages, setup

TOP = ("cli", "graders", "sandbox", "practice", "classroom", "notebook", "problems")

setup(
    # package/ (not a folder named sftkl/: run from the checkout, that would shadow the install)
    package_dir={"sftkl": "package", **{f"sftkl.{top}": top for top in TOP}},
    packages=["sftkl", *(f"sftkl.{name}" for name in find_packages(include=[p for top in TOP for p in (top, f"{top}.*")]))],
)
