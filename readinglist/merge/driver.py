"""`readinglist merge-driver %O %A %B %P`: git hands us three files; the merge goes into %A."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import LibraryFileError
from ..store.atomic import write_atomic
from .three_way import MergeResult, merge_texts

MAX_LIBRARY_BYTES = 200 * 10**6  # the most we read of one version (10,000 entries are about 36 MB)


def load_text(path: Path, shown_as: str) -> str:
    """A version of the library as text: at most MAX_LIBRARY_BYTES (`/dev/zero` is refused, not read forever)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LIBRARY_BYTES + 1)
        if len(data) > MAX_LIBRARY_BYTES:
            raise LibraryFileError(
                f"{shown_as} is larger than {MAX_LIBRARY_BYTES // 10**6} MB (or endless); not a library we read"
            )
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise LibraryFileError(f"{shown_as} is not UTF-8 (byte {err.start}); convert it and merge again") from None
    except OSError as err:
        raise LibraryFileError(f"cannot read {shown_as} ({path}): {err.strerror}") from err


def run_merge_driver(base: Path, ours: Path, theirs: Path, shown_as: str) -> MergeResult:
    """Merge; write the result over `ours` (atomically) and return what happened."""
    texts = [load_text(p, f"{shown_as} ({side})") for p, side in ((base, "base"), (ours, "ours"), (theirs, "theirs"))]
    result = merge_texts(*texts)
    write_atomic(ours, result.text.encode("utf-8"), None, check=False)  # git's own temporary file
    return result


def run_text_merge(base: Path, ours: Path, theirs: Path) -> int:
    """Fallback for files we cannot read: git's own line merge, with its conflict markers."""
    args = ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", str(ours), str(base), str(theirs)]
    return subprocess.run(args, check=False).returncode
