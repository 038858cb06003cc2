"""The lineage graph inside the app page as an `st.components.v2` component: a clicked node comes back to Python.

vis-network is the copy pyvis ships, inlined: the page loads nothing from outside.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pyvis
import streamlit as st

_VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

_MODULE = """
export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  const root = parentElement.querySelector("#readinglist-graph");
  root.style.height = data.height + "px";
  if (root.__network) { root.__network.destroy(); }
  const network = new vis.Network(root, {
    nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)
  }, data.options);
  const present = new Set(data.nodes.map((n) => n.id));
  const around = (data.fit || []).filter((id) => present.has(id));
  const fitView = () => network.fit(around.length > 1 ? { nodes: around, animation: false } : { animation: false });
  fitView();
  network.once("afterDrawing", fitView);  // again once the canvas has its real size
  if (data.focus && data.nodes.some((n) => n.id === data.focus)) {
    network.selectNodes([data.focus]);
  }
  network.on("click", (params) => {
    if (params.nodes.length) { setTriggerValue("selected", params.nodes[0]); }
  });
  root.__network = network;
  window.__readinglistNetwork = network;  // lets the browser test find a node's position on the canvas
  return () => network.destroy();
}
"""


@functools.cache
def _component():  # type: ignore[no-untyped-def]
    js = (_VIS / "vis-network.min.js").read_text(encoding="utf-8") + "\n" + _MODULE
    css = (_VIS / "vis-network.css").read_text(
        encoding="utf-8"
    ) + "\n#readinglist-graph{width:100%;border:1px solid #ddd}"
    return st.components.v2.component(
        "readinglist.lineage_graph", html='<div id="readinglist-graph"></div>', css=css, js=js, isolate_styles=False
    )


def graph_canvas(
    nodes: list[dict],
    edges: list[dict],
    options: dict[str, Any],
    focus: str | None,
    fit: list[str],
    height: int = 560,
    key: str = "graph_canvas",
) -> str | None:
    """Draw the graph zoomed on `fit` (the focus and its lineage); return the node clicked in this run, if any."""
    data = {"nodes": nodes, "edges": edges, "options": options, "focus": focus, "fit": fit, "height": height}
    result = _component()(key=key, data=data, on_selected_change=lambda: None)
    return getattr(result, "selected", None)
