"""Line-by-line three-way merge of the text between entries (comments, @string, @preamble), via merge3."""

from __future__ import annotations

from collections.abc import Sequence

from merge3 import Merge3

START, BASE, MIDDLE, END = "<<<<<<< ours", "||||||| base", "=======", ">>>>>>> theirs"


def merge_lines(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """Merge three texts by line; returns the text and whether it holds conflict markers.

    Blank lines never conflict: a side that only added or removed blank lines yields to the other.
    A conflict keeps all three versions between git-style markers
    (`<<<<<<< ours` ... `>>>>>>> theirs`), so nothing is lost and `readinglist check` can point at it.
    """
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    out: list[str] = []
    nl = _newline(ours)
    conflicted = False
    groups = Merge3(base.splitlines(True), ours.splitlines(True), theirs.splitlines(True)).merge_groups()
    for group in groups:
        if group[0] != "conflict":
            out.extend(group[1])
            continue
        _, base_lines, ours_lines, theirs_lines = group
        if _blank(base_lines) and (_blank(ours_lines) or _blank(theirs_lines)):  # one side only moved blank lines
            out.extend(_blank_side_yields(len(base_lines), ours_lines, theirs_lines))
            continue
        conflicted = True
        if out and not out[-1].endswith("\n"):
            out[-1] += nl
        out += _markers(base_lines, ours_lines, theirs_lines, nl)
    return "".join(out), conflicted


def conflict_block(base: str, ours: str, theirs: str) -> str:
    """All three versions of a text between conflict markers, as they are (nothing merged)."""
    nl = _newline(ours or theirs or base)
    return "".join(_markers(base.splitlines(True), ours.splitlines(True), theirs.splitlines(True), nl))


def _markers(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str], nl: str) -> list[str]:
    out: list[str] = []
    for marker, lines in ((START, ours), (BASE, base), (MIDDLE, theirs)):
        out.append(marker + nl)
        out.extend(_terminated(lines, nl))
    out.append(END + nl)
    return out


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _blank_side_yields(base_count: int, ours: Sequence[str], theirs: Sequence[str]) -> list[str]:
    """One side changed only blank lines here: the other side's lines, then the blank lines that side added."""
    if _blank(ours) and _blank(theirs):
        return list(ours if len(ours) >= len(theirs) else theirs)
    text, blank = (theirs, ours) if _blank(ours) else (ours, theirs)
    extra = list(blank[base_count:])
    return [*_terminated(text), *extra] if extra else list(text)


def _blank(lines: Sequence[str]) -> bool:
    return not "".join(lines).strip()


def _terminated(lines: Sequence[str], nl: str = "\n") -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + nl]
    return list(lines)
