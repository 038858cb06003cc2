"""Check the library: what in the file needs a person (broken blocks, duplicate keys, one paper under two keys,
names of papers that are not in the library, missing fields, merge conflicts). Nothing is written.

The papers that miss only what enrichment fetches (author, year: a list names papers by title and link) are
grouped apart from the rest, so a fresh import is one line, not hundreds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..checks import check_library, group_enrichable, missing_names
from ..models import Problem
from ..store import load_library
from . import Outcome


@dataclass(frozen=True)
class CheckRequest:
    """Check the library at `library`."""

    library: Path


@dataclass
class CheckReport:
    """Every problem found (`problems`, in file order), split into those to say one by one (`shown`) and the papers
    missing only what enrichment fetches (`grouped`, said in `grouped_words`)."""

    library: Path
    entries: int
    problems: list[Problem]
    shown: list[Problem]
    grouped: list[Problem]
    outcome: Outcome = field(default_factory=Outcome)

    @property
    def ok(self) -> bool:
        """True when the library has no problem at all."""
        return not self.problems

    @property
    def grouped_words(self) -> str:
        """`3 papers miss author or year (as a list names papers by title and link)`; '' when none do."""
        if not self.grouped:
            return ""
        count = len(self.grouped)
        who = "paper misses" if count == 1 else "papers miss"
        return f"{count} {who} {' or '.join(missing_names(self.grouped))} (as a list names papers by title and link)"


def run(request: CheckRequest) -> CheckReport:
    """Read the library (never writing it) and say what needs a person."""
    library = load_library(request.library)
    problems = check_library(library)
    shown, grouped = group_enrichable(problems)
    report = CheckReport(request.library, len(library), problems, shown, grouped)
    if problems:
        report.outcome.failed.append(f"{len(problems)} problem(s) in {len(library)} entries")
    if grouped:
        fields = " or ".join(missing_names(grouped))
        report.outcome.next_steps.append(f"enrich the library to fetch the missing {fields} from the sources")
    return report
