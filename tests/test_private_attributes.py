"""No dependency's private attribute is written, save the two ARCHITECTURE.md names, each in one place, each checked."""

from __future__ import annotations

import ast
from pathlib import Path

import arxiv
import requests

from readinglist.sources import ArxivSource

PACKAGE = Path(__file__).resolve().parent.parent / "readinglist"
# Every private attribute used on an object other than `self`, where, and why (module, attribute).
ALLOWED = {
    ("sources/semantic_scholar.py", "_AsyncSemanticScholar"),  # semanticscholar: install_requester reads it ...
    ("sources/semantic_scholar.py", "_requester"),  # ... and sets our requester there (ARCHITECTURE.md)
    ("sources/arxiv_source.py", "_session"),  # arxiv: our session, set in ArxivSource.__init__ (ARCHITECTURE.md)
    ("store/bibfile.py", "_write"),  # our own Library's, inside its own module
}


def _private_uses() -> set[tuple[str, str]]:
    """(module, attribute) for each `x._name` read or written where x is not `self` or `cls`."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
                continue
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            found.add((module, node.attr))
    return found


def test_private_attributes_of_dependencies_are_used_only_where_named() -> None:
    assert _private_uses() == ALLOWED


def test_arxiv_still_keeps_its_session_where_we_set_ours() -> None:
    assert isinstance(arxiv.Client()._session, requests.Session)  # a release that moves it fails here
    source = ArxivSource(api_url="http://127.0.0.1:9/api/query", delay=0.0)
    try:
        assert source.client._session is source.session  # ours, with the deadline, cap and wait budget
    finally:
        source.close()
