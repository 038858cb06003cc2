"""Merge conflicts page: what a git merge of papers.bib left for a person, side by side, settled with one click."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..errors import ReadingListError
from ..merge.conflicts import WHOLE_ENTRY, FieldConflict, entry_conflicts, marker_problems
from ..merge.fields import CONFLICT_FIELD
from ..models import Entry
from ..paper import paper_of
from ..store.atomic import digest_file
from ..usecases.resolve_conflict import ResolveRequest
from ..usecases.resolve_conflict import run as resolve
from . import state
from .data import library_path, load_entries
from .look_up import say_last_lookup
from .safe_text import md_text

URL_PATH = "conflicts"
SIDE_HELP = {"ours": "the branch you were on", "theirs": "the branch you merged in"}


@st.cache_data(show_spinner=False, max_entries=4)
def _marker_lines(path: str, digest: str | None) -> list[int]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [problem.line for problem in marker_problems(text)]


def load_conflicts() -> tuple[list[tuple[Entry, list[FieldConflict]]], list[int]]:
    """Entries with conflicts, and lines holding conflict markers between entries."""
    entries = [(e, found) for e in load_entries()[0] if (found := entry_conflicts(e))]
    path = library_path()
    return entries, _marker_lines(str(path), digest_file(path))


def with_conflicts(pages: list[st.Page]) -> list[st.Page]:
    """Put this page first, with a sidebar warning, while papers.bib has merge conflicts; hidden otherwise."""
    entries, markers = load_conflicts() if library_path().exists() else ([], [])  # no library yet: Import makes one
    count = sum(len(found) for _, found in entries) + len(markers)
    title = f"Merge conflicts ({count})" if count else "Merge conflicts"
    conflicts_page = st.Page(
        page, title=title, icon="⚠️", url_path=URL_PATH, visibility="visible" if count else "hidden"
    )
    if count:
        st.sidebar.warning(f"papers.bib has {count} merge conflict(s) from git.", icon="⚠️")
        st.sidebar.page_link(conflicts_page, label="Resolve them")
    return [conflicts_page, *pages]


def page() -> None:
    st.title("Merge conflicts")
    say_last_lookup()  # a lookup that ended while this page was open
    done, failed = state.CONFLICT_DONE.pop(), state.CONFLICT_ERROR.pop()
    if done:
        st.success(md_text(done))
        st.toast(md_text(done))  # in view however far the page was scrolled to the button
    if failed:
        st.error(md_text(failed))
    entries, markers = load_conflicts()
    if not entries and not markers:
        st.info("No merge conflicts in papers.bib. After `git merge`, anything both sides changed shows up here.")
        return
    st.caption(
        "A git merge changed these fields differently on both branches. papers.bib keeps both values "
        "(ours in the field, theirs in `FIELD_theirs`); keep one or write your own, and the file is saved at once. "
        "When nothing is left here, `git add papers.bib` and `git commit` finish the merge. "
        "(During a rebase git swaps the two: ours is the branch you rebase onto.)"
    )
    for entry, found in entries:
        with st.container(border=True):
            title = paper_of(entry).title or "untitled"
            st.subheader(md_text(entry.key), anchor=False)
            st.markdown(md_text(title))
            for conflict in found:
                if conflict.field == WHOLE_ENTRY:
                    _deletion(entry, conflict)
                else:
                    _field(conflict)
    if markers:
        st.warning(
            "The text between entries (comments, @string, @preamble) was changed differently on both sides. "
            f"Open papers.bib in an editor at line(s) {', '.join(map(str, markers))}: keep the lines you want "
            "and delete the <<<<<<< ||||||| ======= >>>>>>> lines."
        )


def _field(conflict: FieldConflict) -> None:
    st.markdown(f"**{md_text(conflict.field)}**")
    slug = f"{conflict.key}-{conflict.field}"
    sides = (("ours", conflict.ours, SIDE_HELP["ours"]), ("theirs", conflict.theirs, SIDE_HELP["theirs"]))
    for column, (side, value, help_text) in zip(st.columns(2), sides, strict=True):
        column.caption(f"{side.capitalize()} — {help_text}")
        if value is None:
            column.markdown("*(field removed on this side)*")
        else:
            column.code(value, language=None, wrap_lines=True)
    for column, (side, _, _) in zip(st.columns(2), sides, strict=True):
        column.button(
            f"Keep {side}",
            key=f"pick-{side}-{slug}",
            on_click=_apply,
            args=(conflict.key, conflict.field, side, f"{conflict.key}: {conflict.field} set to {side}"),
        )
    with st.expander("Edit the value"):
        st.text_area("Value", value=conflict.ours or conflict.theirs or "", key=state.conflict_edit(slug))
        st.button(
            "Save this value",
            key=f"save-{slug}",
            on_click=_apply,
            args=(conflict.key, conflict.field, None, f"{conflict.key}: {conflict.field} saved", slug),
        )


def _deletion(entry: Entry, conflict: FieldConflict) -> None:
    editor = "ours" if conflict.deleted_by == "theirs" else "theirs"
    deleter = conflict.deleted_by  # read from the file: shown as text
    st.markdown(
        f"Deleted on **{md_text(deleter)}** ({SIDE_HELP.get(deleter, '')}), edited on **{editor}** "
        f"({SIDE_HELP[editor]}); "
        "the edited entry stays until you choose."
    )
    with st.expander("The entry as edited"):
        shown = "\n".join(f"{name} = {value}" for name, value in entry.fields.items() if name != CONFLICT_FIELD)
        st.code(shown, language=None, wrap_lines=True)
    keep, delete = st.columns(2)
    keep.button(
        "Keep the edited entry",
        key=f"keep-{entry.key}",
        on_click=_apply,
        args=(entry.key, WHOLE_ENTRY, "keep", f"{entry.key}: kept"),
    )
    delete.button(
        "Delete it",
        key=f"delete-{entry.key}",
        on_click=_apply,
        args=(entry.key, WHOLE_ENTRY, "delete", f"{entry.key}: deleted"),
    )


def _apply(key: str, what: str, choice: str | None, message: str, edited: str | None = None) -> None:
    """Button callback: settle one conflict (a side, or the value typed in the `edited` box) through the use case;
    saved atomically, or nothing written and the error shown."""
    value = str(state.widget_value(state.conflict_edit(edited))) if edited is not None else None
    try:
        resolve(ResolveRequest(library_path(), key, what, choice, value))
    except ReadingListError as error:
        state.CONFLICT_ERROR.set(f"nothing saved: {error}")
        return
    state.CONFLICT_DONE.set(message)
