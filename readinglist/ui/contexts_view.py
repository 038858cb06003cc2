"""Why papers cite each other, in the detail panel: what is not fetched yet, the lookup of citing papers without an
id, and one edge's contexts fetched on demand (the whole library's are a lookup phase: `look_up`). Only when the
reader asks, and never offline."""

from __future__ import annotations

import threading

import streamlit as st

from ..errors import ReadingListError
from ..paper import paper_of
from ..usecases import citation_contexts
from .app_settings import open_cache, open_sources, settings
from .data import library_path, load_entries
from .fetching import apis_reachable, app_message
from .look_up import look_up_button, lookup_running
from .network import offline
from .safe_text import md_text

OFFLINE = "Offline: Semantic Scholar cannot be reached, so why papers cite each other cannot be fetched now."
_LOCK = threading.Lock()
NAMED = 3  # citing papers named one by one before "and N more"


def s2_reachable() -> bool:
    return not offline() and apis_reachable((settings().s2_api_url,))


def show_missing_contexts(edges: list[tuple[str, str]], where: str) -> None:
    """Say once that these (cited, citing) edges have no contexts yet; fetch them on demand when online."""
    if not edges:
        return
    entries = load_entries()[0]
    with open_cache() as cache:
        plan = citation_contexts.plan(entries, edges, cache)
    if plan.answered:  # asked already: Semantic Scholar has no context (or does not list the citation)
        st.caption(f"Why they cite: Semantic Scholar gives no context for {len(plan.answered)} of these.")
    if not plan.waiting:
        return
    requests = plan.requests
    cost = f" ({requests} request{'s' if requests > 1 else ''})" if requests else ""
    st.caption(f"Why they cite: not fetched from Semantic Scholar yet for {len(plan.waiting)} of these{cost}.")
    asked = {citing for _, citing in plan.to_ask}
    unknown = sorted({citing for _, citing in plan.waiting if citing not in asked})
    if unknown:  # no id to ask with until the citing papers are looked up
        names = {entry.key: paper_of(entry).name for entry in entries}
        named = ", ".join(names.get(key, key) for key in unknown[:NAMED])
        more = f" and {len(unknown) - NAMED} more" if len(unknown) > NAMED else ""
        them = "it" if len(unknown) == 1 else "them"
        if offline():  # one line, not a second one from the button
            st.caption(
                f"To fetch why they cite, {md_text(named)}{more} must be looked up on Semantic Scholar first, which "
                "needs the network."
            )
        else:
            st.caption(f"To fetch why they cite, look {md_text(named)}{more} up on Semantic Scholar first.")
            look_up_button(unknown, f"citing-{where}", f"Look {them} up")
    if not plan.to_ask:
        return
    if lookup_running():
        st.caption("Being fetched in the background now: the progress is at the top of the page.")
        return
    if offline():
        st.caption("Offline: the app is set to use no network, so these are not fetched.")
        return
    if not st.button("Fetch now", key=f"contexts-{where}", help="Asks Semantic Scholar once; the answer is cached"):
        return
    if not s2_reachable():  # asked only now that the reader wants it
        st.caption(OFFLINE)
        return
    try:
        with st.spinner("Asking Semantic Scholar…"), open_sources() as sources:
            report = citation_contexts.run(citation_contexts.EdgesRequest(library_path(), tuple(plan.to_ask)), sources)
        problems = report.outcome.failed
    except ReadingListError as error:  # the sources could not be opened, or the library read
        problems = [str(error)]
    if problems:
        st.error(f"Fetching failed: {app_message(problems[0])}")
        return
    st.rerun()  # the cache changed: the graph is rebuilt with the new contexts
