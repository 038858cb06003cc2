"""`merge-driver`, `git-setup`, `resolve-conflict` and `diff`: papers.bib under git."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..keys import check_key
from . import TEXT_OR_JSON, TextOrJsonOption, _choice, _print_json, app, err, out, state


@app.command("merge-driver")
def merge_driver(
    base: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: our version; the merge is written here.")],
    theirs: Annotated[Path, typer.Argument(help="%B: their version.")],
    shown_as: Annotated[str, typer.Argument(help="%P: the file's name in the repository.")] = "papers.bib",
) -> None:
    """Git merge driver: merge papers.bib by entry and field; exits 1 when a person must decide (see `check`)."""
    from ..usecases import merge_files

    report = merge_files.run(merge_files.MergeRequest(base, ours, theirs, shown_as), _say_error)
    for line in report.outcome.changed:  # the entries merged field by field
        err.print(line, markup=False)
    if report.conflicts:  # (a fallback's words were said by `_say_error` before git's own merge)
        for line in report.outcome.failed:  # each conflict
            err.print(line, markup=False)
        err.print(
            f"{shown_as}: {len(report.conflicts)} conflict(s); `readinglist check` lists them, "
            "the app's Merge conflicts page resolves them",
            markup=False,
        )
    if not report.clean:
        raise typer.Exit(1)


def _say_error(_level: str, text: str) -> None:
    """The merge's fallback, said on stderr before git's own line merge prints anything."""
    err.print(f"error: {text}", markup=False)


@app.command("git-setup")
def git_setup() -> None:
    """Make git merge *.bib with `merge-driver` and show it with `diff --textconv` (safe to run again)."""
    from ..usecases import set_up_git

    for line in set_up_git.run(set_up_git.GitSetupRequest(Path.cwd(), command_prefix())).lines():
        out.print(line, markup=False)


def command_prefix() -> str:
    """How git should call us: `readinglist` when it is on PATH, else this Python with `-m readinglist.cli`."""
    if shutil.which("readinglist"):
        return "readinglist"
    return f"'{sys.executable}' -m readinglist.cli"


@app.command("resolve-conflict")
def resolve_conflict(
    key: str,
    what: Annotated[str, typer.Argument(help="The conflicting field, or `entry` for a deleted-vs-edited entry.")],
    choice: Annotated[str | None, typer.Argument(help="ours or theirs (a field); keep or delete (an entry).")] = None,
    value: Annotated[str | None, typer.Option("--value", help="An edited value instead of either side's.")] = None,
) -> None:
    """Settle a merge conflict that `check` reports."""
    from ..merge.conflicts import WHOLE_ENTRY
    from ..usecases import resolve_conflict as use_case

    if (choice is None) == (value is None):
        raise typer.BadParameter("give ours/theirs (keep/delete for `entry`) or --value TEXT", param_hint="CHOICE")
    check_key(key)
    if what == WHOLE_ENTRY and choice not in use_case.ENTRY_CHOICES:
        raise typer.BadParameter("use keep or delete", param_hint="CHOICE")
    use_case.run(use_case.ResolveRequest(state.library, key, what, choice, value))
    out.print(f"{key}: {what} resolved", markup=False)


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The old library: a file or a git revision like main:papers.bib.")],
    new: Annotated[str | None, typer.Argument(help="The new library (default: the --library file).")] = None,
    textconv: Annotated[
        bool, typer.Option("--textconv", help="Print OLD as one line per field, for git's diff.textconv.")
    ] = False,
    fmt: TextOrJsonOption = "text",
) -> None:
    """What changed between two libraries, by entry and field: `key: status unread → read`, `added key`."""
    from ..usecases import diff_libraries

    _choice(fmt, TEXT_OR_JSON)
    if textconv:
        sys.stdout.write(diff_libraries.textconv(old))
        return
    report = diff_libraries.run(diff_libraries.DiffRequest(old, new or str(state.library)))
    if fmt == "json":
        _print_json(report.records)
        return
    for line in report.lines:
        out.print(line, markup=False)
    if not report.lines:
        out.print("no changes to entries or the text between them", markup=False)
