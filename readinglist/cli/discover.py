"""`readinglist discover`: what is new for each section, why it belongs there; add or dismiss one by id."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ReadingListError
from . import _choice, _print_json, _progress_bar, app, cli_text, err, out, state

if TYPE_CHECKING:
    from ..discovery import Candidate
    from ..usecases.discover import ActReport, CheckReport

FORMATS = ("table", "tsv", "json")


@app.command("discover")
def discover_command(
    section: Annotated[
        str | None, typer.Option(metavar="SLUG", help="Only this section (default: every section with papers).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="Papers published since this date (default: the section's last check, kept in discover.toml).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="table, tsv or json. Default: a table on a terminal, tab-separated rows when piped.",
            autocompletion=lambda: list(FORMATS),
        ),
    ] = None,
    add: Annotated[
        list[str] | None,
        typer.Option("--add", metavar="ID", help="Add this candidate of the last check to its section (no request)."),
    ] = None,
    dismiss: Annotated[
        list[str] | None,
        typer.Option(
            "--dismiss", metavar="ID", help="Never show this candidate again (kept in discover-dismissed.tsv)."
        ),
    ] = None,
    offline: Annotated[bool, typer.Option(help="Show the last check's candidates; make no request.")] = False,
) -> None:
    """New papers for each section: recommended for it, citing its papers, or matching its arXiv watch queries.

    Calls per check: 1 recommendations call per section + 1 citations call per paper among each section's 25
    newest papers with an id + 1 arXiv call per watch query; a second check the same day makes none.
    """
    from ..sources import Sources
    from ..usecases import discover

    fmt = _choice(fmt or ("table" if sys.stdout.isatty() else "tsv"), FORMATS)
    since_day = _date(since) if since else None
    sections = (section,) if section else ()
    if add or dismiss:
        for ids, act in ((add, discover.add), (dismiss, discover.dismiss)):
            if ids:
                _print_act(act(discover.ActRequest(state.library, tuple(ids), section)))
        return
    offline = offline or state.read_settings().offline
    request = discover.CheckRequest(state.library, sections, since_day, offline=offline)
    with (
        Sources.open(state.read_settings()) as sources,
        _progress_bar("checking") as bar,
    ):
        task = bar.add_task("requests", total=None)
        report = discover.run(
            request, sources, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    _print_check(report, fmt)
    if not report.outcome.ok:
        raise typer.Exit(1)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ReadingListError(f"--since {text!r} is not a date; give it as YYYY-MM-DD (e.g. 2026-01-31)") from None


def _row(section: str, c: Candidate) -> list[str]:
    p = c.paper
    authors = ", ".join(p.authors[:3]) + (" et al." if len(p.authors) > 3 else "")
    return [
        section,
        f"{c.score:.2f}",
        c.id,
        str(p.year or ""),
        p.title,
        authors,
        p.venue or p.journal,
        "; ".join(c.reasons),
        p.tldr or p.abstract,
    ]


COLUMNS = ("section", "score", "id", "year", "title", "authors", "venue", "why", "tldr_or_abstract")


def _print_check(report: CheckReport, fmt: str) -> None:
    if fmt == "json":
        from ..exporters.discover_json import check_record

        record = check_record(report)
        _print_json(record | {"failed": [cli_text(m) for m in record["failed"]]})
        return
    _say_outcome(report, fmt)
    if fmt == "tsv":
        sys.stdout.write("\t".join(COLUMNS) + "\n")
        for s in report.sections:
            for c in s.candidates:
                sys.stdout.write("\t".join(" ".join(cell.split()) for cell in _row(s.section, c)) + "\n")
        return
    from rich.markup import escape
    from rich.table import Table

    for s in report.sections:
        if s.from_last_check and not s.checked:
            out.print(f"{s.name}: never checked; `readinglist discover --section {s.section}` checks it", markup=False)
            continue
        when = f" (last check {s.checked})" if s.from_last_check else ""
        heading = f"{s.name}: {len(s.candidates)} new since {s.since.isoformat()}{when}"
        if not s.candidates:
            out.print(heading, markup=False)
            continue
        table = Table(title=escape(heading), title_justify="left", show_lines=True)
        table.add_column("score", no_wrap=True)
        table.add_column("id", no_wrap=True)  # people copy ids from here for --add / --dismiss
        table.add_column("paper")
        table.add_column("why")
        for c in s.candidates:
            p = c.paper
            authors = ", ".join(p.authors[:3]) + (" et al." if len(p.authors) > 3 else "")
            about = " · ".join(x for x in (str(p.year or ""), p.venue or p.journal, authors) if x)
            summary = p.tldr or p.abstract
            summary = summary[:200] + "…" if len(summary) > 200 else summary
            table.add_row(
                f"{c.score:.2f}",
                escape(c.id),
                escape(f"{p.title}\n{about}\n{summary}"),
                escape("\n".join(c.reasons)),
            )
        out.print(table)
    shown = any(s.candidates for s in report.sections)
    act = " Add one: readinglist discover --add ID; never show it again: --dismiss ID" if shown else ""
    out.print(f"{report.requests} request(s).{act}", markup=False)


def _say_outcome(report: CheckReport, fmt: str) -> None:
    for message in report.outcome.failed:
        err.print(f"error: {cli_text(message)}", markup=False)
    for step in report.outcome.next_steps:
        err.print(f"next: {step}", markup=False)
    if fmt != "tsv":
        return  # the table's headings say where each section's candidates come from
    for s in report.sections:
        if s.from_last_check:
            when = f"from the last check, {s.checked}" if s.checked else "never checked: no candidates yet"
            err.print(f"offline: {s.name}: {when}", markup=False)


def _print_act(report: ActReport) -> None:
    for line in report.outcome.changed:
        out.print(line, markup=False)
    for line in report.outcome.failed:
        err.print(f"error: {cli_text(line)}", markup=False)
    for step in report.outcome.next_steps:
        err.print(f"next: {step}", markup=False)
    if not report.outcome.ok:
        raise typer.Exit(1)
