"""A paper's note: its path, the note written from the entry first when it does not exist yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..store import NoteStore, load_library
from . import Outcome
from .which_paper import Notify, ignore, said


@dataclass(frozen=True)
class NoteRequest:
    """The note of the paper `paper` names (a key, id, common name or title words)."""

    library: Path
    paper: str


@dataclass
class NoteReport:
    """Where the note is, and whether it was made just now."""

    key: str
    path: Path
    created: bool
    outcome: Outcome = field(default_factory=Outcome)


def run(request: NoteRequest, notify: Notify = ignore) -> NoteReport:
    """Make the note from the entry's title, names and ids when it does not exist; never overwrite one."""
    library = load_library(request.library)
    key = said(library, request.paper, notify)
    notes = NoteStore(request.library)
    existed = notes.path_for(key).exists()
    path = notes.ensure(library.entry(key))
    report = NoteReport(key, path, not existed)
    if report.created:
        report.outcome.changed.append(f"wrote a new note for {key} at {path}")
    return report
