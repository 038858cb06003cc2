"""`add`, `enrich` and `suggest`: papers fetched from the sources, and what the cache suggests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import ReadingListError
from . import (
    OFFLINE_TOO,
    TEXT_OR_JSON,
    TextOrJsonOption,
    _choice,
    _known,
    _load,
    _notify,
    _print_json,
    _progress_bar,
    app,
    cli_text,
    err,
    out,
    state,
)

if TYPE_CHECKING:
    from ..enrich import RunReport
    from ..suggest import Suggestion
    from ..usecases.add_paper import AddReport


def _print_report(report: RunReport) -> None:
    for raw, key in report.already.items():
        out.print(f"{raw}: already in the library as {key}", markup=False)
    for item in report.not_found:
        err.print(f"not found: {item}", markup=False)
    for message in report.skipped:
        err.print(f"skipped: {message}", markup=False)
    for message in report.failed:
        err.print(f"failed: {cli_text(message)}", markup=False)
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
    from ..errors import OfflineError, UnreachableError
    from ..manual_add import ManualPaper, parse_author_lines
    from ..sources import Sources
    from ..usecases import add_paper

    _choice(fmt, TEXT_OR_JSON)
    ids = ids or []
    offline = offline or state.read_settings().offline
    if title is not None:
        if len(ids) > 1:
            raise ReadingListError(f"--title adds one paper by hand; give at most one id with it, not {len(ids)}")
        paper = ManualPaper(
            title=title,
            authors=[name for text in author or [] for name in parse_author_lines(text)],
            year=year or "",
            paper_id=ids[0] if ids else "",
            url=url or "",
            section=section or "",
            summary_zh=summary_zh or "",
            builds_on=builds_on or "",
        )
        _show_hand_added(add_paper.by_hand(add_paper.AddByHandRequest(state.library, paper), _notify), fmt)
        return
    given = [name for name, value in (("--author", author), ("--year", year), ("--url", url)) if value]
    if given:
        verb = "describes" if len(given) == 1 else "describe"
        raise ReadingListError(f"{', '.join(given)} {verb} a paper added by hand: give its --title too")
    if not ids:
        raise ReadingListError("give the ids of the papers to add (e.g. 2203.02155), or --title … to add one by hand")
    request = add_paper.AddByIdRequest(
        state.library, tuple(ids), section or "", summary_zh or "", builds_on or "", offline
    )
    try:
        with Sources.open(state.read_settings()) as sources:
            report = add_paper.run(request, sources, _notify).details
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

    failed = [cli_text(message) for message in report.failed]
    record = asdict(report) | {"ok": report.ok, "requests": requests, "failed": failed}
    del record["stopped"]  # said by `failed`
    return record


def _by_hand(ids: list[str]) -> str:
    """The hand-add command for ids that could not be fetched."""
    paper_id = ids[0] if len(ids) == 1 else "ID"
    return (
        f'add it by hand now: readinglist add {paper_id} --title "…" --author "…" --year YYYY '
        "(`readinglist enrich KEY` fills in the rest once online)"
    )


def _show_hand_added(report: AddReport, fmt: str) -> None:
    """The new key (stdout), then what enrich and check will do about what was left empty (stderr)."""
    key = report.details.added[0]
    if fmt == "json":
        _print_json(_report_record(report.details))
    else:
        out.print(key, markup=False)
    err.print(
        f"added by hand; `readinglist enrich {key}` fills in ids, abstract and citations once online", markup=False
    )
    if report.missing:
        err.print(
            f"note: `readinglist check` reports the missing {' and '.join(report.missing)} until enrich fills "
            f"{'them' if len(report.missing) > 1 else 'it'} in, or you do: readinglist set {key} {report.missing[0]} …",
            markup=False,
        )


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
        bool,
        typer.Option(
            "--citing/--no-citing",
            help="Then cache who cites each paper, for `suggest`: one citations call per paper (resumable).",
        ),
    ] = False,
    fmt: TextOrJsonOption = "text",
) -> None:
    """Fill identifiers, citation counts and in-library citations from Semantic Scholar and arXiv (and Crossref,
    for papers with a DOI, when READINGLIST_CROSSREF_API_URL is set).

    Exit code 0 when everything asked was done (papers without any id are "skipped"), 1 when anything failed.
    """
    from ..sources import Sources
    from ..usecases import enrich_papers

    offline = offline or state.read_settings().offline
    _choice(fmt, TEXT_OR_JSON)
    request = enrich_papers.EnrichRequest(state.library, tuple(keys or ()), refresh, offline, contexts, citing)
    with (
        Sources.open(state.read_settings()) as sources,
        _progress_bar() as bar,
    ):
        task = bar.add_task(enrich_papers.PHASES[0], total=None)
        enriched = enrich_papers.run(
            request,
            sources,
            _notify,
            lambda phase, done, total: bar.update(task, description=phase, completed=done, total=total),
        )
    report = enriched.details
    if fmt == "json":
        _print_json(_report_record(report, enriched.requests))
        if not report.ok:
            raise typer.Exit(1)
        return
    _print_report(report)
    options = dict(zip(enrich_papers.PHASES[1:], ("--citing", "--contexts"), strict=True))
    for phase in enriched.not_reached:
        again = f"`readinglist enrich {options[phase]}`"
        err.print(f"not fetched: {phase.lower()} (the run stopped before it); run {again} again later", markup=False)
    citing_done, contexts_done = (
        asked and phase not in enriched.not_reached
        for asked, phase in zip((citing, contexts), enrich_papers.PHASES[1:], strict=True)
    )
    done = f"; citing papers cached for {report.citing} paper(s)" if citing_done else ""
    done += f"; contexts cached for {report.contexts} paper(s)" if contexts_done else ""
    out.print(f"{state.library}: {report.summary()}{done}; {enriched.requests} request(s)", markup=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command("suggest")
def suggest_command(
    section: Annotated[
        str | None, typer.Option(metavar="SLUG", help="Only what papers of this section point to.")
    ] = None,
    top: Annotated[int, typer.Option(metavar="N", min=1, help="How many suggestions of each kind.")] = 20,
    fmt: TextOrJsonOption = "text",
) -> None:
    """Papers outside the library that several library papers cite, or that cite several of them (from the
    enrichment cache: `enrich` fills the first kind, `enrich --citing` the second)."""
    from ..usecases.suggest_papers import SuggestRequest, run

    _choice(fmt, TEXT_OR_JSON)
    if section is not None:
        _known(section, sorted({s for e in _load().entries() for s in e.list_field("section")}), "--section")
    report = run(SuggestRequest(state.library, section, top), state.read_settings(), _notify)
    if fmt == "json":
        _print_json(
            {
                "cached": report.cached,
                "cited_by_library": [_suggestion_record(s) for s in report.cited_by],
                "citing_library": [_suggestion_record(s) for s in report.citing],
                "citing_cached": report.citing_cached,
            }
        )
        return
    if not report.cached:
        out.print(
            "No citation data cached yet: run `readinglist enrich --citing` (needs the network) to fill the cache, "
            "then ask again.",
            markup=False,
        )
        return
    for title, items, verb in (
        ("Cited by several library papers", report.cited_by, "cited by"),
        ("Citing several library papers", report.citing, "cites"),
    ):
        if not items:
            out.print(f"{title}: none yet.", markup=False)
            continue
        out.print(title + ":", markup=False)
        for item in items:
            out.print(
                f"  {len(item.linked)}× {item.title} ({item.year or 'n.d.'}, {item.citation_count} citations) "
                f"— {verb} {', '.join(item.linked)} — add: readinglist add {item.add_id}",
                markup=False,
            )
    if not report.citing and not report.citing_cached:
        out.print("Who cites the library's papers is not cached: `readinglist enrich --citing` asks.", markup=False)


def _suggestion_record(suggestion: Suggestion) -> dict[str, Any]:
    """One suggestion in the published shape (readinglist/schemas/suggest.json): unknown ids are null."""
    from dataclasses import asdict

    record = asdict(suggestion) | {"add": suggestion.add_id}
    return record | {name: record[name] or None for name in ("arxiv", "doi")}
