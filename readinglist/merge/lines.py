"""Line-by-line three-way merge of the text between entries (comments, @string, @preamble), via merge3."""

from __future__ import annotations

from collections.abc import Sequence

from merge3 import Merge3

START, BASE, MIDDLE, END = "<<<<<<< ours", "||||||| base", "=======", ">>>>>>> theirs"


def merge_lines(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """Merge three texts by line; returns the text and whether it holds conflict markers.

    Blank lines never conflict. A conflict keeps all three versions between git-style markers
    (`<<<<<<< ours` ... `>>>>>>> theirs`), so nothing is lost and `readinglist check` can point at it.
    """
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    out: list[str] = []
    conflicted = False
    groups = Merge3(base.splitlines(True), ours.splitlines(True), theirs.splitlines(True)).merge_groups()
    for group in groups:
        if group[0] != "conflict":
            out.extend(group[1])
            continue
        _, base_lines, ours_lines, theirs_lines = group
        if not "".join([*ours_lines, *theirs_lines]).strip():  # only blank lines differ: keep the longer run
            out.extend(ours_lines if len(ours_lines) >= len(theirs_lines) else theirs_lines)
            continue
        conflicted = True
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        for marker, lines in ((START, ours_lines), (BASE, base_lines), (MIDDLE, theirs_lines)):
            out.append(marker + "\n")
            out.extend(_terminated(lines))
        out.append(END + "\n")
    return "".join(out), conflicted


def _terminated(lines: Sequence[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return list(lines)
