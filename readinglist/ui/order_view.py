"""Reading-order page: targets, sections, a budget and unread-only; checkboxes that set the read status."""

from __future__ import annotations

import streamlit as st

from ..errors import ReadingListError
from ..exporters.formats import ORDER_FORMATS
from ..graph import entry_of
from ..layout import section_lanes
from ..order import reading_order
from ..store.bibfile import edit_library
from .data import DEFAULT_FOCUS, library_path, load_graph
from .detail import md_escape
from .graph_view import label


def page() -> None:
    graph = load_graph()
    st.title("Reading order")
    st.caption("Everything the targets build on or cite, each paper after its prerequisites, with the reason.")
    keys = sorted(graph)
    default = [DEFAULT_FOCUS] if DEFAULT_FOCUS in graph else []
    targets = st.multiselect("Targets", keys, default=default, format_func=lambda k: label(graph, k), key="targets")
    sections = st.multiselect("Sections (when no target)", section_lanes(graph), key="order_sections")
    columns = st.columns(2)
    budget = columns[0].number_input("Reading budget (0 = no limit)", 0, 500, 0, key="budget")
    unread = columns[1].checkbox("Unread only", key="unread")
    order = reading_order(graph, targets, sections, unread, int(budget) or None)
    if order.set_aside:
        st.info("Citation cycles broken by date: " + ", ".join(f"{a} → {b}" for a, b in order.set_aside))
    download_columns = st.columns(len(ORDER_FORMATS))
    for column, export in zip(download_columns, ORDER_FORMATS.values(), strict=True):
        column.download_button(
            export.label,
            export.render(order),
            file_name=f"reading-order.{export.extension}",
            mime=export.mime,
            key=f"download-{export.name}",
        )
    for number, item in enumerate(order.items, start=1):
        entry = item.entry
        read = st.checkbox(
            f"{number}. {entry.title or entry.get('title_zh')} ({entry.year or 'n.d.'})",
            value=entry.status == "read",
            key=f"read-{item.key}",
        )
        if read != (entry.status == "read"):
            _set_status(item.key, "read" if read else "unread")
        zh = entry.get("title_zh")
        st.caption(f"`{item.key}` · {md_escape(zh)}" if zh else f"`{item.key}`")
        st.markdown(f"*Why:* {md_escape(item.reason)}")
    st.caption(f"{len(order.items)} papers; {sum(entry_of(graph, i.key).status == 'read' for i in order.items)} read")


def _set_status(key: str, status: str) -> None:
    try:
        with edit_library(library_path()) as library:
            library.set_field(key, "status", status)
    except ReadingListError as error:
        st.error(str(error))
        return
    st.rerun()
