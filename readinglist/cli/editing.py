"""`set`, `unset`, `mark`, `note`, `check` and `init`: editing the library one entry at a time, and checking it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..models import STATUSES
from . import (
    PAPER_HELP,
    TEXT_OR_JSON,
    TextOrJsonOption,
    _choice,
    _notify,
    _print_json,
    app,
    cli_text,
    out,
    state,
)


@app.command("set")
def set_field(
    key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)],
    field: Annotated[str, typer.Argument(metavar="FIELD", help="A BibTeX field name, e.g. status or note.")],
    value: Annotated[str, typer.Argument(metavar="VALUE")],
) -> None:
    """Set FIELD of KEY to VALUE (only that entry's lines change in papers.bib)."""
    from ..usecases import edit_entry

    report = edit_entry.run(edit_entry.EditRequest(state.library, key, field, value), _notify)
    out.print(f"{report.key}: {field} set", markup=False)


@app.command()
def unset(
    key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)],
    field: Annotated[str, typer.Argument(metavar="FIELD")],
) -> None:
    """Remove FIELD from KEY."""
    from ..usecases import edit_entry

    report = edit_entry.run(edit_entry.EditRequest(state.library, key, field), _notify)
    out.print(
        f"{report.key}: {field} removed" if report.changed else f"{report.key} has no field {field}", markup=False
    )


@app.command()
def mark(
    key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)],
    status: Annotated[
        str, typer.Argument(metavar="STATUS", help="unread, reading or read.", autocompletion=lambda: list(STATUSES))
    ],
) -> None:
    """Set KEY's reading status."""
    from ..usecases import edit_entry

    if status not in STATUSES:  # a usage error (exit 2) before the use case refuses it too
        raise typer.BadParameter(f"use one of {', '.join(STATUSES)}", param_hint="STATUS")
    report = edit_entry.mark(edit_entry.MarkRequest(state.library, key, status), _notify)
    out.print(f"{report.key}: {status}", markup=False)


@app.command()
def note(key: Annotated[str, typer.Argument(metavar="KEY", help=PAPER_HELP)]) -> None:
    """Print the path of KEY's note, creating it from the entry when it does not exist."""
    from ..usecases import open_note

    out.print(str(open_note.run(open_note.NoteRequest(state.library, key), _notify).path), markup=False)


@app.command()
def check(
    fmt: TextOrJsonOption = "text",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Name every paper missing author or year.")] = False,
) -> None:
    """Report broken blocks, duplicate keys, one paper under two keys, dangling keys, missing fields."""
    from ..usecases.check_library import CheckRequest, run

    _choice(fmt, TEXT_OR_JSON)
    report = run(CheckRequest(state.library))
    if fmt == "json":
        _print_json(
            {
                "library": str(state.library),
                "entries": report.entries,
                "problems": [{"file": str(state.library), **vars(p), "key": p.key or None} for p in report.problems],
            }
        )
        if not report.ok:
            raise typer.Exit(1)
        return
    for problem in report.problems if verbose else report.shown:
        out.print(cli_text(problem.describe(state.library)), markup=False)
    if report.grouped and not verbose:
        out.print(
            f"{state.library}: {report.grouped_words}: run `readinglist enrich` to fetch them from Semantic Scholar "
            "and arXiv; `readinglist check -v` names each",
            markup=False,
            soft_wrap=True,
        )
    if report.ok:
        out.print(f"{state.library}: {report.entries} entries, no problems", markup=False)
        return
    for line in report.outcome.failed:  # how many problems in how many entries
        out.print(line, markup=False)
    raise typer.Exit(1)


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where to write papers.bib, papers.sections and notes/.")
    ] = Path("."),
) -> None:
    """Write the Medical_NLP library that ships with readinglist (papers.bib, papers.sections, notes/) into DIR."""
    from ..usecases import start_library

    for line in start_library.run(start_library.StartRequest(folder)).lines():
        out.print(line, markup=False)
    here = folder.resolve() == Path.cwd().resolve()
    out.print(f"next: {'' if here else f'cd {folder} && '}readinglist list   (or: readinglist app)", markup=False)
