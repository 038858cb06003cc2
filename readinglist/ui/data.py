"""Loading the library for the app: cached on the file's content hash, so an edit anywhere shows at once."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

import networkx as nx
import streamlit as st

from ..config import default_library_path
from ..drawing import DEFAULT_FOCUS as DEFAULT_FOCUS  # the one default, shared with the exported page
from ..drawing import NodeFacts, library_placement, node_facts, order_marks
from ..enrich import load_citation_contexts
from ..errors import ReadingListError
from ..graph import build_graph
from ..importers.general import section_titles
from ..importers.outline import load_outline
from ..layout import Placement, section_name
from ..models import Entry
from ..resolve import PaperIndex
from ..store.atomic import digest_file
from ..store.bibfile import load_library
from ..usecases.edit_entry import MarkRequest, mark
from .app_settings import open_cache, settings
from .safe_text import md_text


def library_path() -> Path:
    return default_library_path()


@st.cache_data(show_spinner=False, max_entries=4)
def _load(path: str, digest: str | None) -> tuple[list[Entry], list[str]]:
    library = load_library(Path(path), create=digest is None)  # no papers.bib yet: an empty library to import into
    return library.resolved_entries(), [p.describe(path) for p in library.problems]


def load_entries() -> tuple[list[Entry], list[str]]:
    path = library_path()
    with _stop_on_library_error():
        return _load(str(path), digest_file(path))


def warn_unreadable_entries() -> None:
    """A banner on every page when entries of the library could not be read: they are left out, not lost."""
    path = library_path()
    try:
        problems = _load(str(path), digest_file(path))[1]
    except (ReadingListError, OSError):
        return  # the page itself says the library cannot be read
    if problems:
        many = len(problems) > 1
        count, them = (f"{len(problems)} entries", "them") if many else ("1 entry", "it")
        st.warning(
            md_text(
                f"{count} of the library could not be read: the app leaves {them} out and the file keeps {them} as "
                f"written. {problems[0]}{' …' if many else ''} (the command readinglist check lists every problem)"
            )
        )


@contextlib.contextmanager
def _stop_on_library_error() -> Iterator[None]:
    """A library that cannot be read (missing, not UTF-8, unreadable) is one message on the page, not a traceback."""
    try:
        yield
    except ReadingListError as error:
        st.error(md_text(str(error)))
        st.stop()
    except OSError as error:
        st.error(md_text(f"cannot read the library file {library_path()}: {error.strerror}"))
        st.stop()


LibraryKey = tuple[str, str | None, float]  # the library's path, its content digest, the enrichment cache's stamp


def _library_key() -> LibraryKey:
    path = library_path()
    cache = settings().cache_path
    with _stop_on_library_error():
        return str(path), digest_file(path), cache.stat().st_mtime if cache.exists() else 0.0


def library_version() -> LibraryKey:
    """What the library's derived views are cached on: its path, its content digest, the enrichment cache's stamp."""
    return _library_key()


@st.cache_resource(show_spinner=False, max_entries=4)
def _graph(path: str, digest: str | None, cache_stamp: float) -> nx.DiGraph:
    """Shared by every session, so frozen: no node, edge or graph attribute can be added to it."""
    entries = _load(path, digest)[0]
    if cache_stamp:
        with open_cache() as cache:
            graph = build_graph(entries, load_citation_contexts(entries, cache))
    else:
        graph = build_graph(entries, None)
    graph.graph["section_titles"] = section_titles(load_outline(path) or [])  # headings of an imported list
    graph.graph = MappingProxyType(dict(graph.graph))  # read-only graph attributes
    return nx.freeze(graph)


@st.cache_resource(show_spinner=False, max_entries=4)
def _index(path: str, digest: str | None, cache_stamp: float) -> PaperIndex:
    graph = _graph(path, digest, cache_stamp)
    return PaperIndex(graph.nodes[key]["entry"] for key in graph)


@st.cache_resource(show_spinner=False, max_entries=4)
def _facts(path: str, digest: str | None, cache_stamp: float) -> Mapping[str, NodeFacts]:
    return MappingProxyType(node_facts(_graph(path, digest, cache_stamp)))


@st.cache_resource(show_spinner=False, max_entries=4)
def _placement(path: str, digest: str | None, cache_stamp: float, show_resources: bool) -> Placement:
    return library_placement(_graph(path, digest, cache_stamp), _facts(path, digest, cache_stamp), show_resources)


@st.cache_resource(show_spinner=False, max_entries=200)
def _order_marks(path: str, digest: str | None, cache_stamp: float, focus: str) -> tuple[list[str], set[str]]:
    return order_marks(_graph(path, digest, cache_stamp), focus)


def section_label(graph: nx.DiGraph) -> Callable[[str], str]:
    """A section's name for a person (its heading in the list, never a bare slug), for selectboxes' labels."""
    titles = graph.graph.get("section_titles")
    return lambda section: section_name(section, titles) if section else ""


def load_graph() -> nx.DiGraph:
    """The graph, rebuilt when papers.bib or the enrichment cache changes (frozen: shared by every session)."""
    with _stop_on_library_error():
        return _graph(*_library_key())


def paper_index() -> PaperIndex:
    """The library's one search (names, titles, summaries, authors), built once per library content and shared by
    the Graph page's find box, the Papers filter and the reading order's targets."""
    with _stop_on_library_error():
        return _index(*_library_key())


def library_places(show_resources: bool) -> Placement:
    """Every paper's place on the graph, computed once per library content (and resources toggle)."""
    with _stop_on_library_error():
        return _placement(*_library_key(), show_resources)


def focus_marks(focus: str) -> tuple[list[str], set[str]]:
    """The focus's reading order as the graph marks it (core path, other tiers), once per library content."""
    with _stop_on_library_error():
        return _order_marks(*_library_key(), focus)


def graph_facts() -> Mapping[str, NodeFacts]:
    """What the graph page draws each paper with (lane, date, …), computed once per library content."""
    with _stop_on_library_error():
        return _facts(*_library_key())


def matches(entry: Entry, query: str) -> bool:
    """Search English and Chinese titles, authors and summaries, case-insensitively."""
    if not query:
        return True
    query = query.lower()
    haystack = " ".join(
        [
            entry.key,
            entry.title,
            entry.get("title_zh"),
            entry.get("author"),
            entry.get("abstract"),
            entry.get("abstract_zh"),
            entry.get("note_zh"),
            entry.get("highlight_zh"),
        ]
    )
    return query in haystack.lower()


def set_status(key: str, status: str) -> bool:
    """Write a paper's read status; False (with the message shown) when the library could not be written."""
    try:
        mark(MarkRequest(library_path(), key, status))
    except ReadingListError as error:
        st.error(md_text(str(error)))
        return False
    return True
