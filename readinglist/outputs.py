"""Where an export goes: `-` is standard output, anything else a file checked before anything is written."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import ReadingListError

STDOUT = "-"


class OutputPathError(ReadingListError):
    """An `--out` path that cannot be written: a missing folder, a folder, no permission."""


def check_output_path(path: Path | str) -> Path | None:
    """The path to write, or None for standard output; a one-line error when it cannot be written.

    Checked before the export is computed, so a typo costs nothing.
    """
    if str(path) == STDOUT:
        return None
    path = Path(path)
    if path.is_dir():
        raise OutputPathError(f"--out {path} is a folder; give a file name inside it, e.g. {path / 'out.txt'}")
    folder = path.parent
    if not folder.is_dir():
        raise OutputPathError(f"--out {path}: folder {folder} does not exist; create it first (mkdir -p {folder})")
    if not os.access(folder, os.W_OK):
        raise OutputPathError(f"--out {path}: folder {folder} is not writable; choose another place")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputPathError(f"--out {path} is read-only; choose another file name or make it writable")
    return path


def write_output(text: str, path: Path | str | None) -> Path | None:
    """Write `text` to standard output (None or `-`) or atomically to a file; returns the file written."""
    target = check_output_path(path) if path is not None else None
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        os.replace(temp, target)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise OutputPathError(f"cannot write --out {target}: {error.strerror}") from error
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
