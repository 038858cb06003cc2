"""The `readinglist` command: thin typer commands over the package; errors become one line and an exit code."""

from __future__ import annotations

import gc
import json
import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from .. import __version__
from ..config import LIBRARY_ENV, default_library_path
from ..errors import ReadingListError, UsageError
from ..exporters.formats import (
    BIBTEX_STYLES,
    GRAPH_FORMATS,
    ORDER_FORMATS,
    UnknownFormatError,
    format_for_out,
)
from ..keys import check_key
from ..models import STATUSES, Entry, split_list
from ..outputs import check_output_path, write_output

if TYPE_CHECKING:  # the heavy modules are imported inside the commands that use them
    import networkx as nx
    from rich.console import Console

    from ..enrich import RunReport
    from ..models import Entry
    from ..resolve import PaperIndex
    from ..settings import Settings
    from ..sources.cache import ResponseCache
    from ..store import Library
    from ..suggest import Suggestion

class _PlainUsageCommand(typer.core.TyperCommand):
    """A command whose usage line reads `set KEY FIELD VALUE`, as git's and gh's do (typer writes `{KEY}`)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in super().collect_usage_pieces(ctx)]


class _App(typer.Typer):
    """typer.Typer whose commands all have plain usage lines."""

    def command(self, *args: Any, cls: type[typer.core.TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or _PlainUsageCommand, **kwargs)


app = _App(
    help="A bilingual annotated paper library in papers.bib, explored as a lineage graph.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _LazyConsole:
    """A rich Console made on first use, so commands that print plain rows never import rich."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._console: Any = None

    def get(self) -> Console:
        """The Console itself (made now if it was not yet)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


out = _LazyConsole()
err = _LazyConsole(stderr=True)
TEXT_OR_JSON = ("text", "json")
TextOrJsonOption = Annotated[
    str, typer.Option("--format", metavar="FORMAT", help="text or json.", autocompletion=lambda: TEXT_OR_JSON)
]


def _export_format(formats: Mapping[str, object], fallback: str) -> Any:
    """The `--format` option of a command that writes one of `formats`, picked by the --out name by default."""
    return typer.Option(
        "--format",
        metavar="FORMAT",
        help=f"One of {', '.join(formats)} (default: from the --out name, else {fallback}).",
        autocompletion=lambda: list(formats),
    )


def _choice(value: str, choices: tuple[str, ...], option: str = "--format") -> str:
    """`value` when it is one of `choices`; otherwise the same one-line error as an unknown export format."""
    if value not in choices:
        raise UnknownFormatError(f"unknown {option} {value!r}; use one of {', '.join(choices)}")
    return value


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


class State:
    library: Path = Path("papers.bib")
    settings: Settings | None = None

    def read_settings(self) -> Settings:
        """The environment, read once per run."""
        from ..settings import Settings

        if self.settings is None:
            self.settings = Settings.from_env()
        return self.settings

    def open_cache(self) -> ResponseCache:
        from ..sources.cache import ResponseCache

        settings = self.read_settings()
        return ResponseCache(settings.cache_path, settings.cache_max_age_seconds)


state = State()
OFFLINE_TOO = " READINGLIST_OFFLINE=1 does the same."
PAPER_HELP = "A key, arXiv id, DOI, common name (InstructGPT) or title words."
# Problems that leave an entry, or the fields after a stray }, out of what the commands see.
_LEFT_OUT = ("broken-entry", "duplicate-field", "unreadable", "cut-off-fields")
# Fields holding the list's own words, where its private numbering ("0.0.2.6/7") stands for papers.
_LIST_WORDS = ("note_zh", "highlight_zh", "builds_on_note")


def _load() -> Library:
    """The library, its unreadable entries said on stderr."""
    from ..store import load_library

    return _said_unread(load_library(state.library))


def _said_unread(library: Library) -> Library:
    """`library`, after a warning on stderr naming the entries it could not read (none at all is an error)."""
    from ..errors import LibraryFileError

    lines = [
        p.line
        for p in library.problems
        if p.kind in _LEFT_OUT or (p.kind == "duplicate-key" and library.line_of(p.key) != p.line)
    ]
    if not lines:
        return library
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    where = f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:5]))}{more}"
    if not len(library):
        raise LibraryFileError(
            f"{state.library}: no entry could be read ({where}); `readinglist check` says what to fix"
        )
    count = "1 entry" if len(lines) == 1 else f"{len(lines)} entries"
    err.print(
        f"warning: {state.library}: {count} could not be read ({where}), left out here; "
        "`readinglist check` says what to fix",
        markup=False,
    )
    return library


def _key_of(library: Library, query: str) -> str:
    """The exact key of the entry `query` names (key, id, common name, title words); candidates when unclear."""
    from ..resolve import PaperIndex

    entries = library.entries()
    if any(entry.key == query for entry in entries):
        return check_key(query)  # an exact key: no index to build (0.4 s at 10,000 entries)
    return check_key(_resolved(PaperIndex(entries), query))


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"readinglist {__version__}\n")
        raise typer.Exit()


@app.callback()
def _global(
    library: Annotated[
        Path | None,
        typer.Option(
            "--library", "-l", metavar="FILE", help=f"The library file (default: ${LIBRARY_ENV} or ./papers.bib)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show each API request, retry and wait on stderr.")
    ] = False,
) -> None:
    state.library = library or default_library_path()
    state.settings = None  # read afresh for this run (the app object may serve several runs in one process)
    _show_warnings(verbose)


@app.command("set")
def set_field(
    key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)],
    field: Annotated[str, typer.Argument(metavar="FIELD", help="A BibTeX field name, e.g. status or note.")],
    value: Annotated[str, typer.Argument(metavar="VALUE")],
) -> None:
    """Set FIELD of KEY to VALUE (only that entry's lines change in papers.bib)."""
    from ..store import edit_library

    with edit_library(state.library) as library:
        key = _key_of(_said_unread(library), key)
        library.set_field(key, field, value)
    out.print(f"{key}: {field} set", markup=False)


@app.command()
def unset(
    key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)],
    field: Annotated[str, typer.Argument(metavar="FIELD")],
) -> None:
    """Remove FIELD from KEY."""
    from ..store import edit_library

    with edit_library(state.library) as library:
        key = _key_of(_said_unread(library), key)
        removed = library.unset_field(key, field)
    out.print(f"{key}: {field} removed" if removed else f"{key} has no field {field}", markup=False)


