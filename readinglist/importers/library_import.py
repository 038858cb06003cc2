"""Merge a parsed awesome list (and optional facts) into a library without overwriting anyone's fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ReadingListError
from ..identity import identities, normalise_title
from ..keys import base_key, unique_key
from ..mapping import bibtex_safe
from ..models import Entry, format_notes, join_list, order_fields
from ..store.bibfile import Library, value_problem
from .biblatex import complete_for_biber
from .facts import Facts, fact_fields
from .links import arxiv_journal, ids_from_link, looks_like_post, romanise, venue_from_text
from .markdown import META_FIELDS, SLOT, Lineage, ParsedList, SeedItem, dedupe_sentences
from .outline import Outline, Placement

MAX_KEY_BASE = 48  # a key made from a 2,000-character title word stays a valid key (at most 120 characters)
_NEW_ARXIV_ID = re.compile(r"(\d\d)(0[1-9]|1[0-2])\.\d{4,5}")  # YYMM.NNNNN: the year and month it was first posted
WEB_POST = "blog:"  # how the facts name a cited post that is a link of the list, not one of its items


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    outline: Outline = field(default_factory=list)
    read: int = 0  # items read: entries made or merged, and items left out
    kinds: dict[str, int] = field(default_factory=dict)  # entries added, by kind
    merged: list[str] = field(default_factory=list)  # `line N: merged into KEY (...)`
    left_out: list[str] = field(default_factory=list)  # `line N: why`, for every item that became no entry
    linked_left_out: int = 0  # of those, the items that had a link
    made_safe: list[str] = field(default_factory=list)  # values changed so the library can hold them
    preview: list[Entry] = field(default_factory=list)  # the entries added, as written

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
    meta_key: str = ""  # the key an exported list names in its comment


def _clash_free_key(fields: dict[str, str], taken: set[str]) -> str:
    """A resource whose name another entry holds takes its kind as the telling word: the dataset row of CBLUE,
    also listed as a benchmark, is `cbluedataset`, not `cbluea`."""
    base = _key_for(fields)
    kind = fields.get("kind", "paper")
    if base.lower() in taken and kind != "paper" and not base.endswith(kind.replace("-", "")):
        return base + kind.replace("-", "")
    return base


def _key_for(fields: dict[str, str]) -> str:
    """From the English title when there is one, else from the pinyin of the Chinese title."""
    authors = [fields["author"]] if fields.get("author") else []  # base_key reads the first person's name
    year = int(fields["year"]) if fields.get("year", "").isdigit() else None
    title = fields.get("title", "")
    if not title and fields.get("kind") and fields.get("kind") != "paper":
        name = re.match(r"[A-Za-z][\w\-]+(?:\s+[\w\-]+)*", fields.get("title_zh", ""))
        title = name.group(0) if name else ""  # a resource named in Latin letters: CMeKG, Huatuo-26M
    return base_key(authors, year, title or romanise(fields.get("title_zh", "")))[:MAX_KEY_BASE]


def import_awesome_list(library: Library, parsed: ParsedList, facts: Facts | None = None) -> ImportReport:
    """Add new items as entries and fill missing fields of matching ones; never overwrite a field."""
    report = ImportReport(problems=list(parsed.problems), read=len(parsed.items) + len(parsed.left_out))
    report.made_safe += parsed.made_safe
    for left in parsed.left_out:
        report.left_out.append(f"line {left.line}: {left.why}")
        report.linked_left_out += int(left.linked)
    candidates = [_build_candidate(group, facts) for group in _group_duplicates(parsed.items, facts)]
    index = _ExistingIndex(library)
    taken = {e.key.lower() for e in library.entries()}
    for cand in candidates:
        existing = index.find(cand.fields)
        if existing:
            cand.key = existing
        else:
            wanted = cand.meta_key if cand.meta_key and cand.meta_key.lower() not in taken else ""
            cand.key = wanted or unique_key(_clash_free_key(cand.fields, taken), taken)
            taken.add(cand.key.lower())
    by_seed_id = {item.seed_id: cand for cand in candidates for item in cand.items}
    _add_lineage(candidates, by_seed_id, parsed.lineage, report)
    if facts:
        _add_citations(candidates, facts, report)
    _add_meta_citations(candidates)
    _link_resources(candidates)
    report.outline = _build_outline(parsed, candidates)
    for cand in sorted(candidates, key=lambda c: c.items[0].kind != "paper"):  # papers first, then resources
        fields = order_fields(complete_for_biber(cand.fields))
        if cand.key in library:
            entry = library.entry(cand.key)
            present = {name.lower() for name in entry.fields}
            missing = [name for name in fields if name.lower() not in present]
            for name in missing:
                library.set_field(cand.key, name, fields[name])
            (report.updated.__setitem__(cand.key, missing) if missing else report.unchanged.append(cand.key))
        else:
            _add_safely(library, Entry(cand.key, cand.entry_type, fields), cand, report)
    for cand in candidates:
        first = cand.items[0].line
        for item in cand.items[1:]:
            report.merged.append(
                f"line {item.line}: merged into {cand.key} (the same link, id or title as line {first})"
            )
    return report


def _add_safely(library: Library, entry: Entry, cand: _Candidate, report: ImportReport) -> None:
    """Add the entry; a value the store cannot hold is made safe (and said so), an entry it refuses is left out."""
    line = cand.items[0].line
    for name, value in list(entry.fields.items()):
        problem = value_problem(value)
        if not problem:
            continue
        safe = bibtex_safe(value)
        if value_problem(safe) or not safe.strip():
            del entry.fields[name]
            report.made_safe.append(f"line {line}: {name} of {entry.key} {problem.split(';')[0]}; it was left out")
        else:
            entry.fields[name] = safe
            report.made_safe.append(f"line {line}: {name} of {entry.key} {_what_was_done(value, safe)}")
    try:
        library.add_entry(entry)
    except ReadingListError as error:
        report.left_out.append(f"line {line}: not written ({error})")
        report.linked_left_out += 1
        return
    report.added.append(entry.key)
    report.preview.append(entry)
    kind = entry.fields.get("kind", "paper")
    report.kinds[kind] = report.kinds.get(kind, 0) + 1


def _what_was_done(value: str, safe: str) -> str:
    """How `bibtex_safe` changed a value, in words: what the value had and what was written instead."""
    done = []
    if value.rstrip().endswith("\\") and not safe.endswith("\\"):
        done.append("ended with a backslash (BibTeX reads it as part of the closing brace): the backslash was dropped")
    if "textbrace" in safe and "textbrace" not in value:
        done.append("had a brace without its partner: it was written as \\textbraceleft{} or \\textbraceright{}")
    if any(ord(c) < 32 and c not in "\t\n" for c in value):
        done.append("had a control character: it was written as a space")
    return "; ".join(done) or "could not be written as it was: it was changed so BibTeX readers read it back"


def _fact_for(item: SeedItem, facts: Facts | None) -> dict[str, Any] | None:
    return facts.by_seed_id.get(item.seed_id) if facts else None


def _identity(item: SeedItem, facts: Facts | None) -> set[str]:
    """What makes two placements one paper: its URL, the ids its links or its record state, its English title."""
    record = _fact_for(item, facts) or {}
    link_ids = _link_ids(item)
    eprint = record.get("arxiv") or link_ids.get("eprint")
    doi = record.get("doi") or link_ids.get("doi")
    ids = {f"url:{normalise_url(item.fields['url'])}"} if item.fields.get("url") else set()
    return ids | {f"{kind}:{value}" for kind, value in identities(eprint, doi, None, item.fields.get("title"))}


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


def _link_ids(item: SeedItem) -> dict[str, str]:
    """Ids the item's own links state (its paper link first, then its heading's link)."""
    found: dict[str, str] = {}
    for url in (item.fields.get("url", ""), item.heading_link):
        for name, value in ids_from_link(url).items():
            found.setdefault(name, value)
    return found


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
    if any(item.seed_id for item in items):
        fields["seed_id"] = join_list([item.seed_id for item in items])
    if first.kind != "paper":
        fields["kind"] = first.kind
        if not fields.get("url") and fields.get("code"):
            fields["url"] = fields["code"]  # a resource known by its repository: that is where it is online
    meta = dict(first.meta)
    meta_key = meta.pop("key", "")
    entry_type = meta.pop("entry_type", "")
    known = {name: value for name, value in meta.items() if name in META_FIELDS and value}
    record = _fact_for(first, facts)
    if record:
        entry_type, from_record = fact_fields(record)
        known.update(from_record)
    if known:
        seed_title = fields.pop("title", "")
        if seed_title and known.get("title") and normalise_title(seed_title) != normalise_title(known["title"]):
            fields["title_seed"] = seed_title
        for name, value in known.items():
            if name == "url" and fields.get("url"):
                continue  # the curator's link stays
            if name == "kind" and first.kind != "paper":
                continue
            fields.setdefault(name, value)
        if not fields.get("title") and seed_title:
            fields["title"] = seed_title
    if fields.get("title_zh") and normalise_title(fields["title_zh"]) == normalise_title(fields.get("title", "")):
        del fields["title_zh"]  # a heading that is the English title is no Chinese title (the outline keeps it)
    for name, value in _link_ids(first).items():
        fields.setdefault(name, value)
    year = re.search(r"((?:19|20)\d\d)(?:[-./年](\d{1,2})(?!\d))?", fields.get("seed_date", ""))
    if not fields.get("year") and year and first.kind == "paper":
        fields["year"] = year.group(1)  # the list's own date, when no record gives one
        if year.group(2) and 1 <= int(year.group(2)) <= 12 and not fields.get("month"):
            fields["month"] = str(int(year.group(2)))  # `2023-07`: placed in July on the graph
    arxiv = _NEW_ARXIV_ID.fullmatch(fields.get("eprint", ""))
    if not fields.get("year") and arxiv and first.kind == "paper":  # `2312.07401`: first posted December 2023
        fields["year"], fields["month"] = f"20{arxiv.group(1)}", str(int(arxiv.group(2)))
    if not entry_type:
        entry_type = _entry_type(first, fields)
    return _Candidate(items, entry_type, fields, meta_key=meta_key)


def _entry_type(item: SeedItem, fields: dict[str, str]) -> str:
    """The type the venue implies: a conference paper, a journal article or preprint, a post, a resource."""
    if item.kind != "paper":
        return "online" if fields.get("url") else "misc"
    words = [fields.get(name, "") for name in ("seed_date", "note_zh", "abstract_zh", "highlight_zh")]
    entry_type, venue = venue_from_text(*words)
    if entry_type:
        for name, value in venue.items():
            fields.setdefault(name, value)
        return entry_type
    if fields.get("eprint"):
        fields.setdefault("journal", arxiv_journal(fields["eprint"]))
        return "article"
    link = fields.get("url", "")
    if not fields.get("doi") and (looks_like_post(link) or (fields.get("blog") and link == fields["blog"])):
        fields.setdefault("kind", "blog")
        return "online"
    return "misc"


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
        if target is None and cited.startswith(WEB_POST):
            continue  # a paper citing a post the list links beside it (a `blog` field): no entry to point at
        if source is None or target is None:
            side = "citing" if source is None else "cited"
            report.problems.append(f"citation {citing} -> {cited} not imported: the {side} work is not an entry")
            continue
        keys = cites.setdefault(source.key, [])
        if target.key not in keys and target is not source:
            keys.append(target.key)
    for cand in candidates:
        if cites.get(cand.key):
            cand.fields["cites"] = join_list(cites[cand.key])


def _add_meta_citations(candidates: list[_Candidate]) -> None:
    """`cites` named by an exported list's comment: keep the keys that are entries of this import."""
    keys = {cand.key for cand in candidates}
    for cand in candidates:
        named = [key for key in cand.fields.get("cites", "").split(", ") if key]
        if named and any(key not in keys for key in named):
            kept = [key for key in named if key in keys]
            cand.fields["cites"] = join_list(kept)
            if not kept:
                del cand.fields["cites"]


