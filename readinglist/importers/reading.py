"""Which reading a list gets: the seed's own shape (numbered headings with `论文地址：`/`摘要翻译：` fields, and
its exports), read line by line so it round-trips byte for byte, or the general reading of any other awesome
list on markdown-it tokens (which also reads back its own exports' facts comments)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .general import read_list
from .markdown import ParsedList, parse_awesome_list

_SEED_SHAPE = re.compile(  # a line with one of the seed's own field labels, not nested under another item
    r"^(?:[-*]\s*)?(?:\*\*)?\s*(?:论文地址|代码地址|摘要翻译|论文概要|论文摘要|重点)\s*[:：]", re.M
)


def is_seed_shaped(text: str) -> bool:
    """True when the list writes its items the seed's way."""
    return bool(_SEED_SHAPE.search(text))


def read_awesome_list(text: str, section_names: Mapping[str, str] | None = None) -> ParsedList:
    """Items, sections and the list's own lines, by the reading that fits the list."""
    if is_seed_shaped(text):
        return parse_awesome_list(text, section_names)
    return read_list(text, section_names)
