"""People in BibTeX fields, split once by BibTeX's own rules, and BibTeX text decoded to plain Unicode (no I/O).

Splitting is bibtexparser v2's (`split_multiple_persons_names`, `parse_single_name_into_parts`): First von Last,
`Last, Jr., First`, braces keep a group whole, and `others` (or a written-out `et al.`) means more authors, not a
person. Every export that shows authors (JSON, CSV, CSL-JSON, BibTeX for classic styles) reads them from here.

>>> [p.as_json() for p in parse_persons("Henrique Ponde de Oliveira Pinto and Rob van der Goot").persons]
... # doctest: +NORMALIZE_WHITESPACE
[{'family': 'Oliveira Pinto', 'given': 'Henrique Ponde', 'particle': 'de', 'suffix': None},
 {'family': 'Goot', 'given': 'Rob', 'particle': 'van der', 'suffix': None}]
>>> parse_persons("King, Jr., Martin Luther").persons[0].as_json()
{'family': 'King', 'given': 'Martin Luther', 'particle': None, 'suffix': 'Jr.'}
>>> parse_persons("{Agüera y Arcas}, Blaise").persons[0].as_json()
{'family': 'Agüera y Arcas', 'given': 'Blaise', 'particle': None, 'suffix': None}
>>> parse_persons("Huiying Liang and et al.").more
True
>>> [p.display for p in parse_persons("{OpenAI} and Ouyang, Long and others").persons]
['OpenAI', 'Long Ouyang']
>>> decode_latex(r"Caf{\\'e} at 50% -- {BERT}")
'Café at 50% – BERT'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text

# What people write for "and more authors": BibTeX's own word is `others`.
_OTHERS = {"others", "et al.", "et al", "et. al.", "etal.", "etal", "et alii"}
_DECODER = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")


@dataclass(frozen=True)
class Person:
    """One name, decoded: `family` always; `given`, `particle` (von part) and `suffix` (Jr.) when written.

    `institution` is a name written whole in braces (`{OpenAI}`), which has no given name to split off.
    """

    family: str
    given: str | None = None
    particle: str | None = None
    suffix: str | None = None
    institution: bool = False

    @property
    def display(self) -> str:
        """`Henrique Ponde de Oliveira Pinto`, `Martin Luther King, Jr.`, `OpenAI`: the name as people write it."""
        name = " ".join(part for part in (self.given, self.particle, self.family) if part)
        return f"{name}, {self.suffix}" if self.suffix else name

    def as_json(self) -> dict[str, Any]:
        """The published shape (readinglist/schemas/person): every key present, null when not written."""
        return {"family": self.family, "given": self.given, "particle": self.particle, "suffix": self.suffix}


@dataclass(frozen=True)
class Persons:
    """The people of an author or editor field, and whether it ends in `others` (more people than named)."""

    persons: tuple[Person, ...]
    more: bool

    def as_text(self) -> str:
        """The one form CSV cells use: names as people write them, `; ` between, `et al.` for more.

        >>> parse_persons("King, Jr., Martin Luther and Rob van der Goot and others").as_text()
        'Martin Luther King, Jr.; Rob van der Goot; et al.'
        """
        return "; ".join([p.display for p in self.persons] + (["et al."] if self.more else []))


@lru_cache(maxsize=65536)
def parse_persons(value: str | None) -> Persons:
    """Split an author/editor field into people by BibTeX's rules (never on spaces or commas alone); computed once
    per field value (`Persons` is immutable)."""
    persons, more = [], False
    for name in split_multiple_persons_names(" ".join((value or "").split())):
        if name.strip().strip("{}").strip().lower() in _OTHERS:
            more = True
            continue
        parts = parse_single_name_into_parts(name, strict=False)
        last = " ".join(parts.last)
        whole = not parts.first and not parts.von and not parts.jr and last.startswith("{") and last.endswith("}")
        persons.append(
            Person(
                family=decode_latex(last),
                given=decode_latex(" ".join(parts.first)) or None,
                particle=decode_latex(" ".join(parts.von)) or None,
                suffix=decode_latex(" ".join(parts.jr)) or None,
                institution=whole,
            )
        )
    return Persons(tuple(persons), more)


def first_family(value: str | None) -> str:
    """The first person's family name in a name or an author field (`Rob van der Goot and …` -> `Goot`), or ''.

    >>> first_family("{Agüera y Arcas}, Blaise"), first_family("Henrique Ponde de Oliveira Pinto"), first_family("")
    ('Agüera y Arcas', 'Oliveira Pinto', '')
    """
    persons = parse_persons(value).persons
    return persons[0].family if persons else ""


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