@app.command()
def note(key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)]) -> None:
    """Print the path of KEY's note, creating it from the entry when it does not exist."""
    from ..store import NoteStore

    library = _load()
    entry = library.entry(_key_of(library, key))
    out.print(str(NoteStore(state.library).ensure(entry)), markup=False)


@app.command()
def check(
    fmt: TextOrJsonOption = "text",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Name every paper missing author or year.")] = False,
) -> None:
    """Report broken blocks, duplicate keys, one paper under two keys, dangling keys, missing fields."""
    from ..checks import check_library, group_enrichable
    from ..store import load_library

    _choice(fmt, TEXT_OR_JSON)
    library = load_library(state.library)
    problems = check_library(library)
    if fmt == "json":
        _print_json(
            {
                "library": str(state.library),
                "entries": len(library),
                "problems": [{"file": str(state.library), **vars(p), "key": p.key or None} for p in problems],
            }
        )
        if problems:
            raise typer.Exit(1)
        return
    shown, summary = (problems, "") if verbose else group_enrichable(problems)
    for problem in shown:
        out.print(problem.describe(state.library), markup=False)
    if summary:
        out.print(f"{state.library}: {summary}", markup=False, soft_wrap=True)
    if problems:
        out.print(f"{len(problems)} problem(s) in {len(library)} entries", markup=False)
        raise typer.Exit(1)
    out.print(f"{state.library}: {len(library)} entries, no problems", markup=False)


def _graph() -> nx.DiGraph:
    from ..enrich import load_citation_contexts
    from ..graph import build_graph

    entries = _load().resolved_entries()
    with state.open_cache() as cache:
        graph = build_graph(entries, load_citation_contexts(entries, cache))
    gc.freeze()  # a one-shot process: the collector need never walk the library and its graph again
    return graph


def _marks(data: dict) -> str:
    """` · methodology ★` : the citation's intents and an influence mark, when enrichment knows them."""
    context = data.get("context")
    if context is None:
        return ""
    intents = ", ".join(context.intents) or "no intent given"
    return f" · {intents}" + (" ★ influential" if context.influential else "")


