"""Plain data: a library entry and the lineage edges between entries.

Field names are the contract the graph, app and exports rely on (see README, "Fields").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from os import PathLike

NOTE_SEPARATOR = " | "
STATUSES = ("unread", "reading", "read")
RESOURCE_KINDS = ("benchmark", "competition", "dataset", "model-list", "toolkit", "product", "link")
# The order fields are written in when an entry is made (import, add): the shipped file's order.
FIELD_ORDER = (
    "title",
    "title_zh",
    "title_seed",
    "aka",
    "author",
    "year",
    "month",
    "journal",
    "booktitle",
    "institution",
    "type",
    "pages",
    "note",
    "doi",
    "eprint",
    "archiveprefix",
    "primaryclass",
    "url",
    "blog",
    "blog_label",
    "code",
    "kind",
    "provider",
    "description_zh",
    "links",
    "paper",
    "resources",
    "section",
    "seed_id",
    "seed_date",
    "abstract",
    "abstract_zh",
    "highlight_zh",
    "note_zh",
    "builds_on",
    "builds_on_note",
    "cites",
    "unverified",
    "source",
)


def order_fields(fields: dict[str, str]) -> dict[str, str]:
    """The fields in FIELD_ORDER, unknown ones after in their own order."""
    rank = {name: i for i, name in enumerate(FIELD_ORDER)}
    return dict(sorted(fields.items(), key=lambda kv: rank.get(kv[0], len(rank))))


_CODE_HOSTS = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com|gitee\.com)/", re.I)


@dataclass(frozen=True)
class Problem:
    """Something in the file that needs a person: broken entries, duplicate keys, unsafe keys."""

    kind: str
    line: int
    key: str
    message: str

    def describe(self, path: PathLike[str] | str) -> str:
        key = f" [{self.key}]" if self.key else ""
        return f"{path}:{self.line}:{key} {self.message}"


def split_list(value: str | None) -> list[str]:
    """Split a comma-separated field value into its items."""
    if not value:
        return []
    return [item.strip() for item in value.split(",") if item.strip()]


def join_list(items: list[str]) -> str:
    return ", ".join(items)


_YEAR = re.compile(r"\d{4}")


def parse_year(text: str) -> int | None:
    """The first four-digit run of a year field: `2022`, `{2022}`, `2022a` -> 2022."""
    match = _YEAR.search(text)
    return int(match.group()) if match else None


def parse_notes(value: str | None) -> dict[str, str]:
    """`builds_on_note` holds `key: words` items separated by ` | `."""
    notes: dict[str, str] = {}
    for item in (value or "").split(NOTE_SEPARATOR):
        key, sep, words = item.partition(": ")
        if sep and key.strip():
            notes[key.strip()] = words.strip()
    return notes


def format_notes(notes: dict[str, str]) -> str:
    return NOTE_SEPARATOR.join(f"{key}: {words}" for key, words in notes.items())


_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}


_MONTH_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


# What reads as a month in a label (`Nov 2023`): abbreviations and full names.
MONTH_WORDS = frozenset(_MONTHS) | _MONTH_NAMES


def parse_month(value: str | None) -> int | None:
    if not value:
        return None
    value = value.strip().lower()
    if value.isdigit():
        month = int(value)
        return month if 1 <= month <= 12 else None
    return _MONTHS.get(value[:3])


@dataclass
class Entry:
    """One library entry: a BibTeX type, a key and its fields in file order (values without outer braces)."""

    key: str
    entry_type: str
    fields: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    def list_field(self, name: str) -> list[str]:
        return split_list(self.fields.get(name))

    @property
    def title(self) -> str:
        return strip_braces(self.get("title"))

    @property
    def year(self) -> int | None:
        return parse_year(self.get("year"))

    @property
    def month(self) -> int | None:
        return parse_month(self.get("month"))

    @property
    def kind(self) -> str:
        return self.get("kind") or "paper"

    @property
    def is_resource(self) -> bool:
        """A benchmark, dataset, tool, link ... of the list's other sections (their seed ids start with `s`)."""
        return self.kind in RESOURCE_KINDS or (self.kind != "paper" and self.get("seed_id").startswith("s"))

    @property
    def status(self) -> str:
        return self.get("status") or "unread"

    @property
    def venue(self) -> str:
        return strip_braces(
            self.get("journal")
            or self.get("booktitle")
            or self.get("venue")
            or self.get("institution")
            or self.get("howpublished")
        )

    def links(self) -> dict[str, str]:
        """The entry's links by kind: paper, arxiv, doi, blog, code."""
        links: dict[str, str] = {}
        if self.get("url"):  # a repository is code, whatever the entry is (a model's GitHub page is no paper)
            links["code" if _CODE_HOSTS.match(self.get("url")) else "paper"] = self.get("url")
        if self.get("eprint"):
            links["arxiv"] = f"https://arxiv.org/abs/{self.get('eprint')}"
        if self.get("doi"):
            links["doi"] = f"https://doi.org/{self.get('doi')}"
        for name in ("blog", "code"):
            if self.get(name):
                links.setdefault(name, self.get(name))
        return links

    def best_link(self) -> str:
        links = self.links()
        order = ("paper", "arxiv", "doi", "blog", "code")
        return next((links[name] for name in order if links.get(name)), "")


def strip_braces(text: str) -> str:
    """Drop the case-protecting braces BibTeX titles carry (`{BERT}` -> `BERT`)."""
    return text.replace("{", "").replace("}", "") if text else ""
