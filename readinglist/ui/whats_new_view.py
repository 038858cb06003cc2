"""What's new page: per section, candidates new since the last check, why each belongs there, Add / Dismiss.

Reading the page makes no request: it shows the last check's candidates (with that check's date). "Check now"
asks the sources, with a progress bar per request; Streamlit's Stop ends it, and the next check resumes from
what was fetched. Add and Dismiss make no request either.
"""

from __future__ import annotations

import re

import streamlit as st

from ..discovery import Candidate
from ..errors import ReadingListError
from ..ids import reading_url
from ..layout import lane_order, section_name
from ..usecases import discover
from . import state
from .app_settings import open_sources
from .data import library_path, load_entries
from .fetching import app_message, online
from .look_up import say_last_lookup
from .network import offline, offline_toggle
from .safe_text import md_link, md_text


def page() -> None:
    st.title("What's new")
    say_last_lookup()  # a lookup that ended while this page was open
    offline_toggle()
    entries, _ = load_entries()
    sections = lane_order(discover.section_papers(entries))
    left, right = st.columns([2, 3])
    chosen = left.selectbox(
        "Section", ["", *sections], format_func=lambda s: section_name(s) if s else "every section", key="new_section"
    )
    right.caption(
        "Papers new since each section's last check: recommended for it by Semantic Scholar, citing its papers, "
        "or matching its arXiv watch queries (discover.toml). Add puts one in the section; Dismiss hides it for "
        "every curator (discover-dismissed.tsv) and teaches the recommendations."
    )
    request = discover.CheckRequest(library_path(), (chosen,) if chosen else ())
    if online():
        if st.button("Check now", key="new_check", help="One call per request shown; a second check today makes none"):
            _check(request)
    else:
        st.caption(
            "Offline: the app is set to use no network; the candidates of the last check are shown."
            if offline()
            else "Offline: arXiv and Semantic Scholar cannot be reached; the candidates of the last check are shown."
        )
    try:
        with open_sources() as sources:
            shown = discover.run(discover.CheckRequest(request.library, request.sections, offline=True), sources)
    except ReadingListError as error:
        st.error(app_message(error))
        return
    checked = sorted((r for r in shown.sections if r.checked), key=lambda r: -len(r.candidates))
    for result in checked:
        _section(result)
    never = [r.name for r in shown.sections if not r.checked]
    if never:
        st.caption(md_text("Not checked yet: " + ", ".join(never)))
    _needs_translation()


def _check(request: discover.CheckRequest) -> None:
    if offline():  # the toggle went on since the button was drawn: no request
        st.warning("Not checked: the app is set to use no network.")
        return
    bar = st.progress(0.0, text="Checking…")

    def advance(done: int, total: int) -> None:
        bar.progress(done / total, text=f"request {done} of {total}")

    try:
        with open_sources() as sources:
            report = discover.run(request, sources, progress=advance)
    except ReadingListError as error:
        st.error(f"Checking failed: {app_message(error)}")
        return
    finally:
        bar.empty()
    for message in report.outcome.failed:
        st.warning(app_message(message))
    if report.outcome.ok:
        st.success(f"Checked: {report.requests} request(s).")


def _section(result: discover.SectionResult) -> None:
    new = len(result.candidates)
    st.subheader(f"{md_text(result.name)}: {new} new since {result.since.isoformat()}")
    st.caption(f"Last check: {result.checked}")
    for c in result.candidates:
        _candidate(result.section, c)


def _candidate(section: str, c: Candidate) -> None:
    p = c.paper
    with st.container(border=True):
        text, buttons = st.columns([6, 1])
        authors = ", ".join(p.authors[:3]) + (" et al." if len(p.authors) > 3 else "")
        about = " · ".join(x for x in (str(p.year or ""), p.venue or p.journal, authors, c.id) if x)
        text.markdown(f"**{md_link(p.title, paper_url(c))}**  \n{md_text(about)}")
        text.markdown("\n".join(f"- {reason_markdown(reason, c.queries)}" for reason in c.reasons))
        summary = p.tldr or p.abstract
        if summary:
            text.caption(md_text(summary[:300] + ("…" if len(summary) > 300 else "")))
        if buttons.button("Add", key=f"new_add_{section}_{c.id}", type="primary", help="Add to this section"):
            _act(discover.add, section, c)
        if buttons.button("Dismiss", key=f"new_dismiss_{section}_{c.id}", help="Never show it again"):
            _act(discover.dismiss, section, c)


def paper_url(c: Candidate) -> str:
    """Where a candidate can be read: arXiv, else its DOI, else Semantic Scholar."""
    return reading_url(c.paper.arxiv, c.paper.doi, c.paper.s2_id)


def reason_markdown(reason: str, queries: list[str]) -> str:
    """A reason as escaped Markdown; a watch query shown as code, as typed."""
    for query in queries:
        if reason == f"matches watch query `{query}`":
            return f"matches watch query {code_span(query)}"
    return md_text(reason)


def code_span(text: str) -> str:
    """Inline code holding `text` as it is: a fence of more backticks than any run inside it."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _act(action, section: str, c: Candidate) -> None:  # type: ignore[no-untyped-def]
    try:
        report = action(discover.ActRequest(library_path(), (c.id,), section))
    except ReadingListError as error:
        st.error(app_message(error))
        return
    if action is discover.dismiss and report.done:
        state.NEW_DISMISSED.setdefault().append((section, c.id, c.paper.title))
    state.NEW_DONE.set(report.outcome.changed + report.outcome.next_steps)
    st.rerun()


def _restore(section: str, ident: str) -> None:
    try:
        report = discover.restore(discover.ActRequest(library_path(), (ident,), section))
    except ReadingListError as error:
        st.error(app_message(error))
        return
    state.NEW_DISMISSED.set([d for d in state.NEW_DISMISSED.get() if d[:2] != (section, ident)])
    state.NEW_DONE.set(report.outcome.changed + report.outcome.failed)
    st.rerun()


def _dismissed_this_session() -> None:
    dismissed = state.NEW_DISMISSED.get()
    if not dismissed:
        return
    st.subheader("Dismissed this session")
    for section, ident, title in dismissed:
        line, button = st.columns([6, 1], vertical_alignment="center")
        line.markdown(f"{md_text(title)} · {md_text(ident)} · {md_text(section_name(section))}")
        if button.button("Restore", key=f"new_restore_{section}_{ident}", help="Show it again (undo the dismissal)"):
            _restore(section, ident)


def _needs_translation() -> None:
    for line in state.NEW_DONE.pop():
        st.toast(md_text(line))
    _dismissed_this_session()
    entries, _ = load_entries()
    waiting = discover.needs_translation(entries)
    if waiting:
        from . import graph_view  # the pages link to each other

        graph = st.Page(graph_view.page, title="Graph", url_path="lineage", default=True)
        st.subheader("Added, still needing 摘要翻译")
        for e in waiting:
            st.page_link(
                graph,
                label=md_text(f"{e.key}: {e.title}") + " · on the graph →",
                query_params={"focus": e.key},
                help="The Graph page focused on it; its panel has the fields to fill",
            )
