"""What a lookup on Semantic Scholar and arXiv did, in words for the app: one line, then the papers it could not look
up, grouped by what to do, each led by the paper's common name or title. Kept in the session until the page shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..usecases import enrich_papers


@dataclass
class LookupSaid:
    """What a lookup did, in words for the page: one line, and the papers it could not look up with what to do."""

    kind: str  # "success", "warning" or "error"
    line: str
    groups: list[tuple[str, list[str]]] = field(default_factory=list)  # (what went wrong and what to do, papers)


def lookup_said(report: enrich_papers.EnrichReport, names: dict[str, str]) -> LookupSaid:
    """The report in words, papers by the names people know them by (`names`: key → common name or title). When
    nothing came back at all (no network, say), one line saying why, not one per paper; a run with failures is never
    a success. What the per-paper phases could not fetch is said apart from the papers that were not looked up."""
    d = report.details
    if d.failed and not (d.updated or d.unchanged):
        return LookupSaid("error", f"Nothing was looked up: {'; '.join(d.failed)}. The library was not changed.")
    phase_failed = [message for message in d.failed if message.startswith(enrich_papers.PER_PAPER_FAILURES)]
    failed = [message for message in d.failed if not message.startswith(enrich_papers.PER_PAPER_FAILURES)]
    counts = [
        (len(d.updated), "filled in"),
        (len(d.unchanged), "already up to date"),
        (len(d.not_found) + len(d.skipped), "not found"),
        (len(failed), "failed"),
    ]
    summary = ", ".join(f"{count} {what}" for count, what in counts if count) or "no paper to look up"
    if d.citing:
        summary += f"; citing papers kept for {d.citing} of them, for the suggestions"
    if d.contexts:
        summary += f"; why they cite kept for {d.contexts} citing paper{'s' if d.contexts != 1 else ''}"
    if phase_failed:
        summary += f"; {len(phase_failed)} could not be asked who cites them or why"
    if report.not_reached:
        summary += f"; not reached: {' and '.join(name.lower() for name in report.not_reached)}"
    requests = f"{report.requests} request{'s' if report.requests != 1 else ''}"
    groups = [
        ("Not found by the id it has: check the id", [_named(item, names) for item in d.not_found]),
        (
            "No id, and not found by its title: give it an arXiv id, a DOI or a Semantic Scholar id",
            [_named(note, names) for note in d.skipped],
        ),
        ("Failed: looking up again later asks only for these", [_named(message, names) for message in failed]),
        (
            "Looked up, but who cites them or why could not be fetched: looking up again later asks only for these",
            [_named(message, names) for message in phase_failed],
        ),
    ]
    said = [(what, papers) for what, papers in groups if papers]
    kind = "success" if d.ok and not report.not_reached else "warning"
    return LookupSaid(kind, f"Looked up: {summary} ({requests}).", said)


def _named(item: str, names: dict[str, str]) -> str:
    """A message that starts with a paper's key (after a phase's words: "citing papers of KEY: …"), led by the
    paper's name ("GPT-3 — brown2020language (ARXIV:…)")."""
    rest = next((item[len(prefix) :] for prefix in enrich_papers.PER_PAPER_FAILURES if item.startswith(prefix)), item)
    key = rest.split(" ", 1)[0].rstrip(":")
    name = names.get(key)
    return item if name is None or name == key else f"{name} — {item}"
