"""Add-paper page: arXiv ids or URLs (several at once), a section and a Chinese summary; or a paper by hand."""

from __future__ import annotations

import re

import streamlit as st

from ..errors import ReadingListError
from ..keys import note_filename
from ..layout import section_lanes, section_name
from ..manual_add import ManualPaper, parse_author_lines
from ..usecases.add_paper import AddByHandRequest, by_hand
from .data import library_path, load_graph
from .fetching import add_ids, app_message, online, show_report
from .network import offline, offline_toggle
from .safe_text import md_text

HAND_FIELDS = (
    "hand_title",
    "hand_authors",
    "hand_year",
    "hand_id",
    "hand_url",
    "hand_section",
    "hand_builds_on",
    "hand_summary",
)
NO_SECTION = "none: it gets a lane of its own, “unsorted”"


def page() -> None:
    graph = load_graph()
    st.title("Add papers")
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
        "what you leave empty is filled in the next time the library is enriched with the network."
        if offline()
        else "Offline: arXiv and Semantic Scholar cannot be reached from this computer, so papers cannot be "
        "looked up by id right now. Add a paper by hand below: what you leave empty is filled in the next time "
        "the library is enriched with the network."
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
        st.text_input("Title (required)", key="hand_title")
        st.text_area("Authors (one per line)", key="hand_authors", height=90)
        columns = st.columns(3)
        columns[0].text_input("Year (four digits)", key="hand_year")
        columns[1].text_input("arXiv id or DOI (optional)", key="hand_id", placeholder="lets enrichment fill the rest")
        columns[2].text_input("Link (optional)", key="hand_url", placeholder="https://…")
        left, right = st.columns(2)
        left.selectbox("Section (its lane on the graph)", sections, format_func=_section_label, key="hand_section")
        right.selectbox("Builds on (optional)", keys, format_func=_paper_label, key="hand_builds_on")
        st.text_area("摘要翻译 (Chinese summary, optional)", key="hand_summary")
        st.form_submit_button("Add this paper", on_click=_add_by_hand)
    outcome = st.session_state.pop("hand_outcome", None)
    if outcome:
        (st.success if outcome[0] == "added" else st.error)(outcome[1])


def _add_by_hand() -> None:
    """Write the typed paper; on success the form is cleared for the next one, on failure it keeps every value."""
    state = st.session_state
    paper = ManualPaper(
        state["hand_title"],
        parse_author_lines(state["hand_authors"]),
        state["hand_year"],
        state["hand_id"],
        state["hand_url"],
        state["hand_section"],
        state["hand_summary"],
        state["hand_builds_on"],
    )
    try:
        key = by_hand(AddByHandRequest(library_path(), paper)).details.added[0]
    except ReadingListError as error:
        state["hand_outcome"] = ("failed", f"{app_message(error)}. The library was not changed.")
        return
    state["hand_outcome"] = ("added", md_text(added_by_hand(key, paper, online())))
    for name in HAND_FIELDS:
        state[name] = ""


def added_by_hand(key: str, paper: ManualPaper, is_online: bool) -> str:
    """What was added and what enrichment will fill in: only what the user left empty, and how it is found."""
    empty = [name for name, value in (("authors", paper.authors), ("year", paper.year.strip())) if not value]
    missing = ", ".join([*empty, "venue", "abstract", "citation counts and the papers it cites"])
    by = f"by its id {paper.paper_id.strip()}" if paper.paper_id.strip() else "by a title match on Semantic Scholar"
    lane = f"in the {section_name(paper.section)} lane" if paper.section.strip() else "in a lane of its own, unsorted"
    when = (
        "when you enrich the library (Suggestions page: Fetch citation data now)"
        if is_online
        else "the next time the library is enriched with the network (this computer is offline now)"
    )
    note = f"notes/{note_filename(key)}"
    return f"Added {key} ({lane}); its note is {note}.\nStill unknown: {missing}; looked up {by} {when}."
