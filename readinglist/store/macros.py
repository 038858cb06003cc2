"""`@string` macros: a field written as `neurips` or `nips # " 2020"` resolved to its text.

The store keeps the raw value (so the file round-trips); exports and displays want the text.

>>> resolve_value('nips # " 2020"', {"nips": "NeurIPS"})
'NeurIPS 2020'
>>> resolve_value("may", {})
'may'
"""

from __future__ import annotations

import re

_PART = re.compile(r'\s*(\{(?:[^{}]|\{[^{}]*\})*\}|"[^"]*"|[^#\s]+)\s*(?:#|$)')


def is_expression(raw: str) -> bool:
    """True for a value written without delimiters: a macro, a number, or a `#` concatenation."""
    raw = raw.strip()
    return bool(raw) and not (raw[0] == "{" and raw[-1] == "}" and raw.count("#") == 0)


def resolve_value(raw: str, macros: dict[str, str]) -> str:
    """The text of a raw BibTeX value: macros (case-insensitive) replaced, parts joined; unknown names kept."""
    parts = _PART.findall(raw.strip())
    if not parts or "".join(parts).replace(" ", "") != raw.replace("#", "").replace(" ", "").strip():
        return raw  # not an expression we can read: leave it as written
    text = []
    for part in parts:
        if part[0] in '{"':
            text.append(part[1:-1])
        else:
            text.append(macros.get(part.lower(), part))
    return "".join(text)


def macro_text(raw: str) -> str:
    """The text of an `@string` definition's value (`"NeurIPS"` or `{NeurIPS}`)."""
    raw = raw.strip()
    return raw[1:-1] if len(raw) >= 2 and raw[0] in '{"' and raw[-1] in '}"' else raw
