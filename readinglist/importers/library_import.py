"""Merge a parsed awesome list (and optional facts) into a library without overwriting anyone's fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..identity import identities, normalise_title
from ..keys import base_key, unique_key
from ..models import Entry, format_notes, join_list, order_fields, split_authors
from ..store.bibfile import Library
from .facts import Facts, fact_fields
from .markdown import Lineage, ParsedList, SeedItem, dedupe_sentences


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.problems)} problem(s)"
        )


def normalise_url(url: str) -> str:
    url = re.sub(r"^https?://(www\.)?", "", url.strip().lower()).split("#")[0]
    return url.removesuffix("/").removesuffix(".pdf").removesuffix("/")


@dataclass
class _Candidate:
    items: list[SeedItem]
    entry_type: str
    fields: dict[str, str]
    key: str = ""


def import_awesome_list(library: Library, parsed: ParsedList, facts: Facts | None = None) -> ImportReport:
    """Add new items as entries and fill missing fields of matching ones; never overwrite a field."""
    report = ImportReport(problems=list(parsed.problems))
    candidates = [_build_candidate(group, facts) for group in _group_duplicates(parsed.items, facts)]
    index = _ExistingIndex(library)
    taken = {e.key.lower() for e in library.entries()}
    for cand in candidates:
        existing = index.find(cand.fields)
        if existing:
            cand.key = existing
        else:
            authors = split_authors(cand.fields.get("author"))
            year = int(cand.fields["year"]) if cand.fields.get("year", "").isdigit() else None
            title = cand.fields.get("title") or cand.fields.get("title_zh", "")
            cand.key = unique_key(base_key(authors, year, title), taken)
            taken.add(cand.key.lower())
    by_seed_id = {item.seed_id: cand for cand in candidates for item in cand.items}
    _add_lineage(candidates, by_seed_id, parsed.lineage, report)
    if facts:
        _add_citations(candidates, facts, report)
    for cand in candidates:
        fields = order_fields(cand.fields)
        if cand.key in library:
            entry = library.entry(cand.key)
            present = {name.lower() for name in entry.fields}
            missing = [name for name in fields if name.lower() not in present]
            for name in missing:
                library.set_field(cand.key, name, fields[name])
            (report.updated.__setitem__(cand.key, missing) if missing else report.unchanged.append(cand.key))
        else:
            library.add_entry(Entry(cand.key, cand.entry_type, fields))
            report.added.append(cand.key)
    return report


def _fact_for(item: SeedItem, facts: Facts | None) -> dict | None:
    return facts.by_seed_id.get(item.seed_id) if facts else None


def _identity(item: SeedItem, facts: Facts | None) -> set[str]:
    record = _fact_for(item, facts) or {}
    ids = {f"url:{normalise_url(item.fields['url'])}"} if item.fields.get("url") else set()
    return ids | {
        f"{kind}:{value}"
        for kind, value in identities(record.get("arxiv"), record.get("doi"), None, item.fields.get("title"))
    }


def _group_duplicates(items: list[SeedItem], facts: Facts | None) -> list[list[SeedItem]]:
    """A paper listed twice in the list (same URL, arXiv id, DOI or English title) becomes one group."""
    groups: list[tuple[set[str], list[SeedItem]]] = []
    for item in items:
        ids = _identity(item, facts)
        for group_ids, group in groups:
            if ids & group_ids:
                group.append(item)
                group_ids |= ids
                break
        else:
            groups.append((ids, [item]))
    return [group for _, group in groups]


def _build_candidate(items: list[SeedItem], facts: Facts | None) -> _Candidate:
    fields: dict[str, str] = {}
    for item in items:
        for name, value in item.fields.items():
            fields.setdefault(name, value)
    first = items[0]
    if first.heading_link:
        if not fields.get("url"):
            fields["url"] = first.heading_link
        elif not fields.get("blog") and first.heading_link != fields["url"]:
            fields["blog"] = first.heading_link
    if fields.get("abstract_zh"):
        fields["abstract_zh"] = dedupe_sentences(fields["abstract_zh"])
    fields["section"] = join_list(list(dict.fromkeys(item.section for item in items)))
    fields["seed_id"] = join_list([item.seed_id for item in items])
    entry_type = "misc"
    record = _fact_for(first, facts)
    if record:
        entry_type, known = fact_fields(record)
        seed_title = fields.pop("title", "")
        if seed_title and known.get("title") and normalise_title(seed_title) != normalise_title(known["title"]):
            fields["title_seed"] = seed_title
        for name, value in known.items():
            if name == "url" and fields.get("url"):
                continue  # the curator's link stays
            fields.setdefault(name, value)
        if not fields.get("title") and seed_title:
            fields["title"] = seed_title
    year = re.search(r"(?:19|20)\d\d", fields.get("seed_date", ""))
    if not fields.get("year") and year:
        fields["year"] = year.group()  # the list's own date, when no record gives one
    return _Candidate(items, entry_type, fields)


class _ExistingIndex:
    """Finds the library entry an imported item already is: by seed id, eprint, DOI, URL or title."""

    def __init__(self, library: Library) -> None:
        self.keys: dict[str, str] = {}
        for entry in library.entries():
            for ident in _entry_identities(entry.fields):
                self.keys.setdefault(ident, entry.key)

    def find(self, fields: dict[str, str]) -> str | None:
        for ident in _entry_identities(fields):
            if ident in self.keys:
                return self.keys[ident]
        return None


def _entry_identities(fields: dict[str, str]) -> list[str]:
    ids = [f"seed:{s.strip()}" for s in fields.get("seed_id", "").split(",") if s.strip()]
    if fields.get("url"):
        ids.append(f"url:{normalise_url(fields['url'])}")
    return ids + [
        f"{kind}:{value}"
        for kind, value in identities(fields.get("eprint"), fields.get("doi"), None, fields.get("title"))
    ]


def _resolve_reference(ref: str, items_by_id: dict[str, _Candidate], candidates: list[_Candidate]) -> _Candidate | None:
    if ref.startswith("name:"):
        name = ref[5:]
        for cand in candidates:
            title = cand.fields.get("title_zh", "")
            if title == name or re.match(re.escape(name) + r"(?:[:：\s]|$)", title):
                return cand
        return None
    if ref.startswith("first:"):
        wanted = ref[6:].rstrip("!！").strip().lower()
        for cand in candidates:
            note = cand.fields.get("note_zh", "").lower()
            if re.search(r"first\s+" + re.escape(wanted), note):
                return cand
        return None
    return items_by_id.get(ref)


def _add_lineage(
    candidates: list[_Candidate], by_seed_id: dict[str, _Candidate], lineage: list[Lineage], report: ImportReport
) -> None:
    builds_on: dict[str, dict[str, str]] = {}
    for rel in lineage:
        later = by_seed_id.get(rel.later)
        earlier = _resolve_reference(rel.earlier, by_seed_id, candidates)
        if later is None or earlier is None:
            report.problems.append(
                f"lineage {rel.words!r}: {rel.earlier if earlier is None else rel.later} "
                "is not an item of the list; not imported"
            )
            continue
        if later is earlier:
            continue
        builds_on.setdefault(later.key, {}).setdefault(earlier.key, rel.words)
    for cand in candidates:
        notes = builds_on.get(cand.key)
        if notes:
            cand.fields["builds_on"] = join_list(list(notes))
            cand.fields["builds_on_note"] = format_notes(notes)


def _add_citations(candidates: list[_Candidate], facts: Facts, report: ImportReport) -> None:
    lookup: dict[str, _Candidate] = {}
    for cand in candidates:
        if cand.fields.get("eprint"):
            lookup[cand.fields["eprint"]] = cand
        if cand.fields.get("title"):
            lookup[normalise_title(cand.fields["title"])] = cand

    def resolve(ref: str) -> _Candidate | None:
        return lookup.get(ref) or lookup.get(normalise_title(re.sub(r"\s*\([^()]*\)\s*$", "", ref)))

    cites: dict[str, list[str]] = {}
    for citing, cited, _evidence in facts.citations:
        source, target = resolve(citing), resolve(cited)
        if source is None or target is None:
            report.problems.append(
                f"citation {citing} -> {cited}: {citing if source is None else cited} is not an entry; not imported"
            )
            continue
        keys = cites.setdefault(source.key, [])
        if target.key not in keys and target is not source:
            keys.append(target.key)
    for cand in candidates:
        if cites.get(cand.key):
            cand.fields["cites"] = join_list(cites[cand.key])
