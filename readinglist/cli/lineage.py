"""`lineage`, `why`, `order` and `graph`: the library as a lineage graph, asked about and exported."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import ReadingListError
from ..exporters.formats import BIBTEX_STYLES, GRAPH_FORMATS, ORDER_FORMATS, format_for_out
from ..outputs import check_output_path
from . import (
    OFFLINE_TOO,
    PAPER_HELP,
    TEXT_OR_JSON,
    TextOrJsonOption,
    _choice,
    _emit,
    _export_format,
    _library_files,
    _notify,
    _print_json,
    app,
    cli_text,
    err,
    out,
    state,
)

if TYPE_CHECKING:
    import networkx as nx

    from ..citations import CitationContext
    from ..graph import Edge
    from ..models import Entry


def _graph() -> nx.DiGraph:
    from ..usecases.lineage_graph import load_graph

    with state.open_cache() as cache:
        graph = load_graph(state.library, cache, _notify)
    gc.freeze()  # a one-shot process: the collector need never walk the library and its graph again
    return graph


def _marks(data: Edge) -> str:
    """` · methodology ★` : the citation's intents and an influence mark, when enrichment knows them."""
    context = data.get("context")
    if context is None:
        return ""
    intents = ", ".join(context.intents) or "no intent given"
    return f" · {intents}" + (" ★ influential" if context.influential else "")


def _edge_record(data: Edge) -> dict[str, Any]:
    """An edge for JSON output: kinds, the list's words and, once enriched, intents, influence and contexts."""
    context = data.get("context")
    return {
        "kinds": list(data["kinds"]),
        "note": data.get("note") or None,
        "intents": list(context.intents) if context else None,
        "influential": context.influential if context else None,
        "contexts": [{"text": " ".join(t.split()), "intents": i} for t, i in context.contexts] if context else None,
    }


def _known(graph: nx.DiGraph, query: str) -> str:
    """The key a query names (key, arXiv id, DOI, common name, title words, author and year)."""
    from ..usecases.lineage_graph import named

    return named(graph, query, _notify)


@app.command()
def lineage(
    key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)],
    up: Annotated[bool, typer.Option("--up", help="What KEY builds on and cites (default).")] = False,
    down: Annotated[bool, typer.Option("--down", help="What builds on or cites KEY.")] = False,
    both: Annotated[bool, typer.Option("--both", help="Both directions.")] = False,
    depth: Annotated[int, typer.Option(metavar="N", help="How many steps to follow (1 or more).")] = 3,
    fmt: TextOrJsonOption = "text",
) -> None:
    """Print KEY's lineage as a tree, with the edge type and the list's words on each line."""
    from ..graph import entry_of
    from ..paper import paper_of
    from ..usecases.lineage_graph import LineageRequest
    from ..usecases.lineage_graph import lineage as lineage_of

    _choice(fmt, TEXT_OR_JSON)
    if depth < 1:
        raise ReadingListError(f"--depth {depth}: give 1 or more (1 = the papers linked to KEY directly)")
    directions = ["up", "down"] if both else ["down"] if down and not up else ["up"]
    with state.open_cache() as cache:
        report = lineage_of(LineageRequest(state.library, key, tuple(directions), depth), cache, _notify)
    gc.freeze()  # a one-shot process: the collector need never walk the library and its graph again
    graph, key = report.graph, report.key
    if fmt == "json":
        _print_json(
            {
                "key": key,
                "title": entry_of(graph, key).title or None,
                "lines": [
                    {"direction": direction, "level": level, "key": other, "from": parent,
                     "label": paper_of(entry_of(graph, other)).label, **_edge_record(data),
                     "repeated": data["repeated"]}
                    for direction in directions
                    for level, other, parent, data in report.lines[direction]
                ],
            }
        )  # fmt: skip
        return
    from ..listing import tree_branches
    from ..order import PaperNames

    names = PaperNames(graph)
    out.print(f"{key}  {entry_of(graph, key).title}", markup=False)
    unfetched = 0
    for direction in directions:
        out.print("builds on / cites:" if direction == "up" else "built on / cited by:", markup=False)
        lines = report.lines[direction]
        if not lines:
            out.print("  (none in the library)", markup=False)
        branches = tree_branches([level for level, *_ in lines])
        for branch, (_level, other, _parent, data) in zip(branches, lines, strict=True):
            missing = "cites" in data["kinds"] and data.get("context") is None
            unfetched += missing
            kinds = "+".join(data["kinds"]) + (" *" if missing else "")
            note = f"  “{names.rewrite(data['note'])}”" if data.get("note") else ""
            mark = " (see above)" if data["repeated"] else ""
            out.print(f"  {branch}[{kinds}{_marks(data)}] {other} · {names(other)}{mark}{note}", markup=False)
    if unfetched:  # said once, not on every line
        out.print("* contexts not fetched: `readinglist enrich --contexts`", markup=False)


