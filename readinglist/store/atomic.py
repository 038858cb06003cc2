"""Atomic file writes and a cross-process lock: the only code that writes the library's files."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

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


def real_path(path: Path) -> Path:
    """The file a write must replace: a symlinked papers.bib is updated where it really lives."""
    return path.resolve() if path.is_symlink() else path


def lock_path(path: Path) -> Path:
    path = real_path(path)
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the lock that serialises writers of `path` (other processes included)."""
    lock_file = lock_path(path)
    if lock_file.is_symlink():  # the lock opens its file for writing and truncates it: never follow a link
        raise LibraryFileError(
            f"lock file {lock_file} is a symbolic link; nothing was written: delete the link and try again"
        )
    from filelock import FileLock, Timeout  # only writers need it: reading commands start faster without it

    lock = FileLock(str(lock_file))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as err:
        raise LibraryFileError(
            f"{path} is locked by another readinglist process (lock file {lock_file}); "
            "wait for it to finish, or delete the lock file if no such process is running"
        ) from err
    except OSError as err:
        raise LibraryFileError(
            f"cannot create the lock file {lock_file} ({err.strerror}); nothing was written: "
            f"make {lock_file.parent} writable"
        ) from err
    try:
        yield
    finally:
        lock.release()


def write_atomic(path: Path, data: bytes, expected_digest: str | None, *, check: bool = True) -> str:
    """Replace `path` with `data` atomically; refuse if the file is no longer what was loaded.

    The caller holds `locked(path)`. `expected_digest` is the hash of the bytes the caller loaded
    (None for a file that did not exist). Returns the digest of the new content. A symlink is followed
    (the real file is replaced), a read-only file is refused, and temp files left by a killed save are removed.
    """
    path = real_path(path)
    if check:
        current = digest_file(path)
        if current != expected_digest:
            raise ConflictError(
                f"{path} changed on disk since it was loaded (edited by someone else); "
                "nothing was written: reload it and make your change again"
            )
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    if not mode & stat.S_IWUSR:
        raise LibraryFileError(
            f"{path} is read-only (mode {mode:o}); nothing was written: make it writable (chmod u+w) to change it"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temp_files(path)
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise LibraryFileError(
            f"cannot write in {path.parent} ({err.strerror}); nothing was written: make the folder writable"
        ) from err
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise LibraryFileError(f"cannot write {path} ({err.strerror}); the old file is unchanged") from err
        raise
    _fsync_dir(path.parent)
    return digest_bytes(data)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files of a save that was killed (the caller holds the lock, so no save is running)."""
    for stale in path.parent.glob(f"{_temp_prefix(path)}*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