def _edge_record(data: dict) -> dict[str, Any]:
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
    from ..resolve import PaperIndex

    return _resolved(PaperIndex(entry for _, entry in graph.nodes(data="entry")), query)


def _resolved(index: PaperIndex, query: str) -> str:
    key = index.resolve(query)
    if key.lower() != query.strip().lower():
        err.print(f"{query} → {index.describe(key)}", markup=False)
    return key


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
    from ..graph import entry_of, lineage_tree

    _choice(fmt, TEXT_OR_JSON)
    if depth < 1:
        raise ReadingListError(f"--depth {depth}: give 1 or more (1 = the papers linked to KEY directly)")
    graph = _graph()
    key = _known(graph, key)
    directions = ["up", "down"] if both else ["down"] if down and not up else ["up"]
    if fmt == "json":
        _print_json(
            {
                "key": key,
                "title": entry_of(graph, key).title or None,
                "lines": [
                    {"direction": direction, "level": level, "key": other, "from": parent,
                     "label": entry_of(graph, other).short_label, **_edge_record(data), "repeated": data["repeated"]}
                    for direction in directions
                    for level, other, parent, data in lineage_tree(graph, key, direction, depth)
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
        lines = list(lineage_tree(graph, key, direction, depth))
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
    from ..graph import entry_of

    _choice(fmt, TEXT_OR_JSON)
    offline = offline or state.read_settings().offline
    graph = _graph()
    citing, cited = _known(graph, citing), _known(graph, cited)
    link = graph.get_edge_data(cited, citing)
    if link is not None and link.get("context") is None and "cites" in link["kinds"] and not offline:
        link["context"] = _fetch_edge(cited, citing)  # one call, then cached
    if fmt == "json":
        record = _edge_record(link or {"kinds": ()})
        _print_json({"citing": citing, "cited": cited, "linked": link is not None, **record})
        if link is None:
            raise typer.Exit(1)
        return
    from ..drawing import named_label

    names = {key: named_label(entry_of(graph, key)) for key in (citing, cited)}
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
    from ..order import prerequisites_within, reading_order

    check_output_path(out_file, _library_files())
    export = format_for_out(fmt, out_file, ORDER_FORMATS, "md")
    _choice(style, BIBTEX_STYLES, "--style")
    graph = _graph()
    targets = [_known(graph, t) for t in [*(papers or []), *(target or [])]]
    if budget is not None and max_items is not None:
        raise typer.BadParameter("give --budget (papers in all) only; --max is its old form", param_hint="--max")
    room = prerequisites_within(budget, targets) if budget else max_items
    result = reading_order(graph, targets, section or [], unread, room)
    text = export.render(result, style=style)
    for note in result.cycle_notes:
        err.print(f"note: {note}", markup=False)
    if result.left_out:
        err.print(f"note: {result.left_out_summary()}", markup=False)
    _emit(text, out_file)


def _library_files() -> list[Path]:
    """What an `--out` export must never replace: the library, its sections file and its notes."""
    from ..importers.outline import outline_path
    from ..store.notes import NoteStore

    return [state.library, outline_path(state.library), NoteStore(state.library).folder]


def _emit(text: str, out_file: str) -> None:
    """Print the export, or write it to a file and say where on stderr."""
    written = write_output(text, out_file)
    if written is not None:
        err.print(f"wrote {written}", markup=False)


@app.command()
def mark(
    key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)],
    status: Annotated[
        str, typer.Argument(metavar="STATUS", help="unread, reading or read.", autocompletion=lambda: list(STATUSES))
    ],
) -> None:
    """Set KEY's reading status."""
    from ..store import edit_library

    if status not in STATUSES:
        raise typer.BadParameter(f"use one of {', '.join(STATUSES)}", param_hint="STATUS")
    with edit_library(state.library) as library:
        key = _key_of(_said_unread(library), key)
        library.set_field(key, "status", status)
    out.print(f"{key}: {status}", markup=False)


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


def _fetch_edge(cited: str, citing: str):  # type: ignore[no-untyped-def]
    """One reference call for the citing paper (cached); a network problem is a note, not a failure of `why`."""
    from ..enrich import Sources, fetch_edge_context
    from ..store import load_library

    try:
        with Sources.open(state.read_settings()) as sources:
            return fetch_edge_context(load_library(state.library).entries(), sources, cited, citing)
    except ReadingListError as error:
        err.print(f"note: could not fetch the citation contexts: {error}", markup=False)
        return None


def _print_report(report: RunReport) -> None:
    for raw, key in report.already.items():
        out.print(f"{raw}: already in the library as {key}", markup=False)
    for item in report.not_found:
        err.print(f"not found: {item}", markup=False)
    for message in report.skipped:
        err.print(f"skipped: {message}", markup=False)
    for message in report.failed:
        err.print(f"failed: {message}", markup=False)
    if report.not_filled:
        err.print(f"offline: not in the cache, not filled: {', '.join(report.not_filled)}", markup=False)


@app.command()
def add(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="arXiv ids or URLs, DOIs, Semantic Scholar ids or URLs. With --title: at most one, the paper's id.",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="Add by hand, without the network: the paper's title. `enrich` fills in the rest later.",
        ),
    ] = None,
    author: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="With --title: an author (repeat it, or separate names with ;)."),
    ] = None,
    year: Annotated[str | None, typer.Option(metavar="YYYY", help="With --title: the year.")] = None,
    url: Annotated[str | None, typer.Option(metavar="URL", help="With --title: a link to the paper.")] = None,
    section: Annotated[str | None, typer.Option(metavar="SLUG", help="Section slug for the new entries.")] = None,
    summary_zh: Annotated[
        str | None, typer.Option("--summary-zh", metavar="TEXT", help="Chinese summary (摘要翻译).")
    ] = None,
    builds_on: Annotated[
        str | None, typer.Option("--builds-on", metavar="KEY", help="The paper this one builds on (key or name).")
    ] = None,
    offline: Annotated[
        bool, typer.Option(help="Never touch the network (adding by id needs it)." + OFFLINE_TOO)
    ] = False,
    fmt: TextOrJsonOption = "text",
) -> None:
    """Add papers by id (arXiv and Semantic Scholar fill in the entry), or one by hand with --title; prints each
    new key."""
    from ..enrich import RunReport, Sources, add_papers
    from ..errors import OfflineError, UnreachableError

    _choice(fmt, TEXT_OR_JSON)
    ids = ids or []
    offline = offline or state.read_settings().offline
    if builds_on or section:
        library = _load()
        builds_on = builds_on and _key_of(library, builds_on)
        _note_new_sections(library, section)
    if title is not None:
        key = _add_by_hand(ids, title, author or [], year, url, section, summary_zh, builds_on, fmt)
        if fmt == "json":
            _print_json(_report_record(RunReport(added=[key])))
        return
    given = [name for name, value in (("--author", author), ("--year", year), ("--url", url)) if value]
    if given:
        verb = "describes" if len(given) == 1 else "describe"
        raise ReadingListError(f"{', '.join(given)} {verb} a paper added by hand: give its --title too")
    if not ids:
        raise ReadingListError("give the ids of the papers to add (e.g. 2203.02155), or --title … to add one by hand")
    try:
        with Sources.open(state.read_settings()) as sources:
            report = add_papers(
                state.library, sources, ids, section=section, summary_zh=summary_zh, builds_on=builds_on,
                offline=offline,
            )  # fmt: skip
    except OfflineError as error:
        raise OfflineError(f"{error}; {_by_hand(ids)}") from error
    except UnreachableError as error:
        reason = str(error).split(";")[0]
        raise UnreachableError(
            f"{reason}; adding a paper by id needs the network: check it and try again, or {_by_hand(ids)}",
            source=error.source,
            url=error.url,
        ) from error
    if fmt == "json":
        _print_json(_report_record(report))
    else:
        for key in report.added:
            out.print(key, markup=False)
        _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _report_record(report: RunReport, requests: int | None = None) -> dict[str, Any]:
    """An add or enrich report in the published shape (readinglist/schemas/add.json, enrich.json)."""
    from dataclasses import asdict

    return asdict(report) | {"ok": report.ok, "requests": requests}


