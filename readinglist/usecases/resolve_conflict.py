"""Settle one merge conflict that `check` reports: a field (ours, theirs or an edited value) or a deleted-vs-edited
entry (keep or delete). Written atomically under the library's lock; nothing is written when it is refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidValueError
from ..merge.conflicts import WHOLE_ENTRY, resolve_deletion, resolve_field
from ..store import edit_library
from . import Outcome

ENTRY_CHOICES = ("keep", "delete")


@dataclass(frozen=True)
class ResolveRequest:
    """`what` is the conflicting field, or `WHOLE_ENTRY` for a deleted-vs-edited entry; give `choice` or `value`."""

    library: Path
    key: str
    what: str
    choice: str | None = None  # ours/theirs for a field, keep/delete for an entry
    value: str | None = None  # an edited value instead of either side's (a field only)


@dataclass
class ResolveReport:
    key: str
    what: str
    outcome: Outcome = field(default_factory=Outcome)


def run(request: ResolveRequest) -> ResolveReport:
    """Settle the conflict; an unknown choice or a missing conflict is refused with what to give instead."""
    if (request.choice is None) == (request.value is None):
        raise InvalidValueError("give either a side (ours or theirs; keep or delete for an entry) or an edited value")
    key = request.key  # a key from the file (the app) or one the CLI checked: any key the library holds
    with edit_library(request.library) as library:
        if request.what == WHOLE_ENTRY:
            if request.choice not in ENTRY_CHOICES:
                raise InvalidValueError(f"{key}: keep or delete the entry, not {request.choice or 'a value'!r}")
            resolve_deletion(library, key, keep=request.choice == "keep")
            said = "kept" if request.choice == "keep" else "deleted"
        else:
            resolve_field(library, key, request.what, request.choice or "value", request.value)
            said = f"{request.what} set to {request.choice or 'the edited value'}"
    report = ResolveReport(key, request.what)
    report.outcome.changed.append(f"{key}: {said}")
    return report
