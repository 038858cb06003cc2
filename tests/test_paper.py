"""Issue 24: a paper is named once (readinglist.paper), and the hard name cases render right everywhere."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.exporters.csl_json import csl_item
from readinglist.exporters.graph_page import render_graph_page
from readinglist.exporters.order_formats import render_csv
from readinglist.graph import build_graph
from readinglist.identity import normalise_title
from readinglist.models import Entry
from readinglist.order import reading_order
from readinglist.paper import paper_of
from readinglist.resolve import compact
from readinglist.search import SearchIndex

from .conftest import ROOT

# (author field as the README recommends writing it, the name as people write it, CSL name, the label's name)
CASES = [
    (
        "Henrique Ponde de Oliveira Pinto",
        "Henrique Ponde de Oliveira Pinto",
        {"family": "Oliveira Pinto", "given": "Henrique Ponde", "non-dropping-particle": "de"},
        "de Oliveira Pinto",  # BibTeX's label: von part and last part
    ),
    (
        "Rob van der Goot",
        "Rob van der Goot",
        {"family": "Goot", "given": "Rob", "non-dropping-particle": "van der"},
        "van der Goot",
    ),
    (
        "King, Jr., Martin Luther",
        "Martin Luther King, Jr.",
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        "King",
    ),
    (
        "{Agüera y Arcas}, Blaise",
        "Blaise Agüera y Arcas",
        {"family": "Agüera y Arcas", "given": "Blaise"},
        "Agüera y Arcas",
    ),
]
IDS = ["particle-in-family", "von-part", "jr-part", "braced-family"]


def _entry(author: str) -> Entry:
    fields = {"title": "A paper with a hard first author", "author": f"{author} and Ana Li and Bo Chen", "year": "2021"}
    return Entry("hard2021paper", "article", fields)


def _library(author: str) -> list[Entry]:
    """The hard paper, and a later one that builds on it (so the hard one is in its lineage and its order)."""
    later = Entry(
        "later2022paper",
        "article",
        {"title": "A later paper", "author": "Long Ouyang", "year": "2022", "builds_on": "hard2021paper"},
    )
    return [_entry(author), later]


@pytest.mark.parametrize(("author", "shown", "csl", "label"), CASES, ids=IDS)
def test_the_paper_names_its_first_author_by_bibtex_rules(author: str, shown: str, csl: dict, label: str) -> None:
    paper = paper_of(_entry(author))
    assert paper.authors == (shown, "Ana Li", "Bo Chen")
    assert paper.label == f"{label} et al. 2021" and paper.tag == f"{label} 2021"
    assert paper.named == paper.name == paper.label  # no common name


def test_a_paper_is_computed_once_per_content() -> None:
    """Two loads of one entry share one Paper; a changed field makes a new one."""
    first, again = _entry("Rob van der Goot"), _entry("Rob van der Goot")
    assert paper_of(first) is paper_of(again)
    again.fields["year"] = "2020"
    assert paper_of(again) is not paper_of(first) and paper_of(again).label == "van der Goot et al. 2020"


@pytest.mark.parametrize(("author", "shown", "csl", "label"), CASES, ids=IDS)
def test_csv_and_csl_json_show_the_name_as_written(author: str, shown: str, csl: dict, label: str) -> None:
    graph = build_graph(_library(author))
    rows = list(csv.DictReader(io.StringIO(render_csv(reading_order(graph, ["later2022paper"])))))
    assert {row["key"]: row["authors"] for row in rows}["hard2021paper"] == f"{shown}; Ana Li; Bo Chen"
    assert csl_item(_entry(author))["author"][0] == csl


@pytest.mark.parametrize(("author", "shown", "csl", "label"), CASES, ids=IDS)
def test_the_exported_graph_page_shows_the_name_and_label(author: str, shown: str, csl: dict, label: str) -> None:
    page = render_graph_page(build_graph(_library(author)), focus="later2022paper")
    details = json.loads(re.search(r'<script type="application/json" id="graph-details">(.*?)</script>', page, re.S)[1])
    assert details["hard2021paper"]["meta"].startswith(f"{shown}, Ana Li, Bo Chen · 2021")
    nodes = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)[1])
    node = next(n for n in nodes["nodes"] if n["id"] == "hard2021paper")
    assert node["label"] == f"{label} 2021"
    assert "}" not in details["hard2021paper"]["meta"] and "Jr., Martin" not in page


@pytest.mark.parametrize(("author", "shown", "csl", "label"), CASES, ids=IDS)
def test_the_apps_detail_panel_shows_the_name(
    author: str, shown: str, csl: dict, label: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "papers.bib"
    library.write_text(
        "@article{hard2021paper,\n  title = {A paper with a hard first author},\n"
        f"  author = {{{author} and Ana Li and Bo Chen}},\n  year = {{2021}},\n}}\n"
        "@article{later2022paper,\n  title = {A later paper},\n  author = {Long Ouyang},\n  year = {2022},\n"
        "  builds_on = {hard2021paper},\n}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("READINGLIST_LIBRARY", str(library))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.text_input(key="find").input("hard2021paper").run()
    assert not app.exception
    captions = [c.value.replace("\\", "") for c in app.caption]  # Markdown escapes dropped
    assert any(f"hard2021paper · {shown}, Ana Li, Bo Chen · 2021" in c for c in captions), captions
    app.text_input(key="find").input("later2022paper").run()
    buttons = [b.label.replace("\\", "") for b in app.button]
    assert f"{label} et al. 2021 (builds on)" in buttons, buttons  # the panel names what the paper builds on


def test_one_title_normaliser_keeps_a_full_width_first_letter() -> None:
    """`identity.normalise_title` dropped `Ａ`; search and resolve kept it: now they are one function."""
    title = "Ａttention Is All You Need"
    assert normalise_title(title) == compact(title) == "attentionisallyouneed"
    assert normalise_title("{BERT}: 人类反馈 㐀") == compact("{BERT}: 人类反馈 㐀") == "bert人类反馈㐀"


def test_a_label_finds_the_paper_by_its_family_name() -> None:
    index = SearchIndex([_entry("Rob van der Goot")])
    assert [hit.key for hit in index.search("Goot 2021")][:1] == ["hard2021paper"]
    assert [hit.key for hit in index.search("van der Goot et al. 2021")][:1] == ["hard2021paper"]
