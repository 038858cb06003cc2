"""Suggestions page: papers outside the library linked to several of its papers, each with an Add button."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..ids import reading_url
from ..layout import section_lanes, section_name
from ..paper import paper_of
from ..usecases import suggest_papers
from .app_settings import settings
from .data import library_version, load_entries, load_graph
from .fetching import add_ids, online, show_report
from .look_up import look_up_button, lookup_running, say_last_lookup
from .network import offline, offline_toggle
from .safe_text import md_link, md_text

OFFLINE_ADD = "Adding by id needs the network; the Add paper page adds a paper by hand."


def page() -> None:
    st.title("Suggestions")
    say_last_lookup()
    st.caption(
        "Papers not in the library that several library papers cite, or that cite several of them, "
        "from the citation data kept in the cache when the papers are looked up."
    )
    entries = load_entries()[0]  # a library that cannot be read stops the page here, with one message
    names = {entry.key: paper_of(entry).name for entry in entries}  # as the detail panel names them
    offline_toggle()
    is_online = online()
    left, right = st.columns(2)
    section = left.selectbox(
        "Section",
        ["", *section_lanes(load_graph())],
        format_func=lambda s: section_name(s) if s else "every section",
        key="suggest_section",
    )
    top = right.slider("How many to show (5 to 50)", 5, 50, 20, key="suggest_top")
    if is_online:
        look_up_button((), "every-paper", "Look up every paper, and who cites it", citing=True)
        if not lookup_running():  # one "being looked up" line, not two
            look_up_button((), "contexts", "Fetch why papers cite each other", contexts=True)
    suggested = _suggestions(*library_version(), section or None, top)
    if not suggested.cached:
        st.info(
            "Suggestions appear here when the lookup ends."
            if lookup_running()
            else "No citation data cached yet: the lookup above fetches it."
            if is_online
            else "No citation data cached yet, and fetching it needs the network: "
            + (
                "the app is set to use no network."
                if offline()
                else "arXiv and Semantic Scholar cannot be reached from this computer now."
            )
        )
        return
    if not is_online:
        st.caption("Offline: these come from the citation data already cached; fetching more needs the network.")
    not_asked = "None yet: who cites these papers is not cached" + ("; the lookup above asks it." if is_online else ".")
    for heading, items, verb, none in (
        ("Cited by several library papers", suggested.cited_by, "cited by", "None yet."),
        (
            "Citing several library papers",
            suggested.citing,
            "cites",
            "None yet." if suggested.citing_cached else not_asked,
        ),
    ):
        st.subheader(heading)
        if not items:
            st.caption(none)
        for item in items:
            left, right = st.columns([5, 1])
            url = reading_url(item.arxiv, item.doi, item.paper_id)
            left.markdown(
                f"**{md_link(item.title, url) if url else md_text(item.title)}** "
                f"({md_text(str(item.year or 'n.d.'))}, {md_text(str(item.citation_count))} citations)"
            )
            left.caption(f"{verb} {md_text(', '.join(names.get(key, key) for key in item.linked))}")
            if right.button(
                "Add", key=f"add-{item.paper_id}", disabled=not is_online, help=None if is_online else OFFLINE_ADD
            ):
                report = add_ids([item.add_id])
                if report:
                    show_report(report)


@st.cache_data(show_spinner=False, max_entries=20)
def _suggestions(
    path: str, digest: str | None, cache_stamp: float, section: str | None, top: int
) -> suggest_papers.SuggestReport:
    """The suggestions, read once per library content, cache state, section and count (the page reruns often)."""
    return suggest_papers.run(suggest_papers.SuggestRequest(Path(path), section, top), settings())
