"""Finding a paper by what people call it, on the shipped library and through the CLI."""

from __future__ import annotations

import pytest

from readinglist.errors import UnknownKeyError
from readinglist.models import Entry
from readinglist.resolve import COMMON_NAME, PaperIndex
from readinglist.store import load_library

from .conftest import SHIPPED


@pytest.fixture(scope="module")
def index() -> PaperIndex:
    return PaperIndex(load_library(SHIPPED).entries())


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("ouyang2022training", "ouyang2022training"),
        ("OUYANG2022TRAINING", "ouyang2022training"),
        ("InstructGPT", "ouyang2022training"),
        ("instruct gpt", "ouyang2022training"),
        ("2203.02155", "ouyang2022training"),
        ("arXiv:2203.02155v2", "ouyang2022training"),
        ("https://arxiv.org/pdf/2203.02155v3.pdf", "ouyang2022training"),
        ("https://doi.org/10.18653/v1/2022.acl-long.229", "lin2022truthfulqa"),
        ("TruthfulQA", "lin2022truthfulqa"),
        ("GPT-1", "radford2018improving"),
        ("gpt2", "radford2019language"),
        ("GPT-3", "brown2020language"),
        ("GPT-4", "openai2023gpt"),
        ("CLIP", "radford2021learning"),
        ("Codex", "chen2021evaluating"),
        ("Toolformer", "schick2023toolformer"),
        ("learning to summarize", "stiennon2020learning"),
        ("摘要生成", "stiennon2020learning"),
        ("Christiano 2017", "christiano2017deep"),
        ("Ouyang et al. 2022", "ouyang2022training"),
        ("Ziegler", "ziegler2019fine"),
    ],
)
def test_resolves_what_people_type(index: PaperIndex, query: str, key: str) -> None:
    assert index.resolve(query) == key


def test_common_name_outranks_title_words(index: PaperIndex) -> None:
    matches = index.find("GPT-4")
    assert matches[0].key == "openai2023gpt" and matches[0].tier == COMMON_NAME
    assert "nori2023capabilities" in [m.key for m in matches[1:]]  # "Capabilities of GPT-4 on ..." still listed


def test_a_series_name_is_the_whole_family(index: PaperIndex) -> None:
    """GPT-1 is also called "GPT", but a reader typing it may mean any GPT: the series is listed, oldest first."""
    with pytest.raises(UnknownKeyError) as info:
        index.resolve("GPT")
    message = str(info.value)
    assert "matches 4 papers equally well" in message
    where = [message.index(k) for k in ("radford2018improving", "radford2019language", "brown2020language")]
    assert where == sorted(where) and "openai2023gpt" in message


def test_several_matches_list_the_candidates(index: PaperIndex) -> None:
    with pytest.raises(UnknownKeyError) as info:
        index.resolve("Radford")
    message = str(info.value)
    assert "matches 3 papers equally well" in message
    for key in ("radford2018improving", "radford2019language", "radford2021learning"):
        assert key in message


def test_no_match_gives_the_closest_candidates(index: PaperIndex) -> None:
    with pytest.raises(UnknownKeyError) as info:
        index.resolve("instrukt gpt")
    assert "Did you mean InstructGPT? ouyang2022training" in str(info.value)
    assert [m.key for m in index.closest("ouyang2022trainin")][:1] == ["ouyang2022training"]
    with pytest.raises(UnknownKeyError, match="nothing close"):
        index.resolve("qzqzqz")  # not "xyzzy": the shipped resources hold xywykg (xywy-KG), which is close


def test_stop_words_alone_match_nothing() -> None:
    index = PaperIndex([Entry("a2020x", "misc", {"title": "On the Use of Things", "year": "2020"})])
    assert index.find("of the") == []
    assert [m.key for m in index.find("use things")] == ["a2020x"]


def test_cli_target_show_why_lineage_take_names(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("--library", str(SHIPPED), "order", "--target", "InstructGPT", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"ouyang2022training"' in result.stdout
    assert "InstructGPT → ouyang2022training" in result.stderr
    assert run_cli("--library", str(SHIPPED), "show", "2203.02155").stdout.startswith("ouyang2022training")
    why = run_cli("--library", str(SHIPPED), "why", "InstructGPT", "GPT-3")
    assert why.returncode == 0 and "InstructGPT (Ouyang et al. 2022) → GPT-3 (Brown et al. 2020)" in why.stdout
    lineage = run_cli("--library", str(SHIPPED), "lineage", "TruthfulQA", "--depth", "1")
    assert lineage.stdout.startswith("lin2022truthfulqa")
    missing = run_cli("--library", str(SHIPPED), "show", "instrukt gpt")
    assert missing.returncode == 1 and "Did you mean InstructGPT? ouyang2022training" in missing.stderr
    several = run_cli("--library", str(SHIPPED), "lineage", "Christiano")
    assert several.returncode == 1 and "christiano2017deep" in several.stderr


def test_an_exact_key_wins_over_its_other_case() -> None:
    """`show dup2020` must not pick `Dup2020` when both keys exist (issue 12: keys matched exactly)."""
    index = PaperIndex([Entry("Dup2020", "misc", {"title": "Upper"}), Entry("dup2020", "misc", {"title": "Lower"})])
    assert index.resolve("dup2020") == "dup2020" and index.resolve("Dup2020") == "Dup2020"
