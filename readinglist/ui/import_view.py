"""Import page: paste, upload or name an awesome list, see what it would give (report and preview), then import.

Runs the `import_list` use case twice: a dry run for the preview (nothing written), then the import itself with
the same list. Every text from the list is shown as text (dataframe cells, `st.text`), never as Markdown.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from ..errors import ReadingListError
from ..importers.source import list_text, read_list_file
from ..models import Entry
from ..usecases.import_list import NO_ITEMS, ImportListReport, ImportListRequest, run
from . import state
from .data import library_path
from .look_up import say_last_lookup
from .safe_text import is_web_url, md_text

KINDS = ("", "paper", "dataset", "benchmark", "competition", "software", "toolkit", "model-list", "link", "web")


def page() -> None:
    st.title("Import a list")
    say_last_lookup()  # a lookup that ended while this page was open
    st.caption(
        "Any awesome list in Markdown: bullets or numbered items with links, items with 地址：/简介： fields, tables "
        "with a header row, year or topic headings. Preview first: nothing is written until you import."
    )
    source, text = _list_input()
    kind = st.selectbox(
        "Kind of every entry", KINDS, format_func=lambda k: k or "as the list says (inferred)", key="import_kind"
    )
    if not text.strip():
        st.info("Paste a list, upload a .md file or give a path to see its report and a preview.")
        return
    digest = hashlib.sha256(f"{kind}\0{text}\0{library_path()}".encode()).hexdigest()
    finished = state.IMPORT_DONE.get()
    if finished and finished[0] == digest:  # the import that just ran, with its own figures (not recomputed)
        done = finished[1]
        said = f"Imported into {library_path()}: {done.summary()}. The entries are on the Papers and Graph pages."
        st.success(md_text(said))
        _show(done, imported=True)
        st.success(md_text(said))  # again where the Import button was
        if state.IMPORT_TOAST.pop():  # once, right after the click: a toast is in view however far the page scrolled
            st.toast(md_text(f"Imported: {done.summary()}"))
        return
    preview = _run(ImportListRequest(text, source, library_path(), dry_run=True, kind=kind))
    if preview is None:
        return
    _show(preview)
    if preview.empty:  # nothing to import: no button, and the CLI's words
        st.warning(md_text(f"{source}: {NO_ITEMS}"))
        return
    label = f"Import {len(preview.details.added)} {_plural(len(preview.details.added), 'entry', 'entries')} into "
    label += str(library_path())  # the whole path: which folder the library is written in
    if st.button(label, type="primary", disabled=not preview.details.added, key="import_go"):
        done_now = _run(ImportListRequest(text, source, library_path(), kind=kind))
        if done_now is not None:
            state.IMPORT_DONE.set((digest, done_now))
            state.IMPORT_TOAST.set(True)
            st.rerun()


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _list_input() -> tuple[str, str]:
    """(where the list came from, its text) from the tab the person used."""
    paste, upload, path = st.tabs(["Paste", "Upload", "Path"])
    with paste:
        pasted = st.text_area("The list's Markdown", key="import_text", height=200)
    with upload:
        uploaded = st.file_uploader("A README or list (.md)", type=["md", "markdown", "txt"], key="import_file")
    with path:
        named = st.text_input("A path on this computer", key="import_path", placeholder="/path/to/README.md")
    try:
        if uploaded is not None:
            return uploaded.name, list_text(uploaded.getvalue(), uploaded.name)
        if named.strip():
            return named.strip(), read_list_file(Path(named.strip()))
    except ReadingListError as error:  # an image, a PDF, a folder, not UTF-8: the same line the CLI prints
        st.error(md_text(str(error)))
        return (uploaded.name if uploaded is not None else named.strip()), ""
    return "pasted list", pasted


def _run(request: ImportListRequest) -> ImportListReport | None:
    try:
        return run(request)
    except ReadingListError as error:
        st.error(md_text(str(error)))
        return None


def _preview_row(entry: Entry, titles: dict[str, str]) -> dict[str, str]:
    """One entry as the preview shows it: key, kind, its title (English or Chinese), where it goes, its ids."""
    ids = " · ".join(f"{name} {entry.get(name)}" for name in ("eprint", "doi", "openreview", "acl") if entry.get(name))
    return {
        "key": entry.key,
        "kind": entry.kind,
        "title": entry.get("title") or entry.get("title_zh"),
        "section": ", ".join(titles.get(s, s) for s in entry.list_field("section")),  # the list's heading
        **{name: entry.get(name) if is_web_url(entry.get(name)) else "" for name in ("url", "code")},  # clickable
        "ids": ids,
    }


def _show(report: ImportListReport, imported: bool = False) -> None:
    """The report's figures (`Added` once the import ran, `New entries` in the preview), kinds and the preview."""
    d = report.details
    columns = st.columns(4)
    columns[0].metric("Items read", d.read)
    columns[1].metric("Added" if imported else "New entries", len(d.added))
    columns[2].metric("Merged / already there", len(d.merged) + len(d.updated) + len(d.unchanged))
    columns[3].metric("Left out", len(d.left_out), help=f"{d.linked_left_out} of them with a link")
    if d.kinds:
        st.caption(md_text("By kind: " + ", ".join(f"{n} {k}" for k, n in sorted(d.kinds.items()))))
    if report.entries:
        st.subheader("Preview")
        rows = [_preview_row(e, report.section_titles) for e in report.entries]
        columns_shown = {
            "title": st.column_config.TextColumn("title", width="large"),
            "url": st.column_config.LinkColumn("url", width="medium"),
            "code": st.column_config.LinkColumn("code", width="small"),
        }
        st.dataframe(
            rows,
            hide_index=True,
            use_container_width=True,
            height=min(420, 38 + 35 * len(rows)),
            column_config=columns_shown,
        )
    if report.sections:
        st.caption(md_text("Sections: " + ", ".join(report.section_names())))
    notes = [*(f"merged    {m}" for m in d.merged), *(f"left out  {m}" for m in d.left_out)]
    notes += [f"made safe {m}" for m in d.made_safe] + [f"problem   {p}" for p in d.problems]
    if notes:
        with st.expander(f"Every merged, left-out or changed item ({len(notes)})", expanded=not report.entries):
            st.text("\n".join(notes))
