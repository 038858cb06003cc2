"""Look papers up on Semantic Scholar and arXiv from the app: the `enrich` use case behind a button.

A lookup fills in what draws the lineage and orders the reading: identifiers, authors, years, counts and which papers
of the library each one cites. The Graph and Reading order pages offer it for a list with no link yet (a fresh
import), the Suggestions page for every paper, the detail panel for the citing papers whose reasons it cannot fetch
yet. What a lookup did is said once, on the run that draws the page with its results.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import streamlit as st

from ..errors import ReadingListError
from ..paper import paper_of
from ..settings import OFFLINE_ENV, Settings
from ..usecases import enrich_papers
from . import state
from .app_settings import open_sources, settings
from .data import library_path, load_entries
from .fetching import apis_reachable, app_message
from .lookup_said import lookup_said
from .network import offline
from .safe_text import md_text

NO_LINKS = (
    "No links between these {count} yet: neither the list nor a lookup has said which paper builds on or cites "
    "which, so there is no lineage to draw and no reading order. Looking them up on Semantic Scholar and arXiv fills "
    "in their authors, years and citations; the **Papers** page lists them meanwhile."
)
UNREACHABLE = "Nothing was looked up: neither Semantic Scholar nor arXiv can be reached from here."
HELP = "Asks Semantic Scholar and arXiv, then writes what they say into papers.bib (the answers are kept in a cache)"


def no_links_banner(graph: nx.DiGraph, where: str) -> bool:
    """One banner, with the lookup, when the library has papers but no lineage or citation link at all (a fresh
    import): a graph or an order would show only lone dots. True when it was shown."""
    if graph.number_of_nodes() == 0 or graph.number_of_edges():
        return False
    count = graph.number_of_nodes()
    st.info(NO_LINKS.format(count=f"{count} paper" if count == 1 else f"{count} papers"))
    look_up_button((), where, "Look them up on Semantic Scholar and arXiv")
    return True


def offline_reason() -> str:
    """Why nothing is looked up while offline, and how to go online."""
    if Settings.from_env().offline:
        return f"the app was started with {OFFLINE_ENV}=1; start it without that to look papers up"
    return "the Offline switch is on (on the Add paper, Suggestions and What's new pages)"


def look_up_button(papers: Sequence[str], where: str, label: str) -> None:
    """A button that looks `papers` up (none named: every paper of the library), then draws the page again."""
    if offline():
        st.caption(f"Nothing is looked up while offline: {offline_reason()}.")
        return
    if not st.button(label, key=f"look-up-{where}", help=HELP):
        return
    if not apis_reachable((settings().s2_api_url, settings().arxiv_api_url)):  # asked only now that it is wanted
        st.warning(UNREACHABLE)
        return
    look_up_now(tuple(papers))


def say_last_lookup() -> None:
    """What the last lookup did, once: its line, then the papers it could not look up (folded), with what to do."""
    said = state.LOOKED_UP.pop()
    if said is None:
        return
    {"success": st.success, "warning": st.warning}.get(said.kind, st.error)(md_text(said.line))
    if said.groups:
        count = sum(len(papers) for _, papers in said.groups)
        with st.expander(f"The {count} paper{'s' if count != 1 else ''} it could not look up, and why"):
            for what, papers in said.groups:
                st.markdown(f"**{md_text(what)}**\n\n" + "\n".join(f"- {md_text(p)}" for p in papers))


def look_up_now(papers: tuple[str, ...]) -> None:
    """Look `papers` up (none named: every paper) with a progress bar, then draw the page again with the results."""
    bar = st.progress(0.0, text="Looking up… (stay on this page until it finishes)")

    def advance(phase: str, done: int, total: int) -> None:
        if total:
            text = f"Looking up: {done} of {total} {phase} done (stay on this page until it finishes)"
            bar.progress(min(done / total, 1.0), text=text)

    try:
        with open_sources() as sources:
            request = enrich_papers.EnrichRequest(library_path(), papers)
            report = enrich_papers.run(request, sources, progress=advance)
    except ReadingListError as error:
        st.error(f"Looking up failed: {app_message(error)}.")
        return
    finally:
        bar.empty()
    papers_now = (paper_of(entry) for entry in load_entries()[0])
    state.LOOKED_UP.set(lookup_said(report, {p.key: p.aka[0] if p.aka else p.heading for p in papers_now}))
    st.rerun()  # the library changed: every page is drawn again from it
