"""Set up a git repository for the library: *.bib merged by entry and field and shown field by field in diffs,
and the store's lock files kept out of git. Safe to run again: what is already set is said, not written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReadingListError
from ..merge.git_setup import (
    ATTRIBUTES_LINE,
    LOCK_PATTERN,
    append_line,
    config_value,
    git,
    git_config_entries,
    read_text,
)
from . import Outcome


@dataclass(frozen=True)
class GitSetupRequest:
    """Set up the repository holding `folder`; git is to run readinglist as `command` (e.g. `readinglist`)."""

    folder: Path
    command: str


@dataclass(frozen=True)
class Step:
    """One thing set up, in words, and whether it was written now (False: it was already so)."""

    said: str
    changed: bool


@dataclass
class GitSetupReport:
    """The repository's top folder and each thing set up, in order."""

    root: Path
    steps: list[Step] = field(default_factory=list)
    outcome: Outcome = field(default_factory=Outcome)

    def lines(self) -> list[str]:
        """One line per thing written or found."""
        return [step.said for step in self.steps]


def run(request: GitSetupRequest) -> GitSetupReport:
    """Write the .gitattributes line, the config entries and the exclude line that are not there yet."""
    try:
        root = Path(git(request.folder, "rev-parse", "--show-toplevel"))
    except ReadingListError:
        raise ReadingListError(
            f"{request.folder} is not inside a git repository; run `git init` there first (or cd into your repository)"
        ) from None
    report = GitSetupReport(root)
    report.steps.append(_attributes(root))
    report.steps += [_config(root, name, value) for name, value in git_config_entries(request.command).items()]
    report.steps.append(_exclude_lock_files(root))
    report.steps.append(Step("notes/*.md merge as text, line by line (git's default); nothing to set for them", False))
    report.outcome.changed = [step.said for step in report.steps if step.changed]
    if report.steps[0].changed:
        report.outcome.next_steps.append(f"commit {root / '.gitattributes'} so everyone merges the same way")
    return report


def _attributes(root: Path) -> Step:
    """The line that sends *.bib to our merge driver and diff view, in the repository's .gitattributes."""
    attributes = root / ".gitattributes"
    text = read_text(attributes)
    if ATTRIBUTES_LINE in text.splitlines():
        return Step(f"{attributes}: already has `{ATTRIBUTES_LINE}`", False)
    append_line(attributes, text, ATTRIBUTES_LINE)
    return Step(f"{attributes}: added `{ATTRIBUTES_LINE}` (commit it so everyone merges the same way)", True)


def _config(root: Path, name: str, value: str) -> Step:
    """One config entry of this clone, set unless it already holds `value`."""
    current = config_value(root, name)
    if current == value:
        return Step(f"git config {name}: already `{value}`", False)
    git(root, "config", "--local", name, value)
    return Step(f"git config {name} = `{value}`" + (f" (was `{current}`)" if current else ""), True)


def _exclude_lock_files(root: Path) -> Step:
    """Keep the store's lock files out of `git status`, in this clone's own exclude file (nothing to commit)."""
    exclude = root / git(root, "rev-parse", "--git-path", "info/exclude")
    text = read_text(exclude)
    if LOCK_PATTERN in text.splitlines():
        return Step(f"{exclude}: already ignores `{LOCK_PATTERN}`", False)
    append_line(exclude, text, LOCK_PATTERN)
    return Step(
        f"{exclude}: ignores `{LOCK_PATTERN}` (the lock files readinglist leaves beside the library and notes)", True
    )
