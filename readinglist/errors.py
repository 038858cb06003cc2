"""One error hierarchy: every failure the user can act on derives from ReadingListError."""

from __future__ import annotations

from typing import Any

# How a message advises working without the network, in words for the CLI and the app alike (the CLI names its
# flag when it prints the message: `cli.cli_text`).
WORK_OFFLINE = "or work offline"
# How a conflict's advice offers a value of one's own (the CLI names its option: `cli.cli_text`).
OWN_VALUE = "(or a value of your own)"
# Where to learn what to fix in entries that could not be read (the CLI names its command: `cli.cli_text`).
CHECK_ADVICE = "a check of the library says what to fix"


class ReadingListError(Exception):
    """Base class: the message is one readable line that says what to do."""


class UsageError(ReadingListError):
    """A command line option with a value the command does not know (exit code 2, as for any usage error)."""


class LibraryFileError(ReadingListError):
    """papers.bib cannot be read (missing, not UTF-8, ...)."""


class ConflictError(ReadingListError):
    """The file changed on disk since it was loaded; saving would clobber that edit."""


class UnknownKeyError(ReadingListError):
    """A citation key that is not in the library."""


class UnsafeKeyError(ReadingListError):
    """A citation key that cannot be used as a file name (path separators, '..', control characters)."""


class InvalidValueError(ReadingListError):
    """A field name or value that cannot be written to BibTeX."""


class InvalidIdError(ReadingListError):
    """An arXiv id, DOI or Semantic Scholar id that is malformed; checked before any request."""


class SourceError(ReadingListError):
    """A failure talking to an API: carries the source, the id, the URL and the HTTP status."""

    def __init__(
        self, message: str, *, source: str, paper_id: str = "", url: str = "", status: int | None = None
    ) -> None:
        super().__init__(message)
        self.source = source
        self.paper_id = paper_id
        self.url = url
        self.status = status

    def __reduce__(self) -> tuple[Any, ...]:  # keep pickling working with keyword-only fields
        return (
            _rebuild_source_error,
            (type(self), str(self), self.source, self.paper_id, self.url, self.status),
        )


def _rebuild_source_error(cls, message, source, paper_id, url, status):  # type: ignore[no-untyped-def]
    return cls(message, source=source, paper_id=paper_id, url=url, status=status)


class NotFoundError(SourceError):
    """The API says the paper does not exist."""


class RateLimitedError(SourceError):
    """The API kept answering 429 past the bounded total wait."""


class UnreachableError(SourceError):
    """No network, connection refused or timed out."""


class BadResponseError(SourceError):
    """5xx after retries, an empty answer the client hid, or a body that does not parse."""


class OfflineError(ReadingListError):
    """A network operation was asked for in offline mode."""