@app.command()
def why(
    citing: Annotated[str, typer.Argument(metavar="CITING", help="The later paper (key, id, name or title words).")],
    cited: Annotated[str, typer.Argument(metavar="CITED", help="The paper it builds on or cites.")],
    fmt: TextOrJsonOption = "text",
    offline: Annotated[
        bool, typer.Option(help="Never touch the network; show only what is cached." + OFFLINE_TOO)
    ] = False,
) -> None:
    """Why CITING cites (or builds on) CITED: the list's words, then each citation context with its intent.

    When the citation's contexts are not cached yet, asks Semantic Scholar once for them (and caches them).
    """
    from ..graph import Edge, edge_of, entry_of
    from ..paper import paper_of

    _choice(fmt, TEXT_OR_JSON)
    offline = offline or state.read_settings().offline
    graph = _graph()
    citing, cited = _known(graph, citing), _known(graph, cited)
    link: Edge | None = edge_of(graph, cited, citing) if graph.has_edge(cited, citing) else None
    if link is not None and link.get("context") is None and "cites" in link["kinds"] and not offline:
        fetched = _fetch_edge(cited, citing)  # one call, then cached
        if fetched is not None:
            link["context"] = fetched
    if fmt == "json":
        record = _edge_record(link or Edge(kinds=(), note=""))
        _print_json({"citing": citing, "cited": cited, "linked": link is not None, **record})
        if link is None:
            raise typer.Exit(1)
        return
    names = {key: paper_of(entry_of(graph, key)).named for key in (citing, cited)}
    out.print(f"{names[citing]} → {names[cited]}", markup=False)
    data = graph.get_edge_data(cited, citing)
    if data is None:
        out.print(f"{names[citing]} neither builds on nor cites {names[cited]} in the library.", markup=False)
        raise typer.Exit(1)
    if data.get("note"):
        from ..order import PaperNames

        out.print(f"Curated lineage: “{PaperNames(graph).rewrite(data['note'])}”", markup=False)
    context = data.get("context")
    if context is None:
        out.print(_no_context_yet(entry_of(graph, citing), names[citing], offline), markup=False)
        return
    out.print(
        "Semantic Scholar counts this citation as " + ("influential." if context.influential else "not influential."),
        markup=False,
    )
    if not context.contexts:
        out.print("Semantic Scholar has no context sentences for this citation.", markup=False)
    for text, intents in context.contexts:
        out.print(f"- [{', '.join(intents) or 'no intent'}] {' '.join(text.split())}", markup=False)


def _no_context_yet(citing: Entry, name: str, offline: bool) -> str:
    """Why `why` has no citation contexts to show, and what fetches them."""
    if offline:
        return (
            "No citation contexts for this edge yet: `readinglist why` without --offline (and without "
            "READINGLIST_OFFLINE=1) or `readinglist enrich --contexts` fetches them (needs the network)."
        )
    if not citing.get("s2id"):
        return (
            f"No citation contexts for this edge yet: {name} has no Semantic Scholar id; "
            f"`readinglist enrich {citing.key}` looks it up (needs the network), then `readinglist why` fetches them."
        )
    return (
        f"No citation contexts for this edge yet: Semantic Scholar's references of {name} do not name it, "
        "or it could not be asked (then a note above says why)."
    )


def _fetch_edge(cited: str, citing: str) -> CitationContext | None:
    """One reference call for the citing paper (cached); a network problem is a note, not a failure of `why`."""
    from ..sources import Sources
    from ..usecases.citation_contexts import EdgesRequest, run

    try:
        with Sources.open(state.read_settings()) as sources:
            report = run(EdgesRequest(state.library, ((cited, citing),)), sources)
    except ReadingListError as error:  # the sources could not be opened
        problems = [str(error)]
    else:
        problems = report.outcome.failed
    for problem in problems:
        err.print(f"note: could not fetch the citation contexts: {cli_text(problem)}", markup=False)
    return None if problems else report.contexts.get((cited, citing))


