"""Edit one entry: set a field, remove one, or mark the reading status; only that entry's lines change on disk.

`run(request, notify)` opens the library for editing, names the entry the request means (`which_paper`) and writes
the one field. Notes that come before the edit (entries left out, how the paper was found) go to `notify` as they
arise, so a caller can show them even when the edit then fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidValueError
from ..models import STATUSES
from ..store import edit_library
from . import Outcome
from .which_paper import Notify, ignore, said


@dataclass(frozen=True)
class EditRequest:
    """Set `name` of the paper `paper` names to `value`, or remove the field when `value` is None."""

    library: Path
    paper: str  # a key, id, common name or title words
    name: str
    value: str | None = None


@dataclass(frozen=True)
class MarkRequest:
    """Set the reading status (one of `models.STATUSES`) of the paper `paper` names."""

    library: Path
    paper: str
    status: str


@dataclass
class EditReport:
    """The entry edited and whether anything changed (removing a field the entry does not have changes nothing)."""

    key: str
    name: str
    value: str | None
    changed: bool
    outcome: Outcome = field(default_factory=Outcome)


def run(request: EditRequest, notify: Notify = ignore) -> EditReport:
    """Write (or remove) the field, atomically, under the library's lock."""
    with edit_library(request.library) as library:
        key = said(library, request.paper, notify)
        if request.value is None:
            changed = library.unset_field(key, request.name)
        else:
            library.set_field(key, request.name, request.value)
            changed = True
    report = EditReport(key, request.name, request.value, changed)
    if changed:
        words = f"removed {request.name}" if request.value is None else f"{request.name} set to {request.value!r}"
        report.outcome.changed.append(f"{key}: {words}")
    return report


def mark(request: MarkRequest, notify: Notify = ignore) -> EditReport:
    """Set the reading status; an unknown status is refused before the library is opened."""
    if request.status not in STATUSES:
        raise InvalidValueError(f"unknown status {request.status!r}; use one of {', '.join(STATUSES)}")
    return run(EditRequest(request.library, request.paper, "status", request.status), notify)
