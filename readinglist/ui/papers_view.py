"""Papers page: the library as a table (sorted, filterable, sortable by header), a click shows the paper's details
beside it, in view at 1280x720 without scrolling."""

from __future__ import annotations

import hashlib
from typing import Any, cast

import streamlit as st

from ..drawing import default_focus
from ..graph import entry_of
from ..layout import lane_order
from ..paper import paper_of
from ..search import Kind
from . import state
from .data import load_graph, paper_index, section_label
from .detail import show_detail
from .look_up import say_last_lookup
from .safe_text import is_web_url

ORDERS = ("Year, then title", "Section, then year")
BEST = "Best match first"  # offered (and chosen) while filter words are typed
# Widths in CSS px: title, year, status, first author, link and the Chinese title fit the ~730 px the table's
# column gets in a 1280 px window (status is never cut); the rest scrolls sideways. Titles are cut where long, and a
# cell shows in full when clicked or hovered.
COLUMNS = {
    "title": st.column_config.TextColumn(width=250),
    "year": st.column_config.NumberColumn(format="%d", width=48),
    "status": st.column_config.TextColumn(width=66),
    "first author": st.column_config.TextColumn(width=110),
    "link": st.column_config.LinkColumn(display_text="open", width=46),
    "中文标题": st.column_config.TextColumn(width=200),
    "section": st.column_config.TextColumn(width=90),
    "citations": st.column_config.NumberColumn(width=72),
    "cites": st.column_config.NumberColumn(width=72, help="How many papers of the library it builds on or cites"),
    "kind": st.column_config.TextColumn(width=80),
    "key": st.column_config.TextColumn(width=170),
}
ROW_PX, HEADER_PX = 35, 38  # a table row and the header (with its border), in CSS px
# The details beside the table scroll in a box of the window's height (Streamlit cannot read the window size).
DETAIL_CSS = ".st-key-papers-detail { max-height: calc(100vh - 205px); overflow-y: auto; padding-right: 6px; }"


def table_css(rows: int) -> str:
    """The table as tall as its rows need, at most the window's height less the page's head."""
    need = HEADER_PX + ROW_PX * rows
    return " ".join(
        f"{selector} {{ flex: none; height: min({need}px, max(260px, calc(100vh - 300px))); }}"
        for selector in ('[data-testid="stLayoutWrapper"]:has(> .st-key-papers-table)', ".st-key-papers-table")
    )


