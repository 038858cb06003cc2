"""The Papers, Add paper and Suggestions pages as a new user met them (review items 9, 10, 11, 21), via AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.enrich import enrich_library
from readinglist.layout import SECTION_COLOURS, lane_order, section_colour, section_name
from readinglist.settings import Settings
from readinglist.sources import Sources
from readinglist.store import load_library

from .test_app import APP, _add_page, _papers_page, _suggest_page, page_test, shown_text

SELECTION_COLUMN = 34  # the row-selection boxes, in CSS px
ROOM_AT_1280 = 1280 - 2 * 32  # the page's width less the app-wide 2rem padding each side


def _papers(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    app = page_test(_papers_page, shipped_copy, monkeypatch)
    app.run()
    assert not app.exception
    return app


def test_papers_are_listed_by_year_then_title(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = _papers(shipped_copy, monkeypatch).dataframe[0].value
    rows = list(zip(table["year"], table["title"].str.lower(), strict=True))
    assert rows == sorted(rows, key=lambda row: (row[0] != row[0], row[0], row[1]))  # NaN (no year) last


def test_papers_can_be_ordered_by_section(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _papers(shipped_copy, monkeypatch)
    app.selectbox(key="papers_order").set_value("Section, then year").run()
    sections = list(app.dataframe[0].value["section"])  # named as the list names them, in the lanes' order
    assert sections[0] == section_name("rlhf") == "RLHF lineage (0.0.x)"
    slugs = [(e.list_field("section") or ["unsorted"])[0] for e in load_library(shipped_copy).entries()]
    lanes = [section_name(s) for s in lane_order(slugs)]
    assert [lanes.index(s) for s in sections] == sorted(lanes.index(s) for s in sections)


def test_the_filter_is_the_one_ranked_search(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 22: "reward model" found nothing; 人类反馈 now lists its papers best first (words in any order)."""
    app = _papers(shipped_copy, monkeypatch)
    app.text_input(key="papers_query").set_value("reward model").run()
    assert list(app.dataframe[0].value["key"]) == ["ibarz2018reward", "everitt2017reinforcement"]  # the strong ones
    assert any("No paper has every word: 2 partial matches" in c.value for c in app.caption)
    app.text_input(key="papers_query").set_value("人类反馈").run()
    assert app.selectbox(key="papers_order_ranked").value == "Best match first"
    keys = list(app.dataframe[0].value["key"])
    assert keys[0] == "knox2013training" and {"ibarz2018reward", "stiennon2020learning"} <= set(keys)
    app.text_input(key="papers_query").set_value("summarize learning").run()
    assert list(app.dataframe[0].value["key"])[:1] == ["stiennon2020learning"]
    app.text_input(key="papers_query").set_value("").run()
    assert app.selectbox(key="papers_order").value == "Year, then title"