def _note_new_sections(library: Library, section: str | None) -> None:
    """A section no entry is in yet is most often a typo: say so, with the slugs that look like it."""
    from difflib import get_close_matches

    known = {slug for entry in library.entries() for slug in entry.list_field("section")}
    for slug in split_list(section):
        if slug not in known:
            close = get_close_matches(slug, sorted(known), n=3)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            err.print(
                f"note: no entry is in section {slug!r} yet{hint}; a paper in it gets a lane of its own", markup=False
            )


def _by_hand(ids: list[str]) -> str:
    """The hand-add command for ids that could not be fetched."""
    paper_id = ids[0] if len(ids) == 1 else "ID"
    return (
        f'add it by hand now: readinglist add {paper_id} --title "…" --author "…" --year YYYY '
        "(`readinglist enrich KEY` fills in the rest once online)"
    )


def _add_by_hand(
    ids: list[str],
    title: str,
    authors: list[str],
    year: str | None,
    url: str | None,
    section: str | None,
    summary_zh: str | None,
    builds_on: str | None,
    fmt: str = "text",
) -> str:
    """`add --title …`: the app's hand-add (same checks), no network; the new key."""
    from ..manual_add import ManualPaper, add_manual_paper, parse_author_lines

    if len(ids) > 1:
        raise ReadingListError(f"--title adds one paper by hand; give at most one id with it, not {len(ids)}")
    paper = ManualPaper(
        title=title,
        authors=[name for text in authors for name in parse_author_lines(text)],
        year=year or "",
        paper_id=ids[0] if ids else "",
        url=url or "",
        section=section or "",
        summary_zh=summary_zh or "",
        builds_on=builds_on or "",
    )
    key = add_manual_paper(state.library, paper)
    if fmt != "json":
        out.print(key, markup=False)
    err.print(
        f"added by hand; `readinglist enrich {key}` fills in ids, abstract and citations once online", markup=False
    )
    unknown = [name for name, given in (("author", paper.authors), ("year", paper.year)) if not given]
    if unknown:
        err.print(
            f"note: `readinglist check` reports the missing {' and '.join(unknown)} until enrich fills "
            f"{'them' if len(unknown) > 1 else 'it'} in, or you do: readinglist set {key} {unknown[0]} …",
            markup=False,
        )
    return key


