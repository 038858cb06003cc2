"""Look papers up on Semantic Scholar and arXiv from the app: the `enrich` use case behind a button.

A lookup fills in what draws the lineage and orders the reading: identifiers, authors, years, counts and which papers
of the library each one cites. The Graph and Reading order pages offer it for a list with no link yet (a fresh
import); the detail panel offers it for the citing papers whose reasons to cite it cannot fetch yet.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import streamlit as st

from ..errors import ReadingListError
from ..usecases import enrich_papers
from . import state
from .app_settings import open_sources, settings
from .data import library_path
from .fetching import apis_reachable, app_message
from .network import offline
from .safe_text import md_text

NO_LINKS = (
    "No links between these {count} yet: neither the list nor a lookup has said which paper builds on or cites "
    "which, so there is no lineage to draw and no reading order. Looking them up on Semantic Scholar and arXiv fills "
    "in their authors, years and citations; the **Papers** page lists them meanwhile."
)
UNREACHABLE = "Nothing was looked up: neither Semantic Scholar nor arXiv can be reached from here."
SHOWN = 5  # problems listed one by one; the rest are counted


def no_links_banner(graph: nx.DiGraph, where: str) -> bool:
    """One banner, with the lookup, when the library has papers but no lineage or citation link at all (a fresh
    import): a graph or an order would show only lone dots. True when it was shown."""
    say_last_lookup()
    if graph.number_of_nodes() == 0 or graph.number_of_edges():
        return False
    count = graph.number_of_nodes()
    st.info(NO_LINKS.format(count=f"{count} paper" if count == 1 else f"{count} papers"))
    look_up_button((), where, "Look them up on Semantic Scholar and arXiv")
    return True


def look_up_button(papers: Sequence[str], where: str, label: str) -> None:
    """A button that looks `papers` up (none named: every paper of the library), then draws the page again."""
    if offline():
        st.caption("Offline: the app is set to use no network, so nothing is looked up.")
        return
    if not st.button(label, key=f"look-up-{where}", help="One request per 500 papers, and one per paper not known "
                     "by an id (found by its title); the answers are cached"):  # fmt: skip
        return
    if not apis_reachable((settings().s2_api_url, settings().arxiv_api_url)):  # asked only now that it is wanted
        st.warning(UNREACHABLE)
        return
    look_up_now(tuple(papers))


def say_last_lookup() -> None:
    """What the last lookup did, once, on the run that draws the page with its results."""
    show = {"success": st.success, "warning": st.warning, "error": st.error}
    for kind, message in state.LOOKED_UP.pop():
        show.get(kind, st.info)(md_text(message))


def look_up_now(papers: tuple[str, ...]) -> None:
    """Look `papers` up (none named: every paper) with a progress bar, then draw the page again with the results."""
    bar = st.progress(0.0, text="Looking up…")

    def advance(phase: str, done: int, total: int) -> None:
        if total:
            bar.progress(min(done / total, 1.0), text=f"Looking up: {phase} {done} of {total}")

    try:
        with open_sources() as sources:
            request = enrich_papers.EnrichRequest(library_path(), papers)
            report = enrich_papers.run(request, sources, progress=advance)
    except ReadingListError as error:
        st.error(f"Looking up failed: {app_message(error)}")
        return
    finally:
        bar.empty()
    state.LOOKED_UP.set(lookup_words(report))
    st.rerun()  # the library changed: every page is drawn again from it


def lookup_words(report: enrich_papers.EnrichReport) -> list[tuple[str, str]]:
    """The report as (kind, message) pairs: what was filled in, what failed, what to do next. When nothing came
    back at all (no network, say), one message saying why, not one per paper; a run with failures is never a
    success."""
    details, outcome = report.details, report.outcome
    if details.failed and not (details.updated or details.unchanged):
        return [("error", f"Nothing was looked up: {'; '.join(details.failed)}. The library was not changed.")]
    counts = [
        (len(details.updated), "filled in"),
        (len(details.unchanged), "already up to date"),
        (len(details.not_found), "not found"),
        (len(details.skipped), "not found by their title"),
        (len(details.failed), "failed"),
    ]
    summary = ", ".join(f"{count} {what}" for count, what in counts if count) or "no paper to look up"
    requests = f"{report.requests} request{'s' if report.requests != 1 else ''}"
    words = [("success" if details.ok else "warning", f"Looked up: {summary} ({requests}).")]
    problems = outcome.failed + details.skipped
    words += [("warning", problem) for problem in problems[:SHOWN]]
    if len(problems) > SHOWN:
        words.append(("warning", f"… and {len(problems) - SHOWN} more that could not be looked up."))
    return words + [("info", f"Next: {step}.") for step in outcome.next_steps]
