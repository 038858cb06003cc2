"""Issue 22 item 4: one search, one answer. The Graph's find box, the Papers filter, the order's targets and the
CLI's name resolution all render `SearchIndex.find` for the same words, and agree (the review found four stories)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.search import Kind, SearchIndex
from readinglist.store import load_library

from .conftest import ROOT, SHIPPED

START = "schick2023toolformer"  # the focus and the target before the words are typed: every move shows
GPTS = ["radford2018improving", "radford2019language", "brown2020language", "openai2023gpt"]


@dataclass(frozen=True)
class Case:
    query: str
    kind: Kind
    offered: list[str]  # what every surface lists, in this order (the family, the tie, or the best first)
    chosen: str | None  # the paper the app takes (the graph focuses the first match with a lineage)
    said: str  # the words every page says
    cli_takes: bool  # the CLI takes `chosen` (a typo is only suggested)


CASES = [
    Case("GPT", Kind.EQUALS, GPTS, None, "4 papers match equally well", False),
    Case("reward model", Kind.PARTIAL, ["ibarz2018reward", "everitt2017reinforcement"], None, "partial matches", False),
    Case(
        "InstructGTP", Kind.CORRECTED, ["ouyang2022training"], "ouyang2022training", "Did you mean InstructGPT?", False
    ),
    Case(
        "人类反馈",
        Kind.BEST,
        ["knox2013training", "ouyang2022training", "ibarz2018reward", "christiano2017deep", "stiennon2020learning"],
        "knox2013training",
        "5 matches, best first",
        True,
    ),
]


@pytest.fixture(scope="module")
def search() -> SearchIndex:
    return SearchIndex(load_library(SHIPPED).entries())


def picks(app: AppTest, prefix: str) -> list[str]:
    return [b.key.removeprefix(prefix) for b in app.button if b.key and b.key.startswith(prefix)]


def captions(app: AppTest) -> str:
    return " ".join(c.value for c in app.caption).replace("\\", "")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.query)
def test_the_four_surfaces_agree(
    case: Case, search: SearchIndex, shipped_copy: Path, monkeypatch: pytest.MonkeyPatch, run_cli_process
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    answer = search.find(case.query, papers_first=True)
    assert (answer.kind, answer.offered[: len(case.offered)], answer.chosen) == (case.kind, case.offered, case.chosen)

    # the Graph's find box: the focus moves only to a paper the rule names; the rest is offered, in the same order
    graph = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    graph.run()
    graph.text_input(key="find").input("Toolformer").run()
    graph.text_input(key="find").input(case.query).run()
    assert not graph.exception
    assert case.said in captions(graph)
    if len(case.offered) > 1:
        assert picks(graph, "pick-")[: len(case.offered)] == case.offered
    if case.chosen is None:
        assert graph.session_state["focus"] == START  # a family or a tie: nothing picked silently
    else:  # the first of the matches that has a lineage (Knox 2013 links to nothing)
        focus = graph.session_state["focus"]
        assert focus == next(k for k in case.offered if k != "knox2013training")

    # the Papers filter: the same ranking, the same words
    papers = AppTest.from_function(_papers_page, default_timeout=60)
    papers.run()
    papers.text_input(key="papers_query").set_value(case.query).run()
    assert not papers.exception
    rows = list(papers.dataframe[0].value["key"])
    assert rows[: len(case.offered)] == case.offered
    assert case.said in captions(papers)
    if case.kind is Kind.PARTIAL:
        assert rows == case.offered  # partial matches capped to the strong ones
    assert papers.selectbox(key="papers_pick").value == case.offered[0]

    # the order's targets: Enter adds the paper the rule names, else offers the same list to pick from
    order = AppTest.from_function(_order_page, default_timeout=60)
    order.session_state["targets"] = [START]
    order.run()
    order.multiselect(key="targets").set_value([START, case.query]).run()
    assert not order.exception
    targets = order.multiselect(key="targets").value
    assert case.said in captions(order)
    if case.chosen:
        assert targets == [START, case.chosen]
    else:
        assert targets == [START] and picks(order, "target-pick-") == case.offered
        order.button(key=f"target-pick-{case.offered[0]}").click().run()
        assert order.multiselect(key="targets").value == [START, case.offered[0]]

    # the CLI, through its real entry point
    shown = run_cli_process("--library", str(shipped_copy), "show", case.query)
    if case.cli_takes:
        assert shown.returncode == 0 and shown.stdout.startswith(case.chosen)
    else:
        assert shown.returncode == 1
        named = [k for k in re.findall(r"\b([a-z]+\d{4}[a-z]+)\b \(", shown.stderr)]
        assert named[: len(case.offered)] == case.offered
        if case.kind is Kind.CORRECTED:
            assert "Did you mean InstructGPT?" in shown.stderr


def _papers_page() -> None:
    from readinglist.ui import papers_view

    papers_view.page()


def _order_page() -> None:
    from readinglist.ui import order_view

    order_view.page()


def test_a_paper_named_exactly_is_focused_even_with_no_lineage(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a match by words gives way to the first match with a lineage; Med-PaLM, named, is shown though alone."""
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    graph = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    graph.run()
    graph.text_input(key="find").input("Med-PaLM").run()
    assert graph.session_state["focus"] == "singhal2023large" and not graph.exception
