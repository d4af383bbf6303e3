"""The wheel installs everything under the `sftkl` namespace, with the packs' data files."""

from __future__ import annotations

import zipfile


def test_wheel_has_only_the_sftkl_namespace(sftkl_wheel):
    wheel = sftkl_wheel
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"sftkl"}
    for needed in (
        "sftkl/cli/app.py",
        "sftkl/sandbox/child.py",
        "sftkl/problems/sft_loss/problem.toml",
        "sftkl/problems/sft_loss/statement.zh.md",
        "sftkl/problems/sft_loss/stub_torch.py",
        "sftkl/problems/sft_loss/mutants/torch/view-noncontiguous.py",
        "sftkl/sandbox/replies.py",
        *(f"sftkl/graders/schemas/{name}.json" for name in ("grade", "batch", "mock", "error")),
    ):
        assert needed in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "sftkl = sftkl.cli.entry:main" in zipfile.ZipFile(wheel).read(entry).decode()
