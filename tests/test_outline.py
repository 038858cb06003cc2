"""papers.sections: any outline written is read back as written (lines compared without trailing blanks)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from readinglist.importers.outline import Placement, parse_outline, render_outline

_line = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=30).map(str.rstrip)
_placement = st.builds(
    Placement,
    st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True),
    st.from_regex(r"s?[0-9](\.[0-9]){0,3}", fullmatch=True),
    st.lists(_line, max_size=4),
)


@given(st.lists(st.one_of(_line, _placement), max_size=12))
def test_outline_round_trips(outline: list[str | Placement]) -> None:
    assert parse_outline(render_outline(outline)) == outline


def test_lines_that_look_like_markup_are_escaped() -> None:
    outline: list[str | Placement] = ["@item fake 1.1", "  | not a placement line", "@text", Placement("a", "1", ["x"])]
    text = render_outline(outline)
    assert "@text @item fake 1.1" in text.splitlines() and parse_outline(text) == outline
