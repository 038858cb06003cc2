"""Merge three versions of a library for git (the merge driver): by entry and field, the result written over our
version; a version that cannot be read is merged line by line instead, with git's own conflict markers.

`clean` is what git is told: True when nothing is left for a person. The merge's notes (the fallback and why) go to
`notify` as they arise, before git's own line merge runs and prints its own words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReadingListError
from ..merge.driver import run_merge_driver, run_text_merge
from ..merge.three_way import Conflict
from . import Outcome
from .which_paper import Notify, ignore

FALLBACK = "falling back to a line-by-line merge"


@dataclass(frozen=True)
class MergeRequest:
    """git's %O, %A (the merge is written here) and %B, and the file's name in the repository (%P)."""

    base: Path
    ours: Path
    theirs: Path
    shown_as: str = "papers.bib"


@dataclass
class MergeReport:
    """The entries merged field by field, the conflicts left in the file, or why it was merged line by line."""

    shown_as: str
    merged_entries: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unreadable: str = ""  # why the entry merge was not possible ('' when it was)
    clean: bool = True
    outcome: Outcome = field(default_factory=Outcome)


def run(request: MergeRequest, notify: Notify = ignore) -> MergeReport:
    """Merge into `request.ours`; an unreadable version falls back to git's line merge (said first to `notify`)."""
    report = MergeReport(request.shown_as)
    try:
        result = run_merge_driver(request.base, request.ours, request.theirs, request.shown_as)
    except ReadingListError as error:
        report.unreadable = str(error)
        notify("error", f"{error}; {FALLBACK}")
        report.clean = run_text_merge(request.base, request.ours, request.theirs) == 0
        if not report.clean:
            said = "the line-by-line merge did not finish cleanly; look for conflict markers"
            report.outcome.failed.append(f"{request.shown_as}: {said}")
        return report
    report.merged_entries, report.conflicts = list(result.merged_entries), list(result.conflicts)
    report.clean = not report.conflicts
    if report.merged_entries:
        count = len(report.merged_entries)
        noun = "entry" if count == 1 else "entries"
        said = f"{count} {noun} changed on both sides, merged field by field"
        report.outcome.changed.append(f"{request.shown_as}: {said}")
    report.outcome.failed += [f"{request.shown_as}: conflict: {c.describe()}" for c in report.conflicts]
    if report.conflicts:
        report.outcome.next_steps.append(
            "the library's check lists the conflicts; settle each one (ours, theirs or an edited value), "
            "for example on the app's Merge conflicts page"
        )
    return report