def _link_resources(candidates: list[_Candidate]) -> None:
    """A resource that is a paper's (same id, the paper's code repository, or its name) gets `paper`;
    the paper lists it in `resources`."""
    papers = [c for c in candidates if c.items[0].kind == "paper" and c.fields.get("kind", "paper") == "paper"]
    by_id: dict[str, _Candidate] = {}
    for paper in papers:
        for name in ("eprint", "doi"):
            if paper.fields.get(name):
                by_id[f"{name}:{paper.fields[name].lower()}"] = paper
        if paper.fields.get("code"):
            by_id[f"code:{normalise_url(paper.fields['code'])}"] = paper
        named = re.match(r"^([A-Za-z][\w\-]+):", paper.fields.get("title", ""))
        if named:
            by_id[f"name:{named.group(1).lower()}"] = paper
    resources: dict[str, list[str]] = {}
    for cand in candidates:
        if cand.items[0].kind == "paper":
            continue  # resources are the rows and headings of the list's other sections
        own = re.match(r"^([A-Za-z][\w\-]+)", cand.fields.get("title_zh", ""))
        probes = [
            *(f"{name}:{cand.fields[name].lower()}" for name in ("eprint", "doi") if cand.fields.get(name)),
            *(f"code:{normalise_url(cand.fields[name])}" for name in ("url", "code") if cand.fields.get(name)),
            *([f"name:{own.group(1).lower()}"] if own else []),
        ]
        found = next((by_id[p] for p in probes if p in by_id), None)
        if found is not None:
            cand.fields["paper"] = found.key
            resources.setdefault(found.key, []).append(cand.key)
    for paper in papers:
        if resources.get(paper.key):
            paper.fields["resources"] = join_list(resources[paper.key])


