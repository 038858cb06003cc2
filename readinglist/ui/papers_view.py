"""Papers page: a sortable, filterable table of the library, and the detail panel of the chosen paper."""

from __future__ import annotations

import streamlit as st

from ..graph import entry_of
from .data import load_graph, matches
from .detail import show_detail
from .safe_text import is_web_url


def page() -> None:
    graph = load_graph()
    st.title("Papers")
    query = st.text_input("Filter (English / 中文)", key="papers_query")
    kinds = sorted({entry_of(graph, key).kind for key in graph}, key=lambda k: (k != "paper", k))
    shown = st.multiselect("Kind", kinds, default=[k for k in kinds if k == "paper"], key="papers_kind")
    rows = []
    for key in graph:
        entry = entry_of(graph, key)
        if entry.kind not in shown or not matches(entry, query):
            continue
        count = entry.get("citationcount")
        rows.append(
            {
                "key": key,
                "year": entry.year,
                "title": entry.title,
                "中文标题": entry.get("title_zh"),
                "first author": entry.authors[0] if entry.authors else "",
                "kind": entry.kind,
                "section": entry.get("section"),
                "status": entry.status,
                "citations": int(count) if count.isdigit() else None,
                "builds on": graph.in_degree(key),
                "link": entry.best_link() if is_web_url(entry.best_link()) else None,
            }
        )
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "year": st.column_config.NumberColumn(format="%d"),
            "citations": st.column_config.NumberColumn(),
            "link": st.column_config.LinkColumn(display_text="open"),
            "status": st.column_config.TextColumn(),
        },
    )
    if rows:
        key = st.selectbox("Details of", [r["key"] for r in rows], key="papers_pick")
        show_detail(graph, key)
