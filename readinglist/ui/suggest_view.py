"""Suggestions page: papers outside the library linked to several of its papers, each with an Add button."""

from __future__ import annotations

import streamlit as st

from ..enrich import cached_records, enrich_library
from ..errors import ReadingListError
from ..layout import section_lanes, section_name
from ..suggest import suggest
from .app_settings import open_cache, open_sources
from .contexts_view import fetch_all_button
from .data import library_path, load_entries, load_graph
from .fetching import add_ids, app_message, online, show_report
from .network import offline, offline_toggle
from .safe_text import md_text

OFFLINE_ADD = "Adding by id needs the network; the Add paper page adds a paper by hand."


def page() -> None:
    st.title("Suggestions")
    st.caption(
        "Papers not in the library that several library papers cite, or that cite several of them, "
        "from the citation data kept in the cache when the library is enriched."
    )
    entries, _ = load_entries()
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
    if is_online and st.button("Fetch citation data now (enrich the library)", key="enrich_now"):
        _fetch_citation_data()
    if is_online:
        fetch_all_button()
    cache = open_cache()
    cached = cached_records(cache)
    cache.close()
    if not cached:
        st.info(
            "No citation data cached yet. Press the button above, then come back."
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
    cited, citing = suggest(entries, cached, section or None, top)
    for heading, items, verb in (
        ("Cited by several library papers", cited, "cited by"),
        ("Citing several library papers", citing, "cites"),
    ):
        st.subheader(heading)
        if not items:
            st.caption("None yet.")
        for item in items:
            left, right = st.columns([5, 1])
            left.markdown(
                f"**{md_text(item.title)}** ({md_text(str(item.year or 'n.d.'))}, "
                f"{md_text(str(item.citation_count))} citations)"
            )
            left.caption(f"{verb} {md_text(', '.join(item.linked))}")
            if right.button(
                "Add", key=f"add-{item.paper_id}", disabled=not is_online, help=None if is_online else OFFLINE_ADD
            ):
                report = add_ids([item.add_id])
                if report:
                    show_report(report)


def _fetch_citation_data() -> None:
    """Enrich the library with a progress bar; one message when nothing could be fetched, one per failure else."""
    bar = st.progress(0.0, text="Enriching…")

    def advance(done: int, total: int) -> None:
        bar.progress(done / total, text=f"{done}/{total}")

    try:
        with open_sources() as sources:
            enriched = enrich_library(library_path(), sources, progress=advance)
    except ReadingListError as error:
        st.error(f"Fetching failed: {app_message(error)}. The library was not changed.")
        return
    finally:
        bar.empty()  # the outcome below replaces the progress bar
    if enriched.ok:
        st.success(md_text(enriched.summary()))
    elif enriched.failed and not (enriched.updated or enriched.unchanged):  # nothing came back: say why, once
        reasons = "; ".join(app_message(message) for message in enriched.failed)
        st.error(f"Fetching citation data did not work: {reasons}. The library was not changed.")
    else:  # some papers failed: never shown as success
        st.error(f"Fetching citation data did not fully work: {md_text(enriched.summary())}.")
        for message in enriched.failed:
            st.warning(app_message(message))
