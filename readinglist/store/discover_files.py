"""The two plain files beside papers.bib that `discover` keeps, shared through git with the library.

- `discover.toml`: per section, the date of its last check and its arXiv watch queries::

      [sections.rlhf]
      last_check = 2026-12-07
      watch = ['abs:"human feedback" AND cat:cs.CL']

  Read and written with tomlkit, which keeps a curator's comments and layout when a date changes.
- `discover-dismissed.tsv`: one dismissed candidate a line (section, id, the id sent to Semantic Scholar as a
  negative example, date, title), appended in file order, so two curators' additions merge line by line.
- `discover-candidates.json`: per section, the candidates of its last check (date, window, each candidate with
  what `--add` needs), so a copy or clone of the folder can show, add and dismiss them with no request. Keys
  sorted, two-space indents, one value a line: a new check changes only the lines of what changed.

All are written atomically under the library's lock (`atomic.py`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from ..errors import LibraryFileError
from .atomic import digest_file, locked, write_atomic

CONFIG_NAME = "discover.toml"
DISMISSED_NAME = "discover-dismissed.tsv"
CANDIDATES_NAME = "discover-candidates.json"
DISMISSED_COLUMNS = ("section", "id", "s2_ref", "date", "title")


@dataclass(frozen=True)
class SectionWatch:
    """What the library's files say about one section's checks."""

    last_check: dt.date | None = None
    watch: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dismissed:
    section: str
    id: str
    s2_ref: str  # how Semantic Scholar names it (sent as a negative example)
    date: str
    title: str


@dataclass
class DiscoverConfig:
    sections: dict[str, SectionWatch] = field(default_factory=dict)

    def section(self, name: str) -> SectionWatch:
        return self.sections.get(name, SectionWatch())


def config_path(library: Path) -> Path:
    return library.parent / CONFIG_NAME


def dismissed_path(library: Path) -> Path:
    return library.parent / DISMISSED_NAME


def candidates_path(library: Path) -> Path:
    return library.parent / CANDIDATES_NAME


def load_candidates(library: Path) -> dict[str, dict[str, Any]]:
    """Section -> its last check (`checked`, `since`, `candidates`); an absent file is no check yet."""
    path = candidates_path(library)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise LibraryFileError(f"cannot read {path} ({err}); remove it, the next check writes it again") from err
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, dict):
        raise LibraryFileError(f"{path} has no `sections` object; remove it, the next check writes it again")
    return {str(k): v for k, v in sections.items() if isinstance(v, dict) and isinstance(v.get("candidates"), list)}


def save_candidates(library: Path, checks: dict[str, dict[str, Any]]) -> None:
    """Replace these sections' last checks, keeping the other sections' as they are."""
    path = candidates_path(library)
    with locked(path):
        before = digest_file(path)
        sections = load_candidates(library) | checks
        text = json.dumps({"sections": sections}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(path, text.encode("utf-8"), before)


def load_discover_config(library: Path) -> DiscoverConfig:
    """The sections' last checks and watch queries; an absent file is an empty configuration."""
    path = config_path(library)
    document = _read_toml(path)
    sections = document.get("sections", {})
    if not isinstance(sections, dict):
        raise LibraryFileError(f"{path}: `sections` must be a table ([sections.NAME]); fix the file")
    config = DiscoverConfig()
    for name, table in sections.items():
        if not isinstance(table, dict):
            raise LibraryFileError(f"{path}: [sections.{name}] must be a table; fix the file")
        last = table.get("last_check")
        watch = table.get("watch", [])
        if isinstance(watch, str):
            watch = [watch]
        if last is not None and not isinstance(last, dt.date):
            raise LibraryFileError(f"{path}: sections.{name}.last_check must be a date like 2026-12-07; fix the file")
        if not isinstance(watch, list) or not all(isinstance(q, str) and q.strip() for q in watch):
            raise LibraryFileError(f"{path}: sections.{name}.watch must be a list of arXiv queries; fix the file")
        config.sections[str(name)] = SectionWatch(last, tuple(q.strip() for q in watch))
    return config


def save_last_checks(library: Path, checked: dict[str, dt.date]) -> None:
    """Set `last_check` of these sections, keeping everything else in the file as it was written."""
    path = config_path(library)
    with locked(path):
        before = digest_file(path)
        document = _read_toml(path)
        if "sections" not in document:
            document["sections"] = tomlkit.table(is_super_table=True)
        sections = document["sections"]
        for name, day in checked.items():
            if name not in sections:
                sections[name] = tomlkit.table()
            sections[name]["last_check"] = day
        write_atomic(path, tomlkit.dumps(document).encode("utf-8"), before)


def load_dismissed(library: Path) -> list[Dismissed]:
    path = dismissed_path(library)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as err:
        raise LibraryFileError(f"cannot read {path} ({err}); fix or remove the file") from err
    rows = csv.DictReader(io.StringIO(text), delimiter="\t")
    return [Dismissed(*(str(row.get(column) or "") for column in DISMISSED_COLUMNS)) for row in rows if row.get("id")]


def append_dismissed(library: Path, items: list[Dismissed]) -> None:
    """Add dismissed candidates at the end of the file (a header first when the file is new)."""
    path = dismissed_path(library)
    with locked(path):
        before = digest_file(path)
        old = path.read_bytes() if before else b""
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        if not old:
            writer.writerow(DISMISSED_COLUMNS)
        for item in items:
            writer.writerow([" ".join(getattr(item, c).split()) for c in DISMISSED_COLUMNS])
        if old and not old.endswith(b"\n"):
            old += b"\n"
        write_atomic(path, old + out.getvalue().encode("utf-8"), before)


def remove_dismissed(library: Path, section: str, ids: set[str]) -> int:
    """Take these ids of one section out of the file (an undone dismissal); returns how many lines went."""
    path = dismissed_path(library)
    with locked(path):
        before = digest_file(path)
        kept = [item for item in load_dismissed(library) if not (item.section == section and item.id in ids)]
        gone = len(load_dismissed(library)) - len(kept)
        if gone:
            out = io.StringIO()
            writer = csv.writer(out, delimiter="\t", lineterminator="\n")
            writer.writerow(DISMISSED_COLUMNS)
            writer.writerows([getattr(item, c) for c in DISMISSED_COLUMNS] for item in kept)
            write_atomic(path, out.getvalue().encode("utf-8"), before)
    return gone


def _read_toml(path: Path) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return tomlkit.document()
    except (OSError, UnicodeDecodeError) as err:
        raise LibraryFileError(f"cannot read {path} ({err}); fix or remove the file") from err
    except TOMLKitError as err:
        raise LibraryFileError(f"{path} is not valid TOML ({err}); fix the file") from err