@app.command()
def enrich(
    keys: Annotated[
        list[str] | None,
        typer.Argument(metavar="[KEY]...", help="Only these papers (keys, ids, common names; default: every paper)."),
    ] = None,
    refresh: Annotated[bool, typer.Option(help="Ignore the cache and fetch again.")] = False,
    offline: Annotated[
        bool, typer.Option(help="Use only the cache; say what it could not fill." + OFFLINE_TOO)
    ] = False,
    contexts: Annotated[
        bool,
        typer.Option(
            "--contexts/--no-contexts",
            help="Then fetch why library papers cite each other: one reference call per citing paper "
            "(resumable; the first phase makes batch calls only).",
        ),
    ] = False,
    citing: Annotated[
        bool, typer.Option("--citing", help="Also cache who cites each paper, for `suggest` (one call per paper).")
    ] = False,
    fmt: TextOrJsonOption = "text",
) -> None:
    """Fill identifiers, citation counts and in-library citations from Semantic Scholar and arXiv.

    Exit code 0 when everything asked was done (papers without any id are "skipped"), 1 when anything failed.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..enrich import Sources, enrich_library, fetch_contexts

    offline = offline or state.read_settings().offline
    _choice(fmt, TEXT_OR_JSON)
    if keys:
        library = _load()
        keys = [_key_of(library, key) for key in keys]
    with (
        Sources.open(state.read_settings()) as sources,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err.get(),
            transient=True,
            disable=not err.is_terminal,
        ) as bar,
    ):
        task = bar.add_task("requests", total=None)
        report = enrich_library(
            state.library,
            sources,
            keys,
            refresh=refresh,
            offline=offline,
            citing=citing,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
        if contexts and not report.failed:
            bar.update(task, description="citation contexts, per paper", completed=0, total=None)
            fetch_contexts(
                state.library,
                sources,
                keys,
                refresh=refresh,
                offline=offline,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                report=report,
            )
    if fmt == "json":
        _print_json(_report_record(report, sources.requests))
        if not report.ok:
            raise typer.Exit(1)
        return
    _print_report(report)
    done = f"; contexts cached for {report.contexts} paper(s)" if contexts else ""
    out.print(f"{state.library}: {report.summary()}{done}; {sources.requests} request(s)", markup=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command("suggest")
def suggest_command(
    section: Annotated[
        str | None, typer.Option(metavar="SLUG", help="Only what papers of this section point to.")
    ] = None,
    top: Annotated[int, typer.Option(metavar="N", help="How many suggestions of each kind.")] = 20,
    fmt: TextOrJsonOption = "text",
) -> None:
    """Papers outside the library that several library papers cite (from the enrichment cache)."""
    from ..enrich import cached_records
    from ..suggest import suggest

    _choice(fmt, TEXT_OR_JSON)
    library = _load()
    with state.open_cache() as cache:
        cached = cached_records(cache)
    if fmt == "json":
        cited_by, citing_papers = suggest(library.entries(), cached, section, top) if cached else ([], [])
        _print_json(
            {
                "cached": bool(cached),
                "cited_by_library": [_suggestion_record(s) for s in cited_by],
                "citing_library": [_suggestion_record(s) for s in citing_papers],
            }
        )
        return
    if not cached:
        out.print(
            "No citation data cached yet: run `readinglist enrich` (needs the network) to fill the cache, "
            "then ask again.",
            markup=False,
        )
        return
    cited, citing = suggest(library.entries(), cached, section, top)
    for title, items, verb in (
        ("Cited by several library papers", cited, "cited by"),
        ("Citing several library papers", citing, "cites"),
    ):
        if not items:
            continue
        out.print(title + ":", markup=False)
        for item in items:
            out.print(
                f"  {len(item.linked)}× {item.title} ({item.year or 'n.d.'}, {item.citation_count} citations) "
                f"— {verb} {', '.join(item.linked)} — add: readinglist add {item.add_id}",
                markup=False,
            )
    if not (cited or citing):
        out.print("Nothing outside the library is linked to two or more of its papers yet.", markup=False)


def _suggestion_record(suggestion: Suggestion) -> dict[str, Any]:
    """One suggestion in the published shape (readinglist/schemas/suggest.json): unknown ids are null."""
    from dataclasses import asdict

    record = asdict(suggestion) | {"add": suggestion.add_id}
    return record | {name: record[name] or None for name in ("arxiv", "doi")}


@app.command("export-markdown")
def export_markdown(
    out_file: Annotated[str, typer.Option("--out", metavar="FILE", help="Write to FILE; - is standard output.")] = "-",
) -> None:
    """Write the library as an awesome-list README in the seed's shape (import-markdown reads it back)."""
    from ..exporters.awesome_markdown import render_awesome_list
    from ..importers.outline import load_outline

    check_output_path(out_file, _library_files())
    _emit(render_awesome_list(_load().entries(), load_outline(state.library)), out_file)


