"""`discover --format json` in its published shape (readinglist/schemas/discover.json): every key always present."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..discovery import Candidate
    from ..usecases.discover import CheckReport


def candidate_record(candidate: Candidate) -> dict[str, Any]:
    """One candidate: the paper as the sources describe it, null when they say nothing, and why it is proposed."""
    from ..names import parse_persons  # bibtexparser's splitter: only when JSON is asked for

    paper = candidate.paper
    people = [person for name in paper.authors for person in parse_persons(name).persons]
    return {
        "id": candidate.id,
        "title": paper.title or None,
        "authors": [person.as_json() for person in people],
        "year": paper.year,
        "published": paper.published or None,
        "venue": paper.venue or paper.journal or None,
        "arxiv": paper.arxiv or None,
        "doi": paper.doi or None,
        "s2id": paper.s2_id or None,
        "abstract": paper.abstract or None,
        "tldr": paper.tldr or None,
        "citation_count": paper.citation_count,
        "cites": list(candidate.cites),
        "recommendation_rank": candidate.rank,
        "queries": list(candidate.queries),
        "similarity": round(candidate.similarity, 4),
        "nearest": candidate.nearest or None,
        "score": round(candidate.score, 4),
        "found_by": candidate.found_by,
        "reasons": list(candidate.reasons),
    }


def check_record(report: CheckReport) -> dict[str, Any]:
    """A whole check: per section its candidates best first, then the run's requests and what failed."""
    return {
        "sections": [
            {
                "section": result.section,
                "name": result.name,
                "since": result.since.isoformat(),
                "checked": result.checked or None,
                "from_last_check": result.from_last_check,
                "candidates": [candidate_record(c) for c in result.candidates],
            }
            for result in report.sections
        ],
        "requests": report.requests,
        "stopped": report.stopped,
        "failed": list(report.outcome.failed),
        "next_steps": list(report.outcome.next_steps),
    }
