"""The library written back as its awesome list (Markdown in the shape the list was imported from).

The list's own lines come from the sections file saved beside the library at import; each item is filled from the
library's values, and entries the list never held come last. Nothing is written here: the caller puts the text
where it was asked to go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..exporters.awesome_markdown import render_awesome_list
from ..importers.outline import load_outline
from ..store import load_library
from . import Outcome
from .which_paper import Notify, ignore, unreadable_note


@dataclass(frozen=True)
class ExportListRequest:
    """Export the library at `library` as an awesome list."""

    library: Path


@dataclass
class ExportListReport:
    """The list's text, and how many entries it was made from."""

    text: str
    entries: int
    outcome: Outcome = field(default_factory=Outcome)


def run(request: ExportListRequest, notify: Notify = ignore) -> ExportListReport:
    """Render the list; entries of the file that could not be read are said to `notify` (they are left out)."""
    library = load_library(request.library)
    if note := unreadable_note(library):
        notify("warning", note)
    entries = library.entries()
    return ExportListReport(render_awesome_list(entries, load_outline(request.library)), len(entries))
