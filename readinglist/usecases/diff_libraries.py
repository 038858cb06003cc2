"""What changed between two versions of a library, by entry and field, for a person reviewing a change.

Each version is a file or a git revision of one (`main:papers.bib`); either is read whole, up to the merge's size
cap, and named as given (never taken as an option). Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..merge.diff import change_records, describe_changes, load_version, render_textconv
from ..store import Library
from . import Outcome


@dataclass(frozen=True)
class DiffRequest:
    """Compare `old` with `new`: each a file or a git revision like `main:papers.bib`."""

    old: str
    new: str


@dataclass
class DiffReport:
    """The two versions read; the changes between them as lines for people (`lines`) or as data (`records`)."""

    old: Library
    new: Library
    outcome: Outcome = field(default_factory=Outcome)

    @cached_property
    def lines(self) -> list[str]:
        """One line per changed, added or removed entry (`key: status unread → read`), then the text between."""
        return describe_changes(self.old, self.new)

    @cached_property
    def records(self) -> dict[str, Any]:
        """The same changes as data, in the published shape (readinglist/schemas/diff.json)."""
        return change_records(self.old, self.new)


def run(request: DiffRequest) -> DiffReport:
    """Read both versions; the changes are computed when the report is asked for them, in the form asked."""
    return DiffReport(load_version(request.old), load_version(request.new))


def textconv(version: str) -> str:
    """One version as one line per field (`key.field = value`), for git's diff.textconv."""
    return render_textconv(load_version(version))
