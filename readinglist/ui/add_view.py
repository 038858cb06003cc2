"""Add-paper page: arXiv ids or URLs (several at once), a section and a Chinese summary."""

from __future__ import annotations

import re

import streamlit as st

from ..enrich import RunReport, Sources, add_papers
from ..errors import InvalidIdError, ReadingListError, UnreachableError
from ..ids import parse_paper_id
from ..layout import section_lanes
from .data import library_path, load_graph


def show_report(report: RunReport) -> None:
    """One message per outcome, each saying what happened and what to do."""
    if report.added:
        st.success("Added: " + ", ".join(report.added) + ". Their notes are in notes/.")
    for raw, key in report.already.items():
        st.info(f"{raw} is already in the library as {key}.")
    for raw in report.not_found:
        st.error(f"{raw} was not found on arXiv or Semantic Scholar: check the id.")
    for message in report.failed:
        st.warning(message)


def add_ids(
    raw_ids: list[str], section: str | None = None, summary_zh: str | None = None, builds_on: str | None = None
) -> RunReport | None:
    """Run `add` for the app: every failure becomes an st.error that says what to do; nothing half-written."""
    try:
        for raw in raw_ids:
            parse_paper_id(raw)  # checked before any request
        with (
            st.status("Fetching from arXiv and Semantic Scholar…", expanded=False) as status,
            Sources.from_environment() as sources,
        ):
            report = add_papers(
                library_path(),
                sources,
                raw_ids,
                section=section,
                summary_zh=summary_zh,
                builds_on=builds_on,
            )
            status.update(label="Done", state="complete")
        return report
    except InvalidIdError as error:
        st.error(str(error))
    except UnreachableError as error:
        st.error(f"No network: {error}. The library was not changed.")
    except ReadingListError as error:
        st.error(f"{error}. The library was not changed.")
    return None


def page() -> None:
    graph = load_graph()
    st.title("Add papers")
    st.caption(
        "Paste arXiv ids or URLs (2203.02155, arXiv:2203.02155, https://arxiv.org/abs/…), DOIs or "
        "Semantic Scholar ids, several at once. Title, authors, venue, counts and citations fill in "
        "from arXiv and Semantic Scholar."
    )
    with st.form("add_form"):
        text = st.text_area("Ids", key="add_ids", placeholder="2203.02155\nhttps://arxiv.org/abs/2009.01325")
        columns = st.columns(2)
        section = columns[0].selectbox("Section", ["", *section_lanes(graph)], key="add_section")
        builds_on = columns[1].selectbox("Builds on (optional)", ["", *sorted(graph)], key="add_builds_on")
        summary = st.text_area("摘要翻译 (Chinese summary, optional)", key="add_summary")
        submitted = st.form_submit_button("Add")
    if submitted:
        raw_ids = [part for part in re.split(r"[\s,]+", text) if part]
        if not raw_ids:
            st.error("Paste at least one id.")
            return
        report = add_ids(raw_ids, section or None, summary or None, builds_on or None)
        if report:
            show_report(report)
