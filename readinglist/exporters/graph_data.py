"""The lineage graph as GraphML (Gephi, Cytoscape, igraph) or node-link JSON (networkx, d3).

Edges run from the citing paper to the cited one (the usual direction of a citation graph; the app draws
the reverse, prerequisite -> dependent, to show time). The files say so in a graph attribute `edge_direction`.
Every node has a `label` (`Ouyang 2022`), `type`, `kind` and `status`, and the entry's record (`list --format json`)
where the entry says it: `year`, `month`, `citation_count` and `influential_count` as integers, people as one text
(`Long Ouyang; Jeff Wu; et al.`), lists as comma-separated text, then every other field as written. An attribute
the entry does not have is absent from its node (GraphML's way of saying unknown). Every edge has `kinds`
(`builds_on`, `cites` or both, comma-separated) and, when the list says why, `note`. The README lists them all.
"""

from __future__ import annotations

import json

import networkx as nx
from networkx.readwrite import json_graph

from ..graph import entry_of
from ..listing import paper_record
from ..models import Entry
from ..names import parse_persons
from ..paper import paper_of

EDGE_DIRECTION = "citing -> cited: each edge goes from a paper to one it cites or builds on"


def node_attributes(entry: Entry) -> dict[str, str | int | bool]:
    """One node's typed attributes: the entry's record flattened (no nulls), then its other fields as written."""
    record = paper_record(entry)
    attributes: dict[str, str | int | bool] = {"label": paper_of(entry).label}
    for name, value in record.items():
        if name in ("authors", "editors") and value is not None:
            attributes[name] = parse_persons(entry.get(name[:-1])).as_text()
        elif isinstance(value, list):
            if value:
                attributes[name] = ", ".join(value)
        elif value is not None and name not in ("fields", "more_authors", "key"):
            attributes[name] = value
    written = {name: value for name, value in entry.fields.items() if name not in ("author", "editor", "section")}
    return attributes | {name: value for name, value in written.items() if name not in attributes}


def citation_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """A plain-attribute copy of the lineage graph with citing -> cited edges and typed attributes on every node."""
    plain = nx.DiGraph(edge_direction=EDGE_DIRECTION, source="readinglist")
    for key in graph:
        plain.add_node(key, **node_attributes(entry_of(graph, key)))
    for prerequisite, dependent, data in graph.edges(data=True):
        note = {"note": data["note"]} if data.get("note") else {}
        plain.add_edge(dependent, prerequisite, kinds=",".join(data["kinds"]), **note)
    return plain


def render_graphml(graph: nx.DiGraph) -> str:
    """GraphML with typed attributes (`year` an int); a node without a value has no attribute (Gephi's default)."""
    return "\n".join(nx.generate_graphml(citation_graph(graph))) + "\n"


def render_node_link_json(graph: nx.DiGraph) -> str:
    """Node-link JSON that `networkx.node_link_graph(data)` reads without arguments, old versions included.

    networkx 3.6 reads the edge list from `edges`, versions before 3.4 from `links`: the file carries both
    (the same list), so either reads it as it is.
    """
    data = json_graph.node_link_data(citation_graph(graph), edges="edges")
    data["links"] = data["edges"]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
