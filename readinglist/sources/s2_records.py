"""Semantic Scholar JSON -> records: the only place that knows its key names, and checks every value's type.

An answer of the wrong shape (an object where a list belongs, numbers where text belongs, a list as an
error body) is a `BadResponseError` saying "<host> sent an answer we cannot read (<what>)", never a
TypeError three modules later. `null` where the API documents it (authors, tldr, journal) is accepted.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import BadResponseError
from ..ids import arxiv_base
from ..records import Context, ExternalPaper, Reference

SOURCE = "Semantic Scholar"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def unreadable(host: str, what: str, url: str = "") -> BadResponseError:
    return BadResponseError(f"{host} sent an answer we cannot read ({what}); try again later", source=SOURCE, url=url)


class _Reader:
    """Typed access to one JSON object, naming the place of a wrong value in the error."""

    def __init__(self, host: str, obj: Any, where: str) -> None:
        if not isinstance(obj, dict):
            raise unreadable(host, f"{where} is {_kind(obj)}, not an object")
        self.host, self.obj, self.where = host, obj, where

    def text(self, key: str) -> str:
        value = self.obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise unreadable(self.host, f"{self.where}.{key} is {_kind(value)}, not text")
        return value

    def number(self, key: str) -> int | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise unreadable(self.host, f"{self.where}.{key} is {_kind(value)}, not a whole number")
        return value

    def flag(self, key: str) -> bool:
        value = self.obj.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise unreadable(self.host, f"{self.where}.{key} is {_kind(value)}, not true/false")
        return value

    def child(self, key: str) -> _Reader | None:
        value = self.obj.get(key)
        return None if value is None else _Reader(self.host, value, f"{self.where}.{key}")

    def items(self, key: str) -> list[Any] | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            raise unreadable(self.host, f"{self.where}.{key} is {_kind(value)}, not a list")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.items(key) or []
        if not all(isinstance(v, str) for v in values):
            raise unreadable(self.host, f"{self.where}.{key} holds something other than text")
        return tuple(values)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def parse_paper(raw: Any, host: str, where: str = "paper") -> ExternalPaper:
    """One paper object of the batch, search or nested-reference answers."""
    r = _Reader(host, raw, where)
    ext = r.child("externalIds")
    arxiv = ext.text("ArXiv") if ext else ""
    doi = ext.text("DOI") if ext else ""
    corpus_id = ext.number("CorpusId") if ext else None
    authors = []
    for i, author in enumerate(r.items("authors") or []):
        name = _Reader(host, author, f"{where}.authors[{i}]").text("name")
        if name:
            authors.append(name)
    tldr = r.child("tldr")
    journal = r.child("journal")
    return ExternalPaper(
        source="s2",
        title=r.text("title"),
        authors=tuple(authors),
        year=r.number("year"),
        published=r.text("publicationDate"),
        s2_id=r.text("paperId"),
        arxiv=arxiv_base(arxiv) or arxiv,
        doi=doi,
        corpus_id="" if corpus_id is None else str(corpus_id),
        abstract=r.text("abstract"),
        tldr=tldr.text("text") if tldr else "",
        venue=r.text("venue"),
        journal=journal.text("name") if journal else "",
        citation_count=r.number("citationCount"),
        influential_count=r.number("influentialCitationCount"),
        references=_papers(r, "references", host, where),
        citations=_papers(r, "citations", host, where),
    )


def _papers(r: _Reader, key: str, host: str, where: str) -> tuple[ExternalPaper, ...] | None:
    items = r.items(key)
    if items is None:
        return None
    return tuple(parse_paper(item, host, f"{where}.{key}[{i}]") for i, item in enumerate(items) if item is not None)


def parse_reference(raw: Any, host: str, other: str, where: str = "item") -> Reference:
    """One item of the references (`other` = citedPaper) or citations (`other` = citingPaper) endpoint."""
    r = _Reader(host, raw, where)
    with_intent = []
    for i, item in enumerate(r.items("contextsWithIntent") or []):
        c = _Reader(host, item, f"{where}.contextsWithIntent[{i}]")
        with_intent.append(Context(c.text("context"), c.texts("intents")))
    if not with_intent:
        with_intent = [Context(text) for text in r.texts("contexts")]
    return Reference(
        paper=parse_paper(r.obj.get(other) or {}, host, f"{where}.{other}"),
        contexts=tuple(c for c in with_intent if c.text.strip()),
        intents=r.texts("intents"),
        influential=r.flag("isInfluential"),
    )


def check_batch(data: Any, host: str, url: str) -> list[Any]:
    """A batch answer is a list of objects and nulls (each object is read in full by `parse_paper`)."""
    if not isinstance(data, list):
        raise unreadable(host, f"the batch answer is {_kind(data)}, not a list", url)
    for i, item in enumerate(data):
        if item is not None:
            _check_paper_frame(item, host, f"batch[{i}]")
    return data


def _check_paper_frame(item: Any, host: str, where: str) -> None:
    """What the client package itself walks through when it builds its objects: objects where it expects them."""
    r = _Reader(host, item, where)
    for key in ("tldr", "journal", "externalIds"):
        r.child(key)
    r.text("paperId")
    date = r.text("publicationDate")
    if date and not _DATE.fullmatch(date):
        raise unreadable(host, f"{where}.publicationDate is not a date (YYYY-MM-DD)")
    for i, author in enumerate(r.items("authors") or []):
        _Reader(host, author, f"{where}.authors[{i}]")
    for key in ("references", "citations"):
        for i, value in enumerate(r.items(key) or []):
            if value is not None:
                _check_paper_frame(value, host, f"{where}.{key}[{i}]")


def check_listing(data: Any, host: str, url: str, other: str | None) -> dict:
    """A paged answer (references, citations, title match): `data` a list of objects, `offset`/`next` numbers."""
    r = _Reader(host, data, "the answer")
    r.number("offset"), r.number("next")  # type checks of the cursor
    for i, item in enumerate(r.items("data") or []):
        if other:
            paper = _Reader(host, item, f"data[{i}]").child(other)
            if paper:
                _check_paper_frame(paper.obj, host, f"data[{i}].{other}")
        else:
            _check_paper_frame(item, host, f"data[{i}]")
    return data


def error_text(data: Any) -> str:
    """The message of an error body, whatever its shape."""
    if isinstance(data, dict):
        message = data.get("error") or data.get("message")
        return message if isinstance(message, str) else ""
    return ""
