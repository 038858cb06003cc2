"""Candidates for a section, from three kinds of sightings, merged by identity, ranked and explained (pure).

A sighting is one source's word on one paper: it cites a paper of the section (Semantic Scholar citations),
it is recommended for the section (Semantic Scholar recommendations, with a rank), or it matches one of the
section's arXiv watch queries. Sightings of one paper (same arXiv id, DOI, S2 id or long title, as
`identity` decides) become one candidate. Papers already in the library or dismissed never become one.

The score adds what ties a candidate to the section, each part in [0, 1] except the first:

- cited papers: 1 for each paper of the section it cites;
- recommendation: 1 for the first recommended, falling linearly to 0 past the last of the list;
- watch queries: 0.5 for each query it matches;
- text: BM25 (the `bm25s` library) of its title and abstract against the section's titles and abstracts,
  divided by the best candidate's, so the closest candidate gets 1.

Each candidate says why in words, with the names of the section's papers it cites.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from .identity import record_identities
from .models import Entry
from .paper import paper_of
from .records import ExternalPaper

WATCH_WEIGHT = 0.5
MAX_NAMED = 4  # papers of the section named in a reason; the rest are counted


@dataclass(frozen=True)
class Sighting:
    """One source's word on one paper."""

    kind: str  # "cites" | "recommended" | "watch"
    paper: ExternalPaper
    cites: str = ""  # the section's key it cites (kind "cites")
    rank: int = 0  # 1-based place in the recommendations (kind "recommended")
    of: int = 0  # how many were recommended
    query: str = ""  # the watch query (kind "watch")


@dataclass
class Candidate:
    """One paper proposed for a section, with everything needed to show it and to add it without a call."""

    id: str  # what `discover --add` takes: arXiv id, else DOI, else S2 id
    paper: ExternalPaper
    cites: list[str] = field(default_factory=list)  # the section's keys it cites
    rank: int | None = None  # recommendation rank
    of: int = 0
    queries: list[str] = field(default_factory=list)
    similarity: float = 0.0  # 0..1
    nearest: str = ""  # the section's key its text is closest to
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def found_by(self) -> list[str]:
        """How it was found, as words for the entry's `found_by` field."""
        kinds = []
        if self.cites:
            kinds.append("citations")
        if self.rank is not None:
            kinds.append("recommendations")
        if self.queries:
            kinds.append("arxiv-watch")
        return kinds


def paper_date(paper: ExternalPaper) -> dt.date | None:
    """The publication date, or 1 January of its year when only the year is known."""
    try:
        return dt.date.fromisoformat(paper.published[:10])
    except ValueError:
        return dt.date(paper.year, 1, 1) if paper.year else None


def is_new(paper: ExternalPaper, since: dt.date) -> bool:
    """Published on or after `since`; a paper with only a year counts when that year is not before `since`'s."""
    try:
        return dt.date.fromisoformat(paper.published[:10]) >= since
    except ValueError:
        return paper.year is not None and paper.year >= since.year


def merge_papers(first: ExternalPaper, other: ExternalPaper) -> ExternalPaper:
    """One record of two descriptions of a paper: `first`'s values, with `other` filling what it lacks."""
    changes = {
        f.name: getattr(other, f.name)
        for f in dataclasses.fields(first)
        if f.name != "source" and not getattr(first, f.name) and getattr(other, f.name)
    }
    return dataclasses.replace(first, **changes) if changes else first


def merge_sightings(
    sightings: Iterable[Sighting], exclude: Iterable[ExternalPaper | tuple[str, str]] = ()
) -> list[Candidate]:
    """One candidate per paper, whatever the sources; excluded papers (the library, the dismissed) dropped."""
    excluded: set[tuple[str, str]] = set()
    for item in exclude:
        excluded.update(record_identities(item) if isinstance(item, ExternalPaper) else [item])
    by_identity: dict[tuple[str, str], Candidate] = {}
    candidates: list[Candidate] = []
    for sighting in sightings:
        ids = record_identities(sighting.paper)
        if not ids or excluded.intersection(ids):
            continue
        candidate = next((by_identity[i] for i in ids if i in by_identity), None)
        if candidate is None:
            candidate = Candidate(id=sighting.paper.best_id, paper=sighting.paper)
            candidates.append(candidate)
        else:  # Semantic Scholar's record first: venue, counts; arXiv fills the abstract when S2 has none
            s2_first = sighting.paper.source == "s2" and candidate.paper.source != "s2"
            candidate.paper = (
                merge_papers(sighting.paper, candidate.paper)
                if s2_first
                else merge_papers(candidate.paper, sighting.paper)
            )
            candidate.id = candidate.paper.best_id
        for ident in record_identities(candidate.paper):
            by_identity[ident] = candidate
        _note(candidate, sighting)
    return candidates


