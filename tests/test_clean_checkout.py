"""The quick start edits the checkout's working library; tests and `init` must not notice (issue 22, item 7)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from readinglist.store import load_library

from .conftest import PACKAGED, SHIPPED, checkout_copy

# Tests that fail when they read the edited working library instead of the frozen copy (checked by pointing SHIPPED
# at the checkout's papers.bib after the edits below), run again in the edited checkout.
DATA_TESTS = [
    "tests/test_importer.py::test_shipped_library_holds_every_seed_item_with_its_summary_verbatim",
    "tests/test_importer.py::test_export_markdown_imports_back_to_the_same_fields",
    "tests/test_cli_exports.py::test_piped_list_is_one_tab_separated_row_per_entry",
]


def test_editing_the_working_library_changes_neither_init_nor_the_tests(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    checkout = checkout_copy(tmp_path / "checkout")
    env = {**os.environ, "PYTHONPATH": str(checkout), "READINGLIST_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("READINGLIST_LIBRARY", None)

    def run(*args: str, cwd: Path = checkout) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)

    readinglist = (sys.executable, "-m", "readinglist")
    # What the README's quick start invites: mark papers read, add papers, all in the checkout's papers.bib (the
    # commands in this process: they only edit the file; `init` below runs the checkout's own package).
    assert run_cli("mark", "InstructGPT", "read", cwd=checkout).returncode == 0
    assert run_cli("mark", "GPT-3", "read", cwd=checkout).returncode == 0
    for title in ("A paper added by hand", "Another paper added by hand"):
        added = run_cli("add", "--title", title, "--author", "Ada Lovelace", "--year", "2024", cwd=checkout)
        assert added.returncode == 0, added.stderr
    working = load_library(checkout / "papers.bib").entries()
    assert len(working) == len(load_library(SHIPPED).entries()) + 2

    initialised = run(*readinglist, "init", str(tmp_path / "fresh"))
    assert initialised.returncode == 0, initialised.stderr
    assert (tmp_path / "fresh" / "papers.bib").read_bytes() == PACKAGED.read_bytes()  # pristine, 105 entries
    assert (tmp_path / "fresh" / "papers.sections").read_bytes() == PACKAGED.with_suffix(".sections").read_bytes()

    tests = run(
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-x",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        "-n",
        "0",
        *DATA_TESTS,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
