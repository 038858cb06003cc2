"""`list`, `show` and `schema`: the library's entries as tables and as JSON in the published shapes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..exporters.schemas import SCHEMAS, schema_text
from ..listing import SORTS, authors_text, paper_record, select_entries, sort_entries
from ..models import RESOURCE_KINDS, STATUSES, Entry
from . import (
    _LIST_WORDS,
    PAPER_HELP,
    TEXT_OR_JSON,
    TextOrJsonOption,
    _choice,
    _key_of,
    _known,
    _load,
    _print_json,
    app,
    out,
)

LIST_FORMATS = ("table", "tsv", "json")
LIST_COLUMNS = ("key", "kind", "status", "year", "section", "title", "title_zh")


@app.command("list")
def list_entries(
    section: Annotated[str | None, typer.Option(metavar="SLUG", help="Only entries of this section.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            metavar="KIND",
            help=f"Only this kind: paper, {', '.join(RESOURCE_KINDS)} (or another kind the library uses).",
            autocompletion=lambda: ["paper", *RESOURCE_KINDS],
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(metavar="STATUS", help="Only unread, reading or read.", autocompletion=lambda: list(STATUSES)),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            metavar="FIELD",
            help=f"Sort by {', '.join(SORTS)} (default: the file's order).",
            autocompletion=lambda: list(SORTS),
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="table, tsv or json (`readinglist schema list`). Default: a table on a terminal, tab-separated "
            f"rows when piped, with a header row ({', '.join(LIST_COLUMNS)}).",
            autocompletion=lambda: list(LIST_FORMATS),
        ),
    ] = None,
    header: Annotated[bool, typer.Option("--header/--no-header", help="The tsv header row (default: on).")] = True,
) -> None:
    """List the library's entries: key, kind, status, year, section and both titles."""
    fmt = _choice(fmt or ("table" if sys.stdout.isatty() else "tsv"), LIST_FORMATS)
    _known(status, list(STATUSES), "--status")
    _known(sort, list(SORTS), "--sort")
    every = _load().resolved_entries()
    _known(section, sorted({s for e in every for s in e.list_field("section")}), "--section")
    _known(kind, sorted({"paper", *RESOURCE_KINDS, *(e.kind for e in every)}), "--kind")
    entries = select_entries(every, section, kind, status)
    if sort:
        entries = sort_entries(entries, sort)
    if fmt == "json":
        _print_json([paper_record(e) for e in entries])
        return
    rows = [_row(e) for e in entries]
    if fmt == "tsv":
        lines = ([LIST_COLUMNS] if header else []) + rows
        sys.stdout.writelines("\t".join(" ".join(cell.split()) for cell in row) + "\n" for row in lines)
        return
    _print_table(rows)


def _print_table(rows: list[tuple[str, ...]]) -> None:
    """A terminal table that reads at 80 columns: titles first, at most two lines each.

    On a narrow terminal the section column goes and a kind or status column that holds one value for every row is
    said once above the table instead (both said there); keys are never cut: people copy them into other commands.
    """
    from rich.cells import cell_len, set_cell_size
    from rich.markup import escape
    from rich.table import Table

    console = out.get()
    narrow = console.width < 110
    names = ("key", "kind", "status", "year", "section")
    same = {i: rows[0][i] for i in (1, 2) if narrow and rows and len({row[i] for row in rows}) == 1}
    shown = [i for i in range(5) if i not in same and not (narrow and i == 4)]
    widths = {i: max([len(names[i])] + [cell_len(row[i]) for row in rows]) for i in shown}
    widths[4] = min(widths.get(4, 0), 18)
    title_width = max(20, console.width - sum(widths[i] for i in shown) - 3 * len(shown) - 4)

    def clip(text: str, cells: int) -> str:
        return text if cell_len(text) <= cells else set_cell_size(text, cells - 1) + "…"

    same_text = ", ".join(f"{names[i]} {value}" for i, value in same.items())
    said = [f"every entry: {same_text}"] if same else []
    said += ["no section column at this width: --format tsv shows it"] if narrow else []
    table = Table(show_lines=False, expand=True, title="\n".join(said) or None, title_justify="left")
    for i in shown:
        table.add_column(names[i], no_wrap=True, max_width=widths[i] if i == 4 else None)
    # fold: Chinese has no spaces to wrap at; each name at most two lines of the column
    table.add_column("title / 中文标题", ratio=1, min_width=20, overflow="fold")
    for row in rows:
        titles = dict.fromkeys(t for t in row[5:] if t)  # one cell; a resource has one name
        cells = [clip(" ".join(row[i].split()), widths[i]) for i in shown]
        text = "\n".join(clip(" ".join(t.split()), title_width * (1 if narrow else 2)) for t in titles)
        table.add_row(*(escape(cell) for cell in (*cells, text)))  # library text is never rich markup
    console.print(table)


def _row(entry: Entry) -> tuple[str, ...]:
    return (
        entry.key,
        entry.kind,
        entry.status,
        str(entry.year or ""),
        entry.get("section"),
        entry.title,
        entry.get("title_zh"),
    )


@app.command()
def show(
    key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)],
    fmt: TextOrJsonOption = "text",
) -> None:
    """Print one entry's fields, the list's numbering (0.0.2.9) in its words named as papers.

    JSON (`readinglist schema show`) gives the values as written in papers.bib under `as_written` for each field
    whose numbering was named.
    """
    _choice(fmt, TEXT_OR_JSON)
    library = _load()
    entry = library.entry(_key_of(library, key))
    named = _named_fields(library.entries(), entry)
    if fmt == "json":
        as_written = {name: entry.fields[name] for name, value in named.items() if value != entry.fields[name]}
        _print_json({**paper_record(Entry(entry.key, entry.entry_type, named)), "as_written": as_written})
        return
    out.print(f"{entry.key} (@{entry.entry_type})", markup=False, style="bold")
    for name, value in named.items():
        out.print(f"  {name}: {value}", markup=False)
    if entry.get("author"):
        out.print(f"  authors, as read: {authors_text(entry)}", markup=False)


def _named_fields(entries: list[Entry], entry: Entry) -> dict[str, str]:
    """The entry's fields, with the list's numbering in its words replaced by paper names, as `lineage` does."""
    if not any(entry.get(name) for name in _LIST_WORDS):
        return dict(entry.fields)  # nothing to name: no need to load networkx
    import networkx as nx

    from ..order import PaperNames

    papers = nx.DiGraph()
    papers.add_nodes_from((e.key, {"entry": e}) for e in entries)
    names = PaperNames(papers)
    return {name: names.rewrite(value) if name in _LIST_WORDS else value for name, value in entry.fields.items()}


@app.command()
def schema(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help=f"One of {', '.join(SCHEMAS)}.", autocompletion=lambda: list(SCHEMAS)),
    ],
) -> None:
    """Print the JSON Schema of a command's --format json output (the files ship in readinglist/schemas/)."""
    _known(name, list(SCHEMAS), "schema")
    sys.stdout.write(schema_text(name))
