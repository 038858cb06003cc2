"""What is new for each section: check the sources, rank and explain candidates, add or dismiss them.

Calls per check (what the README states and `bench/discover.py` measures): 1 recommendations call per
section with a paper that has an id + 1 citations call (`S2Discovery.max_pages` pages, default 1) per distinct
paper among each section's `max_citing` (25) newest papers with an id + 1 arXiv call per distinct watch query.
Every answer is cached under the day of the check, so a second check the same day makes no call, and a
stopped check (or one cut by a failure) resumes where it stopped. The candidates of each section's last check
are kept in `discover-candidates.json` beside papers.bib: offline, they are shown with the date of that check,
and a copy or clone of the folder adds and dismisses them too.

Adding a candidate makes no call: the entry is built from what the check fetched, placed in the section, with
`found_by`, `found_on` and the library papers it cites (so the graph draws it at once); it still lacks its
Chinese text (摘要翻译). Dismissing writes the candidate to `discover-dismissed.tsv`: never shown again, and
sent to Semantic Scholar as a negative example of the section.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..discovery import (
    Candidate,
    Sighting,
    candidate_from_json,
    candidate_to_json,
    is_new,
    label,
    merge_sightings,
    rank,
)
from ..errors import InvalidIdError, ReadingListError, SourceError, UnreachableError
from ..identity import KeyIndex, field_identities, identities
from ..ids import parse_paper_id
from ..layout import section_name
from ..mapping import build_entry, enrichment_changes
from ..models import Entry, join_list, order_fields
from ..records import ExternalPaper
from ..sources import Sources
from ..sources.arxiv_watch import ArxivWatch
from ..sources.lookup import pending, read_through
from ..sources.s2_discovery import S2Discovery
from ..store import NoteStore, edit_library, load_library
from ..store.discover_files import (
    Dismissed,
    append_dismissed,
    load_candidates,
    load_discover_config,
    load_dismissed,
    remove_dismissed,
    save_candidates,
    save_last_checks,
)
from . import Outcome

FIRST_WINDOW_DAYS = 365  # a section never checked: papers of the last year
MAX_CITING = 25  # a section's newest papers whose citing papers are read, per check
MAX_POSITIVE = 100  # a section's newest papers sent as positive examples
Progress = Callable[[int, int], None]


class DiscoverError(ReadingListError):
    """An id given to add or dismiss that no check found."""


@dataclass(frozen=True)
class CheckRequest:
    library: Path
    sections: tuple[str, ...] = ()  # empty: every section that has papers
    since: dt.date | None = None  # default: each section's last check
    offline: bool = False
    today: dt.date | None = None
    max_citing: int = MAX_CITING


@dataclass
class SectionResult:
    section: str
    name: str
    since: dt.date
    checked: str  # the day these candidates were found ("" when never checked)
    candidates: list[Candidate] = field(default_factory=list)
    from_last_check: bool = False  # offline: the last check's candidates


@dataclass
class CheckReport:
    sections: list[SectionResult] = field(default_factory=list)
    requests: int = 0
    planned: int = 0
    stopped: bool = False
    outcome: Outcome = field(default_factory=Outcome)


@dataclass(frozen=True)
class ActRequest:
    library: Path
    ids: tuple[str, ...]
    section: str | None = None  # default: the section whose last check found it
    today: dt.date | None = None


@dataclass
class ActReport:
    done: dict[str, str] = field(default_factory=dict)  # id -> key added, or section dismissed from
    outcome: Outcome = field(default_factory=Outcome)


# -- the plan of a check ------------------------------------------------------------------------------------


@dataclass
class _Plan:
    section: str
    papers: list[Entry]
    since: dt.date
    positive: list[str]
    negative: list[str]
    citing: list[tuple[str, str]]  # (library key, id asked for)
    queries: tuple[str, ...]


def section_papers(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Papers (not resources) by section, newest first."""
    by_section: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.kind != "paper" or entry.is_resource:
            continue
        for section in entry.list_field("section"):
            by_section.setdefault(section, []).append(entry)
    for papers in by_section.values():
        papers.sort(key=lambda e: -(e.year or 0))
    return by_section


