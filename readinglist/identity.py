"""Is this the same paper? One answer, used by `check`, `add`, `enrich`, the importer's merge and the graph.

Two descriptions are the same paper when they share an arXiv id (any version), a DOI (any case, bare or as a
URL), a Semantic Scholar id, or a normalised title long enough to be telling. Ids are read by `ids.py`.

>>> field_identities({"eprint": "2203.02155v2"}) == field_identities({"eprint": "2203.02155"})
True
>>> field_identities({"doi": "https://doi.org/10.1000/ABC"}) == field_identities({"doi": "10.1000/abc"})
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from .errors import InvalidIdError
from .ids import arxiv_base, parse_paper_id
from .models import Entry
from .records import ExternalPaper

MIN_TITLE_CHARS = 12  # shorter normalised titles ("GPT-4", "BERT") are too common to identify a paper
# A run of what a title is compared on: ASCII letters and digits, or CJK ideographs (Extension A and the main block).
TITLE_TOKEN = re.compile(r"[0-9a-z]+|[\u3400-\u9fff]+")


def title_tokens(text: str) -> list[str]:
    """The title's runs of letters, digits and CJK, after NFKC (full-width `Ａ` is `A`) and lower-casing."""
    return TITLE_TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def normalise_title(title: str) -> str:
    """The one title normaliser (identity, search and resolve): tokens joined, nothing else.

    >>> normalise_title("{BERT}: Pre-training"), normalise_title("Ａttention Is All"), normalise_title("人类 反馈!")
    ('bertpretraining', 'attentionisall', '人类反馈')
    """
    return "".join(title_tokens(title))


def normalise_doi(doi: str) -> str:
    """A DOI as its lowercase bare form, whether given bare, with `doi:` or as a doi.org URL."""
    try:
        pid = parse_paper_id(doi)
    except InvalidIdError:
        return doi.strip().lower()
    return pid.value.lower() if pid.kind == "doi" else doi.strip().lower()


def identities(
    eprint: str | None = None, doi: str | None = None, s2id: str | None = None, title: str | None = None
) -> list[tuple[str, str]]:
    """(kind, value) pairs naming a paper, most specific first."""
    ids: list[tuple[str, str]] = []
    if eprint:
        ids.append(("arxiv", arxiv_base(eprint.strip()) or eprint.strip().lower()))
    if doi:
        ids.append(("doi", normalise_doi(doi)))
    if s2id:
        ids.append(("s2", s2id.strip().lower()))
    if title:
        normalised = normalise_title(title)
        if len(normalised) > MIN_TITLE_CHARS:
            ids.append(("title", normalised))
    return ids


def field_identities(fields: Mapping[str, str]) -> list[tuple[str, str]]:
    """The identities of a set of BibTeX fields (an entry's, or one being built)."""
    return identities(fields.get("eprint"), fields.get("doi"), fields.get("s2id"), fields.get("title"))


def record_identities(paper: ExternalPaper) -> list[tuple[str, str]]:
    return identities(paper.arxiv, paper.doi, paper.s2_id, paper.title)


class KeyIndex:
    """Finds the library key of a paper by arXiv id, DOI, S2 id or normalised title."""

    def __init__(self, entries: list[Entry]) -> None:
        self.keys: dict[tuple[str, str], str] = {}
        for e in entries:
            self.add(e.key, e.fields)

    def add(self, key: str, fields: Mapping[str, str]) -> None:
        for ident in field_identities(fields):
            self.keys.setdefault(ident, key)

    def find(
        self, eprint: str | None = None, doi: str | None = None, s2id: str | None = None, title: str | None = None
    ) -> str | None:
        return self._first(identities(eprint, doi, s2id, title))

    def find_fields(self, fields: Mapping[str, str]) -> str | None:
        return self._first(field_identities(fields))

    def find_record(self, paper: ExternalPaper) -> str | None:
        return self._first(record_identities(paper))

    def _first(self, ids: list[tuple[str, str]]) -> str | None:
        for ident in ids:
            if ident in self.keys:
                return self.keys[ident]
        return None
