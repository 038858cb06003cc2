"""A paper as people name it: one typed view over an entry, computed once per entry content (no I/O).

Every name the graph, the order, the exports and the app show comes from here: the display title, the common
name (`aka`), the label (`Ouyang et al. 2022`), the authors as parsed people (`names.parse_persons`, BibTeX's
rules) and the year. A label names the first author by BibTeX's citation-label rule, von part and family name
(`van der Goot`, `de Oliveira Pinto`, `King` for `King, Jr., Martin Luther`), with the initial when the family
name reads as a month (`Nov et al. 2023`, `Nov and Singh 2023`, alone `O. Nov 2023`).

>>> from readinglist.models import Entry
>>> p = paper_of(Entry("o22", "misc", {"author": "Long Ouyang and Jeff Wu and Xu Jiang", "year": "2022",
...                                    "aka": "InstructGPT, GPT-3.5", "title": "Training {LMs}"}))
>>> p.title, p.label, p.name, p.named, p.tag
('Training LMs', 'Ouyang et al. 2022', 'InstructGPT', 'InstructGPT (Ouyang et al. 2022)', 'InstructGPT')
>>> paper_of(Entry("g20", "misc", {"author": "Rob van der Goot and Ana Li", "year": "2020"})).tag
'van der Goot 2020'
>>> paper_of(Entry("n23", "misc", {"author": "Oded Nov and others", "year": "2023"})).tag
'Nov et al. 2023'
>>> paper_of(Entry("n1", "misc", {"author": "Oded Nov", "year": "2023"})).tag
'O. Nov 2023'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .models import MONTH_WORDS, Entry, parse_year, split_list, strip_braces
from .names import Person, parse_persons


@dataclass(frozen=True)
class Paper:
    """What an entry is called. `label` is `Ouyang et al. 2022`; `tag` the graph's compact `Ouyang 2022` (or the
    common name); `name` the common name else the label; `named` `InstructGPT (Ouyang et al. 2022)`."""

    key: str
    title: str  # the English title, else the Chinese one, else '' (`heading` falls back to the key)
    title_zh: str
    aka: tuple[str, ...]
    persons: tuple[Person, ...]
    more_authors: bool  # the author field ends in `and others`
    year: int | None
    label: str
    tag: str

    @property
    def heading(self) -> str:
        """The title to show: never empty (the key when the entry has no title)."""
        return self.title or self.key

    @property
    def authors(self) -> tuple[str, ...]:
        """The authors as people write them: `Martin Luther King, Jr.`, `Blaise Agüera y Arcas`."""
        return tuple(p.display for p in self.persons)

    @property
    def first_author(self) -> Person | None:
        return self.persons[0] if self.persons else None

    @property
    def name(self) -> str:
        """What people call the paper: its first common name, else its label."""
        return self.aka[0] if self.aka else self.label

    @property
    def named(self) -> str:
        """`InstructGPT (Ouyang et al. 2022)` for a paper with a common name, else `Ouyang et al. 2022`."""
        return f"{self.aka[0]} ({self.label})" if self.aka else self.label


def paper_of(entry: Entry) -> Paper:
    """The entry's paper, computed once per content (the fields it reads), not once per call."""
    get = entry.fields.get
    return _paper(entry.key, get("title", ""), get("title_zh", ""), get("aka", ""), get("author", ""), get("year", ""))


def cite_name(person: Person) -> str:
    """The name a citation shows (BibTeX's `{vv~}{ll}`): von part and family name, `van der Goot`, `King`."""
    return " ".join(part for part in (person.particle, person.family) if part)


def label_name(person: Person) -> str:
    """The name a label shows: von part and family name; the given initial when the family name is a month.

    >>> from readinglist.names import parse_persons
    >>> [label_name(p) for p in parse_persons("Oded Nov and Long Ouyang and May, Tom and {Agüera y Arcas}, B.").persons]
    ['O. Nov', 'Ouyang', 'T. May', 'Agüera y Arcas']
    """
    family = cite_name(person)
    if person.family.lower() in MONTH_WORDS and person.given and not person.particle:
        return f"{person.given[0]}. {family}"
    return family


@lru_cache(maxsize=65536)
def _paper(key: str, title: str, title_zh: str, aka: str, author: str, year_text: str) -> Paper:
    people = parse_persons(author)
    year = parse_year(year_text)
    shown = strip_braces(title) or title_zh
    when = f" {year}" if year else ""
    first = label_name(people.persons[0]) if people.persons else ""
    if first:
        many = len(people.persons) > 2 or people.more
        et_al = " et al." if many else ""
        label, author_year = f"{first}{et_al}{when}", f"{first}{when}"
        if first != cite_name(people.persons[0]) and (many or len(people.persons) == 2):
            # a family name that reads as a month (`Nov 2023`) is said with its co-authors, never as a date
            family = cite_name(people.persons[0])
            author_year = label = (
                f"{family} et al.{when}" if many else f"{family} and {cite_name(people.persons[1])}{when}"
            )
    else:
        label, author_year = _shortened(shown or key, 25) + when, _shortened(shown or key, 19) + when
    names = tuple(split_list(aka))
    tag = names[0] if names else author_year
    return Paper(key, shown, title_zh, names, people.persons, people.more, year, label, tag)


def _shortened(title: str, room: int) -> str:
    return title[: room - 1] + "…" if len(title) > room else title