def _plans(request: CheckRequest, sources: Sources, entries: list[Entry], today: dt.date) -> list[_Plan]:
    config = load_discover_config(request.library)
    dismissed = load_dismissed(request.library)
    by_section = section_papers(entries)
    names = list(request.sections) or sorted(by_section)
    unknown = [s for s in names if s not in by_section]
    if unknown:
        known = ", ".join(sorted(by_section)) or "none"
        raise DiscoverError(f"no papers in section {unknown[0]!r}; sections with papers: {known}")
    plans = []
    for name in names:
        papers = by_section[name]
        watch = config.section(name)
        since = request.since or watch.last_check or today - dt.timedelta(days=FIRST_WINDOW_DAYS)
        with_ids = [(e.key, i) for e in papers if (i := sources.s2.lookup_id(e.fields))]
        negative = [d.s2_ref for d in dismissed if d.section == name and d.s2_ref]
        plans.append(
            _Plan(
                name,
                papers,
                since,
                [i for _, i in with_ids[:MAX_POSITIVE]],
                negative,
                with_ids[: request.max_citing],
                watch.watch,
            )
        )
    return plans


def _keys(plan: _Plan, today: dt.date) -> list[tuple[str, str]]:
    """(cache prefix, id) of every answer the plan needs; the day is part of the id."""
    keys = [("s2reco", _reco_id(plan, today))] if plan.positive else []
    keys += [("s2citing", f"{today}:{ident}") for _, ident in plan.citing]
    keys += [("arxivwatch", f"{today}:{query}") for query in plan.queries]
    return keys


def _reco_id(plan: _Plan, today: dt.date) -> str:
    """The day and a digest of the examples: other examples (a new dismissal) are another question."""
    examples = json.dumps([plan.positive, sorted(plan.negative)])
    return f"{today}:{hashlib.sha1(examples.encode()).hexdigest()[:16]}"


# -- run a check --------------------------------------------------------------------------------------------


