"""Atomic file writes and a cross-process lock: the only code that writes the library's files."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import ConflictError, LibraryFileError

LOCK_TIMEOUT_SECONDS = 30.0


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> str | None:
    """Content hash of a file, or None when it does not exist."""
    try:
        return digest_bytes(path.read_bytes())
    except FileNotFoundError:
        return None


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the lock that serialises writers of `path` (other processes included)."""
    lock = FileLock(str(lock_path(path)))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as err:
        raise LibraryFileError(
            f"{path} is locked by another readinglist process (lock file {lock_path(path)}); "
            "wait for it to finish, or delete the lock file if no such process is running"
        ) from err
    try:
        yield
    finally:
        lock.release()


def write_atomic(path: Path, data: bytes, expected_digest: str | None, *, check: bool = True) -> str:
    """Replace `path` with `data` atomically; refuse if the file is no longer what was loaded.

    The caller holds `locked(path)`. `expected_digest` is the hash of the bytes the caller loaded
    (None for a file that did not exist). Returns the digest of the new content.
    """
    if check:
        current = digest_file(path)
        if current != expected_digest:
            raise ConflictError(
                f"{path} changed on disk since it was loaded (edited by someone else); "
                "nothing was written: reload it and make your change again"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return digest_bytes(data)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
