"""The lineage graph as GraphML (Gephi, Cytoscape, igraph) or node-link JSON (networkx, d3).

Edges run from the citing paper to the cited one (the usual direction of a citation graph; the app draws
the reverse, prerequisite -> dependent, to show time). The files say so in a graph attribute `edge_direction`.
Every node has a `label` (`Ouyang et al. 2022`) and the entry's fields; every edge its `kinds` and `note`.
"""

from __future__ import annotations

import json

import networkx as nx
from networkx.readwrite import json_graph

from ..graph import entry_of

EDGE_DIRECTION = "citing -> cited: each edge goes from a paper to one it cites or builds on"


def citation_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """A plain-attribute copy of the lineage graph with citing -> cited edges and a label on every node."""
    plain = nx.DiGraph(edge_direction=EDGE_DIRECTION, source="readinglist")
    for key in graph:
        entry = entry_of(graph, key)
        plain.add_node(key, **{**entry.fields, "label": entry.short_label, "type": entry.entry_type})
    for prerequisite, dependent, data in graph.edges(data=True):
        plain.add_edge(dependent, prerequisite, kinds=",".join(data["kinds"]), note=data.get("note", ""))
    return plain


def render_graphml(graph: nx.DiGraph) -> str:
    """GraphML with string attributes (missing fields are empty strings, as Gephi expects)."""
    return "\n".join(nx.generate_graphml(citation_graph(graph))) + "\n"


def render_node_link_json(graph: nx.DiGraph) -> str:
    """Node-link JSON that `networkx.node_link_graph(data)` reads without arguments, old versions included.

    networkx 3.6 reads the edge list from `edges`, versions before 3.4 from `links`: the file carries both
    (the same list), so either reads it as it is.
    """
    data = json_graph.node_link_data(citation_graph(graph), edges="edges")
    data["links"] = data["edges"]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
