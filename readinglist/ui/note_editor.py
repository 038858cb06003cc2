"""The note editor: what the user typed is never lost, even when notes/<key>.md changes on disk meanwhile.

The text box has one key per paper (never the file's hash, which would make a new, empty widget when the
file changes). The version the user started from is remembered with its digest. Saving over a file that
changed since shows both versions and writes nothing until the user chooses: keep theirs, take the file's,
or merge both in the editor.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import streamlit as st

from ..errors import ReadingListError
from ..models import Entry
from ..store.notes import NoteStore, render_note_template
from ..usecases.save_note import SaveNoteRequest
from ..usecases.save_note import run as save_note
from .safe_text import md_text
from .state import NoteKeys


def show_note_editor(entry: Entry, library: Path) -> None:
    notes = NoteStore(library)
    try:
        disk_text, disk_digest = notes.read(entry.key)
        file_name = notes.path_for(entry.key).name
    except ReadingListError as error:
        st.error(md_text(str(error)))
        return
    keys = NoteKeys(entry.key)
    state = st.session_state
    shown = disk_text or render_note_template(entry)
    if keys.base not in state:
        _start_from(keys, shown, disk_digest)
    elif keys.text not in state:  # the widget was away (another paper was shown): bring the draft back
        state[keys.text] = state[keys.draft]
    base_text, base_digest = state[keys.base]
    changed_on_disk = disk_digest != base_digest
    if changed_on_disk and state[keys.text] == base_text and not state.get(keys.conflict):
        _start_from(keys, shown, disk_digest)  # nothing typed yet: simply follow the file
        changed_on_disk = False
    st.markdown(f"**Note** (notes/{md_text(file_name)})")
    st.text_area("Note", height=180, key=keys.text, label_visibility="collapsed", on_change=_remember, args=(keys,))
    if changed_on_disk and not state.get(keys.conflict):
        st.info(f"notes/{md_text(file_name)} changed on disk since you opened it. Your text is kept; Save compares.")
    st.button("Save note", key=keys.save, on_click=_save, args=(library, entry.key, keys))
    message = state.pop(keys.message, None)
    if message:
        getattr(st, message[0])(md_text(message[1]))
    if state.get(keys.conflict):
        _show_conflict(library, entry.key, keys, file_name, disk_text, disk_digest)


def _start_from(keys: NoteKeys, text: str, digest: str | None) -> None:
    st.session_state[keys.base] = (text, digest)
    st.session_state[keys.text] = st.session_state[keys.draft] = text


def _remember(keys: NoteKeys) -> None:
    st.session_state[keys.draft] = st.session_state[keys.text]


def _save(library: Path, key: str, keys: NoteKeys, expected: str | None = None, *, overwrite: bool = False) -> None:
    """Button callback: write only if the file is still what the user started from (or chose to replace)."""
    state = st.session_state
    text = state[keys.text]
    digest = expected if overwrite else state[keys.base][1]
    try:
        report = save_note(SaveNoteRequest(library, key, text, digest))
    except ReadingListError as error:
        state[keys.message] = ("error", str(error))
        return
    if not report.saved:  # changed on disk meanwhile: nothing written, both versions shown
        state[keys.conflict] = True
        # a toast: the choice below the button can be out of view in the panel
        state[keys.message] = ("toast", "Not saved: the note changed on disk. Choose what to keep, below Save note.")
        return
    state[keys.base] = (text, report.digest)
    state[keys.conflict] = False
    state[keys.message] = ("success", "Note saved.")


def _take_theirs(keys: NoteKeys, text: str, digest: str | None) -> None:
    _start_from(keys, text, digest)
    st.session_state[keys.conflict] = False
    st.session_state[keys.message] = ("info", "Your text was discarded; the editor shows the file's version.")


def _merge(keys: NoteKeys, text: str, digest: str | None) -> None:
    state = st.session_state
    state[keys.text] = state[keys.draft] = merged_text(state[keys.text], text)
    state[keys.base] = (text, digest)  # the next Save replaces exactly this version of the file
    state[keys.conflict] = False
    state[keys.message] = ("info", "Both versions are in the editor, marked. Edit them into one and press Save note.")


def merged_text(mine: str, theirs: str) -> str:
    """Both versions in one text, with git-style markers around the lines that differ.

    >>> merged_text("a\\nmine\\n", "a\\ntheirs\\n").splitlines()
    ['a', '<<<<<<< your text', 'mine', '=======', 'theirs', '>>>>>>> on disk']
    """
    ours, other = mine.splitlines(keepends=True), theirs.splitlines(keepends=True)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=ours, b=other, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            out += ours[a1:a2]
            continue
        out += ["<<<<<<< your text\n", *_ended(ours[a1:a2]), "=======\n", *_ended(other[b1:b2]), ">>>>>>> on disk\n"]
    return "".join(out)


def _ended(lines: list[str]) -> list[str]:
    return [*lines[:-1], lines[-1] if lines[-1].endswith("\n") else lines[-1] + "\n"] if lines else []


def _show_conflict(
    library: Path, key: str, keys: NoteKeys, file_name: str, disk_text: str, disk_digest: str | None
) -> None:
    st.warning(
        f"notes/{md_text(file_name)} was changed on disk (by an editor or another window) since you opened it. "
        "Nothing was written, and your text is still in the editor. Choose what to keep:"
    )
    mine_column, theirs_column = st.columns(2)
    mine_column.caption("Your text")
    mine_column.code(st.session_state[keys.text] or " ", language=None, wrap_lines=True)
    theirs_column.caption("On disk now")
    theirs_column.code(disk_text or "(the file was deleted)", language=None, wrap_lines=True)
    buttons = st.columns(3)
    buttons[0].button(
        "Keep my text (replace the file's)",
        key=keys.mine,
        on_click=_save,
        args=(library, key, keys, disk_digest),
        kwargs={"overwrite": True},
    )
    buttons[1].button(
        "Take the file's version", key=keys.theirs, on_click=_take_theirs, args=(keys, disk_text, disk_digest)
    )
    buttons[2].button("Merge both in the editor", key=keys.merge, on_click=_merge, args=(keys, disk_text, disk_digest))