def _build_outline(parsed: ParsedList, candidates: list[_Candidate]) -> Outline:
    """The list's own lines, and for each placement its lines with the entry's values as slots."""
    owner = {id(item): cand for cand in candidates for item in cand.items}
    outline: Outline = []
    for part in parsed.outline:
        if isinstance(part, str):
            outline.append(part)
            continue
        item = parsed.items[part]
        cand = owner[id(item)]
        lines = [part for line in item.template for part in _slots_for(line, item, cand).split("\n")]
        outline.append(Placement(cand.key, item.seed_id, lines))
    return outline


def _slots_for(line: str, item: SeedItem, cand: _Candidate) -> str:
    """Keep a slot where the entry holds this placement's value; write the placement's own value otherwise."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "heading_link":
            value = item.heading_link
            target = next((f for f in ("blog", "url", "code") if cand.fields.get(f) == value), "")
            return "{{" + target + "}}" if target else value
        value = item.fields.get(name, "")
        if name == "title" and cand.fields.get("title_seed"):
            name = "title_seed"
        if name == "abstract_zh" and cand.fields.get("abstract_zh") and value:
            value = dedupe_sentences(value)
        if cand.fields.get(name) == value:
            return match.group(0) if name == match.group(1) else "{{" + name + "}}"
        return value.replace("\n", "\n  ")

    return SLOT.sub(fill, line)
