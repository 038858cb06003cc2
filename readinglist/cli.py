"""The `readinglist` command: thin typer commands over the package; errors become one line and an exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.table import Table

from .checks import check_library
from .config import LIBRARY_ENV, default_library_path
from .errors import ReadingListError
from .importers.facts import load_facts
from .importers.library_import import import_awesome_list
from .importers.markdown import parse_awesome_list
from .keys import check_key
from .listing import entry_record, filter_by_section
from .store import NoteStore, edit_library, load_library

app = typer.Typer(
    help="A bilingual annotated paper library in papers.bib, explored as a lineage graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    library: Path = Path("papers.bib")


state = State()


@app.callback()
def _global(
    library: Annotated[
        Path | None,
        typer.Option("--library", "-l", help=f"The library file (default: ${LIBRARY_ENV} or ./papers.bib)."),
    ] = None,
) -> None:
    state.library = library or default_library_path()


@app.command("list")
def list_entries(
    section: Annotated[str | None, typer.Option(help="Only entries of this section slug.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """List the library's entries."""
    entries = filter_by_section(load_library(state.library).entries(), section)
    if fmt == "json":
        sys.stdout.write(json.dumps([entry_record(e) for e in entries], ensure_ascii=False, indent=1) + "\n")
        return
    if fmt != "table":
        raise typer.BadParameter("use table or json", param_hint="--format")
    table = Table("key", "year", "section", "title", "中文标题", show_lines=False)
    for e in entries:
        table.add_row(e.key, str(e.year or ""), e.get("section"), e.title, e.get("title_zh"))
    out.print(table)


@app.command()
def show(key: str) -> None:
    """Print one entry's fields."""
    entry = load_library(state.library).entry(key)
    out.print(f"[bold]{entry.key}[/bold] (@{entry.entry_type})", markup=True)
    for name, value in entry.fields.items():
        out.print(f"  {name}: {value}", markup=False)


@app.command("set")
def set_field(key: str, field: str, value: str) -> None:
    """Set FIELD of KEY to VALUE (only that entry's lines change in papers.bib)."""
    check_key(key)
    with edit_library(state.library) as library:
        library.set_field(key, field, value)
    out.print(f"{key}: {field} set", markup=False)


@app.command()
def unset(key: str, field: str) -> None:
    """Remove FIELD from KEY."""
    check_key(key)
    with edit_library(state.library) as library:
        removed = library.unset_field(key, field)
    out.print(f"{key}: {field} removed" if removed else f"{key} has no field {field}", markup=False)


@app.command()
def note(key: str) -> None:
    """Print the path of KEY's note, creating it from the entry when it does not exist."""
    check_key(key)
    entry = load_library(state.library).entry(key)
    out.print(str(NoteStore(state.library).ensure(entry)), markup=False)


@app.command()
def check() -> None:
    """Report broken blocks, duplicate keys, one paper under two keys, dangling keys, missing fields."""
    library = load_library(state.library)
    problems = check_library(library)
    for problem in problems:
        out.print(problem.describe(state.library), markup=False)
    if problems:
        out.print(f"{len(problems)} problem(s) in {len(library)} entries", markup=False)
        raise typer.Exit(1)
    out.print(f"{state.library}: {len(library)} entries, no problems", markup=False)


@app.command("import-markdown")
def import_markdown(
    readme: Annotated[Path, typer.Argument(help="An awesome-list README of the Medical_NLP shape.")],
    facts: Annotated[
        Path | None, typer.Option(help="Folder with seed-papers.json, seed-non-papers.json and seed-edges.json.")
    ] = None,
) -> None:
    """Add the list's papers to the library, or merge them into it without overwriting any field."""
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError as error:
        raise ReadingListError(f"cannot read {readme}: {error.strerror}") from error
    parsed = parse_awesome_list(text)
    with edit_library(state.library, create=True) as library:
        report = import_awesome_list(library, parsed, load_facts(facts) if facts else None)
    for problem in report.problems:
        err.print(f"{readme}: {problem}", markup=False)
    out.print(f"{state.library}: {report.summary()}", markup=False)


def main() -> None:
    """Entry point: run the app; turn our errors into one readable line and exit code 1."""
    try:
        code = app(standalone_mode=False)
    except ReadingListError as error:
        err.print(f"error: {error}", markup=False)
        sys.exit(1)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
