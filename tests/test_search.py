"""One search for every page and the CLI (issue 22, item 4): ranked, tolerant, on an index, on the frozen library."""

from __future__ import annotations

import pytest

from readinglist.errors import UnknownKeyError
from readinglist.models import Entry
from readinglist.resolve import PaperIndex
from readinglist.search import NAME_WORDS, SPELLING, WORDS, Kind, SearchIndex
from readinglist.store import load_library

from .conftest import SHIPPED


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_library(SHIPPED).entries())


def keys(index: SearchIndex, query: str, **options: bool) -> list[str]:
    return [hit.key for hit in index.search(query, **options)]


def test_reward_model_finds_ibarz_among_the_first(index: SearchIndex) -> None:
    """Ibarz 2018 is "Reward learning from human preferences…": "model" is nowhere in its English text."""
    assert "ibarz2018reward" in keys(index, "reward model")[:3]
    assert keys(index, "reward learning")[0] == "ibarz2018reward"


def test_chinese_words_list_their_papers_best_first(index: SearchIndex) -> None:
    hits = index.search("人类反馈")
    assert [h.key for h in hits][:1] == ["knox2013training"]  # the one with 人类反馈 in its Chinese title
    assert hits[0].tier == NAME_WORDS and {h.tier for h in hits[1:]} == {WORDS}  # the others in their summaries
    assert {"ibarz2018reward", "christiano2017deep", "stiennon2020learning", "ouyang2022training"} <= set(
        h.key for h in hits
    )
    assert "knox2013training" in keys(index, "反馈")  # two characters: found through the index too


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("summarize learning", "stiennon2020learning"),  # word order
        ("LEARNING TO SUMMARIZE", "stiennon2020learning"),  # case
        ("language model few-shot learner", "brown2020language"),  # plurals
        ("human preference reward", "ibarz2018reward"),
        ("truthfulqa", "lin2022truthfulqa"),
        ("1811.06521", "ibarz2018reward"),  # an id
        ("Ibarz", "ibarz2018reward"),  # an author
    ],
)
def test_tolerant_of_order_case_and_plurals(index: SearchIndex, query: str, key: str) -> None:
    assert keys(index, query)[0] == key


def test_small_typos_are_corrected_below_exact_words(index: SearchIndex) -> None:
    hits = index.search("reinforcment lerning human preferenses")
    assert hits and hits[0].tier == SPELLING
    assert "christiano2017deep" in [h.key for h in hits]
    assert index.search("qzqzqz") == []


def test_papers_only_leaves_resources_out(index: SearchIndex) -> None:
    everything = index.search("知识图谱")  # knowledge graphs: mostly the list's resources
    kinds = {index.kinds[h.key] for h in everything}
    assert kinds - {"paper"}, kinds
    assert {index.kinds[h.key] for h in index.search("知识图谱", papers_only=True)} <= {"paper"}


def test_the_cli_resolves_through_the_same_search(run_cli) -> None:  # type: ignore[no-untyped-def]
    shown = run_cli("--library", str(SHIPPED), "show", "summarize learning")
    assert shown.returncode == 0 and shown.stdout.startswith("stiennon2020learning")
    typo = run_cli("--library", str(SHIPPED), "show", "InstructGTP")
    assert typo.returncode == 1 and "Did you mean InstructGPT? ouyang2022training" in typo.stderr  # offered, not taken


def test_a_match_on_some_words_names_a_paper_only_when_clearly_best() -> None:
    """Partial matches (some of the words) are labelled; one is taken only when the rule's margin says so."""
    index = PaperIndex(
        [Entry("a2020x", "misc", {"title": "Reward learning"}), Entry("b2021y", "misc", {"title": "Other"})]
    )
    answer = index.search.find("reward model")
    assert answer.kind is Kind.PARTIAL and answer.keys == ["a2020x"] and answer.chosen == "a2020x"
    assert index.find("reward model") == [] and index.resolve("reward model") == "a2020x"
    tie = PaperIndex([Entry("a2020x", "misc", {"title": "Reward learning"}), Entry("b", "misc", {"title": "Reward"})])
    assert tie.search.find("reward model").chosen is None
    with pytest.raises(UnknownKeyError, match="partial matches, none clearly best"):
        tie.resolve("reward model")
