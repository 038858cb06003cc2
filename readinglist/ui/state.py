"""The app's session state in one place: every key a page keeps in `st.session_state`, declared once with its type.

Pages read and write a key through its `Slot` (`FOCUS.get()`, `FOCUS.set(key)`), and a widget that keeps its value
in the session takes the slot's name (`key=TARGETS.name`). Keys made per paper or per row (a paper's read box, its
note editor, a conflict's edit box) are named by the functions at the end, so their spelling lives here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

import streamlit as st

from ..search import Answer
from ..usecases.import_list import ImportListReport
from .lookup_said import LookupSaid

T = TypeVar("T")
Outcome = tuple[str, str]  # ("added" | "failed", message) of the Add page's hand form


class Slot(Generic[T]):
    """One session-state key: its name, what it holds and the value it starts with (made fresh for each session)."""

    def __init__(self, name: str, start: Callable[[], T], doc: str) -> None:
        self.name, self.start, self.__doc__ = name, start, doc

    def get(self) -> T:
        """The value, or the starting value while the session has none (not stored: `setdefault` stores it)."""
        state = st.session_state
        return cast(T, state[self.name]) if self.name in state else self.start()

    def set(self, value: T) -> None:
        st.session_state[self.name] = value

    def setdefault(self) -> T:
        """The value, stored first if the session has none (for values changed in place, like a set)."""
        if self.name not in st.session_state:
            st.session_state[self.name] = self.start()
        return cast(T, st.session_state[self.name])

    def pop(self) -> T:
        """The value, removed from the session (a message shown once); the starting value when there was none."""
        return cast(T, st.session_state.pop(self.name)) if self.name in st.session_state else self.start()

    def is_set(self) -> bool:
        return self.name in st.session_state

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"


def _none() -> None:
    return None


# The lineage: shared by the Graph and Papers pages and the detail panel.
FOCUS = Slot[str]("focus", str, "The paper the Graph page draws the lineage around ('' before the first visit).")
SELECTED = Slot[str]("selected", str, "The paper shown in the Graph page's detail panel (clicked, or the focus).")
PENDING_FOCUS = Slot[str | None](
    "pending_focus", _none, "The panel's “Focus the graph on this paper”, applied at the start of the next rerun."
)
EXPANDED_GROUPS = Slot[set[str]]("expanded_groups", set, "The graph's grouped nodes the reader has opened.")
FIND = Slot[str]("find", str, "The Graph page's find box (a widget).")
FOUND_FOR = Slot[str | None]("found_for", _none, "The words the find box last searched for.")
FOUND = Slot[Answer | None]("found", _none, "What the one search answered for FOUND_FOR (the find box).")

# A lookup on Semantic Scholar and arXiv (the no-links banner, the detail panel).
LOOKED_UP = Slot[LookupSaid | None](
    "looked_up", _none, "What the last lookup did: a line said once, a list kept until hidden."
)

# The Papers page.
PICK = Slot[str | None]("papers_pick", _none, "The paper the Papers page details (its “Details of” picker, a widget).")
PICKED_FOR = Slot[str | None](
    "papers_picked_for", _none, "The filter words whose best match the “Details of” picker was last set to."
)
PAPERS_ROWS = Slot[tuple[str, list[str]]](
    "papers_rows", lambda: ("", []), "The Papers table's widget key and its rows' paper keys, in the order shown."
)

# The Reading order page.
TARGETS = Slot[list[str]]("targets", list, "The order's targets (a multiselect that also takes typed words).")
TARGETS_FOUND = Slot[Answer | None](
    "targets_found", _none, "What the one search answered for words typed into the targets box, said once."
)
TARGETS_ASKED = Slot[str | None](
    "targets_asked_by_link", _none, "The target a link asked for (“Reading order →”), applied once per link."
)

# The network switch shown on every page that can use the network.
OFFLINE = Slot[bool]("offline", bool, "The session's Offline toggle (a widget): no lookup, no connection.")

# Messages a callback leaves for the rerun it causes, shown once.
HAND_OUTCOME = Slot[Outcome | None]("hand_outcome", _none, "What adding a paper by hand did.")
IMPORT_DONE = Slot[tuple[str, ImportListReport] | None](
    "import_done", _none, "The imported list's digest and the report of its import, kept while the list is the same."
)
IMPORT_TOAST = Slot[bool](
    "import_toast", bool, "An import just ran: say so once in a toast, in view however the window is scrolled."
)
NEW_DONE = Slot[list[str]](
    "new_done", list, "What the What's new page's last Add, Dismiss or Restore changed, and what to do next."
)
NEW_DISMISSED = Slot[list[tuple[str, str, str]]](
    "new_dismissed", list, "(section, id, title) of the candidates dismissed in this session, each with a Restore."
)
CONFLICT_DONE = Slot[str | None]("conflict_done", _none, "What resolving a merge conflict did.")
CONFLICT_ERROR = Slot[str | None]("conflict_error", _none, "Why resolving a merge conflict saved nothing.")

# The Add page's form by hand (widgets), cleared after a paper is added.
HAND_TITLE = Slot[str]("hand_title", str, "Title.")
HAND_AUTHORS = Slot[str]("hand_authors", str, "Authors, one per line.")
HAND_YEAR = Slot[str]("hand_year", str, "Year, four digits.")
HAND_ID = Slot[str]("hand_id", str, "arXiv id or DOI.")
HAND_URL = Slot[str]("hand_url", str, "Link.")
HAND_SECTION = Slot[str]("hand_section", str, "Section (the paper's lane on the graph).")
HAND_SUMMARY = Slot[str]("hand_summary", str, "Chinese summary.")
HAND_BUILDS_ON = Slot[str]("hand_builds_on", str, "The paper it builds on.")
HAND_FORM = (HAND_TITLE, HAND_AUTHORS, HAND_YEAR, HAND_ID, HAND_URL, HAND_SECTION, HAND_SUMMARY, HAND_BUILDS_ON)


def read_box(key: str) -> str:
    """The widget key of a paper's read box (the Graph panel's toggle, the order's checkbox)."""
    return f"read-{key}"


def conflict_edit(slug: str) -> str:
    """The widget key of a merge conflict's own-value text box."""
    return f"edit-{slug}"


def widget_value(key: str) -> Any:
    """A widget's value by the key it was made with (the Papers table's selection, the graph canvas's click)."""
    return st.session_state.get(key)


def set_widget_value(key: str, value: object) -> None:
    st.session_state[key] = value


class NoteKeys:
    """The session-state names of one paper's note editor (its widgets, the text it started from, its draft)."""

    def __init__(self, key: str) -> None:
        self.text = f"note-{key}"
        self.base = f"note-base-{key}"
        self.save = f"save-note-{key}"
        self.conflict = f"note-conflict-{key}"
        self.message = f"note-message-{key}"
        self.draft = f"note-draft-{key}"  # outlives the widget, which Streamlit forgets when it is not shown
        self.mine, self.theirs, self.merge = f"note-mine-{key}", f"note-theirs-{key}", f"note-merge-{key}"