def sort_rows(rows: list[dict[str, Any]], order: str, rank: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Rows by the search's rank, by year then title (undated last), or by the graph's lane order, year and title."""
    if order == BEST and rank is not None:
        return sorted(rows, key=lambda r: rank[r["key"]])
    by_year = sorted(rows, key=lambda r: (r["year"] is None, r["year"] or 0, (r["title"] or r["中文标题"]).lower()))
    if order == ORDERS[0]:
        return by_year
    lanes = {section: i for i, section in enumerate(lane_order(r["section"] for r in rows))}
    return sorted(by_year, key=lambda r: lanes[r["section"]])


def page() -> None:
    graph = load_graph()
    st.title("Papers")
    say_last_lookup()  # a lookup from the detail panel
    top = st.columns([0.44, 0.32, 0.24])
    query = top[0].text_input(
        "Filter (English / 中文)", key="papers_query", placeholder="title words, author, 人类反馈…"
    )
    kinds = sorted({entry_of(graph, key).kind for key in graph}, key=lambda k: (k != "paper", k))
    shown = top[1].multiselect(
        "Kind", kinds, default=[k for k in kinds if k == "paper"], key="papers_kind", placeholder="every kind"
    )
    # The library's one search and its answer (`SearchIndex.find`), as the Graph's find box and the order's targets
    search = paper_index().search
    answer = search.find(query, papers_only=shown == ["paper"]) if query.strip() else None
    rank = {key: i for i, key in enumerate(answer.keys)} if answer else None
    orders = (BEST, *ORDERS) if rank is not None else ORDERS
    order = top[2].selectbox(
        "Order",
        orders,
        key="papers_order" if rank is None else "papers_order_ranked",
        help="Or click a column's header to sort by it",
    )
    rows = []
    for key in graph:
        entry = entry_of(graph, key)
        if (shown and entry.kind not in shown) or (rank is not None and key not in rank):
            continue
        count = entry.get("citationcount")
        rows.append(
            {
                "title": entry.title,
                "year": entry.year,
                "status": entry.status,
                "中文标题": entry.get("title_zh"),
                "first author": next(iter(paper_of(entry).authors), ""),
                "section": (entry.list_field("section") or ["unsorted"])[0],
                "citations": int(count) if count.isdigit() else None,
                "cites": graph.in_degree(key),
                "link": entry.best_link() if is_web_url(entry.best_link()) else None,
                "kind": entry.kind,
                "key": key,
            }
        )
    rows = sort_rows(rows, order, rank)
    named = section_label(graph)
    for row in rows:
        row["section"] = named(row["section"])  # the list's heading, not the slug
    keys = [row["key"] for row in rows]
    if not rows:
        st.info("No paper matches the filter." if graph else "The library is empty: add a paper on the Add paper page.")
        return
    if answer and state.PICKED_FOR.get() != query:  # new words: the details of their best match
        state.PICKED_FOR.set(query)
        state.PICK.set(next((k for k in answer.keys if k in keys), keys[0]))
    if state.PICK.get() not in keys:  # first visit, or the filter hid it: the current focus
        focus = state.FOCUS.get() or default_focus(graph)
        state.PICK.set(focus if focus in keys else keys[0])
    table = "papers_table-" + hashlib.sha1("\n".join(keys).encode()).hexdigest()[:12]  # new rows, new selection
    state.PAPERS_ROWS.set((table, keys))
    said = search.headline(answer) if answer else ""
    ranked = f" · {said}" if said else ""
    ranked += " · best match first" if order == BEST and answer and answer.kind is not Kind.PARTIAL else ""
    st.html(f"<style>{table_css(len(rows))} {DETAIL_CSS}</style>")
    left, right = st.columns([0.6, 0.4], gap="medium")
    left.caption(f"{len(rows)} shown{ranked} · click a row for its details beside it · click a header to sort by it")
    with left, st.container(key="papers-table", height=300, border=False):  # the CSS sets the height it stretches to
        st.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            height="stretch",
            column_order=[c for c in COLUMNS if _worth_showing(c, rows, shown)],
            column_config=COLUMNS,
            key=table,
            on_select=_row_clicked,
            selection_mode=["single-row", "single-cell"],  # a click on any cell picks its row's paper
            selection_default={"selection": {"rows": [keys.index(str(state.PICK.get()))]}},
            placeholder="",
        )
    with right, st.container(key="papers-detail"):
        key = st.selectbox(
            "Details of", keys, format_func=lambda k: _label(graph, k), key=state.PICK.name, on_change=_picked
        )
        show_detail(graph, key)


def _worth_showing(column: str, rows: list[dict[str, Any]], kinds: list[str]) -> bool:
    """Leave out a kind column when one kind is shown, and citations before any paper has a count."""
    if column == "kind":
        return len(kinds) != 1
    return column != "citations" or any(row["citations"] is not None for row in rows)


def _row_clicked() -> None:
    """A clicked row (its box or any of its cells) becomes the paper shown below and the table's selected row."""
    table, keys = state.PAPERS_ROWS.get()
    selection = cast(dict[str, Any], state.widget_value(table))["selection"]
    rows = [row for row, _ in selection.get("cells") or []] or selection.get("rows")  # cells are kept empty
    if rows:
        state.PICK.set(keys[rows[0]])
    _picked()


def _picked() -> None:
    """The paper shown below is the table's one selected row (a clicked cell becomes its row)."""
    table, keys = state.PAPERS_ROWS.get()
    pick = state.PICK.get()
    if pick in keys:
        state.set_widget_value(table, {"selection": {"rows": [keys.index(pick)], "columns": [], "cells": []}})


def _label(graph: Any, key: str) -> str:
    paper = paper_of(entry_of(graph, key))
    if not paper.authors:  # the label is the title itself: say it once, with its year
        return f"{paper.heading} ({paper.year})"[:100] if paper.year else paper.heading[:100]
    return f"{paper.label} — {paper.heading}"[:100]
