"""Add-paper page: arXiv ids or URLs (several at once), a section and a Chinese summary; or a paper by hand."""

from __future__ import annotations

import re

import streamlit as st

from ..errors import ReadingListError
from ..keys import note_filename
from ..layout import section_lanes, section_name
from ..manual_add import ManualPaper, parse_author_lines
from ..usecases.add_paper import AddByHandRequest, by_hand
from . import state
from .data import library_path, load_graph
from .fetching import add_ids, app_message, online, show_report
from .look_up import say_last_lookup
from .network import offline, offline_toggle
from .safe_text import md_text

NO_SECTION = "none: it gets a lane of its own, “unsorted”"


def page() -> None:
    graph = load_graph()
    st.title("Add papers")
    say_last_lookup()  # a lookup that ended while this page was open
    offline_toggle()
    papers = graph.subgraph(key for key, entry in graph.nodes(data="entry") if not entry.is_resource)
    sections, keys = ["", *section_lanes(papers)], ["", *sorted(graph)]  # a paper's lanes, not the resources
    if online():
        _id_form(sections, keys)
        with st.expander("Add a paper by hand (works offline)"):
            _hand_form(sections, keys)
        return
    st.warning(
        "Offline: the app is set to use no network, so papers cannot be looked up by id. Add a paper by hand below: "
        "what you leave empty is filled in when the papers are next looked up on Semantic Scholar and arXiv."
        if offline()
        else "Offline: arXiv and Semantic Scholar cannot be reached from this computer, so papers cannot be "
        "looked up by id right now. Add a paper by hand below: what you leave empty is filled in when the papers "
        "are next looked up on Semantic Scholar and arXiv."
    )
    _hand_form(sections, keys)
    with st.expander("Add by id (needs the network)"):
        _id_form(sections, keys)


def _section_label(section: str) -> str:
    return section_name(section) if section else NO_SECTION


def _id_form(sections: list[str], keys: list[str]) -> None:
    st.caption(
        "Paste arXiv ids or URLs (2203.02155, arXiv:2203.02155, https://arxiv.org/abs/…), DOIs or "
        "Semantic Scholar ids, several at once. Title, authors, venue, counts and citations fill in "
        "from arXiv and Semantic Scholar."
    )
    with st.form("add_form"):
        text = st.text_area("Ids", key="add_ids", placeholder="one id or link per line")
        columns = st.columns(2)
        section = columns[0].selectbox(
            "Section (its lane on the graph)", sections, format_func=_section_label, key="add_section"
        )
        builds_on = columns[1].selectbox("Builds on (optional)", keys, format_func=_paper_label, key="add_builds_on")
        summary = st.text_area("摘要翻译 (Chinese summary, optional)", key="add_summary")
        submitted = st.form_submit_button("Add")
    if submitted:
        raw_ids = [part for part in re.split(r"[\s,]+", text) if part]
        if not raw_ids:
            st.error("Paste at least one id.")
        else:
            report = add_ids(raw_ids, section or None, summary or None, builds_on or None)
            if report:
                show_report(report)


def _paper_label(key: str) -> str:
    return key or "none"


def _hand_form(sections: list[str], keys: list[str]) -> None:
    with st.form("hand_form"):
        st.text_input("Title (required)", key=state.HAND_TITLE.name)
        st.text_area("Authors (one per line)", key=state.HAND_AUTHORS.name, height=90)
        columns = st.columns(3)
        columns[0].text_input("Year (four digits)", key=state.HAND_YEAR.name)
        columns[1].text_input(
            "arXiv id or DOI (optional)", key=state.HAND_ID.name, placeholder="lets enrichment fill the rest"
        )
        columns[2].text_input("Link (optional)", key=state.HAND_URL.name, placeholder="https://…")
        left, right = st.columns(2)
        left.selectbox(
            "Section (its lane on the graph)", sections, format_func=_section_label, key=state.HAND_SECTION.name
        )
        right.selectbox("Builds on (optional)", keys, format_func=_paper_label, key=state.HAND_BUILDS_ON.name)
        st.text_area("摘要翻译 (Chinese summary, optional)", key=state.HAND_SUMMARY.name)
        st.form_submit_button("Add this paper", on_click=_add_by_hand)
    outcome = state.HAND_OUTCOME.pop()
    if outcome:
        (st.success if outcome[0] == "added" else st.error)(outcome[1])


def _add_by_hand() -> None:
    """Write the typed paper; on success the form is cleared for the next one, on failure it keeps every value."""
    paper = ManualPaper(
        state.HAND_TITLE.get(),
        parse_author_lines(state.HAND_AUTHORS.get()),
        state.HAND_YEAR.get(),
        state.HAND_ID.get(),
        state.HAND_URL.get(),
        state.HAND_SECTION.get(),
        state.HAND_SUMMARY.get(),
        state.HAND_BUILDS_ON.get(),
    )
    try:
        key = by_hand(AddByHandRequest(library_path(), paper)).details.added[0]
    except ReadingListError as error:
        state.HAND_OUTCOME.set(("failed", f"{app_message(error)}. The library was not changed."))
        return
    state.HAND_OUTCOME.set(("added", md_text(added_by_hand(key, paper, online()))))
    for field in state.HAND_FORM:
        field.set("")


def added_by_hand(key: str, paper: ManualPaper, is_online: bool) -> str:
    """What was added and what enrichment will fill in: only what the user left empty, and how it is found."""
    empty = [name for name, value in (("authors", paper.authors), ("year", paper.year.strip())) if not value]
    missing = ", ".join([*empty, "venue", "abstract", "citation counts and the papers it cites"])
    by = f"by its id {paper.paper_id.strip()}" if paper.paper_id.strip() else "by a title match on Semantic Scholar"
    lane = f"in the {section_name(paper.section)} lane" if paper.section.strip() else "in a lane of its own, unsorted"
    when = (
        "when you look the papers up (Suggestions page: Look up every paper)"
        if is_online
        else "when the papers are next looked up with the network (this computer is offline now)"
    )
    note = f"notes/{note_filename(key)}"
    return f"Added {key} ({lane}); its note is {note}.\nStill unknown: {missing}; looked up {by} {when}."
