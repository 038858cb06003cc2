"""The detail panel of one paper: metadata, links, Chinese summary, lineage, and its editable note."""

from __future__ import annotations

import streamlit as st

from ..citations import shorten
from ..graph import entry_of
from ..order import PaperNames
from ..paper import paper_of
from .contexts_view import show_missing_contexts
from .data import library_path
from .note_editor import show_note_editor
from .safe_text import md_link, md_text, md_text_with_links


def show_detail(graph, key: str) -> None:  # type: ignore[no-untyped-def]
    entry = entry_of(graph, key)
    paper = paper_of(entry)
    st.subheader(md_text(paper.heading))
    if entry.get("title_zh") and entry.title and entry.get("title_zh") != entry.title:  # a resource has one name
        st.markdown(f"**{md_text(entry.get('title_zh'))}**")
    meta = " · ".join(p for p in (key, ", ".join(paper.authors), str(entry.year or ""), entry.venue) if p)
    st.caption(md_text(meta))
    links = [md_link(name, url) for name, url in entry.links().items()]
    if links:
        st.markdown(" · ".join(links))
    counts = [
        f"{md_text(entry.get(n))} {label}"
        for n, label in (("citationcount", "citations"), ("influentialcount", "influential"))
        if entry.get(n)
    ]
    if counts:
        st.caption(" · ".join(counts))
    for field, label in (
        ("abstract_zh", "摘要翻译"),
        ("highlight_zh", "重点"),
        ("note_zh", "Curator's comment"),
        ("tldr", "TL;DR"),
        ("abstract", "Abstract"),
    ):
        if entry.get(field):
            st.markdown(f"**{label}**")
            text = entry.get(field)
            if field in ("highlight_zh", "note_zh"):
                text = PaperNames(graph).rewrite(text)  # the list's private numbering named as papers
            st.markdown(md_text_with_links(text))
    _relations(graph, key)
    show_note_editor(entry, library_path())


def _relations(graph, key: str) -> None:  # type: ignore[no-untyped-def]
    before = sorted(graph.predecessors(key))
    after = sorted(graph.successors(key))
    columns = st.columns(2)
    for column, title, keys, edge in (
        (columns[0], "Builds on / cites", before, lambda k: (k, key)),
        (columns[1], "Built on / cited by", after, lambda k: (key, k)),
    ):
        with column:
            st.markdown(f"**{title}**")
            if not keys:
                st.caption("None in the library.")
            unknown = [
                edge(k)
                for k in keys
                if "cites" in graph.edges[edge(k)]["kinds"] and not graph.edges[edge(k)].get("context")
            ]
            for other in keys:
                data = graph.edges[edge(other)]
                kind = "builds on" if "builds_on" in data["kinds"] else "cites"
                name = paper_of(entry_of(graph, other)).name  # as the graph labels it: GPT-3, TruthfulQA…
                # shown in the panel; the graph stays put (set before the rerun: one rerun, not two)
                st.button(f"{md_text(name)} ({kind})", key=f"go-{title}-{other}", on_click=_select, args=(other,))
                context = data.get("context")
                quote = context.best() if context else None
                if quote:
                    mark = " ★" if context.influential else ""
                    st.caption(f"{md_text(', '.join(quote[1])) or 'cited'}{mark}: “{md_text(shorten(quote[0]))}”")
            show_missing_contexts(unknown, f"{key}-{title}")  # once per column; fetched on demand


def _select(key: str) -> None:
    st.session_state["selected"] = key
