"""What biber's data model asks of an imported entry, filled only from what the list itself says (pure).

biber (`--validate-datamodel`) wants a `title` and a `date`/`year` on every entry, and citeproc names an entry by
its author, else its editor or organization. The list gives resources only their own name (`title_zh`, often not
Chinese: "Huatuo-26M"), which is also their `title`; dates in its `(2022.1 openai)` notes and in the names of
competitions ("MedVidQA 2023"); and for past competitions the organiser in its 来源 column. Nothing else is
filled: no date, organiser or title is guessed.

>>> complete_for_biber({"title_zh": "MedVidQA 2023", "kind": "competition", "provider": "美国国立卫生研究院"})
... # doctest: +NORMALIZE_WHITESPACE
{'title_zh': 'MedVidQA 2023', 'kind': 'competition', 'provider': '美国国立卫生研究院', 'title': 'MedVidQA 2023',
 'year': '2023', 'organization': '美国国立卫生研究院'}
>>> complete_for_biber({"title": "Efficient feedback", "seed_date": "2015", "kind": "blog"})
{'title': 'Efficient feedback', 'seed_date': '2015', 'kind': 'blog', 'year': '2015'}
>>> complete_for_biber({"title_zh": "Huatuo-26M", "kind": "dataset"})  # no date in the list: none is made up
{'title_zh': 'Huatuo-26M', 'kind': 'dataset', 'title': 'Huatuo-26M'}
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def complete_for_biber(fields: dict[str, str]) -> dict[str, str]:
    """`fields` plus the `title`, `year` and `organization` the list gives for them, where the entry lacks them."""
    added: dict[str, str] = {}
    if not fields.get("title") and fields.get("title_zh"):
        added["title"] = fields["title_zh"]  # the one name the list gives (often not Chinese: "Huatuo-26M")
    if not fields.get("year") and not fields.get("date"):
        # A competition's name carries the year it ran ("MedVidQA 2023"); a blog post about "ACL 2021" may be later.
        name = fields.get("title_zh", "") if fields.get("kind") == "competition" else ""
        years = _YEAR.findall(fields.get("seed_date", "")) or sorted(set(_YEAR.findall(name)))
        if len(years) == 1 or (years and fields.get("seed_date")):
            added["year"] = years[0]
    named = fields.get("author") or fields.get("editor") or fields.get("organization")
    if not named:
        if "openai" in fields.get("seed_date", "").lower():
            added["organization"] = "OpenAI"  # the list's `(2019.2.14 openai)`
        elif fields.get("kind") == "competition" and fields.get("provider"):
            added["organization"] = fields["provider"]  # 来源 of a past competition: who ran it
    return fields | added