@app.command("app", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def run_app(
    ctx: typer.Context,
    library: Annotated[
        Path | None, typer.Option("--library", "-l", metavar="FILE", help="The library to open (default: as above).")
    ] = None,
) -> None:
    """Open the app in the browser (Streamlit); other options go to `streamlit run`, e.g. --server.port 8502."""
    from ..launch import run_streamlit_app

    raise typer.Exit(run_streamlit_app(library or state.library, ctx.args))


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where to write papers.bib, papers.sections and notes/.")
    ] = Path("."),
) -> None:
    """Write the Medical_NLP library that ships with readinglist (papers.bib, papers.sections, notes/) into DIR."""
    from ..launch import write_default_library

    for line in write_default_library(folder):
        out.print(line, markup=False)
    here = folder.resolve() == Path.cwd().resolve()
    out.print(f"next: {'' if here else f'cd {folder} && '}readinglist list   (or: readinglist app)", markup=False)


@app.command("merge-driver")
def merge_driver(
    base: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: our version; the merge is written here.")],
    theirs: Annotated[Path, typer.Argument(help="%B: their version.")],
    shown_as: Annotated[str, typer.Argument(help="%P: the file's name in the repository.")] = "papers.bib",
) -> None:
    """Git merge driver: merge papers.bib by entry and field; exits 1 when a person must decide (see `check`)."""
    from ..merge.driver import run_merge_driver, run_text_merge

    try:
        result = run_merge_driver(base, ours, theirs, shown_as)
    except ReadingListError as error:
        err.print(f"error: {error}; falling back to a line-by-line merge", markup=False)
        raise typer.Exit(1 if run_text_merge(base, ours, theirs) else 0) from None
    if result.merged_entries:
        count = len(result.merged_entries)
        noun = "entry" if count == 1 else "entries"
        err.print(f"{shown_as}: {count} {noun} changed on both sides, merged field by field", markup=False)
    for conflict in result.conflicts:
        err.print(f"{shown_as}: conflict: {conflict.describe()}", markup=False)
    if result.conflicts:
        err.print(
            f"{shown_as}: {len(result.conflicts)} conflict(s); `readinglist check` lists them, "
            "the app's Merge conflicts page resolves them",
            markup=False,
        )
        raise typer.Exit(1)


