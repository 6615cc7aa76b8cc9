"""Packaging: ranges in pyproject.toml, exact pins in requirements.lock, extras
that keep Ray, pyarrow and psycopg out of the core install, a clear line when a
feature's extra is missing, the licence and the docs the README links to."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from accord.errors import MissingDependency
from accord.extras import require

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
OPTIONAL = {"ray", "pyarrow", "psycopg", "psycopg-binary", "duckdb"}


def _reqs(specs: list[str]) -> list[Requirement]:
    return [Requirement(s) for s in specs]


def _lock() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and version, f"not an exact pin: {line!r}"
            pins[canonicalize_name(name)] = version
    return pins


def test_core_dependencies_are_ranges_without_optional_packages() -> None:
    core = _reqs(PROJECT["dependencies"])
    assert core
    for req in core:
        assert str(req.specifier), f"{req.name} has no range"
        assert not any(s.operator == "==" for s in req.specifier), f"{req} is a pin"
        assert canonicalize_name(req.name) not in OPTIONAL, req.name


def test_extras_split_the_optional_dependencies() -> None:
    extras = {k: {canonicalize_name(r.name) for r in _reqs(v)}
              for k, v in PROJECT["optional-dependencies"].items()}
    assert extras["postgres"] == {"psycopg"}
    assert extras["parquet"] == {"pyarrow"}
    assert extras["ray"] == {"ray", "pyarrow"}
    dev = _reqs(PROJECT["optional-dependencies"]["dev"])
    assert next(r for r in dev if r.name == "accord").extras == {"postgres", "parquet", "ray"}
    assert {"pytest", "duckdb", "ruff", "mypy"} <= extras["dev"]


def test_lock_pins_every_dependency_inside_its_range() -> None:
    pins = _lock()
    wanted = _reqs(PROJECT["dependencies"]) + [
        r for specs in PROJECT["optional-dependencies"].values() for r in _reqs(specs)
        if r.name != "accord"]
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements.lock"
        assert req.specifier.contains(pins[name], prereleases=True), \
            f"requirements.lock pins {req.name}=={pins[name]}, outside {req.specifier}"
    assert "accord" not in pins  # installed from the working tree, with --no-deps


def test_make_installs_the_lock_then_accord_without_deps() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(STAMP): pyproject.toml requirements.lock" in makefile
    lock = makefile.index("pip install --quiet -r requirements.lock")
    assert lock < makefile.index("pip install --quiet -e . --no-deps")


# -- the core install works without the extras --------------------------------------
_WITHOUT_EXTRAS = """
import importlib, pkgutil, sys
for name in ("ray", "pyarrow", "psycopg", "duckdb"):
    sys.modules[name] = None  # as if not installed: importing it raises ModuleNotFoundError
import accord
for mod in pkgutil.walk_packages(accord.__path__, "accord."):
    importlib.import_module(mod.name)
from accord.cli import main
from accord.store import Store
db, out = sys.argv[1], sys.argv[2]
with Store.open(db):  # an empty store
    pass
for args in (["export", "--db", db, "-f", "parquet", "-o", out],
             ["ingest", out, "--ray", "local", "--db", db],
             ["load", out + "/x.parquet", "--db", db],
             ["export", "--db", db, "-f", "csv", "-o", out],
             ["export", "--db", db, "-f", "plover"]):
    sys.argv = ["accord", *args]
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    sys.stderr.flush()
    print("exit", code, file=sys.stderr, flush=True)
"""


@pytest.mark.slow
def test_core_install_runs_without_ray_pyarrow_psycopg(tmp_path: Path) -> None:
    """Every accord module imports with the optional packages missing, and a
    command that needs one fails with one line naming the extra to install."""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x.parquet").write_bytes(b"PAR1")
    proc = subprocess.run([sys.executable, "-c", _WITHOUT_EXTRAS, str(tmp_path / "s.db"),
                           str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr.splitlines() == [
        "error: pyarrow is not installed: pip install 'accord[parquet]'", "exit 1",
        "error: Ray is not installed: pip install 'accord[ray]'", "exit 1",
        "error: pyarrow is not installed: pip install 'accord[parquet]'", "exit 1",
        "exit 0",  # CSV needs no extra
        "exit 0",  # nor PLOVER
    ]
    assert proc.stdout.startswith("documents: 0, entities: 0")

def test_require_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingDependency, match=re.escape(
            "pyarrow is not installed: pip install 'accord[parquet]'")):
        require("pyarrow.parquet")
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(MissingDependency, match=re.escape("pip install 'accord[postgres]'")):
        require("psycopg")
    assert require("json").dumps([1]) == "[1]"


def test_require_lets_a_broken_install_raise(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    """A module that is there but fails to import its own dependency is a real
    error, not a missing extra."""
    (tmp_path / "accord_broken_mod.py").write_text("import accord_no_such_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="accord_no_such_dependency"):
        require("accord_broken_mod")


# -- licence and docs -------------------------------------------------------------------
def test_license_and_linked_docs_are_in_the_repo() -> None:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in license_text and "Version 2.0, January 2004" in license_text
    assert PROJECT["license"] == "Apache-2.0" and PROJECT["license-files"] == ["LICENSE"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links: list[Any] = re.findall(r"\]\(([^)#]+)\)", readme)
    for target in ("docs/SPEC.md", "corpus/GUIDELINES.md", "LICENSE", "requirements.lock"):
        assert target in links, f"README does not link {target}"
    for link in links:
        if "://" not in link:
            assert (ROOT / link).exists(), f"README links a missing file: {link}"
    assert "../shared" not in readme
