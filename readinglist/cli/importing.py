"""`import-markdown`: any awesome list into the library, with a report of every item (use case `import_list`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..outputs import check_output_path
from . import _emit, _library_files, _notify, app, err, out, state

KIND_HELP = (
    "Make every entry of this kind (paper, dataset, benchmark, software, ...), whatever the list's headings and "
    "links suggest."
)


@app.command("import-markdown")
def import_markdown(
    readme: Annotated[Path, typer.Argument(help="An awesome-list README (Markdown), of any shape.")],
    facts: Annotated[
        Path | None,
        typer.Option(
            help="Folder of verified facts for this list (seed-papers.json, seed-non-papers.json, seed-edges.json, "
            "seed-sections.json): fills English titles, authors, venues, ids and citations, and names sections."
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the report and write nothing.")] = False,
    kind: Annotated[str, typer.Option(help=KIND_HELP)] = "",
) -> None:
    """Add the list's items to the library (or merge them in without overwriting a field) and report each one.

    Exit status 0 when every item with a link became an entry or a reported merge; 1 otherwise, with the count,
    and 1 when the file holds no item at all (nothing is written then).
    """
    from ..importers.source import read_list_file
    from ..usecases.import_list import NO_ITEMS, ImportListRequest, run

    text = read_list_file(readme)
    report = run(ImportListRequest(text, str(readme), state.library, facts, dry_run, kind.strip().lower()))
    for problem in report.details.problems:
        err.print(f"{readme}: {problem}", markup=False)
    for line in report.lines():
        out.print(line, markup=False, soft_wrap=True)
    if report.empty:
        err.print(f"{readme}: {NO_ITEMS}", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    where = "(dry run, nothing written)" if dry_run else str(state.library)
    out.print(f"{where}: {report.summary()}", markup=False)
    if report.facts_hint is not None:
        err.print(
            f"tip: facts for this list found in {report.facts_hint}; add --facts {report.facts_hint} to fill "
            "English titles, authors and venues",
            markup=False,
            soft_wrap=True,
        )
    if not report.ok:
        err.print(
            f"{readme}: {report.details.linked_left_out} item(s) with a link did not become an entry "
            "(listed above as `left out`)",
            markup=False,
        )
        raise typer.Exit(1)


@app.command("export-markdown")
def export_markdown(
    out_file: Annotated[str, typer.Option("--out", metavar="FILE", help="Write to FILE; - is standard output.")] = "-",
) -> None:
    """Write the library as an awesome-list README in the seed's shape (import-markdown reads it back)."""
    from ..usecases.export_list import ExportListRequest, run

    check_output_path(out_file, _library_files())
    _emit(run(ExportListRequest(state.library), _notify).text, out_file)