def run(
    request: CheckRequest,
    sources: Sources,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> CheckReport:
    """Check each section; candidates ranked and explained. Offline: the last check's candidates."""
    today = request.today or dt.date.today()
    library = load_library(request.library)
    entries = library.entries()
    plans = _plans(request, sources, entries, today)
    report = CheckReport()
    excluded = _excluded(request.library, entries)
    if request.offline:
        stored = load_candidates(request.library)
        for plan in plans:
            report.sections.append(_last_check(stored.get(plan.section), plan, excluded))
        return report
    todo = [(p, ident) for plan in plans for p, ident in _keys(plan, today)]
    report.planned = sum(len(pending(sources.cache, prefix, [i])) for prefix, i in todo)
    s2 = S2Discovery(sources.s2)
    watch = ArxivWatch(sources.arxiv)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(min(done, report.planned), max(done, report.planned))

    if progress and report.planned:
        progress(0, report.planned)
    checked: dict[str, dt.date] = {}
    for plan in plans:
        try:
            sightings = _sightings(plan, today, sources, s2, watch, tick, should_stop, report)
        except SourceError as err:
            report.outcome.failed.append(f"{section_name(plan.section)}: {err}")
            if isinstance(err, UnreachableError):
                break  # every other call would fail the same way
            continue
        if report.stopped:
            break
        result = SectionResult(plan.section, section_name(plan.section), plan.since, today.isoformat())
        fresh = [s for s in sightings if is_new(s.paper, plan.since)]
        result.candidates = rank(merge_sightings(fresh, excluded), plan.papers, result.name)
        report.sections.append(result)
        checked[plan.section] = today
    report.requests = done
    if report.sections:
        save_candidates(request.library, {r.section: _kept(r) for r in report.sections})
    if checked and request.since is None:
        save_last_checks(request.library, checked)
    if report.stopped:
        report.outcome.next_steps.append(
            f"stopped after {done} of {report.planned} calls; check again to resume (what came is kept)"
        )
    elif report.outcome.failed:
        report.outcome.next_steps.append("check again later: what was fetched is kept, and only the rest is asked")
    return report


@dataclass(frozen=True)
class _Call:
    """One answer a section needs: where it is cached, how to fetch and read it, what it says."""

    prefix: str
    ident: str
    fetch: Callable[[], Any]
    parse: Callable[[Any], list[ExternalPaper]]
    sight: Callable[[list[ExternalPaper]], list[Sighting]]


def _calls(plan: _Plan, today: dt.date, s2: S2Discovery, watch: ArxivWatch) -> list[_Call]:
    calls = []
    if plan.positive:
        calls.append(
            _Call(
                "s2reco",
                _reco_id(plan, today),
                lambda: s2.fetch_recommendations(plan.positive, plan.negative),
                s2.parse_papers,
                lambda papers: [Sighting("recommended", p, rank=i + 1, of=len(papers)) for i, p in enumerate(papers)],
            )
        )
    for key, ident in plan.citing:
        calls.append(
            _Call(
                "s2citing",
                f"{today}:{ident}",
                partial(s2.fetch_citing, ident),
                s2.parse_papers,
                partial(_cite_sightings, key),
            )
        )
    for query in plan.queries:
        calls.append(
            _Call(
                "arxivwatch",
                f"{today}:{query}",
                partial(watch.fetch_newest, query),
                watch.parse,
                partial(_watch_sightings, query),
            )
        )
    return calls


def _cite_sightings(key: str, papers: list[ExternalPaper]) -> list[Sighting]:
    return [Sighting("cites", p, cites=key) for p in papers]


def _watch_sightings(query: str, papers: list[ExternalPaper]) -> list[Sighting]:
    return [Sighting("watch", p, query=query) for p in papers]


def _sightings(
    plan: _Plan,
    today: dt.date,
    sources: Sources,
    s2: S2Discovery,
    watch: ArxivWatch,
    tick: Callable[[], None],
    should_stop: Callable[[], bool] | None,
    report: CheckReport,
) -> list[Sighting]:
    """Every source's word for one section (cached answers read, the rest fetched and cached)."""
    sightings: list[Sighting] = []
    for call in _calls(plan, today, s2, watch):
        if should_stop and pending(sources.cache, call.prefix, [call.ident]) and should_stop():
            report.stopped = True
            return sightings

        def fetch(ids: list[str], call: _Call = call) -> tuple[dict[str, tuple[Any, list[ExternalPaper]]], list[str]]:
            raw = call.fetch()
            return {ids[0]: (raw, call.parse(raw))}, []

        try:
            found = read_through(
                sources.cache, call.prefix, [call.ident], fetch, call.parse, per_request=1, on_request=tick
            )
        except SourceError as err:
            if call.prefix == "arxivwatch" and err.status == 400:  # one bad query: say so, keep the others
                report.outcome.failed.append(f"{section_name(plan.section)}: {err}")
                continue
            raise
        sightings += call.sight(found.found.get(call.ident, []))
    return sightings


# -- the last check's candidates ----------------------------------------------------------------------------


def _kept(result: SectionResult) -> dict[str, Any]:
    """What `discover-candidates.json` keeps of a section's check."""
    return {
        "checked": result.checked,
        "since": result.since.isoformat(),
        "candidates": [candidate_to_json(c) for c in result.candidates],
    }


def _last_check(data: dict[str, Any] | None, plan: _Plan, excluded: set[tuple[str, str]]) -> SectionResult:
    """The candidates of the section's last check, without those added or dismissed since."""
    result = SectionResult(plan.section, section_name(plan.section), plan.since, "", from_last_check=True)
    if data is None:
        return result
    result.checked = str(data.get("checked", ""))
    try:
        result.since = dt.date.fromisoformat(str(data.get("since")))
        candidates = [candidate_from_json(c) for c in data["candidates"]]
    except (TypeError, ValueError, KeyError):
        return result  # written by another version: as if never checked
    result.candidates = [c for c in candidates if not excluded.intersection(_identities(c))]
    return result


def _identities(c: Candidate) -> list[tuple[str, str]]:
    p = c.paper
    return identities(p.arxiv, p.doi, p.s2_id, p.title)


def _excluded(library: Path, entries: list[Entry]) -> set[tuple[str, str]]:
    """Identities never to propose: every library paper, every dismissed candidate."""
    excluded = {ident for e in entries for ident in field_identities(e.fields)}
    for item in load_dismissed(library):
        excluded.update(id_identities(item.id))
    return excluded


def id_identities(text: str) -> list[tuple[str, str]]:
    try:
        pid = parse_paper_id(text)
    except InvalidIdError:
        return []
    kind = {"arxiv": "eprint", "doi": "doi", "s2": "s2id"}.get(pid.kind)
    return identities(**{kind: pid.value}) if kind else []


# -- add and dismiss ----------------------------------------------------------------------------------------


def _find(request: ActRequest, entries: list[Entry]) -> dict[str, tuple[str, Candidate]]:
    """Each asked id -> (section, candidate) from the last checks; a one-line error for an id none found."""
    sections = [request.section] if request.section else sorted(section_papers(entries))
    stored = load_candidates(request.library)
    found: dict[str, tuple[str, Candidate]] = {}
    for ident in request.ids:
        wanted = set(id_identities(ident)) or {("s2", ident.strip().lower())}
        for section in sections:
            for raw in stored.get(section, {}).get("candidates", []):
                try:
                    c = candidate_from_json(raw)
                except (TypeError, ValueError, KeyError):
                    continue  # written by another version
                if wanted.intersection(_identities(c)) or c.id == ident:
                    found[ident] = (section, c)
                    break
            if ident in found:
                break
        if ident not in found:
            where = f"section {request.section!r}" if request.section else "any section"
            raise DiscoverError(
                f"{ident} is not a candidate of the last check of {where}; check first, then add or dismiss by an "
                "id it lists"
            )
    return found


def add(request: ActRequest) -> ActReport:
    """Add candidates to their section from what the check fetched: no call to any source."""
    today = (request.today or dt.date.today()).isoformat()
    report = ActReport()
    found = _find(request, load_library(request.library).entries())
    notes = NoteStore(request.library)
    notes.check_writable()
    added: list[Entry] = []
    with edit_library(request.library) as library:
        index = KeyIndex(library.entries())
        taken = {e.key.lower() for e in library.entries()}
        for ident, (section, c) in found.items():
            existing = index.find_record(c.paper)
            if existing:
                report.outcome.failed.append(f"{ident} is already in the library as {existing}")
                continue
            entry = build_entry(parse_paper_id(c.id), [c.paper], taken)
            entry.fields.update(enrichment_changes(entry, [c.paper], index))
            cites = [k for k in c.cites if k in library]
            entry.fields |= {"section": section, "found_by": join_list(c.found_by), "found_on": today}
            if cites:
                entry.fields["cites"] = join_list(cites)
            entry.fields = order_fields(entry.fields | {"status": "unread"})
            library.add_entry(entry)
            index.add(entry.key, entry.fields)
            taken.add(entry.key.lower())
            added.append(entry)
            report.done[ident] = entry.key
            report.outcome.changed.append(f"added {entry.key} to {section_name(section)}: {label(entry)}")
    for entry in added:
        notes.ensure(entry)
    if added:
        report.outcome.next_steps.append(
            "write the Chinese summary (摘要翻译, field abstract_zh) of " + ", ".join(e.key for e in added)
        )
    return report


def dismiss(request: ActRequest) -> ActReport:
    """Remember dismissed candidates in the library's folder: never shown again, negative examples next time."""
    today = (request.today or dt.date.today()).isoformat()
    report = ActReport()
    found = _find(request, load_library(request.library).entries())
    items = []
    for ident, (section, c) in found.items():
        ref = c.paper.s2_id or (
            f"ARXIV:{c.paper.arxiv}" if c.paper.arxiv else f"DOI:{c.paper.doi}" if c.paper.doi else ""
        )
        items.append(Dismissed(section, c.id, ref, today, c.paper.title))
        report.done[ident] = section
        report.outcome.changed.append(f"dismissed {c.id} from {section_name(section)}: {c.paper.title}")
    append_dismissed(request.library, items)
    return report


def restore(request: ActRequest) -> ActReport:
    """Undo dismissals: the ids leave `discover-dismissed.tsv`, and the last check shows them again."""
    report = ActReport()
    section = request.section or ""
    if remove_dismissed(request.library, section, set(request.ids)):
        for ident in request.ids:
            report.done[ident] = section
            report.outcome.changed.append(f"restored {ident} to {section_name(section)}")
    else:
        report.outcome.failed.append(f"{', '.join(request.ids)}: not dismissed from {section_name(section)}")
    return report


def needs_translation(entries: list[Entry]) -> list[Entry]:
    """Entries added by discovery that still lack their Chinese text (摘要翻译)."""
    return [e for e in entries if e.get("found_by") and not e.get("abstract_zh")]
