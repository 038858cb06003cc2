"""The lineage graph inside the app page as an `st.components.v2` component: a clicked node comes back to Python.

The component's script and style are files of `readinglist/static/` (shared with the exported page, with the copy of
vis-network beside them), declared to Streamlit in `readinglist/pyproject.toml`: Streamlit serves them from the
package, so a page message carries their names, not 0.7 MB of script, and the page loads nothing from outside.
The drawn graph is `window.network` in the page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import streamlit as st

from .state import widget_value


@functools.cache
def _component():  # type: ignore[no-untyped-def]
    return st.components.v2.component(
        "readinglist.lineage_graph",
        html='<div id="readinglist-graph"></div>',
        css="component.css",
        js="component.js",
        isolate_styles=False,
    )


def graph_canvas(data: dict[str, Any], on_click: Callable[[str], None], key: str = "graph_canvas") -> None:
    """Draw the graph (`Drawing.data()` plus the focus). A click calls `on_click(node id)` before the rerun it
    causes, so that one rerun already shows what the click asked for (no second rerun)."""

    def clicked() -> None:
        value = widget_value(key)
        node = value.get("selected") if value is not None else None
        if isinstance(node, str):
            on_click(node)

    _component()(key=key, data=data, on_selected_change=clicked)
