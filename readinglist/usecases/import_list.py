"""Import an awesome list (any shape) into the library: entries, sections and a report of everything read.

The report says how many items were read, the entries made (by kind), the items merged into another entry,
every item left out with its line and why, and every value that had to be made safe. `ok` is True only when
every item with a link became an entry or a reported merge. A dry run reads and matches against the library
exactly as the import would, and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..importers.facts import Facts, facts_beside, load_facts
from ..importers.general import section_titles
from ..importers.library_import import ImportReport, import_awesome_list
from ..importers.outline import save_outline
from ..importers.reading import read_awesome_list
from ..models import Entry
from ..store import edit_library, load_library
from . import Outcome


@dataclass(frozen=True)
class ImportListRequest:
    """A list's text, where it came from (a path or a name, for the report), and how to import it."""

    text: str
    source: str
    library: Path
    facts: Path | None = None  # a folder of verified facts for this list (seed-papers.json, ...)
    dry_run: bool = False
    kind: str = ""  # when given, every entry made is of this kind, whatever the list's words suggest


@dataclass
class ImportListReport:
    """What the import did (or, in a dry run, would do), in words."""

    source: str
    library: Path
    dry_run: bool
    reading: str  # "seed" or "general"
    details: ImportReport
    empty: bool = False  # no item was found: nothing was (or would be) written
    entries: list[Entry] = field(default_factory=list)  # the entries added, for a preview
    sections: list[str] = field(default_factory=list)  # the sections they were placed in, in order
    section_titles: dict[str, str] = field(default_factory=dict)  # a section's heading as written, by its slug
    facts_hint: Path | None = None  # facts found beside the list and not used
    outcome: Outcome = field(default_factory=Outcome)

    @property
    def ok(self) -> bool:
        """True when the list had items and every item with a link became an entry or a reported merge."""
        return not self.empty and self.details.linked_left_out == 0

    def summary(self) -> str:
        """`105 added, 0 updated, 0 unchanged, 0 problem(s)` (the line scripts and tests read)."""
        return self.details.summary()

    def lines(self) -> list[str]:
        """The report as a person reads it: counts first, then every merge, left-out item and safe value."""
        d = self.details
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(d.kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        verb = "would be" if self.dry_run else "were"
        out = [
            f"{self.source}: {d.read} item(s) read ({self.reading} reading)",
            f"  entries {verb} added: {len(d.added)}" + (f" ({kinds})" if kinds else ""),
            f"  merged into another entry: {len(d.merged)}; already in the library: "
            f"{len(d.updated)} updated, {len(d.unchanged)} unchanged",
            "  left out: " + _left_out_counts(d),
        ]
        out += [f"  merged    {line}" for line in d.merged]
        out += [f"  left out  {line}" for line in d.left_out]
        out += [f"  made safe {line}" for line in d.made_safe]
        if self.sections:
            out.append(f"  sections: {', '.join(self.section_names())}")
        return out[:1] + out[4:] if self.empty else out  # no item: no counts of entries that were never made

    def section_names(self) -> list[str]:
        """The sections as the list's headings name them (the slug when no heading names it)."""
        return [self.section_titles.get(s, s) for s in self.sections]


NO_ITEMS = (
    "no item with a link was found, so nothing was written: give an awesome list in Markdown (bullets, numbered "
    "items or table rows with links)"
)
NOT_ITEMS = (("table of contents", "in a table of contents"), ("running text", "in running text"))


def _left_out_counts(d: ImportReport) -> str:
    """`0 items with a link; 5 links in a table of contents, 1 in running text (not items)`: items and the links
    that are no items counted apart, so the line agrees with the lines below it that name each one."""
    links = [(sum(words in line for line in d.left_out), where) for words, where in NOT_ITEMS]
    unlinked = len(d.left_out) - d.linked_left_out - sum(n for n, _ in links)
    out = f"{d.linked_left_out} {_plural(d.linked_left_out, 'item')} with a link"
    out += f", {unlinked} without one" if unlinked else ""
    named = [f"{n} {where}" for n, where in links if n]
    if named:
        first = next(n for n, _ in links if n)
        named[0] = f"{first} {_plural(first, 'link')} {named[0].split(' ', 1)[1]}"
        out += "; " + ", ".join(named) + " (not items)"
    return out


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def run(request: ImportListRequest) -> ImportListReport:
    """Read the list, match it against the library, and (unless a dry run) save the entries and the outline."""
    facts: Facts | None = load_facts(request.facts) if request.facts else None
    parsed = read_awesome_list(request.text, facts.section_names if facts else None)
    if request.kind:
        for item in parsed.items:
            item.kind = request.kind
    empty = not parsed.items  # an empty file, a JSON file, a table of contents only: nothing to write
    if request.dry_run or empty:
        details = import_awesome_list(load_library(request.library, create=True), parsed, facts)
    else:
        with edit_library(request.library, create=True) as library:
            details = import_awesome_list(library, parsed, facts)
        save_outline(request.library, details.outline)  # the list's own lines, once its entries are saved
    report = ImportListReport(request.source, request.library, request.dry_run, parsed.reading, details, empty=empty)
    report.entries = list(details.preview)
    report.sections = list(dict.fromkeys(s for e in report.entries for s in e.list_field("section")))
    report.section_titles = section_titles(details.outline)
    source = Path(request.source)
    if facts is None and source.suffix and (hint := facts_beside(source)):
        report.facts_hint = hint
    _outcome(report)
    return report


def _outcome(report: ImportListReport) -> None:
    d = report.details
    verb = "would add" if report.dry_run else "added"
    if report.empty:
        report.outcome.failed.append(f"{report.source}: {NO_ITEMS}")
        return
    report.outcome.changed.append(f"{verb} {len(d.added)} entries from {report.source}")
    report.outcome.failed += [f"{report.source}: {line}" for line in d.left_out if "not written" in line]
    if d.linked_left_out:
        report.outcome.failed.append(
            f"{d.linked_left_out} item(s) with a link did not become an entry (each is named above with its line)"
        )
    if report.dry_run:
        report.outcome.next_steps.append("import it for real to write these entries")
    elif d.added:
        report.outcome.next_steps.append("enrich the library to fetch authors, years and citations of the new entries")
