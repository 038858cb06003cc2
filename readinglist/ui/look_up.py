"""Look papers up on Semantic Scholar and arXiv from the app: the `enrich` use case behind a button.

A lookup fills in what draws the lineage and orders the reading: identifiers, authors, years, counts and which papers
of the library each one cites. The Graph and Reading order pages offer it for a list with no link yet (a fresh
import), the Suggestions page for every paper, the detail panel for the citing papers whose reasons it cannot fetch
yet. A lookup runs in the background (one at a time per library), its progress above every page, so the reader
can go on reading; when it ends, the pages are drawn from the changed library and say once what it did.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import streamlit as st

from ..errors import ReadingListError
from ..paper import paper_of
from ..settings import OFFLINE_ENV, Settings
from ..usecases import enrich_papers
from . import state
from .app_settings import open_sources, settings
from .data import library_path, load_entries
from .fetching import apis_reachable
from .lookup_said import LookupSaid, lookup_said
from .network import offline
from .safe_text import md_text

NO_LINKS = (
    "No links between these {count} yet: neither the list nor a lookup has said which paper builds on or cites "
    "which, so there is no lineage to draw and no reading order. Looking them up on Semantic Scholar and arXiv fills "
    "in their authors, years and citations; the **Papers** page lists them meanwhile."
)
UNREACHABLE = "Nothing was looked up: neither Semantic Scholar nor arXiv can be reached from here."
NO_SEMANTIC_SCHOLAR = "Nothing was looked up: Semantic Scholar cannot be reached from here, and {needs} comes from it."
HELP = "Asks {sources}, then writes what they say into papers.bib (the answers are kept in a cache)"
CITING_HELP = "; then, one request per paper, the papers citing each one"
CONTEXTS_HELP = "; then, one request per citing paper, why it cites the others (the sentences that cite them)"
_LOCK = threading.Lock()


@dataclass
class LookupJob:
    """One lookup running in the background for a library file: its progress, then its report."""

    papers: tuple[str, ...]
    citing: bool = False  # also who cites each paper (for suggestions)
    contexts: bool = False  # also why papers cite each other (the detail panel's quotes)
    phase: str = ""
    done: int = 0
    total: int = 0
    report: enrich_papers.EnrichReport | None = None
    problem: str = ""
    finished: bool = False
    said: bool = False  # a page has said what it did

    def advance(self, phase: str, done: int, total: int) -> None:
        self.phase, self.done, self.total = phase, done, total

    def run(self, path: Path) -> None:
        try:
            with open_sources() as sources:
                request = enrich_papers.EnrichRequest(path, self.papers, contexts=self.contexts, citing=self.citing)
                self.report = enrich_papers.run(request, sources, progress=self.advance)
        except ReadingListError as error:
            self.problem = str(error)
        finally:
            self.finished = True


@st.cache_resource(show_spinner=False)
def _jobs() -> dict[str, LookupJob]:
    """The lookups of this app server, by library path."""
    return {}


def _job() -> LookupJob | None:
    return _jobs().get(str(library_path()))


def lookup_running() -> bool:
    """Whether a lookup of this library is running now (in the background)."""
    job = _job()
    return job is not None and not job.finished


def no_links_banner(graph: nx.DiGraph, where: str) -> bool:
    """One banner, with the lookup, when the library has papers but no lineage or citation link at all (a fresh
    import): a graph or an order would show only lone dots. True when it was shown."""
    if graph.number_of_nodes() == 0 or graph.number_of_edges():
        return False
    count = graph.number_of_nodes()
    st.info(NO_LINKS.format(count=f"{count} paper" if count == 1 else f"{count} papers"))
    look_up_button((), where, f"Look them up on {sources_named()}")
    return True


def offline_reason() -> str:
    """Why nothing is looked up while offline, and how to go online."""
    if Settings.from_env().offline:
        return f"the app was started with {OFFLINE_ENV}=1; start it without that to look papers up"
    return "the Offline switch is on (on the Add paper, Suggestions and What's new pages)"


def look_up_button(
    papers: Sequence[str], where: str, label: str, *, citing: bool = False, contexts: bool = False
) -> None:
    """A button that looks `papers` up (none named: every paper of the library) in the background; with `citing`,
    who cites each of them too, with `contexts` why they cite each other (one more request per paper for each)."""
    if offline():
        st.caption(f"Nothing is looked up while offline: {offline_reason()}.")
        return
    if lookup_running():
        st.caption("Being looked up now: the progress is at the top of the page.")
        return
    more = (CITING_HELP if citing else "") + (CONTEXTS_HELP if contexts else "")
    if not st.button(label, key=f"look-up-{where}", help=HELP.format(sources=sources_named()) + more):
        return
    per_paper = citing or contexts  # Semantic Scholar alone answers these
    asked = (settings().s2_api_url,) if per_paper else (settings().s2_api_url, settings().arxiv_api_url)
    if not apis_reachable(asked):  # asked only now that it is wanted
        needs = "who cites each paper" if citing else "why papers cite each other"
        st.warning(NO_SEMANTIC_SCHOLAR.format(needs=needs) if per_paper else UNREACHABLE)
        return
    _start(tuple(papers), citing, contexts)


def _start(papers: tuple[str, ...], citing: bool, contexts: bool) -> None:
    """Look `papers` up (none named: every paper) in the background, unless a lookup of this library is running."""
    path = library_path()
    with _LOCK:
        job = _jobs().get(str(path))
        if job is None or job.finished:
            job = _jobs()[str(path)] = LookupJob(papers, citing, contexts)
            threading.Thread(target=job.run, args=(path,), daemon=True, name="readinglist-lookup").start()
    st.rerun()  # its progress shows from now on


def show_lookup_progress() -> None:
    """A running lookup's progress above the page; once it has ended, what it did is kept for the page to say."""
    job = _job()
    if job is None or job.said:
        return
    if not job.finished:
        _running(job)  # above the page (a sidebar would stay open, and narrow the graph, once the lookup ends)
        return
    job.said = True  # this run's page is drawn from the changed library, and says it
    state.LOOKED_UP.set(_said(job))


