"""The house rules that keep the core pure and the identity single, checked on the code itself."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.checks import check_library
from readinglist.identity import KeyIndex
from readinglist.models import Entry
from readinglist.store import load_library

CORE = [
    "readinglist.models",
    "readinglist.records",
    "readinglist.ids",
    "readinglist.identity",
    "readinglist.graph",
    "readinglist.order",
    "readinglist.citations",
    "readinglist.suggest",
    "readinglist.layout",
    "readinglist.mapping",
    "readinglist.discovery",
    "readinglist.search",
    "readinglist.resolve",
    "readinglist.names",
    "readinglist.paper",
]
# bibtexparser's name splitting is pure (no file, no network): the core reaches it through `names` alone.
NAME_SPLITTER = "readinglist.names"
IO_PACKAGES = [
    "bibtexparser",
    "filelock",
    "httpx",
    "httpcore",
    "requests",
    "arxiv",
    "semanticscholar",
    "streamlit",
    "typer",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_io_package(module: str) -> None:
    """Imported alone in a fresh interpreter, a core module loads none of the I/O packages."""
    io_packages = [p for p in IO_PACKAGES if p != "bibtexparser"]
    code = (
        f"import sys, {module}\n"
        f"loaded = sorted(p for p in {io_packages!r} if p in sys.modules)\n"
        "print(','.join(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} pulls in {result.stdout.strip()}"


@pytest.mark.parametrize("module", CORE)
def test_only_names_imports_bibtexparser_in_the_core(module: str) -> None:
    """The core may split names with bibtexparser's functions (in `names`), never read or write a file with it."""
    path = Path(__file__).parent.parent / (module.replace(".", "/") + ".py")
    imported = {
        name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        for name in (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in getattr(node, "names", [])]
        )
        if isinstance(node, ast.Import | ast.ImportFrom)
    }
    bibtex = sorted(name for name in imported if name.split(".")[0] == "bibtexparser")
    allowed = ["bibtexparser.middlewares.names"] if module == NAME_SPLITTER else []
    assert bibtex == allowed, f"{module} imports {bibtex}"


def test_no_module_touches_networkx_private_adjacency() -> None:
    """The graph is built and read through networkx's public API (`_node`, `_succ`, `_pred`, `_adj` are its own)."""
    package = Path(__file__).parent.parent / "readinglist"
    private = re.compile(r"\.(_node|_succ|_pred|_adj)\b")
    found = [
        f"{p.name}:{n}"
        for p in package.rglob("*.py")
        for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert found == []


def test_a_versioned_and_an_unversioned_arxiv_id_are_one_paper_everywhere(tmp_path: Path) -> None:
    """`check`, `add`/`enrich` (KeyIndex) and the importer's merge share one answer."""
    first = Entry("a2022", "misc", {"title": "One paper", "author": "A", "year": "2022", "eprint": "2203.02155v2"})
    second = Entry("b2022", "misc", {"title": "Another title", "author": "B", "year": "2022", "eprint": "2203.02155"})
    assert KeyIndex([first]).find(eprint="2203.02155") == "a2022"
    text = "".join(
        f"@misc{{{e.key},\n" + "".join(f"  {k} = {{{v}}},\n" for k, v in e.fields.items()) + "}\n\n"
        for e in (first, second)
    )
    (tmp_path / "papers.bib").write_text(text, encoding="utf-8")
    problems = check_library(load_library(tmp_path / "papers.bib"))
    assert [p.kind for p in problems] == ["same-paper"] and "arXiv id" in problems[0].message


def test_importer_merge_uses_the_same_identity() -> None:
    from readinglist.importers.library_import import _entry_identities

    assert set(_entry_identities({"eprint": "2203.02155v2"})) == set(_entry_identities({"eprint": "2203.02155"}))
