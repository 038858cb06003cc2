"""Start a library in a folder from the one that ships with the package: papers.bib, papers.sections,
discover.toml and notes/. A papers.bib already there is refused; any other file already there is kept.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LibraryFileError
from ..launch import shipped_library
from . import Outcome

KEPT = "(the shipped one was not copied over it)"


@dataclass(frozen=True)
class StartRequest:
    """Write the library into `folder`; `source` is the folder to copy from (default: the shipped library)."""

    folder: Path
    source: Path | None = None


@dataclass(frozen=True)
class FileDone:
    """One file of the library: written, or kept because the folder already had one of that name."""

    path: Path
    written: bool


@dataclass
class StartReport:
    """The files written or kept, in the order they were handled, and the notes copied or kept."""

    folder: Path
    files: list[FileDone] = field(default_factory=list)
    notes_written: int = 0
    notes_kept: int = 0
    outcome: Outcome = field(default_factory=Outcome)

    def lines(self) -> list[str]:
        """One line per thing: what was written (the outcome's changes), then what was already there and kept."""
        kept = [f"kept your {f.path} {KEPT}" for f in self.files if not f.written]
        if self.notes_kept:
            kept.append(f"kept your {self.notes_kept} notes of the same names in {self.folder / 'notes'}/")
        return self.outcome.changed + kept


def run(request: StartRequest) -> StartReport:
    """Copy the library into the folder; never overwrites a file already there."""
    source = request.source or shipped_library()
    folder = request.folder
    target = folder / "papers.bib"
    if target.exists():
        raise LibraryFileError(f"{target} already exists; choose an empty or a new folder (e.g. medical-nlp)")
    report = StartReport(folder)
    try:
        (folder / "notes").mkdir(parents=True, exist_ok=True)
        notes = sorted((source / "notes").glob("*.md"))
        kept_notes = [n for n in notes if (folder / "notes" / n.name).exists()]
        for note in notes:
            if note not in kept_notes:
                shutil.copyfile(note, folder / "notes" / note.name)
        shutil.copyfile(source / "papers.bib", target)
        report.files.append(FileDone(target, written=True))
        for name in ("papers.sections", "discover.toml"):  # the list's own lines; the sections' arXiv watch queries
            _copy_unless_there(source / name, folder / name, report)
        report.notes_written, report.notes_kept = len(notes) - len(kept_notes), len(kept_notes)
    except OSError as error:
        raise LibraryFileError(f"cannot write the library into {folder}: {error.strerror}") from error
    report.outcome.changed = [f"wrote {f.path}" for f in report.files if f.written]
    if report.notes_written:
        report.outcome.changed.append(f"wrote {report.notes_written} notes into {folder / 'notes'}/")
    report.outcome.next_steps.append(f"list the library, or open it in the app, from {folder}")
    return report


def _copy_unless_there(shipped: Path, path: Path, report: StartReport) -> None:
    """Copy a shipped file the folder does not have yet; one the folder has is kept (and said)."""
    if path.exists():
        report.files.append(FileDone(path, written=False))
    elif shipped.is_file():
        shutil.copyfile(shipped, path)
        report.files.append(FileDone(path, written=True))
