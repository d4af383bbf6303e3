"""Packages are discovered, not listed: each top-level folder below installs as `sftkl.<folder>`.

pyproject.toml holds everything else; setuptools' static configuration cannot prefix
the packages it finds with a namespace, which is the one thing this file does.
"""

from setuptools import find_packages, setup

TOP = ("cli", "graders", "sandbox", "practice", "classroom", "problems")

setup(
    package_dir={f"sftkl.{top}": top for top in TOP},
    packages=[f"sftkl.{name}" for name in find_packages(include=[p for top in TOP for p in (top, f"{top}.*")])],
)
