"""Offline means offline: READINGLIST_OFFLINE=1 or the app's Offline toggle, and the app touches no network at all.

Without either, the app still fetches nothing by itself: it checks whether the APIs can be reached only on the pages
that use them (Add paper, Suggestions) or when the reader presses a fetch button.
"""

from __future__ import annotations

import streamlit as st

from ..settings import OFFLINE_ENV, Settings
from . import state


def offline() -> bool:
    """True when nothing may touch the network: no name lookup, no connection, no request."""
    return Settings.from_env().offline or state.OFFLINE.get()


def offline_toggle() -> None:
    """The session's Offline switch (locked on when READINGLIST_OFFLINE=1 is set for the whole app)."""
    locked = Settings.from_env().offline
    if locked:
        state.OFFLINE.set(True)
    st.toggle(
        "Offline: use no network",
        key=state.OFFLINE.name,
        disabled=locked,
        help=f"{OFFLINE_ENV}=1 is set: the app makes no lookup and no request."
        if locked
        else "On: no lookup and no request to arXiv or Semantic Scholar; adding by id is off, adding by hand works.",
    )
