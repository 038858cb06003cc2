"""Entries as plain records for `list --format json` and tables (pure)."""

from __future__ import annotations

from typing import Any

from .models import Entry


def entry_record(entry: Entry) -> dict[str, Any]:
    """Every field of the entry plus `key` and `type`."""
    return {"key": entry.key, "type": entry.entry_type, **entry.fields}


def filter_by_section(entries: list[Entry], section: str | None) -> list[Entry]:
    if not section:
        return entries
    return [e for e in entries if section in e.list_field("section")]