@app.command("git-setup")
def git_setup() -> None:
    """Make git merge *.bib with `merge-driver` and show it with `diff --textconv` (safe to run again)."""
    from ..merge.git_setup import setup_repository

    for line in setup_repository(Path.cwd()):
        out.print(line, markup=False)


@app.command("resolve-conflict")
def resolve_conflict(
    key: str,
    what: Annotated[str, typer.Argument(help="The conflicting field, or `entry` for a deleted-vs-edited entry.")],
    choice: Annotated[str | None, typer.Argument(help="ours or theirs (a field); keep or delete (an entry).")] = None,
    value: Annotated[str | None, typer.Option("--value", help="An edited value instead of either side's.")] = None,
) -> None:
    """Settle a merge conflict that `check` reports."""
    from ..merge.conflicts import WHOLE_ENTRY, resolve_deletion, resolve_field
    from ..store import edit_library

    if (choice is None) == (value is None):
        raise typer.BadParameter("give ours/theirs (keep/delete for `entry`) or --value TEXT", param_hint="CHOICE")
    check_key(key)
    with edit_library(state.library) as library:
        if what == WHOLE_ENTRY:
            if choice not in ("keep", "delete"):
                raise typer.BadParameter("use keep or delete", param_hint="CHOICE")
            resolve_deletion(library, key, keep=choice == "keep")
        else:
            resolve_field(library, key, what, choice or "value", value)
    out.print(f"{key}: {what} resolved", markup=False)


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The old library: a file or a git revision like main:papers.bib.")],
    new: Annotated[str | None, typer.Argument(help="The new library (default: the --library file).")] = None,
    textconv: Annotated[
        bool, typer.Option("--textconv", help="Print OLD as one line per field, for git's diff.textconv.")
    ] = False,
    fmt: TextOrJsonOption = "text",
) -> None:
    """What changed between two libraries, by entry and field: `key: status unread → read`, `added key`."""
    from ..merge.diff import change_records, describe_changes, load_version, render_textconv

    _choice(fmt, TEXT_OR_JSON)
    if textconv:
        sys.stdout.write(render_textconv(load_version(old)))
        return
    before, after = load_version(old), load_version(new or str(state.library))
    if fmt == "json":
        _print_json(change_records(before, after))
        return
    lines = describe_changes(before, after)
    for line in lines:
        out.print(line, markup=False)
    if not lines:
        out.print("no changes to entries or the text between them", markup=False)


class _WarningLine(logging.Handler):
    """The package's warnings (an unreadable cache set aside, a setting ignored) as one line on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"{record.levelname.lower()}: {record.getMessage()}", markup=False)


def _show_warnings(verbose: bool = False) -> None:
    """Route the package's warnings (with -v, each request too) to stderr as `warning: …` / `debug: …` lines."""
    package_log = logging.getLogger("readinglist")
    if not any(isinstance(h, _WarningLine) for h in package_log.handlers):
        package_log.addHandler(_WarningLine())
        package_log.propagate = False
    package_log.setLevel(logging.DEBUG if verbose else logging.WARNING)


def main() -> None:
    """Entry point: run the app; turn our errors into one readable line and exit code 1."""
    try:
        code = app(standalone_mode=False)
    except UsageError as error:  # a wrong option value: exit 2, as typer's own usage errors
        err.print(f"error: {error}", markup=False)
        sys.exit(2)
    except ReadingListError as error:
        err.print(f"error: {error}", markup=False)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        err.print("interrupted: what was saved before stays saved")
        sys.exit(130)
    except typer.TyperException as error:  # usage errors: typer prints them the usual way
        error.show()  # type: ignore[attr-defined]
        sys.exit(getattr(error, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


# Commands kept in modules by theme register themselves on `app` when imported.
from . import discover as _discover  # noqa: E402, F401  (discover)
from . import importing as _importing  # noqa: E402, F401  (import-markdown)
from . import library as _library  # noqa: E402, F401  (list, show, schema)

if __name__ == "__main__":
    main()
