"""Suggestions page: papers outside the library linked to several of its papers, each with an Add button."""

from __future__ import annotations

import streamlit as st

from ..enrich import Sources, cached_records, enrich_library
from ..errors import ReadingListError
from ..layout import section_lanes
from ..sources.cache import ResponseCache
from ..suggest import suggest
from .add_view import add_ids, app_message, show_report
from .data import library_path, load_entries, load_graph
from .safe_text import md_text


def page() -> None:
    st.title("Suggestions")
    st.caption(
        "Papers not in the library that several library papers cite, or that cite several of them, "
        "from the citation data kept in the cache when the library is enriched."
    )
    entries, _ = load_entries()
    section = st.selectbox("Section", ["", *section_lanes(load_graph())], key="suggest_section")
    top = st.slider("How many", 5, 50, 20, key="suggest_top")
    if st.button("Fetch citation data now (enrich the library)", key="enrich_now"):
        bar = st.progress(0.0, text="Enriching…")

        def advance(done: int, total: int) -> None:
            bar.progress(done / total, text=f"{done}/{total}")

        try:
            with Sources.from_environment() as sources:
                enriched = enrich_library(library_path(), sources, progress=advance)
        except ReadingListError as error:
            st.error(f"Fetching failed: {app_message(error)}. The library was not changed.")
        else:
            if enriched.ok:
                st.success(md_text(enriched.summary()))
            else:  # some or all papers failed: never shown as success
                st.error(f"Fetching citation data did not fully work: {md_text(enriched.summary())}.")
            for message in enriched.failed:
                st.warning(app_message(message))
        finally:
            bar.empty()  # the outcome above replaces the progress bar
    cache = ResponseCache()
    cached = cached_records(cache)
    cache.close()
    if not cached:
        st.info("No citation data cached yet. Press the button above (needs the network), then come back.")
        return
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
            if right.button("Add", key=f"add-{item.paper_id}"):
                report = add_ids([item.add_id])
                if report:
                    show_report(report)
