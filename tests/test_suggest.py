"""Suggestions from cached Semantic Scholar records (literal records, and the CLI with an empty cache)."""

from __future__ import annotations

from pathlib import Path

from readinglist.models import Entry
from readinglist.sources.s2_records import parse_paper
from readinglist.suggest import suggest

ENTRIES = [
    Entry("a2020x", "misc", {"title": "Paper A here", "eprint": "2001.00001", "section": "rlhf"}),
    Entry("b2021y", "misc", {"title": "Paper B here", "eprint": "2101.00002", "section": "gpt"}),
    Entry("c2022z", "misc", {"title": "Paper C here", "eprint": "2201.00003", "section": "gpt"}),
]


def record(arxiv: str, refs: list[dict], cites: list[dict] | None = None) -> dict:
    return {
        "paperId": arxiv.replace(".", "") * 4,
        "externalIds": {"ArXiv": arxiv},
        "references": refs,
        "citations": cites or [],
    }


OUT1 = {
    "paperId": "o1",
    "externalIds": {"ArXiv": "1901.00001"},
    "title": "Outside one",
    "year": 2019,
    "citationCount": 50,
}
OUT2 = {"paperId": "o2", "externalIds": {"DOI": "10.1/x"}, "title": "Outside two", "year": 2018, "citationCount": 900}
INSIDE = {"paperId": "zz", "externalIds": {"ArXiv": "2001.00001"}, "title": "Paper A here"}
NULL = {"paperId": None, "title": "unresolved"}


def test_ranked_by_library_links_then_citations() -> None:
    cached = [
        record("2001.00001", [OUT1, OUT2, NULL]),
        record("2101.00002", [OUT1, OUT2, INSIDE]),
        record("2201.00003", [OUT1], cites=[OUT2]),
        record("2101.00002", []),
    ]  # a duplicate record
    cached = [parse_paper(raw, "test") for raw in cached]
    cited, citing = suggest(ENTRIES, cached)
    assert [(s.title, s.linked) for s in cited] == [
        ("Outside one", ["a2020x", "b2021y", "c2022z"]),
        ("Outside two", ["a2020x", "b2021y"]),
    ]
    assert cited[0].add_id == "1901.00001" and cited[1].add_id == "10.1/x"
    assert citing == []  # only one library paper is cited by OUT2
    only_gpt, _ = suggest(ENTRIES, cached, section="gpt")
    assert [(s.title, s.linked) for s in only_gpt] == [("Outside one", ["b2021y", "c2022z"])]


def test_empty_cache_says_how_to_fill_it(run_cli, shipped_copy: Path) -> None:
    result = run_cli("--library", str(shipped_copy), "suggest")
    assert result.returncode == 0 and "run `readinglist enrich --citing`" in result.stdout