@app.command()
def order(
    papers: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TARGET]...",
            help="Read up to these papers (key, arXiv id, DOI, common name or title words).",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        list[str] | None, typer.Option("--target", metavar="KEY", help="A target, as an option (repeatable).")
    ] = None,
    section: Annotated[
        list[str] | None, typer.Option("--section", metavar="SLUG", help="Only these sections (repeatable).")
    ] = None,
    unread: Annotated[bool, typer.Option("--unread", help="Leave out papers marked read.")] = False,
    budget: Annotated[
        int | None,
        typer.Option(
            "--budget", metavar="N", min=0, help="N papers in all, the targets included (the most important); 0: all."
        ),
    ] = None,
    max_items: Annotated[
        int | None, typer.Option("--max", metavar="N", min=0, hidden=True, help="Old form: N before the targets.")
    ] = None,
    fmt: Annotated[str | None, _export_format(ORDER_FORMATS, "md")] = None,
    style: Annotated[
        str,
        typer.Option(
            metavar="STYLE",
            help="For --format bib: biblatex (biber) or bibtex (classic styles: @online becomes @misc).",
            autocompletion=lambda: list(BIBTEX_STYLES),
        ),
    ] = "biblatex",
    out_file: Annotated[str, typer.Option("--out", metavar="FILE", help="Write to FILE; - is standard output.")] = "-",
) -> None:
    """A reading order: every paper after what it builds on or cites, each with its reason."""
    from ..usecases.lineage_graph import OrderRequest
    from ..usecases.lineage_graph import order as order_of

    check_output_path(out_file, _library_files())
    export = format_for_out(fmt, out_file, ORDER_FORMATS, "md")
    _choice(style, BIBTEX_STYLES, "--style")
    if budget is not None and max_items is not None:
        raise typer.BadParameter("give --budget (papers in all) only; --max is its old form", param_hint="--max")
    targets = (*(papers or []), *(target or []))
    request = OrderRequest(state.library, targets, tuple(section or ()), unread, budget, max_items)
    with state.open_cache() as cache:
        result = order_of(request, cache, _notify).order
    gc.freeze()  # a one-shot process: the collector need never walk the library and its graph again
    text = export.render(result, style=style)
    if export.name == "md" and out_file == "-" and out.is_terminal:  # a person reading: Markdown drawn, notes in it
        from rich.markdown import Markdown

        out.print(Markdown(text, hyperlinks=False), soft_wrap=False)
        return
    for note in result.cycle_notes:  # piped or written: the notes on stderr too, where the person running it looks
        err.print(f"note: {note}", markup=False)
    if result.left_out:
        err.print(f"note: {result.left_out_summary()}", markup=False)
    _emit(text, out_file)


@app.command()
def graph(
    out_file: Annotated[
        str,
        typer.Option(
            "--out",
            metavar="FILE",
            help="FILE.html, .graphml or .json (the format follows the name; other names are refused); - is stdout.",
        ),
    ],
    target: Annotated[
        str | None, typer.Option(metavar="KEY", help="Only this paper's lineage (both directions).")
    ] = None,
    section: Annotated[list[str] | None, typer.Option("--section", metavar="SLUG", help="Only these sections.")] = None,
    fmt: Annotated[str | None, _export_format(GRAPH_FORMATS, "html")] = None,
) -> None:
    """Write the lineage graph as a standalone offline page, or as GraphML / node-link JSON (citing -> cited)."""
    import networkx as nx

    from ..order import select_keys

    check_output_path(out_file, _library_files())
    export = format_for_out(fmt, out_file, GRAPH_FORMATS, "html")
    full = _graph()
    keys = set(full)
    if target:
        key = _known(full, target)
        keys = {key} | nx.ancestors(full, key) | nx.descendants(full, key)
    if section:
        keys &= select_keys(full, [], section)
    focus = key if target else None  # the page opens on the target's lineage (else InstructGPT's)
    _emit(export.render(full.subgraph(keys).copy(), focus=focus), out_file)
