"""Why papers cite each other, in the app: phase 2 of enrichment in the background with progress in the sidebar,
and one detail-panel edge's contexts fetched on demand. Both only when the reader asks, and never offline."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ..errors import ReadingListError
from ..paper import paper_of
from ..store.atomic import digest_file
from ..usecases import citation_contexts
from .app_settings import open_cache, open_sources, settings
from .data import library_path, load_entries
from .fetching import apis_reachable, app_message
from .look_up import look_up_button
from .network import offline
from .safe_text import md_text

OFFLINE = "Offline: Semantic Scholar cannot be reached, so why papers cite each other cannot be fetched now."
_LOCK = threading.Lock()
NAMED = 3  # citing papers named one by one before "and N more"


@dataclass
class ContextsJob:
    """One background run of `citation_contexts.fetch_library` for a library file as it was (`digest`)."""

    digest: str | None
    done: int = 0
    total: int = 0
    fetched: int = 0
    finished: bool = False
    shown: bool = False  # the app has rerun once since it finished, so the graph shows the new contexts
    problem: str = ""

    def advance(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def run(self, path: Path) -> None:
        try:
            with open_sources() as sources:
                request = citation_contexts.LibraryRequest(path)
                report = citation_contexts.fetch_library(request, sources, progress=self.advance)
            self.fetched, self.problem = report.fetched, "; ".join(report.outcome.failed)
        except ReadingListError as error:
            self.problem = str(error)
        finally:
            self.finished = True


@st.cache_resource(show_spinner=False)
def _jobs() -> dict[str, ContextsJob]:
    """The jobs of this app server, by library path (one at a time for each)."""
    return {}


def s2_reachable() -> bool:
    return not offline() and apis_reachable((settings().s2_api_url,))


def show_progress() -> ContextsJob | None:
    """The progress of a background fetch the reader started, in the sidebar (nothing starts by itself)."""
    job = _jobs().get(str(library_path()))
    if job is not None:
        with st.sidebar:
            _show(job)
    return job


def fetch_all_button() -> None:
    """Start fetching why library papers cite each other, in the background (one request per citing paper)."""
    path = library_path()
    if offline() or not path.exists():
        return
    digest = digest_file(path)
    job = _jobs().get(str(path))
    if job is not None and not (job.finished and job.digest != digest):
        return  # running, or done for this version of the library
    if not st.button(
        "Fetch why papers cite each other (in the background)",
        key="contexts_all",
        help="Asks Semantic Scholar for each citing paper's references, one request per paper; answers are cached",
    ):
        return
    if not s2_reachable():
        st.warning(OFFLINE)
        return
    with _LOCK:
        job = _jobs()[str(path)] = ContextsJob(digest)
        threading.Thread(target=job.run, args=(path,), daemon=True, name="readinglist-contexts").start()
    st.rerun()


def _show(job: ContextsJob) -> None:
    if not job.finished:
        _running(job)
        return
    if not job.shown:
        job.shown = True
        if job.total:  # new contexts are in the cache: the graph is rebuilt on this rerun
            st.rerun()
    if job.problem:
        st.warning("Fetching why papers cite each other stopped: " + app_message(job.problem))
    elif job.total:
        st.caption(f"Why papers cite each other: fetched for {job.done} paper{'s' if job.done > 1 else ''}.")


@st.fragment(run_every=1.0)
def _running(job: ContextsJob) -> None:
    if job.finished:
        st.rerun()  # the whole app, so the finished state (and the new contexts) show
    if job.total:
        st.progress(job.done / job.total, text=f"Fetching why papers cite each other: {job.done}/{job.total} papers")
    else:
        st.caption("Checking which papers' citation contexts are missing…")


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
    job = _jobs().get(str(library_path()))
    if job is not None and not job.finished:
        st.caption("Being fetched in the background now (progress in the sidebar).")
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
