"""A wheel of the sftkl that is running, for the autograders to install: from any install, not only a checkout.

Two ways, tried in order:

- an ordinary (non-editable) install: its files are listed in the distribution's RECORD,
  so the wheel is rebuilt from those very files (the package, its data, the .dist-info);
- an editable install (a source checkout): its RECORD lists only a path finder, so the
  checkout it maps to is built with `pip wheel`, offline.

When neither applies, a one-line error says to pass --wheel FILE or --pip SPEC.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

from sftkl.graders.errors import UsageError

DIST = "sftkl"
# Files of an installed .dist-info that an installer writes and a wheel does not carry
# (PEP 376 / PEP 610 / PEP 627); RECORD is written afresh.
_INSTALLER_FILES = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
_DATE = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the same install gives the same wheel


def _package_dir() -> Path:
    """The folder of the running `sftkl` package: site-packages/sftkl when installed, the checkout when editable."""
    return Path(__file__).resolve().parent.parent


def _source_tree() -> Path | None:
    """The checkout sftkl runs from, when it is an editable install (cli/, graders/ beside pyproject.toml)."""
    root = _package_dir()
    pyproject = root / "pyproject.toml"
    try:
        if pyproject.is_file() and 'name = "sftkl"' in pyproject.read_text("utf-8"):
            return root
    except OSError:
        pass
    return None


def _installed_distribution():
    """The distribution whose RECORD lists the files running now, or None (editable, or no RECORD).

    Several may be visible (a venv's and, through --system-site-packages, the system's):
    the one that holds this very module is the one to copy."""
    from importlib.metadata import distributions

    here = Path(__file__).resolve()
    for dist in distributions(name=DIST):
        for f in dist.files or ():
            if f.as_posix() == "sftkl/classroom/wheel.py":
                try:
                    if Path(dist.locate_file(f)).resolve() == here:
                        return dist
                except OSError:
                    pass
    return None


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _wheel_name(dist) -> str:
    """sftkl-<version>-<tags>.whl, the tags read from the install's own WHEEL file."""
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"]).lower()
    tags = [line.split(":", 1)[1].strip() for line in (dist.read_text("WHEEL") or "").splitlines()
            if line.lower().startswith("tag:")]
    parts = [tag.split("-") for tag in tags if tag.count("-") == 2] or [["py3", "none", "any"]]
    joined = [".".join(dict.fromkeys(p[i] for p in parts)) for i in range(3)]
    return f"{name}-{dist.version}-{'-'.join(joined)}.whl"


def wheel_from_record(dist, dest: Path) -> Path:
    """Rebuild the wheel of an installed distribution from the files its RECORD lists.

    Written here rather than with the `wheel` package's WheelFile: an instructor's sftkl
    install need not have `wheel` (pip no longer brings it), and the format is a zip with
    a RECORD of sha256 hashes (PEP 427), a few lines of the standard library."""
    info_dir = next((f.parts[0] for f in dist.files or () if f.parts and f.parts[0].endswith(".dist-info")), None)
    if info_dir is None:
        raise UsageError("err.ag_no_record")
    members: list[tuple[str, bytes]] = []
    for f in dist.files:
        rel = PurePosixPath(f.as_posix())
        if rel.parts[0] not in (DIST, info_dir) or ".." in rel.parts:
            continue  # scripts (../../bin/sftkl: entry_points.txt makes them) and anything outside the package
        if "__pycache__" in rel.parts or rel.suffix in (".pyc", ".pyo"):
            continue
        if rel.parts[0] == info_dir and rel.name in _INSTALLER_FILES:
            continue
        try:
            members.append((str(rel), Path(dist.locate_file(f)).read_bytes()))
        except OSError as e:
            raise UsageError("err.ag_record_unreadable", path=str(dist.locate_file(f)), detail=e.strerror or str(e)) from None
    names = {n for n, _ in members}
    if "sftkl/cli/app.py" not in names or f"{info_dir}/METADATA" not in names or f"{info_dir}/WHEEL" not in names:
        raise UsageError("err.ag_no_record")
    # The .dist-info goes last, RECORD at its very end, as installers expect (PEP 427).
    members.sort(key=lambda m: (m[0].startswith(info_dir + "/"), m[0]))
    record = io.StringIO()
    w = csv.writer(record, lineterminator="\n")
    for name, data in members:
        w.writerow([name, _record_hash(data), len(data)])
    w.writerow([f"{info_dir}/RECORD", "", ""])
    members.append((f"{info_dir}/RECORD", record.getvalue().encode()))
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / _wheel_name(dist)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return path


def wheel_from_checkout(root: Path, dest: Path) -> Path:
    """Build sftkl's wheel from the source checkout (offline: no build isolation, no dependencies)."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dest), str(root)],
        capture_output=True, text=True, timeout=600,
    )
    wheels = sorted(dest.glob("sftkl-*.whl"))
    if proc.returncode != 0 or not wheels:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["pip wheel failed"]
        raise UsageError("err.ag_wheel_failed", detail=detail[0])
    return wheels[-1]


def build_wheel(dest: Path) -> tuple[Path, str]:
    """A wheel of the running sftkl in `dest`, and where it came from: "installed" or "checkout"."""
    dist = _installed_distribution()
    if dist is not None:
        return wheel_from_record(dist, dest), "installed"
    root = _source_tree()
    if root is not None:
        return wheel_from_checkout(root, dest), "checkout"
    raise UsageError("err.ag_no_source")
