"""Save a paper's note as a person typed it: atomically, under the note's lock, and only over the version they
started from. A note changed on disk since then (in an editor, another window) is not replaced: the report says
so and nothing is written, so the caller can show both versions and let the person choose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConflictError
from ..store import NoteStore
from . import Outcome


@dataclass(frozen=True)
class SaveNoteRequest:
    """Write `text` as the note of the entry `key`, over the note whose digest is `expected_digest` (None: the
    person started from no note at all)."""

    library: Path
    key: str
    text: str
    expected_digest: str | None


@dataclass
class SaveNoteReport:
    """Whether the note was written and, when it was, the digest of what is on disk now (to save over next)."""

    key: str
    path: Path
    saved: bool
    digest: str | None = None
    outcome: Outcome = field(default_factory=Outcome)


def run(request: SaveNoteRequest) -> SaveNoteReport:
    """Write the note unless it changed on disk since it was read; any other failure is raised as one line."""
    notes = NoteStore(request.library)
    path = notes.path_for(request.key)
    try:
        digest = notes.save(request.key, request.text, request.expected_digest)
    except ConflictError:
        report = SaveNoteReport(request.key, path, saved=False)
        report.outcome.failed.append(
            f"{path.name} changed on disk since it was opened (edited elsewhere); nothing was written"
        )
        report.outcome.next_steps.append("compare the two versions: keep yours, take the file's, or merge them")
        return report
    report = SaveNoteReport(request.key, path, saved=True, digest=digest)
    report.outcome.changed.append(f"{request.key}: note saved in {path}")
    return report
