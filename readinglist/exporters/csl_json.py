"""CSL-JSON for Zotero, pandoc and citeproc: every field kept where Zotero looks for it.

- Names are split by BibTeX's rules (bibtexparser v2's splitter): "Henrique Ponde de Oliveira Pinto" has the
  particle "de" and the family name "Oliveira Pinto"; `others` / `et al.` means more authors, not a person.
- Reports carry their institution as `publisher`; blogs are `post-weblog`, software `software`.
- The arXiv id goes where Zotero keeps it: a preprint's `number` (Zotero's Archive ID) with `publisher`
  arXiv; for other types, which have no such field, a line `arXiv: ID` in `note` (Zotero's Extra).
- LaTeX is decoded (`Caf{\\'e}` -> `Café`, `{BERT}` -> `BERT`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..models import Entry
from ..names import Person, decode_latex, parse_persons
from ..order import ReadingOrder

CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "software": "software",
    "dataset": "dataset",
    "online": "webpage",
    "misc": "article",
}
KIND_TYPES = {"blog": "post-weblog", "software": "software", "dataset": "dataset"}
# BibTeX field -> CSL variable, copied as text (LaTeX decoded unless marked raw)
TEXT_FIELDS = {"abstract": "abstract", "volume": "volume", "edition": "edition", "isbn": "ISBN", "issn": "ISSN"}
RAW_FIELDS = {"doi": "DOI", "url": "URL"}


def csl_name(person: Person) -> dict[str, str]:
    """One CSL name: family, given, particle and suffix; a braced corporate name stays whole (`literal`)."""
    if person.institution:
        return {"literal": person.family}
    name = {"family": person.family}
    for key, words in (("given", person.given), ("non-dropping-particle", person.particle), ("suffix", person.suffix)):
        if words:
            name[key] = words
    return name


def is_arxiv_preprint(entry: Entry) -> bool:
    """An arXiv paper with no venue of its own (`journal = {arXiv preprint arXiv:…}` or none)."""
    journal = entry.get("journal")
    own_venue = entry.get("booktitle") or (journal and not journal.lower().startswith("arxiv"))
    return bool(entry.get("eprint")) and not own_venue


def csl_type(entry: Entry) -> str:
    """The CSL type: by `kind` for blogs and software, a preprint (`article`) for an arXiv-only paper."""
    if entry.entry_type.lower() in ("article", "misc") and is_arxiv_preprint(entry):
        return "article"
    return KIND_TYPES.get(entry.get("kind")) or CSL_TYPES.get(entry.entry_type.lower(), "document")


def csl_item(entry: Entry) -> dict[str, Any]:
    """One CSL-JSON item for an entry."""
    kind = csl_type(entry)
    item: dict[str, Any] = {"id": entry.key, "type": kind}
    title = entry.get("title") or entry.get("title_zh")
    if title:
        item["title"] = decode_latex(title)
    for field, variable in (("author", "author"), ("editor", "editor")):
        names = parse_persons(entry.get(field)).persons
        if names:
            item[variable] = [csl_name(person) for person in names]
    if entry.year:
        item["issued"] = {"date-parts": [[entry.year, entry.month] if entry.month else [entry.year]]}
    container = entry.get("journal") or entry.get("booktitle")
    if container and not (kind == "article" and is_arxiv_preprint(entry)):
        item["container-title"] = decode_latex(container)
    elif kind == "post-weblog" and entry.get("howpublished"):
        item["container-title"] = decode_latex(entry.get("howpublished"))
    publisher = entry.get("publisher") or entry.get("institution") or entry.get("school") or entry.get("organization")
    if publisher:
        item["publisher"] = decode_latex(publisher)
    if entry.get("pages"):
        item["page"] = entry.get("pages").replace("--", "-")
    if entry.get("number"):
        item["issue" if kind == "article-journal" else "number"] = entry.get("number")
    if kind == "report" and entry.get("type"):
        item["genre"] = decode_latex(entry.get("type"))
    for field, variable in TEXT_FIELDS.items():
        if entry.get(field):
            item[variable] = decode_latex(entry.get(field))
    for field, variable in RAW_FIELDS.items():
        if entry.get(field):
            item[variable] = entry.get(field)
    notes = [decode_latex(entry.get("note"))] if entry.get("note") else []
    if entry.get("title_zh"):
        notes.append(f"中文标题: {entry.get('title_zh')}")
    eprint = entry.get("eprint")
    if eprint:
        item.setdefault("URL", f"https://arxiv.org/abs/{eprint}")
        if kind == "article" and "number" not in item:
            item["number"] = f"arXiv:{eprint}"
            item.setdefault("publisher", "arXiv")
        else:
            notes.append(f"arXiv: {eprint}")
    if notes:
        item["note"] = "\n".join(notes)
    if entry.list_field("section"):
        item["keyword"] = ", ".join(entry.list_field("section"))
    return item


def render_csl_json(entries: Iterable[Entry]) -> str:
    """A CSL-JSON array, UTF-8 as written (Chinese stays readable)."""
    return json.dumps([csl_item(entry) for entry in entries], ensure_ascii=False, indent=1) + "\n"


def render_order_csl(order: ReadingOrder) -> str:
    """A reading order's entries in reading order."""
    return render_csl_json(item.entry for item in order.items)
