"""The lineage graph inside the app page as an `st.components.v2` component: a clicked node comes back to Python.

The scripts and styles are the package's static files (shared with the exported page) and the vis-network copy
pyvis ships: the page loads nothing from outside. The drawn graph is `window.network` in the page.
"""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st

from ..exporters.graph_page import static_text, vis_assets


@functools.cache
def _component():  # type: ignore[no-untyped-def]
    vis_js, vis_css = vis_assets()
    js = "\n".join((vis_js, static_text("lineage.js"), static_text("component.js")))
    css = vis_css + "\n" + static_text("lineage.css")
    return st.components.v2.component(
        "readinglist.lineage_graph", html='<div id="readinglist-graph"></div>', css=css, js=js, isolate_styles=False
    )


def graph_canvas(data: dict[str, Any], key: str = "graph_canvas") -> str | None:
    """Draw the graph (`Drawing.data()` plus the focus); return the node clicked in this run, if any."""
    result = _component()(key=key, data=data, on_selected_change=lambda: None)
    return getattr(result, "selected", None)
