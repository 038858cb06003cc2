"""Add papers: by id (the sources fill in the entry) or one by hand (no network; enrichment fills the rest later).

Both first name the paper a new one builds on (key, id, common name or title words) and say which sections no
entry is in yet (most often a typo), through `notify`, before anything is fetched or written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from ..enrich import RunReport, add_papers
from ..errors import ReadingListError
from ..manual_add import ManualPaper, add_manual_paper
from ..models import split_list
from ..sources import Sources
from ..store import Library, load_library
from . import Outcome
from .which_paper import Notify, identify, ignore, unreadable_note


@dataclass(frozen=True)
class AddByIdRequest:
    """Papers to fetch by id (arXiv ids or URLs, DOIs, Semantic Scholar ids), and what to write with them."""

    library: Path
    ids: tuple[str, ...]
    section: str = ""
    summary_zh: str = ""
    builds_on: str = ""  # a key, id, common name or title words
    offline: bool = False


@dataclass(frozen=True)
class AddByHandRequest:
    """One paper described by a person; `paper.builds_on` may be a key, id, common name or title words."""

    library: Path
    paper: ManualPaper


@dataclass
class AddReport:
    """What was added, found already, not found or failed (`details`), and the fields left for enrichment."""

    details: RunReport
    missing: list[str] = field(default_factory=list)  # by hand: "author", "year" when not given
    outcome: Outcome = field(default_factory=Outcome)

    @property
    def ok(self) -> bool:
        return self.details.ok


def run(request: AddByIdRequest, sources: Sources, notify: Notify = ignore) -> AddReport:
    """Fetch the papers (one batch call per source) and write their entries and notes; nothing half-written."""
    if not request.ids:
        raise ReadingListError("give the ids of the papers to add (e.g. 2203.02155), or add one by hand by its title")
    builds_on = _prepare(request.library, request.builds_on, request.section, notify)
    details = add_papers(
        request.library,
        sources,
        list(request.ids),
        section=request.section or None,
        summary_zh=request.summary_zh or None,
        builds_on=builds_on or None,
        offline=request.offline,
    )
    report = AddReport(details)
    _outcome(report)
    return report


def by_hand(request: AddByHandRequest, notify: Notify = ignore) -> AddReport:
    """Write the entry and its note without the network; the report names the new key and what is left empty."""
    paper = request.paper
    builds_on = _prepare(request.library, paper.builds_on, paper.section, notify)
    key = add_manual_paper(request.library, ManualPaper(**{**vars(paper), "builds_on": builds_on}))
    report = AddReport(RunReport(added=[key]))
    report.missing = [name for name, given in (("author", paper.authors), ("year", paper.year)) if not given]
    _outcome(report)
    report.outcome.next_steps.append(f"enrich {key} once online to fill in its ids, abstract and citations")
    return report


def _prepare(path: Path, builds_on: str, section: str, notify: Notify) -> str:
    """The key `builds_on` names (empty when not given), after noting sections no entry is in yet."""
    if not (builds_on or section):
        return ""
    library = load_library(path)
    if note := unreadable_note(library):
        notify("warning", note)
    key = ""
    if builds_on:
        found = identify(library, builds_on)
        if found.found_as:
            notify("info", found.found_as)
        key = found.key
    for note in new_section_notes(library, section):
        notify("note", note)
    return key


def new_section_notes(library: Library, section: str | None) -> list[str]:
    """A note for each slug of `section` no entry is in yet, with the slugs that look like it."""
    known = {slug for entry in library.entries() for slug in entry.list_field("section")}
    notes = []
    for slug in split_list(section):
        if slug not in known:
            close = get_close_matches(slug, sorted(known), n=3)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            notes.append(f"no entry is in section {slug!r} yet{hint}; a paper in it gets a lane of its own")
    return notes


def _outcome(report: AddReport) -> None:
    d, outcome = report.details, report.outcome
    outcome.changed += [f"added {key}" for key in d.added]
    outcome.changed += [f"{raw} is already in the library as {key}" for raw, key in d.already.items()]
    outcome.failed += [f"{raw} was not found" for raw in d.not_found] + list(d.failed)
    if report.missing:
        outcome.next_steps.append(f"give its {' and '.join(report.missing)}, or let enrichment fill them in")