@st.fragment(run_every=1.0)
def _running(job: LookupJob) -> None:
    if job.finished:
        st.rerun()  # the whole app: the pages are drawn from the changed library
    share = min(job.done / job.total, 1.0) if job.total else 0.0
    unit = enrich_papers.UNITS.get(job.phase, "")
    asked = [
        phase for phase, wanted in zip(enrich_papers.PHASES, (True, job.citing, job.contexts), strict=True) if wanted
    ]
    where = asked.index(job.phase) + 1 if job.phase in asked else 1
    step = f"Step {where} of {len(asked)} · " if len(asked) > 1 else ""
    st.progress(share, text=f"{step}{job.phase}: {job.done} of {job.total} {unit}" if job.total else "Looking up…")
    st.caption(f"On {sources_named()}. Read on: the pages are drawn again when it ends.")


def sources_named() -> str:
    """The sources a lookup asks, in words: Semantic Scholar and arXiv, and Crossref when it is configured."""
    names = ["Semantic Scholar", "arXiv", *(["Crossref"] if settings().crossref_api_url else [])]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _said(job: LookupJob) -> LookupSaid:
    if job.report is None:
        return LookupSaid("error", f"Looking up failed: {job.problem}")
    papers_now = (paper_of(entry) for entry in load_entries()[0])
    return lookup_said(job.report, {p.key: p.aka[0] if p.aka else p.heading for p in papers_now})


def say_last_lookup() -> None:
    """What the last lookup did: its line, then the papers it had a problem with (folded), with what to do. A line
    alone is said once; a list to work through stays, on every page, until the reader hides it."""
    said = state.LOOKED_UP.get()
    if said is None:
        return
    if not said.groups:
        state.LOOKED_UP.pop()
    {"success": st.success, "warning": st.warning}.get(said.kind, st.error)(md_text(said.line))
    if not said.groups:
        return
    count = sum(len(papers) for _, papers in said.groups)
    folded, hide = st.columns([8, 1], vertical_alignment="top")  # one row: the page below moves down the least
    with folded.expander(f"The {count} paper{'s' if count != 1 else ''} it had a problem with, and what to do"):
        for what, papers in said.groups:
            st.markdown(f"**{md_text(what)}**\n\n" + "\n".join(f"- {md_text(p)}" for p in papers))
    if hide.button("Hide", key="look-up-hide", help="Hide what the lookup said", width="stretch"):
        state.LOOKED_UP.pop()
        st.rerun()