def _note(candidate: Candidate, sighting: Sighting) -> None:
    if sighting.kind == "cites" and sighting.cites not in candidate.cites:
        candidate.cites.append(sighting.cites)
    elif sighting.kind == "recommended" and (candidate.rank is None or sighting.rank < candidate.rank):
        candidate.rank, candidate.of = sighting.rank, sighting.of
    elif sighting.kind == "watch" and sighting.query not in candidate.queries:
        candidate.queries.append(sighting.query)


def entry_text(entry: Entry) -> str:
    return f"{entry.title} {entry.get('abstract')}"


def paper_text(paper: ExternalPaper) -> str:
    return f"{paper.title} {paper.abstract or paper.tldr}"


def text_similarity(candidates: Sequence[Candidate], section: Sequence[Entry]) -> None:
    """Set each candidate's `similarity` (0..1, BM25 against the section's papers) and `nearest` paper."""
    if not candidates or not section:
        return
    import bm25s  # numpy-backed; loaded only when there is something to score

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index it builds at DEBUG

    def tokens(texts: list[str]) -> list[list[str]]:
        return cast(list[list[str]], bm25s.tokenize(texts, stopwords="en", return_ids=False, show_progress=False))

    corpus = tokens([entry_text(e) for e in section])
    keep = [i for i, doc in enumerate(corpus) if doc]
    if not keep:
        return
    index = bm25s.BM25()
    index.index([corpus[i] for i in keep], show_progress=False)
    raw: list[float] = []
    for candidate, query in zip(candidates, tokens([paper_text(c.paper) for c in candidates]), strict=True):
        scores = index.get_scores(query) if query else []
        best = max(range(len(scores)), key=lambda i: scores[i], default=None)
        raw.append(float(scores[best]) if best is not None else 0.0)
        candidate.nearest = section[keep[best]].key if best is not None and scores[best] > 0 else ""
    top = max(raw, default=0.0)
    for candidate, value in zip(candidates, raw, strict=True):
        candidate.similarity = round(value / top, 3) if top > 0 else 0.0


def rank(
    candidates: list[Candidate], section: Sequence[Entry], section_name: str, names: dict[str, str] | None = None
) -> list[Candidate]:
    """Score, explain and sort the candidates of one section (best first, then newest)."""
    names = names or {e.key: label(e) for e in section}
    text_similarity(candidates, section)
    for c in candidates:
        recommended = 1 - (c.rank - 1) / c.of if c.rank is not None and c.of else 0.0
        c.score = round(len(c.cites) + recommended + WATCH_WEIGHT * len(c.queries) + c.similarity, 3)
        c.reasons = reasons(c, section_name, names)
    return sorted(candidates, key=lambda c: (-c.score, -(paper_date(c.paper) or dt.date.min).toordinal(), c.id))


def reasons(c: Candidate, section_name: str, names: dict[str, str]) -> list[str]:
    """Why a candidate belongs to the section, in words."""
    words = []
    if c.cites:
        named = [names.get(k, k) for k in c.cites[:MAX_NAMED]]
        more = f" and {len(c.cites) - MAX_NAMED} more" if len(c.cites) > MAX_NAMED else ""
        words.append(f"cites {len(c.cites)} of {section_name}: {', '.join(named)}{more}")
    if c.rank is not None:
        words.append(f"recommended for {section_name} (#{c.rank} of {c.of})")
    words += [f"matches watch query `{q}`" for q in c.queries]
    if c.similarity > 0 and c.nearest:
        words.append(f"text similarity {c.similarity:.2f}, closest to {names.get(c.nearest, c.nearest)}")
    return words


def label(entry: Entry) -> str:
    """How a reason names a paper of the section: its common name (`aka`), else `Ouyang 2022`."""
    return paper_of(entry).name


# -- candidates as plain JSON (what the last check keeps for offline) ---------------------------------------


def candidate_to_json(c: Candidate) -> dict[str, Any]:
    data = dataclasses.asdict(c)
    data["paper"] = {k: v for k, v in dataclasses.asdict(c.paper).items() if v not in ("", None, ())}
    return data


def candidate_from_json(data: dict[str, Any]) -> Candidate:
    paper = dict(data["paper"])
    paper["authors"] = tuple(paper.get("authors", ()))
    paper.pop("references", None), paper.pop("citations", None)
    values = {k: v for k, v in data.items() if k != "paper"}
    return Candidate(paper=ExternalPaper(**paper), **values)
