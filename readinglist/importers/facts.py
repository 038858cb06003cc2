"""Bibliographic facts collected from public records (the seed's data/ files): title, authors, venue, ids.

Nothing here is guessed: a fact missing from the files stays missing in the library.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .links import arxiv_journal

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_SEED_SECTION = re.compile(r"^(\d+(?:\.\d+)*)(?:\s*#(\d+))?")
_KIND_WORDS = (("software", "software"), ("blog", "blog"))
_PAGES = re.compile(r",?\s*pp\.\s*(\d+\s*-+\s*\d+)")
_ARXIV_DATE = re.compile(
    r"arXiv[^.;]*?\b(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{4})"
)
_CONFERENCE = re.compile(
    r"Proceedings|Conference|Advances in Neural|Workshop|NeurIPS|NIPS|ICML|ICSR|ECML|IJCAI|ACL|EMNLP|AAAI"
)


@dataclass
class Facts:
    """Facts by seed id, plus citations between seed papers (arXiv ids or titles)."""

    by_seed_id: dict[str, dict] = field(default_factory=dict)
    citations: list[tuple[str, str, str]] = field(default_factory=list)  # (citing, cited, evidence)
    section_names: dict[str, str] = field(default_factory=dict)  # heading title -> words of its section slug


def normalise_seed_section(text: str) -> str:
    """`3.1 #2 (电子病历相关文章)` -> `3.1.2`; `3.2 (医学关系抽取)` -> `3.2.1`; `0.0.2.9` -> `0.0.2.9`."""
    match = _SEED_SECTION.match(text.strip())
    if not match:
        return ""
    number, index = match.group(1), match.group(2)
    if index:
        return f"{number}.{index}"
    return f"{number}.1" if "(" in text and text.startswith("3.") else number


def facts_beside(readme: Path) -> Path | None:
    """The folder holding the list's facts when it sits beside the list (seed-papers.json next to the README)."""
    folder = readme.parent
    return folder if (folder / "seed-papers.json").is_file() else None


def load_facts(folder: Path | str) -> Facts:
    """Read seed-papers.json, seed-non-papers.json, seed-edges.json and seed-sections.json from a folder."""
    folder = Path(folder)
    facts = Facts()
    for name, is_paper in (("seed-papers.json", True), ("seed-non-papers.json", False)):
        path = folder / name
        if not path.exists():
            continue
        for record in json.loads(path.read_text(encoding="utf-8")):
            if "(" in record["seed_section"] and not record["seed_section"].startswith("3."):
                continue  # facts about a field of another item (e.g. a blog link), not an item
            record = dict(record, is_paper=is_paper)
            facts.by_seed_id.setdefault(normalise_seed_section(record["seed_section"]), record)
    edges = folder / "seed-edges.json"
    if edges.exists():
        for edge in json.loads(edges.read_text(encoding="utf-8")):
            if edge.get("kind") == "cites":
                facts.citations.append((edge["citing"], edge["cited"], edge.get("evidence", "")))
    sections = folder / "seed-sections.json"
    if sections.exists():
        facts.section_names = json.loads(sections.read_text(encoding="utf-8"))
    return facts


def fact_fields(record: dict) -> tuple[str, dict[str, str]]:
    """BibTeX type and fields for one fact record, in the library's field names."""
    fields: dict[str, str] = {}
    if record.get("title"):
        fields["title"] = record["title"]
    if record.get("aka"):
        fields["aka"] = ", ".join(record["aka"])
    authors = record.get("authors") or []
    if authors:
        names = [a if " " in a else "{" + a + "}" for a in authors]
        fields["author"] = " and ".join("others" if n.strip("{}") in ("et al.", "et al") else n for n in names)
    if record.get("year"):
        fields["year"] = str(record["year"])
    month = _month(record)
    if month:
        fields["month"] = month
    if not record["is_paper"]:
        kind = next((k for word, k in _KIND_WORDS if word in record.get("kind", "").lower()), "web")
        if record.get("url"):
            fields["url"] = record["url"]
        fields["kind"] = kind
        _unverified(record, fields)
        _source(record, fields)
        return "online", fields
    entry_type, venue_fields = venue_to_fields(record.get("venue") or "")
    fields.update(venue_fields)
    if record.get("doi"):
        fields["doi"] = record["doi"]
    if record.get("arxiv"):
        fields["eprint"] = record["arxiv"]
        fields["archiveprefix"] = "arXiv"
    if entry_type == "misc" and record.get("arxiv"):
        entry_type = "article"  # a preprint with an eprint
        fields.setdefault("journal", arxiv_journal(record["arxiv"]))
    if record.get("url"):
        fields["url"] = record["url"]
    if record.get("code"):
        fields["code"] = record["code"]
    if record.get("blog_label"):
        fields["blog_label"] = record["blog_label"]
    _unverified(record, fields)
    _source(record, fields)
    return entry_type, fields


def _source(record: dict, fields: dict[str, str]) -> None:
    """Where the facts were read: the record's sources, so every corrected fact can be checked."""
    sources = [s for s in record.get("sources") or [] if s]
    if sources:
        fields["source"] = " ; ".join(sources)


def _unverified(record: dict, fields: dict[str, str]) -> None:
    unverified = [u for u in record.get("unverified") or [] if u]
    if unverified:
        fields["unverified"] = ", ".join(unverified)


def _month(record: dict) -> str:
    """The month of the first arXiv version, when the notes state it for the entry's year."""
    match = _ARXIV_DATE.search(record.get("notes") or "")
    if match and record.get("year") and int(match.group(3)) == int(record["year"]):
        return str(_MONTHS.index(match.group(2).lower()) + 1)  # a number: biber reads no month names
    return ""


def venue_to_fields(venue: str) -> tuple[str, dict[str, str]]:
    """`Proceedings of ..., pp. 1-9` -> (`inproceedings`, booktitle, pages); journals, reports, preprints."""
    venue = venue.strip()
    if not venue:
        return "misc", {}
    pages = _PAGES.search(venue)
    fields = {"pages": pages.group(1).replace(" ", "").replace("--", "-")} if pages else {}
    clean = _PAGES.sub("", venue).strip()
    clean = re.sub(r"\s*\[[^\]]*\]\s*$", "", clean)  # "Nature 620 (2023) [arXiv preprint Dec 2022]"
    if clean.lower().startswith("arxiv preprint"):
        extra = clean[len("arxiv preprint") :].strip(" ;")
        if extra.startswith("(") and extra.endswith(")"):
            extra = extra[1:-1]
        if extra:
            fields["note"] = extra
        return "misc", fields
    if "technical report" in clean.lower():
        fields["institution"] = "OpenAI" if "OpenAI" in clean else clean
        fields["type"] = "Technical report"
        return "techreport", fields
    if _CONFERENCE.search(clean):
        return "inproceedings", {"booktitle": clean, **fields}
    return "article", {"journal": clean, **fields}