def test_every_column_fits_a_1280_px_window(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The status column was cut to "un…" even at 1400 px: every shown column now has a width, and they fit."""
    proto = _papers(shipped_copy, monkeypatch).dataframe[0].proto
    widths = {name: config.get("width") for name, config in json.loads(proto.columns).items()}
    shown = list(proto.column_order)
    assert "status" in shown[:3]
    assert all(isinstance(widths[name], int) for name in shown), widths
    assert SELECTION_COLUMN + sum(widths[name] for name in shown) <= ROOM_AT_1280


def test_details_show_the_current_focus(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _papers(shipped_copy, monkeypatch)
    assert app.selectbox(key="papers_pick").value == "ouyang2022training"  # not the first row
    app = page_test(_papers_page, shipped_copy, monkeypatch)
    app.session_state["focus"] = "stiennon2020learning"  # as the Graph page left it
    app.run()
    assert app.selectbox(key="papers_pick").value == "stiennon2020learning"
    selected = json.loads(app.dataframe[0].proto.selection_default)["selection"]["rows"]
    assert list(app.dataframe[0].value["key"])[selected[0]] == "stiennon2020learning"  # its row is selected


def test_a_paper_picked_in_details_of_is_the_selected_row(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _papers(shipped_copy, monkeypatch)
    app.selectbox(key="papers_pick").set_value("irving2018ai").run()
    table, keys = app.session_state["papers_rows"]
    assert app.session_state[table]["selection"]["rows"] == [keys.index("irving2018ai")]


def test_an_empty_kind_filter_means_every_kind(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _papers(shipped_copy, monkeypatch)
    assert app.multiselect(key="papers_kind").proto.placeholder == "every kind"
    app.multiselect(key="papers_kind").set_value([]).run()
    assert len(app.dataframe[0].value) == len(load_library(shipped_copy).entries())


def test_hand_form_choices_say_what_they_mean(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_add_page, shipped_copy, monkeypatch)
    app.run()
    assert app.text_input(key="hand_year").placeholder == ""  # no grey "2022" that looks filled in
    assert not app.text_input(key="hand_id").placeholder[:1].isdigit()
    section = app.selectbox(key="hand_section")
    assert section.value == "" and "lane of its own" in section.format_func("")
    assert section.format_func("rlhf") == "RLHF lineage (0.0.x)"
    assert "RLHF lineage (0.0.x)" in section.options  # a paper's lanes, never the resources' sections:
    assert not any(option.startswith(("benchmark", "blog-")) for option in section.options)


def test_a_refused_hand_add_keeps_what_was_typed(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_add_page, shipped_copy, monkeypatch)
    app.run()
    app.text_input(key="hand_title").input("A Paper")
    app.text_input(key="hand_year").input("20x4")
    next(b for b in app.button if b.label == "Add this paper").click().run()
    assert shown_text(app.error[0].value).startswith("year '20x4' is not a four-digit year")
    assert app.text_input(key="hand_title").value == "A Paper" and app.text_input(key="hand_year").value == "20x4"


def test_hand_add_names_only_what_was_left_empty(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_add_page, shipped_copy, monkeypatch)
    app.run()
    app.text_input(key="hand_title").input("Direct Preference Optimization")
    app.selectbox(key="hand_section").set_value("rlhf")
    next(b for b in app.button if b.label == "Add this paper").click().run()
    message = shown_text(app.success[0].value)
    assert "in the RLHF lineage (0.0.x) lane" in message
    assert "Still unknown: authors, year, venue" in message and "by a title match on Semantic Scholar" in message
    assert app.selectbox(key="hand_section").value == ""  # cleared for the next paper


def test_suggestions_slider_shows_its_range(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_suggest_page, shipped_copy, monkeypatch)
    app.run()
    slider = app.slider(key="suggest_top")
    assert f"{slider.min:g} to {slider.max:g}" in slider.label


def test_graph_filters_say_that_empty_means_all(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert app.multiselect(key="sections").proto.placeholder == "all sections"
    assert app.multiselect(key="statuses").proto.placeholder == "any status"


def test_enrichment_with_the_network_down_stops_at_the_first_request(shipped_copy: Path) -> None:
    """Offline, the Suggestions page said "6 failed" after 7.7 s: one failure per paper, a politeness pause each."""
    with Sources.open(Settings.from_env()) as sources:  # the tests' APIs are a closed local port
        report = enrich_library(shipped_copy, sources)
        assert sources.requests == 1
    papers = sum(entry.kind == "paper" for entry in load_library(shipped_copy).entries())
    assert report.failed == [
        f"could not reach 127.0.0.1:9: nothing fetched for any of the {papers} papers; check your network, "
        "or work offline"
    ]


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB hex colour (D65)."""
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)  # fmt: skip
    fx, fy, fz = (v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_the_unsorted_lane_looks_like_no_other_lane() -> None:
    """A hand-added paper without a section was drawn #1f78b4, next to the RLHF lane's #4e79a7 (ΔE 10)."""
    unsorted = _lab(section_colour("unsorted"))
    for section, colour in SECTION_COLOURS.items():
        if section != "unsorted":
            distance = sum((a - b) ** 2 for a, b in zip(unsorted, _lab(colour), strict=True)) ** 0.5
            assert distance > 30, (section, round(distance))
