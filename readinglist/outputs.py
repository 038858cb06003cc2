"""Where an export goes: `-` is standard output, anything else a file checked before anything is written.

A regular file is replaced atomically (a temporary file beside it). A descriptor path (`/dev/stdout`,
`/dev/fd/3`, `/proc/self/fd/1`) is written through the descriptor the shell opened, so `>> log` appends
and a pipe works; another device or a named pipe is written into as it is. Neither goes through a
temporary file.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import ReadingListError

STDOUT = "-"
_DESCRIPTOR = re.compile(r"/dev/(stdout|stderr|fd/\d+)|/proc/(self|\d+)/fd/(\d+)")
_NAMED = {"stdout": 1, "stderr": 2}


class OutputPathError(ReadingListError):
    """An `--out` path that cannot be written: a missing folder, a folder, no permission."""


def check_output_path(path: Path | str, keep: Iterable[Path] = ()) -> Path | None:
    """The path to write, or None for standard output; a one-line error when it cannot be written.

    `keep` are the library's own files and folders (papers.bib, papers.sections, notes/): an export never
    replaces them. Checked before the export is computed, so a typo costs nothing.
    """
    if str(path) == STDOUT:
        return None
    if not str(path):
        raise OutputPathError("--out is empty; give a file name, or - for standard output")
    path = Path(path)
    resolved = path.resolve()
    for own in keep:
        own = own.resolve()
        where = "is" if resolved == own else "is inside" if own in resolved.parents else ""
        if where:
            raise OutputPathError(
                f"--out {path} {where} the library's own {own.name}; an export must not replace it: "
                "choose another file name"
            )
    if descriptor_of(path) is not None:
        return path
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
    descriptor = descriptor_of(target)
    if descriptor is not None:
        _write_descriptor(text, descriptor, target)
        return None
    target = target.resolve()  # through a symlink to the file it names, as library saves do
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        return _write_into(text, target)  # a device or a named pipe: write into it, never replace it
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


def descriptor_of(path: Path) -> int | None:
    """The open file descriptor of this process that `path` names (`/dev/stdout`, `/dev/fd/N`…), else None.

    Symbolic links are followed one at a time (`/dev/stdout` -> `/proc/self/fd/1`), since resolving them
    all the way ends at the file or pipe itself, whose name cannot be opened again as the shell opened it.
    """
    current = str(path)
    for _ in range(8):
        match = _DESCRIPTOR.fullmatch(os.path.normpath(current))
        if match:
            dev, pid, proc_fd = match.groups()
            if pid not in (None, "self") and int(pid) != os.getpid():
                return None
            return int(proc_fd) if dev is None else _NAMED.get(dev) or int(dev.removeprefix("fd/"))
        if not os.path.islink(current):
            return None
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    return None


def _write_descriptor(text: str, descriptor: int, shown: Path) -> None:
    if descriptor == 1:
        sys.stdout.flush()
    try:
        with open(descriptor, "w", encoding="utf-8", newline="", closefd=False) as handle:
            handle.write(text)
    except OSError as error:
        raise OutputPathError(f"cannot write --out {shown}: {error.strerror}") from error


def _write_into(text: str, target: Path) -> Path:
    try:
        with target.open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise OutputPathError(f"cannot write --out {target}: {error.strerror}") from error
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
