"""What strict BibTeX readers (bibtex, biber, pybtex, bibtexparser 1.x) would reject or misread.

bibtexparser 2, our reader, is lenient: it takes a backslash before a brace as an escape and reads on.
Classic BibTeX counts every brace, so such an entry ends somewhere else for every other reader.
"""

from __future__ import annotations

from ..models import Problem
from .bibfile import Library


def strict_reader_problems(library: Library) -> list[Problem]:
    """One problem per field whose raw text a strict reader would reject or read differently."""
    problems = []
    for entry, raw_values, line in library.raw_entries():
        for name, raw in raw_values.items():
            reason = raw_value_problem(raw)
            if reason:
                problems.append(
                    Problem(
                        "strict-readers",
                        line,
                        entry.key,
                        f"field {name} {reason}: bibtex, biber and pybtex reject or misread this entry; "
                        "fix the value (`readinglist set` refuses such values)",
                    )
                )
    return problems


def raw_value_problem(raw: str) -> str:
    r"""Why a field's raw text (`{...}`, `"..."`, `2020`, `acl # " x"`) is not portable ('' when it is).

    >>> raw_value_problem("{The {BERT} effect}"), raw_value_problem('"Quoted" # " and joined"')
    ('', '')
    >>> raw_value_problem(r"{open \{ brace}")
    'has an unbalanced brace ({ and } must pair up; a backslash does not escape one)'
    >>> raw_value_problem("{ends with \\}")
    'ends with a backslash, which swallows the closing brace'
    """
    raw = raw.strip()
    depth = 0
    for position, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            braced_value_ends_early = depth == 0 and raw[0] == "{" and position < len(raw) - 1
            if depth < 0 or braced_value_ends_early:
                return _UNBALANCED
    if depth:
        return _UNBALANCED
    if raw[:1] in '{"' and raw[-2:-1] == "\\":
        return "ends with a backslash, which swallows the closing brace"
    return ""


_UNBALANCED = "has an unbalanced brace ({ and } must pair up; a backslash does not escape one)"
