"""A real wheel: it carries the app and the generated papers.bib, and `readinglist init` works from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from readinglist import __version__

from .conftest import PACKAGED, ROOT

# pip builds in the checkout's build/ folder: two workers building at once collide, so these run in one worker.
pytestmark = pytest.mark.xdist_group("build-in-checkout")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0 and ("No matching distribution" in result.stderr or "connection" in result.stderr):
        pytest.skip("building a wheel needs setuptools>=77 from the package index, which is not reachable")
    assert result.returncode == 0, result.stderr
    return next(folder.glob("readinglist-*.whl"))


def test_wheel_carries_the_app_the_generated_library_and_its_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert archive.read("readinglist/library/papers.bib") == PACKAGED.read_bytes()  # in sync with papers.bib
        sections = PACKAGED.with_suffix(".sections").read_bytes()
        assert archive.read("readinglist/library/papers.sections") == sections  # the list's own lines
        assert archive.read("readinglist/app/streamlit_app.py") == (ROOT / "app.py").read_bytes()
        metadata = archive.read(f"readinglist-{__version__}.dist-info/METADATA").decode()
    assert "readinglist/app/streamlit_app.py" in names and "readinglist/__main__.py" in names
    assert f"readinglist-{__version__}.dist-info/licenses/LICENSE" in names
    assert "License-Expression: MIT" in metadata and f"Version: {__version__}" in metadata
    assert "Classifier: Programming Language :: Python :: 3.11" in metadata


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
    listed = subprocess.run(
        [sys.executable, "-m", "readinglist", "list"], cwd=tmp_path / "lib", env=env, capture_output=True, text=True
    )
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 105  # 58 of the paper list, 47 resources


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
