"""Suggestions below the CLI and the app: ranked from the citation data in the cache, nothing fetched or written."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.settings import Settings
from readinglist.sources import ResponseCache
from readinglist.usecases.suggest_papers import FILL_THE_CACHE, SuggestRequest, run

from .test_app import _suggest_page, page_test, shown_text

MACRO_TITLE = "A Long Study Of Outside Papers Written With Macros"
LIBRARY = """@string{study = "A Long Study Of Outside Papers"}

@misc{a2020x,
  title = {Paper A here},
  eprint = {2001.00001},
  section = {rlhf},
}

@misc{b2021y,
  title = {Paper B here},
  eprint = {2101.00002},
  section = {gpt},
}

@misc{c2022z,
  title = {Paper C here},
  eprint = {2201.00003},
  section = {gpt},
}

@misc{macro2018,
  title = study # " Written With Macros",
  year = {2018},
}
"""


def paper(paper_id: str, title: str, citations: int, ids: dict[str, str]) -> dict[str, object]:
    return {"paperId": paper_id, "externalIds": ids, "title": title, "year": 2019, "citationCount": citations}


OUT = paper("o1", "Outside one", 50, {"ArXiv": "1901.00001"})
MACRO = paper("o2", MACRO_TITLE, 900, {"DOI": "10.1/macro"})  # in the library, by its title written with a macro


def cached(tmp_path: Path) -> Settings:
    """A cache where each library paper cites OUT and MACRO (as Semantic Scholar's references answer says)."""
    settings = Settings(cache_path=tmp_path / "cache" / "responses.sqlite3")  # where the app looks, in these tests
    with ResponseCache.open(settings) as cache:
        for arxiv in ("2001.00001", "2101.00002", "2201.00003"):
            s2_id = arxiv.replace(".", "") * 4
            cache.put(f"s2:ARXIV:{arxiv}", paper(s2_id, f"Library paper {arxiv}", 1, {"ArXiv": arxiv}))
            cache.put(f"s2refs:{s2_id}", [{"citedPaper": OUT}, {"citedPaper": MACRO}])
    return settings


def library(tmp_path: Path) -> Path:
    path = tmp_path / "papers.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def test_nothing_cached_says_what_fills_the_cache_in_words(tmp_path: Path) -> None:
    report = run(SuggestRequest(library(tmp_path)), Settings(cache_path=tmp_path / "empty.sqlite3"))
    assert not report.cached and report.cited_by == [] and report.citing == []
    assert report.outcome.next_steps == [FILL_THE_CACHE] and "--" not in FILL_THE_CACHE


def test_ranked_by_library_links_and_a_paper_in_the_library_by_a_macro_title_is_not_suggested(tmp_path: Path) -> None:
    path = library(tmp_path)
    report = run(SuggestRequest(path), cached(tmp_path))
    assert report.cached and report.citing == []
    assert [(s.title, s.linked, s.add_id) for s in report.cited_by] == [
        ("Outside one", ["a2020x", "b2021y", "c2022z"], "1901.00001")
    ]  # MACRO_TITLE is macro2018 (read as the graph reads it, macros resolved)
    only_gpt = run(SuggestRequest(path, section="gpt", top=1), cached(tmp_path))
    assert [s.linked for s in only_gpt.cited_by] == [["b2021y", "c2022z"]]
    assert run(SuggestRequest(path, top=0), cached(tmp_path)).cited_by == []
    assert path.read_text(encoding="utf-8") == LIBRARY


def test_the_suggestions_page_shows_what_the_use_case_ranks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached(tmp_path)
    app = page_test(_suggest_page, library(tmp_path), monkeypatch)
    app.run()
    assert not app.exception
    shown = " ".join(m.value for m in app.markdown)
    assert "**[Outside one](https://arxiv.org/abs/1901.00001)** (2019, 50 citations)" in shown and "Macros" not in shown
    linked = [shown_text(c.value) for c in app.caption if c.value.startswith("cited by")]
    assert linked == ["cited by Paper A here, Paper B here, Paper C here"]  # as the detail panel names them (no author)
