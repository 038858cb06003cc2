"""BibTeX text for other tools: names split by BibTeX's rules (bibtexparser v2's own splitter), LaTeX decoded.

>>> [str(parts.last) for parts in person_names("Henrique Ponde de Oliveira Pinto and Rob van der Goot and others")[0]]
["['Oliveira', 'Pinto']", "['Goot']"]
>>> person_names("Huiying Liang and et al.")[1]
True
>>> decode_latex(r"Caf{\\'e} at 50% -- {BERT}")
'Café at 50% – BERT'
"""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import NameParts, parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text

# What people write for "and more authors": BibTeX's own word is `others`.
_OTHERS = {"others", "et al.", "et al", "et. al.", "etal.", "etal", "et alii"}
_DECODER = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")


def person_names(value: str) -> tuple[list[NameParts], bool]:
    """The persons of an author/editor field and whether the list ends in `others` (more authors)."""
    names, truncated = [], False
    for name in split_multiple_persons_names(" ".join(value.split())):
        if name.strip().strip("{}").strip().lower() in _OTHERS:
            truncated = True
            continue
        names.append(parse_single_name_into_parts(name, strict=False))
    return names, truncated


def bibtex_persons(value: str) -> str:
    """The field as BibTeX wants it: ` and `-separated, `and others` for a truncated list (not `and et al.`)."""
    names = split_multiple_persons_names(" ".join(value.split()))
    kept = [n for n in names if n.strip().strip("{}").strip().lower() not in _OTHERS]
    return " and ".join(kept + (["others"] if len(kept) < len(names) else []))


def decode_latex(text: str) -> str:
    """Plain Unicode from BibTeX text: accents, `\\&`, braces and dashes decoded; `%` kept as a character."""
    if not any(ch in text for ch in "\\{}~-$"):
        return text
    decoded = _DECODER.latex_to_text(_UNESCAPED_PERCENT.sub(r"\\%", text))
    return " ".join(decoded.replace("\u00a0", " ").split())
