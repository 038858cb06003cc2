"""A list's bytes as text, for the CLI and the Import page alike: a file that is no Markdown (an image, a PDF, an
archive, other binary data) or is not UTF-8 is one clear line naming the file and what to give instead."""

from __future__ import annotations

from pathlib import Path

import filetype

from ..errors import ReadingListError

_HEAD = 8192  # the bytes a file's kind is told from
_MEDIA = ("image", "video", "audio", "font")


def list_text(data: bytes, name: str) -> str:
    """The list's text; ReadingListError when the bytes are not a UTF-8 text file."""
    what = _binary_kind(data[:_HEAD])
    if what:
        raise ReadingListError(f"{name} looks like {what}, not a Markdown list; give the list's README.md (text)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReadingListError(
            f"{name} is not UTF-8 text (byte {error.start}); convert it first, e.g. "
            f"`iconv -f latin1 -t utf-8 {name} > list-utf8.md`, and import that"
        ) from error


def read_list_file(path: Path) -> str:
    """The text of a list file on this computer (see `list_text`)."""
    try:
        data = path.expanduser().read_bytes()
    except OSError as error:
        raise ReadingListError(f"cannot read {path}: {error.strerror or error}") from error
    return list_text(data, str(path))


def _binary_kind(head: bytes) -> str:
    """`a PNG image`, `a PDF document`, `a ZIP archive`, `binary data`; '' for what may be text."""
    kind = filetype.guess(head) if head else None
    if kind is not None:
        family = kind.mime.split("/")[0]
        label = kind.extension.upper()
        if family in _MEDIA:
            return f"a {label} {family}"
        if kind.extension == "pdf":
            return "a PDF document"
        if filetype.is_archive(head):
            return f"a {label} archive"
        return f"a {label} file"
    return "binary data" if b"\x00" in head else ""
