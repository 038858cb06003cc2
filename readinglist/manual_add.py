"""Adding a paper by hand, with no network: an entry from what the user typed, filled in later by `enrich`."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidIdError, InvalidValueError
from .identity import KeyIndex, normalise_title
from .ids import parse_paper_id
from .keys import base_key, unique_key
from .models import Entry, order_fields
from .store import NoteStore, edit_library


@dataclass(frozen=True)
class ManualPaper:
    """What the hand-add form asks for; only the title is required."""

    title: str
    authors: list[str] = field(default_factory=list)
    year: str = ""
    paper_id: str = ""  # an arXiv id or URL, a DOI or a Semantic Scholar id: lets `enrich` fill the rest
    url: str = ""
    section: str = ""
    summary_zh: str = ""
    builds_on: str = ""


def parse_author_lines(text: str) -> list[str]:
    """One author per line, or separated by ';' or ' and '.

    >>> parse_author_lines("Long Ouyang\\nJeff Wu; Xu Jiang and Diogo Almeida")
    ['Long Ouyang', 'Jeff Wu', 'Xu Jiang', 'Diogo Almeida']
    """
    return [name.strip() for name in re.split(r"\n|;| and ", text) if name.strip()]


def build_manual_entry(paper: ManualPaper, taken: Container[str]) -> Entry:
    """The entry for a hand-added paper; raises InvalidValueError / InvalidIdError naming the bad input."""
    title = " ".join(paper.title.split())
    if not title:
        raise InvalidValueError("a title is needed to add a paper by hand")
    year = paper.year.strip()
    if year and not re.fullmatch(r"(1[5-9]|20)\d\d", year):
        raise InvalidValueError(f"year {year!r} is not a four-digit year; leave it empty if unknown")
    fields = {"title": title}
    if paper.authors:
        fields["author"] = " and ".join(paper.authors)
    if year:
        fields["year"] = year
    if paper.paper_id.strip():
        fields |= _id_fields(paper.paper_id.strip())
    if paper.url.strip():
        url = paper.url.strip()
        if not re.match(r"https?://\S+$", url):
            raise InvalidValueError(f"link {url!r} is not a web address (http:// or https://)")
        fields["url"] = url
    for name, value in (("section", paper.section), ("abstract_zh", paper.summary_zh), ("builds_on", paper.builds_on)):
        if value.strip():
            fields[name] = value.strip()
    key = unique_key(base_key(paper.authors, int(year) if year else None, title), taken)
    return Entry(key, "misc", order_fields(fields | {"status": "unread"}))


def _id_fields(raw: str) -> dict[str, str]:
    pid = parse_paper_id(raw)
    if pid.kind == "arxiv":
        return {"eprint": pid.value, "archiveprefix": "arXiv", "url": f"https://arxiv.org/abs/{pid.value}"}
    if pid.kind == "doi":
        return {"doi": pid.value}
    if pid.kind == "s2":
        return {"s2id": pid.value}
    raise InvalidIdError(f"{raw!r}: give an arXiv id, a DOI or a Semantic Scholar paper id to add by hand")


def add_manual_paper(path: Path, paper: ManualPaper) -> str:
    """Write the entry and its note; returns the new key. Nothing is written when anything is refused."""
    notes = NoteStore(path)
    notes.check_writable()
    with edit_library(path) as library:
        entries = library.entries()
        entry = build_manual_entry(paper, {e.key.lower() for e in entries})
        if entry.get("builds_on"):
            entry.fields["builds_on"] = library.entry(entry.get("builds_on")).key
        existing = KeyIndex(entries).find(entry.get("eprint"), entry.get("doi"), entry.get("s2id"), entry.title)
        existing = existing or _same_title(entries, entry.title)
        if existing:
            raise InvalidValueError(f"this paper is already in the library as {existing}")
        library.add_entry(entry)
    notes.ensure(entry)
    return entry.key


def _same_title(entries: list[Entry], title: str) -> str | None:
    """The key of an entry with exactly this title (case and punctuation aside), however short: typed by hand
    twice, "Kubernetes" is one paper, though a short title is too common to match a looked-up record by."""
    wanted = normalise_title(title)
    return next((e.key for e in entries if wanted and normalise_title(e.title) == wanted), None)
