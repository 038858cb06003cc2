"""Real builds: the sdist, a wheel from it equal to the wheel from the tree, and that wheel installed in a fresh venv.

The builds run `python -m build --no-isolation` with the `build` and `setuptools` of the test environment (both in
the `test` extra), so they need no package index and take a few seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from readinglist import __version__

from .conftest import PACKAGED, ROOT, checkout_copy

pytest.importorskip("build", reason="the `test` extra installs build")
# pip builds in the checkout's build/ folder: two workers building at once collide, so these run in one worker.
pytestmark = pytest.mark.xdist_group("build-in-checkout")


def _build(source: Path, out: Path, *what: str) -> None:
    result = subprocess.run(
        # -x skips the dependency check (a hook process per build): the test extra installs what the build needs
        [sys.executable, "-m", "build", "--no-isolation", "-x", *what, f"--outdir={out}", str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`python -m build` (the sdist, then the wheel from it) and, separately, the wheel from the tree."""
    from_sdist = tmp_path_factory.mktemp("from-sdist")
    from_tree = tmp_path_factory.mktemp("from-tree")
    # the tree as a clone has it (no build/ left over, nothing another test worker is writing)
    tree = checkout_copy(tmp_path_factory.mktemp("checkout"))
    _build(tree, from_sdist)
    _build(tree, from_tree, "--wheel")
    return {
        "sdist": next(from_sdist.glob("readinglist-*.tar.gz")),
        "wheel": next(from_sdist.glob("readinglist-*.whl")),
        "tree_wheel": next(from_tree.glob("readinglist-*.whl")),
    }


@pytest.fixture(scope="module")
def wheel(dists: dict[str, Path]) -> Path:
    return dists["wheel"]


def _contents(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_wheel_built_from_the_sdist_equals_the_wheel_built_from_the_tree(dists: dict[str, Path]) -> None:
    from_sdist, from_tree = _contents(dists["wheel"]), _contents(dists["tree_wheel"])
    assert sorted(from_sdist) == sorted(from_tree)
    assert [name for name in from_sdist if from_sdist[name] != from_tree[name]] == []


def test_the_sdist_carries_what_the_build_copies_into_the_wheel(dists: dict[str, Path]) -> None:
    with tarfile.open(dists["sdist"]) as archive:
        names = {name.partition("/")[2] for name in archive.getnames()}
    for needed in ("app.py", "papers.bib", "papers.sections", ".streamlit/config.toml", "setup.py", "LICENSE"):
        assert needed in names, needed
    assert "tests/test_packaging.py" in names and "readinglist/schemas/list.json" in names
    assert {"readinglist/library/papers.bib", "readinglist/library/papers.sections"} <= names  # package data
    assert not any(name.startswith("readinglist/app/") for name in names)  # made by the build, never in the source
    assert not any("__pycache__" in name for name in names)


def test_wheel_carries_the_app_the_generated_library_and_its_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert archive.read("readinglist/library/papers.bib") == PACKAGED.read_bytes()  # in sync with papers.bib
        sections = PACKAGED.with_suffix(".sections").read_bytes()
        assert archive.read("readinglist/library/papers.sections") == sections  # the list's own lines
        assert archive.read("readinglist/app/streamlit_app.py") == (ROOT / "app.py").read_bytes()
        assert archive.read("readinglist/app/config.toml") == (ROOT / ".streamlit" / "config.toml").read_bytes()
        metadata = archive.read(f"readinglist-{__version__}.dist-info/METADATA").decode()
    assert "readinglist/app/streamlit_app.py" in names and "readinglist/__main__.py" in names
    assert {f"readinglist/schemas/{name}.json" for name in ("list", "show", "order", "check")} <= names
    assert f"readinglist-{__version__}.dist-info/licenses/LICENSE" in names
    assert "License-Expression: MIT" in metadata and f"Version: {__version__}" in metadata
    for version in ("3.11", "3.13"):
        assert f"Classifier: Programming Language :: Python :: {version}" in metadata
    urls = {line.split(": ", 1)[1].split(", ")[0] for line in metadata.splitlines() if line.startswith("Project-URL")}
    assert {"Source", "Issues", "Documentation", "Changelog"} <= urls
    assert "Requires-Dist: pyvis" not in metadata


def test_init_from_the_unpacked_wheel_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    run = subprocess.run(
        [sys.executable, "-m", "readinglist", "init", "lib"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "lib" / "papers.bib").read_bytes() == PACKAGED.read_bytes()
    assert (tmp_path / "lib" / "papers.sections").read_bytes() == PACKAGED.with_suffix(".sections").read_bytes()
    assert (tmp_path / "lib" / "discover.toml").read_bytes() == (PACKAGED.parent / "discover.toml").read_bytes()
    listed = subprocess.run(
        [sys.executable, "-m", "readinglist", "list", "--no-header"],
        cwd=tmp_path / "lib",
        env=env,
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 105  # 58 of the paper list, 47 resources


def test_the_wheel_installed_in_a_fresh_venv_runs_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    """As pipx does: a venv of its own holding the wheel (its dependencies are read from this environment, so no
    index is needed); its `readinglist` script writes the library and starts the app's command line."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], capture_output=True, text=True
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    anywhere = tmp_path / "elsewhere"
    anywhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "READINGLIST_LIBRARY")}
    script = venv / "bin" / "readinglist"
    run = subprocess.run([script, "init", "lib"], cwd=anywhere, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (anywhere / "lib" / "papers.bib").read_bytes() == PACKAGED.read_bytes()
    where = subprocess.run([python, "-c", "import readinglist; print(readinglist.__file__)"], capture_output=True,
                           text=True, cwd=anywhere, env=env).stdout  # fmt: skip
    assert where.startswith(site), where  # the installed wheel, not this checkout
    helped = subprocess.run([script, "app", "--help"], cwd=anywhere, env=env, capture_output=True, text=True)
    assert helped.returncode == 0 and "Open the app in the browser" in helped.stdout, helped.stderr


def test_streamlit_finds_the_graph_component_in_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    """The wheel carries the component manifest and its files, so an installed app serves the graph's scripts."""
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    scan = (
        "from streamlit.components.v2.manifest_scanner import scan_component_manifests\n"
        "for manifest, root in scan_component_manifests():\n"
        "    for component in manifest.components:\n"
        "        print(manifest.name, component.name, component.resolve_asset_root(root))"
    )
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    run = subprocess.run([sys.executable, "-c", scan], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assets = unpacked / "readinglist" / "static"
    assert f"readinglist lineage_graph {assets}" in run.stdout.splitlines()
    for name in ("component.js", "component.css", "lineage.js", "vis-network-9.1.2/vis-network.min.js"):
        assert (assets / name).is_file(), name
