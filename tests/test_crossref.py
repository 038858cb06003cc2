"""Crossref, the third source (one module and one line of the registry), on real recorded answers replayed on
127.0.0.1: a work by its DOI, a DOI Crossref does not know, and an enrichment that fills what the other two
sources left empty. Off unless `READINGLIST_CROSSREF_API_URL` is set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readinglist.enrich import add_papers, enrich_library
from readinglist.errors import BadResponseError, SourceError
from readinglist.ids import parse_paper_id
from readinglist.mapping import build_entry
from readinglist.records import ExternalPaper
from readinglist.settings import Settings
from readinglist.sources import Can, CrossrefSource, Sources
from readinglist.sources.retry import RetryPolicy
from readinglist.store import load_library

from .replay import fixture_text, s2_batch_handler, serve_defaults

DOI = "10.1371/journal.pone.0033693"
WORK = "crossref_works_10.1371-journal.pone.0033693.json"  # sckott/habanero's recording (tests/fixtures/README.md)
NOT_FOUND = "crossref_works_10.1371-notarealdoi_404.txt"
ARTICLE = """@article{sadasivan2012,
  title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia
    of Mice},
  doi = {10.1371/journal.pone.0033693},
  section = {archive},
}
"""


def serve_crossref(server: HTTPServer) -> None:
    """The recorded work at its path, the recorded 404 for every other DOI."""
    server.expect_request(f"/crossref/works/{DOI}").respond_with_data(
        fixture_text(WORK), content_type="application/json;charset=UTF-8"
    )
    server.expect_request("/crossref/works/10.1371/notarealdoi").respond_with_data(
        fixture_text(NOT_FOUND), status=404, content_type="text/plain"
    )


def crossref(server: HTTPServer) -> CrossrefSource:
    return CrossrefSource(server.url_for("/crossref"), policy=RetryPolicy(sleep=lambda seconds: None))


def test_a_work_by_its_doi_and_an_unknown_doi(httpserver: HTTPServer) -> None:
    serve_crossref(httpserver)
    source = crossref(httpserver)
    found, missing = source.fetch([DOI, "10.1371/notarealdoi"])
    assert missing == ["10.1371/notarealdoi"] and source.requests == 2
    raw, paper = found[DOI]
    assert source.parse(raw) == paper  # what the cache keeps reads back as the same record
    assert paper.title.startswith("Methylphenidate Exposure Induces Dopamine Neuron Loss")
    assert paper.authors[:2] == ("Shankar Sadasivan", "Brooks B. Pond") and len(paper.authors) == 6
    assert (paper.year, paper.published, paper.doi) == (2012, "2012-03-21", DOI)
    assert paper.journal == paper.venue == "PLoS ONE"
    assert source.lookup_id({"doi": " 10.1371/Journal.PONE.0033693 "}) == DOI
    assert source.lookup_id({"eprint": "2203.02155"}) is None and Can.LOOK_UP_BY_ID in source.can


def test_an_answer_that_is_not_a_work_is_a_clear_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"/crossref/works/{DOI}").respond_with_data('{"status":"ok","message-type":"work-list"}')
    with pytest.raises(BadResponseError, match="not a work"):
        crossref(httpserver).fetch([DOI])


def test_off_unless_configured(tmp_path: Path) -> None:
    assert Settings.from_env({}).crossref_api_url == ""
    with Sources.open(Settings(cache_path=tmp_path / "c.sqlite3")) as sources:
        assert [source.name for source in sources.metadata] == ["s2", "arxiv"]
    settings = Settings.from_env({"READINGLIST_CROSSREF_API_URL": "https://api.crossref.org"})
    with Sources.open(Settings(cache_path=tmp_path / "c.sqlite3", crossref_api_url=settings.crossref_api_url)) as on:
        assert [source.name for source in on.metadata] == ["s2", "arxiv", "crossref"]
        assert on.leads == {
            "abstract": "arxiv",
            "author": "arxiv",
            "published": "arxiv",
            "title": "arxiv",
            "year": "s2",
        }
    with pytest.raises(SourceError, match=r"^READINGLIST_CROSSREF_API_URL='api\.crossref\.org' is not a usable URL"):
        Sources.open(Settings(cache_path=tmp_path / "c.sqlite3", crossref_api_url="api.crossref.org"))


def test_enrich_fills_from_crossref_what_semantic_scholar_does_not_know(httpserver: HTTPServer, tmp_path: Path) -> None:
    asked: list[str] = []

    def unknown_to_s2(request: Request) -> Response:
        asked.append(json.loads(request.get_data(as_text=True)))
        return s2_batch_handler({})(request)  # `null` for the DOI: Semantic Scholar does not know it

    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(unknown_to_s2)
    serve_crossref(httpserver)
    library = tmp_path / "papers.bib"
    library.write_text(ARTICLE, encoding="utf-8")
    settings = _settings(httpserver, tmp_path)
    with Sources.open(settings) as sources:
        report = enrich_library(library, sources, today="2026-12-07")
        assert sources.requests == 2  # the batch, then Crossref; arXiv has nothing to be asked for
    assert asked == [{"ids": ["DOI:10.1371/journal.pone.0033693"]}]
    assert report.ok and report.not_found == []  # Crossref knew it by its DOI: not "not found"
    entry = load_library(library).entry("sadasivan2012")
    assert entry.get("author").startswith("Shankar Sadasivan and Brooks B. Pond and Amar K. Pani")
    assert (entry.get("year"), entry.get("venue"), entry.get("enriched")) == ("2012", "PLoS ONE", "2026-12-07")
    assert entry.get("section") == "archive" and entry.title.startswith("Methylphenidate")  # kept as written
    with Sources.open(settings) as again:
        assert enrich_library(library, again).unchanged == ["sadasivan2012"]
        assert again.requests == 0  # both answers came from the cache (Semantic Scholar's `null` too)


def test_a_pasted_doi_only_crossref_knows_is_added_from_its_record(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(s2_batch_handler({}))
    serve_crossref(httpserver)
    library = tmp_path / "papers.bib"
    library.write_text("", encoding="utf-8")
    settings = _settings(httpserver, tmp_path)
    with Sources.open(settings) as sources:
        report = add_papers(library, sources, [f"https://doi.org/{DOI}", "10.1371/notarealdoi"], section="archive")
    assert report.not_found == ["10.1371/notarealdoi"] and report.failed == []
    (key,) = report.added
    entry = load_library(library).entry(key)
    assert entry.entry_type == "article" and entry.get("journal") == "PLoS ONE" and entry.get("doi") == DOI
    assert (entry.get("year"), entry.get("month"), entry.get("section")) == ("2012", "mar", "archive")
    assert entry.get("author").startswith("Shankar Sadasivan and Brooks B. Pond")
    assert key.startswith("sadasivan2012")


def test_which_dois_are_asked() -> None:
    source = CrossrefSource("http://127.0.0.1:9/crossref")
    assert source.lookup_id({"doi": "https://doi.org/10.1371/journal.pone.0033693"}) == DOI
    assert source.lookup_id({"doi": "10.48550/arXiv.2203.02155"}) is None  # arXiv's DOIs are DataCite's
    assert source.lookup_id({"doi": "not a doi"}) is None and source.lookup_id({}) is None


def test_a_doi_crossref_refuses_is_unknown_not_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/crossref/works/10.1371/x y").respond_with_data("bad DOI", status=400)
    assert crossref(httpserver).fetch(["10.1371/x y"]) == ({}, ["10.1371/x y"])


def test_crossref_failing_costs_only_its_own_values(httpserver: HTTPServer, shipped_copy: Path, tmp_path: Path) -> None:
    serve_defaults(httpserver)  # Semantic Scholar and arXiv know InstructGPT
    httpserver.expect_request("/crossref/works/10.1000/broken").respond_with_data("down", status=503)
    text = shipped_copy.read_text(encoding="utf-8")
    shipped_copy.write_text(
        text.replace("  eprint = {2203.02155},", "  eprint = {2203.02155},\n  doi = {10.1000/broken},", 1),
        encoding="utf-8",
    )
    with Sources.open(_settings(httpserver, tmp_path)) as sources:
        report = enrich_library(shipped_copy, sources, ["ouyang2022training"])
    (failed,) = report.failed
    assert failed.startswith("Crossref did not answer for 1 paper(s)") and "kept" in failed
    assert report.updated["ouyang2022training"] and not report.stopped  # Semantic Scholar's values were written
    assert load_library(shipped_copy).entry("ouyang2022training").get("s2id")


def test_a_wrong_s2id_of_its_own_is_said_even_when_another_source_knows_the_paper(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(s2_batch_handler({}))
    serve_crossref(httpserver)
    library = tmp_path / "papers.bib"
    library.write_text(ARTICLE.replace("  section", "  s2id = {0000000000000000000000000000000000000bad},\n  section"))
    with Sources.open(_settings(httpserver, tmp_path)) as sources:
        report = enrich_library(library, sources)
    assert report.not_found == ["sadasivan2012 (0000000000000000000000000000000000000bad)"]
    assert report.updated["sadasivan2012"]  # Crossref's values all the same


def _settings(server: HTTPServer, tmp_path: Path) -> Settings:
    return Settings(
        s2_api_url=server.url_for("/s2"),
        arxiv_api_url=server.url_for("/api/query"),
        crossref_api_url=server.url_for("/crossref"),
        cache_path=tmp_path / "cache.sqlite3",
        s2_interval=0,
        arxiv_delay=0,
        retry_base=0,
    )


def test_an_address_given_is_sent_for_crossrefs_polite_pool(httpserver: HTTPServer) -> None:
    serve_crossref(httpserver)
    source = CrossrefSource(httpserver.url_for("/crossref"), mailto="curator@example.org")
    assert DOI in source.fetch([DOI])[0]
    (request, _), *_ = httpserver.log
    assert request.args.get("mailto") == "curator@example.org"
    assert not crossref(httpserver).params  # none given: none sent
    with pytest.raises(SourceError, match=r"^READINGLIST_CROSSREF_MAILTO='me at home' is not an e-mail address"):
        CrossrefSource(httpserver.url_for("/crossref"), mailto="me at home")
    assert Settings.from_env({"READINGLIST_CROSSREF_MAILTO": " curator@example.org "}).crossref_mailto == (
        "curator@example.org"
    )


def test_a_paper_only_crossref_might_know_is_not_said_not_found_when_crossref_failed(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(s2_batch_handler({}))
    httpserver.expect_request(f"/crossref/works/{DOI}").respond_with_data("down", status=503)
    library = tmp_path / "papers.bib"
    library.write_text(ARTICLE, encoding="utf-8")
    with Sources.open(_settings(httpserver, tmp_path)) as sources:
        report = enrich_library(library, sources)
    assert report.not_found == []  # unknown to Semantic Scholar, but Crossref could not say
    (failed,) = report.failed
    assert failed.startswith("Crossref did not answer for 1 paper(s)")


def test_a_new_entry_takes_each_field_from_the_source_that_leads_it() -> None:
    s2 = ExternalPaper("s2", title="Training Language Models (as indexed)", authors=("L. Ouyang",), year=2022)
    arxiv = ExternalPaper(
        "arxiv", title="Training language models (as written)", authors=("Long Ouyang",), year=2021, arxiv="2203.02155"
    )
    crossref = ExternalPaper("crossref", title="Ignored", authors=("Ouyang, L.",), venue="NeurIPS", doi="10.1/x")
    leads = {"title": "arxiv", "author": "arxiv", "abstract": "arxiv", "published": "arxiv", "year": "s2"}
    entry = build_entry(parse_paper_id("2203.02155"), [s2, arxiv, crossref], set(), leads)  # registry order
    assert (entry.title, entry.get("author"), entry.get("year")) == (
        "Training language models (as written)",
        "Long Ouyang",
        "2022",
    )
    assert entry.get("booktitle") == "NeurIPS"  # nobody leads the venue: the first source that has one
    plain = build_entry(parse_paper_id("2203.02155"), [s2, arxiv, crossref], set())  # no leads: registry order
    assert (plain.title, plain.get("author")) == ("Training Language Models (as indexed)", "L. Ouyang")
