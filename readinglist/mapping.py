"""Records -> entry fields (pure): what enrichment sets on an entry, and the entry `add` makes.

Papers come in the order their values win. Identifiers and descriptive fields are only filled where the
entry has none (a person's edit is never overwritten); counts and in-library citations are kept current.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import InvalidValueError
from .identity import KeyIndex
from .ids import PaperId
from .keys import ascii_word, base_key, unique_key
from .models import Entry, join_list, order_fields
from .records import ExternalPaper

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ESCAPED_BRACE = re.compile(r"\\([{}])")
_LONE_BRACE = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_VENUE_FIELDS = ("journal", "booktitle", "institution")


def bibtex_safe(text: str) -> str:
    r"""API text as a value every BibTeX reader reads back: control characters become spaces, a brace
    that has no partner (or follows a backslash) becomes `\textbraceleft{}`/`\textbraceright{}`, a backslash
    starting a line before `@` and backslashes ending the text are dropped. Other text is kept as it is.

    >>> bibtex_safe("a { b"), bibtex_safe("x\\"), bibtex_safe("bell\x07"), bibtex_safe("$O(n^{2})$")
    ('a \\textbraceleft{} b', 'x', 'bell ', '$O(n^{2})$')
    """
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n"))
    if _ESCAPED_BRACE.search(text):
        text = _ESCAPED_BRACE.sub(lambda m: _LONE_BRACE[m.group(1)], text)
    lone: set[int] = set()
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}":
            if opened:
                opened.pop()
            else:
                lone.add(i)
    lone.update(opened)
    if lone:
        text = "".join(_LONE_BRACE[ch] if i in lone else ch for i, ch in enumerate(text))
    return re.sub(r"(\n[ \t]*)\\@", r"\1@", text).rstrip("\\")


def _values(paper: ExternalPaper) -> dict[str, str]:
    values = {
        "s2id": paper.s2_id,
        "doi": paper.doi,
        "eprint": paper.arxiv,
        "title": paper.title,
        "author": " and ".join(paper.authors),
        "abstract": paper.abstract,
        "year": str(paper.year or ""),
        "tldr": paper.tldr,
        "primaryclass": paper.primary_category,
        "venue": paper.venue,
    }
    return {name: bibtex_safe(value) for name, value in values.items()}


def _first(papers: list[ExternalPaper]) -> dict[str, str]:
    """For each field, the first non-empty value in the papers' order."""
    merged: dict[str, str] = {}
    for paper in papers:
        for name, value in _values(paper).items():
            if value and not merged.get(name):
                merged[name] = value
    return merged


def cited_keys(paper: ExternalPaper, index: KeyIndex, own_key: str) -> list[str]:
    """The library keys among a paper's references, in reference order."""
    keys: list[str] = []
    for ref in paper.references or ():
        key = index.find_record(ref)
        if key and key != own_key and key not in keys:
            keys.append(key)
    return keys


def enrichment_changes(entry: Entry, papers: list[ExternalPaper], index: KeyIndex) -> dict[str, str]:
    """Field values to set; nothing at all when no source had a record of the entry."""
    if not papers:
        return {}
    proposed = _first(papers)
    if any(entry.get(name) for name in _VENUE_FIELDS):
        proposed.pop("venue", None)
    changes = {name: value for name, value in proposed.items() if value and not entry.get(name)}
    if (changes.get("eprint") or entry.get("eprint")) and not entry.get("archiveprefix"):
        changes["archiveprefix"] = "arXiv"
    counted = next((p for p in papers if p.citation_count is not None), None)
    if counted:
        for name, value in (("citationcount", counted.citation_count), ("influentialcount", counted.influential_count)):
            if value is not None and entry.get(name) != str(value):
                changes[name] = str(value)
    with_references = next((p for p in papers if p.references is not None), None)
    if with_references:
        cites = entry.list_field("cites")
        new = [k for k in cited_keys(with_references, index, entry.key) if k not in cites]
        if new:
            changes["cites"] = join_list(cites + new)
    return changes


def build_entry(
    pid: PaperId, papers: list[ExternalPaper], taken: set[str], leads: Mapping[str, str] | None = None
) -> Entry:
    """A new entry from what the sources say, with a `lastnameYEARword` key. Each field takes the first value in
    the order of `papers` (the order the sources' values win), except a field a source leads (`leads`: field name
    → source name; arXiv leads the title, authors and abstract, as the authors wrote them)."""

    def led(name: str) -> list[ExternalPaper]:
        return sorted(papers, key=lambda paper: paper.source != (leads or {}).get(name))

    merged = _first(papers)
    title = _first(led("title")).get("title", "")
    if not title:
        raise InvalidValueError(f"{pid.value}: the APIs returned no title; not added")
    authors = next(([bibtex_safe(a) for a in p.authors] for p in led("author") if p.authors), [])
    year = next((p.year for p in led("year") if p.year), None)
    fields: dict[str, str] = {"title": title, "author": " and ".join(authors), "year": str(year or "")}
    dated = next((p.published for p in led("published") if p.published[:4] == str(year) and len(p.published) >= 7), "")
    if dated and dated[5:7].isdigit() and 1 <= int(dated[5:7]) <= 12:
        fields["month"] = MONTHS[int(dated[5:7]) - 1]
    entry_type = "misc"
    journal = bibtex_safe(next((p.journal for p in papers if p.journal and "arxiv" not in p.journal.lower()), ""))
    venue = bibtex_safe(next((p.venue for p in papers if p.venue and "arxiv" not in p.venue.lower()), ""))
    if journal:
        entry_type, fields["journal"] = "article", journal
    elif venue:
        entry_type, fields["booktitle"] = "inproceedings", venue
    eprint = merged.get("eprint", "")
    if eprint:
        fields |= {"eprint": eprint, "archiveprefix": "arXiv", "url": f"https://arxiv.org/abs/{eprint}"}
    fields |= {"primaryclass": merged.get("primaryclass", ""), "abstract": _first(led("abstract")).get("abstract", "")}
    fields["journal_ref"] = bibtex_safe(next((p.journal_ref for p in papers if p.journal_ref), ""))
    fields["arxiv_comment"] = bibtex_safe(next((p.comment for p in papers if p.comment), ""))
    fields["tldr"] = merged.get("tldr", "")
    base = base_key([a for a in authors if ascii_word(a)], year, title)
    if base in ("entry", "") or not re.match(r"[a-z]", base):
        s2_id = next((p.s2_id for p in papers if p.s2_id), "") or pid.value
        base = f"s2{s2_id[:8]}".lower()
    base = re.sub(r"[^a-z0-9]", "", base.lower())
    return Entry(unique_key(base, taken), entry_type, order_fields({k: v for k, v in fields.items() if v}))
