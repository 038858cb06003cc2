"""notes/<key>.md beside the library file: one Markdown note per entry, created on demand."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import LibraryFileError, UnsafeKeyError
from ..keys import note_filename
from ..models import Entry
from ..paper import paper_of
from .atomic import digest_bytes, digest_file, locked, write_atomic


class NoteStore:
    """Reads and writes notes; every path is checked to stay inside the notes folder."""

    def __init__(self, library_path: Path | str) -> None:
        self.folder = Path(library_path).resolve().parent / "notes"

    def path_for(self, key: str) -> Path:
        path = (self.folder / note_filename(key)).resolve()
        if path.parent != self.folder.resolve():
            raise UnsafeKeyError(f"note for key {key!r} would fall outside {self.folder}; rename the key")
        return path

    def read(self, key: str) -> tuple[str, str | None]:
        """The note's text ('' when none) and the digest to pass back to `save`."""
        path = self.path_for(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return "", None
        except OSError as err:
            raise LibraryFileError(f"cannot read the note {path} ({err.strerror}); check its permissions") from err
        try:
            return data.decode("utf-8"), digest_bytes(data)
        except UnicodeDecodeError as err:
            raise LibraryFileError(
                f"the note {path} is not UTF-8 (byte {err.start}); convert it to UTF-8 in an editor"
            ) from None

    def check_writable(self) -> None:
        """Refuse early when notes cannot be written, so that no entry is added without its note."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.folder):
                pass
        except OSError as err:
            raise LibraryFileError(
                f"cannot write notes in {self.folder} ({err.strerror}); nothing was added: make it a writable folder"
            ) from err

    def save(self, key: str, text: str, expected_digest: str | None) -> str:
        """Write a note atomically; refuses if it changed on disk since it was read."""
        path = self.path_for(key)
        with locked(path):
            return write_atomic(path, text.encode("utf-8"), expected_digest)

    def ensure(self, entry: Entry) -> Path:
        """Create the note with a short header if it does not exist yet; return its path."""
        path = self.path_for(entry.key)
        with locked(path):
            if digest_file(path) is None:
                write_atomic(path, render_note_template(entry).encode("utf-8"), None)
        return path


def render_note_template(entry: Entry) -> str:
    paper = paper_of(entry)
    lines = [f"# {paper.heading}", ""]
    if entry.get("title_zh") and entry.title:
        lines += [entry.get("title_zh"), ""]
    meta = [f"key: `{entry.key}`"]
    if paper.authors:
        meta.append("authors: " + ", ".join(paper.authors))
    if entry.year:
        meta.append(f"year: {entry.year}")
    meta += [f"{name}: <{url}>" for name, url in entry.links().items()]
    lines += [f"- {m}" for m in meta]
    lines += ["", "## Notes", ""]
    return "\n".join(lines)
