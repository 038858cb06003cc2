"""Which reading a list gets: the seed's own shape (numbered headings with `论文地址：`/`摘要翻译：` fields, or an
exported list with its `<!-- readinglist … -->` comments), read line by line so it round-trips byte for byte,
or the general reading of any other awesome list on markdown-it tokens."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .general import read_list
from .markdown import ParsedList, parse_awesome_list

_SEED_SHAPE = re.compile(
    r"^\s*(?:[-*]\s*)?(?:\*\*)?\s*(?:论文地址|代码地址|摘要翻译|论文概要|论文摘要|重点)\s*[:：]|^\s*<!--\s*readinglist\s",
    re.M,
)


def is_seed_shaped(text: str) -> bool:
    """True when the list writes its items the seed's way (or is an export of this tool)."""
    return bool(_SEED_SHAPE.search(text))


def read_awesome_list(text: str, section_names: Mapping[str, str] | None = None) -> ParsedList:
    """Items, sections and the list's own lines, by the reading that fits the list."""
    if is_seed_shaped(text):
        return parse_awesome_list(text, section_names)
    return read_list(text, section_names)
