"""Every export format in one registry: name -> renderer, file extension, MIME type.

The CLI (`--format` choices and `--help`), the app's download buttons and `graph --out FILE.ext` all read
these tables, so a new format is one entry here plus its renderer. Renderers are named, not imported, so
listing the formats costs nothing (the graph page pulls in jinja2 only when it is drawn).

>>> [f.name for f in ORDER_FORMATS.values()]
['md', 'json', 'csv', 'bib', 'csl-json']
>>> format_for_out(None, "lineage.graphml", GRAPH_FORMATS, "html").name
'graphml'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from ..errors import UsageError

BIBTEX_STYLES = ("biblatex", "bibtex")


class UnknownFormatError(UsageError):
    """A `--format` name that no registry entry has."""


@dataclass(frozen=True)
class ExportFormat:
    """One format: how to render it, and how to name and serve the file."""

    name: str
    label: str  # what a person reads on a button
    extension: str  # without the dot
    mime: str
    renderer: str  # "module:function", imported on first use
    options: tuple[str, ...] = field(default=())  # keyword options the renderer takes (e.g. "style")

    def render(self, value: Any, **options: Any) -> str:
        """Render `value` (a reading order or a graph); options the format does not take are ignored."""
        module_name, _, function = self.renderer.partition(":")
        render = getattr(import_module(module_name, __package__), function)
        text: str = render(value, **{k: v for k, v in options.items() if k in self.options})
        return text


ORDER_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("md", "Markdown", "md", "text/markdown", ".order_formats:render_markdown"),
        ExportFormat("json", "JSON", "json", "application/json", ".order_formats:render_json"),
        ExportFormat("csv", "CSV", "csv", "text/csv", ".order_formats:render_csv"),
        ExportFormat("bib", "BibTeX", "bib", "application/x-bibtex", ".bibtex_export:render_order_bibtex", ("style",)),
        ExportFormat(
            "csl-json", "CSL-JSON", "csl.json", "application/vnd.citationstyles.csl+json", ".csl_json:render_order_csl"
        ),
    )
}

GRAPH_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("html", "Interactive page", "html", "text/html", ".graph_page:render_graph_page", ("focus",)),
        ExportFormat("graphml", "GraphML", "graphml", "application/graphml+xml", ".graph_data:render_graphml"),
        ExportFormat("json", "node-link JSON", "json", "application/json", ".graph_data:render_node_link_json"),
    )
}


def format_for(name: str, registry: dict[str, ExportFormat], option: str = "--format") -> ExportFormat:
    """The registry entry called `name`, or a one-line error listing the names there are."""
    try:
        return registry[name]
    except KeyError:
        raise UnknownFormatError(f"unknown {option} {name!r}; use one of {', '.join(registry)}") from None


def format_for_out(name: str | None, out: str, registry: dict[str, ExportFormat], default: str) -> ExportFormat:
    """The format `--out` is written in: `name` when given, else the one the file's extension names, else
    `default` (standard output, a name without extension). An extension that names no format, or another one
    than `--format`, is a one-line error, so `--out x.png` never gets a web page written into it.

    >>> format_for_out(None, "lineage.graphml", GRAPH_FORMATS, "html").name
    'graphml'
    >>> format_for_out(None, "order.csl.json", ORDER_FORMATS, "md").name
    'csl-json'
    >>> format_for_out("csl-json", "refs.json", ORDER_FORMATS, "md").name
    'csl-json'
    >>> format_for_out(None, "x.png", GRAPH_FORMATS, "html")
    Traceback (most recent call last):
    ...
    readinglist.exporters.formats.UnknownFormatError: --out x.png: .png is not a format this command writes; \
name the file x.html, x.graphml or x.json (the format follows the name), or give --format
    """
    chosen = format_for(name, registry) if name else None
    path = Path(out)
    extension = path.name.partition(".")[2].lower() if out != "-" else ""
    if not extension:
        return chosen or registry[default]
    known = {f.extension: f for f in registry.values()}
    if "html" in known:
        known["htm"] = known["html"]
    parts = extension.split(".")
    named = next((known[e] for e in (".".join(parts[i:]) for i in range(len(parts))) if e in known), None)
    if named is not None and chosen in (None, named):
        return named
    if chosen is not None and f".{chosen.extension}".endswith(f".{parts[-1]}"):
        return chosen  # CSL-JSON in refs.json: a kind of JSON file
    stem = path.name.split(".")[0]
    if chosen is not None:
        raise UnknownFormatError(
            f"--out {out} does not match --format {chosen.name}; name the file "
            f"{path.with_name(f'{stem}.{chosen.extension}')}, or leave out --format"
        )
    names = [str(path.with_name(f"{stem}.{f.extension}")) for f in registry.values()]
    raise UnknownFormatError(
        f"--out {out}: .{parts[-1]} is not a format this command writes; name the file "
        f"{', '.join(names[:-1])} or {names[-1]} (the format follows the name), or give --format"
    )
