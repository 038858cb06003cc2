"""Which library entry a paper is: by arXiv id, DOI, Semantic Scholar id or normalised title."""

from __future__ import annotations

import re

from .importers.library_import import normalise_title
from .models import Entry


class KeyIndex:
    """Finds the library key of a paper by arXiv id, DOI, S2 id or normalised title."""

    def __init__(self, entries: list[Entry]) -> None:
        self.keys: dict[str, str] = {}
        for e in entries:
            for ident in self.identities(e.get("eprint"), e.get("doi"), e.get("s2id"), e.title):
                self.keys.setdefault(ident, e.key)

    @staticmethod
    def identities(eprint: str | None, doi: str | None, s2id: str | None, title: str | None) -> list[str]:
        ids = []
        if eprint:
            ids.append("arxiv:" + re.sub(r"v\d+$", "", eprint.lower()))
        if doi:
            ids.append("doi:" + doi.lower())
        if s2id:
            ids.append("s2:" + s2id.lower())
        if title and len(normalise_title(title)) > 12:
            ids.append("title:" + normalise_title(title))
        return ids

    def find(
        self, eprint: str | None = None, doi: str | None = None, s2id: str | None = None, title: str | None = None
    ) -> str | None:
        for ident in self.identities(eprint, doi, s2id, title):
            if ident in self.keys:
                return self.keys[ident]
        return None

    def find_paper(self, paper: dict) -> str | None:
        ext = paper.get("externalIds") or {}
        return self.find(ext.get("ArXiv"), ext.get("DOI"), paper.get("paperId"), paper.get("title"))
