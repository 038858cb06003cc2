"""The detail panel of one paper: metadata, links, Chinese summary, lineage, and its editable note."""

from __future__ import annotations

import streamlit as st

from ..citations import shorten
from ..errors import ConflictError, ReadingListError
from ..graph import entry_of
from ..store.notes import NoteStore, render_note_template
from .data import library_path


def md_escape(text: str) -> str:
    """Text shown through st.markdown: Markdown and HTML characters become literal."""
    for ch in "\\`*_{}[]()#+-.!|<>~$":
        text = text.replace(ch, "\\" + ch)
    return text


def show_detail(graph, key: str) -> None:  # type: ignore[no-untyped-def]
    entry = entry_of(graph, key)
    st.subheader(entry.title or entry.get("title_zh") or key)
    if entry.get("title_zh") and entry.title:
        st.markdown(f"**{md_escape(entry.get('title_zh'))}**")
    meta = " · ".join(p for p in (", ".join(entry.authors), str(entry.year or ""), entry.venue) if p)
    st.caption(f"`{key}` · {md_escape(meta)}")
    links = entry.links()
    if links:
        st.markdown(" · ".join(f"[{name}]({url})" for name, url in links.items() if url.startswith("http")))
    counts = [
        f"{entry.get(n)} {label}"
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
            st.markdown(md_escape(entry.get(field)))
    _relations(graph, key)
    _note_editor(entry)


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
            for other in keys:
                data = graph.edges[edge(other)]
                kind = "builds on" if "builds_on" in data["kinds"] else "cites"
                if st.button(f"{entry_of(graph, other).short_label} ({kind})", key=f"go-{title}-{other}"):
                    st.session_state["pending_focus"] = other
                    st.rerun()
                context = data.get("context")
                quote = context.best() if context else None
                if quote:
                    mark = " ★" if context.influential else ""
                    st.caption(f"{', '.join(quote[1]) or 'cited'}{mark}: “{md_escape(shorten(quote[0]))}”")


def _note_editor(entry) -> None:  # type: ignore[no-untyped-def]
    notes = NoteStore(library_path())
    try:
        text, digest = notes.read(entry.key)
    except ReadingListError as error:
        st.error(str(error))
        return
    st.markdown(f"**Note** (`notes/{notes.path_for(entry.key).name}`)")  # a file name we made: safe
    edited = st.text_area(
        "Note",
        value=text or render_note_template(entry),
        height=180,
        key=f"note-{entry.key}-{digest}",
        label_visibility="collapsed",
    )
    if st.button("Save note", key=f"save-note-{entry.key}"):
        try:
            notes.save(entry.key, edited, digest)
            st.success("Note saved.")
        except ConflictError:
            st.error(
                "The note changed on disk since it was opened (edited elsewhere). Nothing was written: "
                "the page now shows the new version; apply your change again."
            )
        except ReadingListError as error:
            st.error(str(error))
