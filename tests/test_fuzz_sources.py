"""Hypothesis: answers of any shape, served to the real client packages, give records or the project's own errors.

Generated Semantic Scholar JSON (papers and reference items with every field any JSON value, plus arbitrary
JSON) and arXiv Atom XML (feeds with entries of random content, plus arbitrary text), under random statuses.
No exception other than `ReadingListError` may escape, and every call ends within its deadline.
"""

from __future__ import annotations

import json
import time
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from readinglist.errors import BadResponseError, ReadingListError
from readinglist.records import ExternalPaper
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.s2_records import parse_paper, parse_reference
from readinglist.sources.semantic_scholar import SemanticScholarSource

from .conftest import examples

DEADLINE = 3.0
FUZZ = settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
wrong = st.integers() | st.floats(allow_nan=False) | st.booleans() | st.lists(scalars, max_size=2) | json_values


def mostly(good: st.SearchStrategy) -> st.SearchStrategy:
    """Usually a well-shaped value, sometimes any JSON at all."""
    return st.one_of(*[good] * 5, json_values)


# mostly well-typed values, so that some answers get through to the records and their types are checked
texts = st.one_of(st.none(), *[st.text(max_size=30)] * 6, wrong)
numbers = st.one_of(st.none(), *[st.integers()] * 6, wrong)
ext_ids = st.fixed_dictionaries({}, optional={"ArXiv": texts, "DOI": texts, "CorpusId": numbers})
author = mostly(st.fixed_dictionaries({}, optional={"name": texts, "authorId": texts}))
paper = st.fixed_dictionaries(
    {},
    optional={
        "paperId": texts,
        "externalIds": mostly(ext_ids),
        "title": texts,
        "year": numbers,
        "authors": mostly(st.lists(author, max_size=3)),
        "tldr": mostly(st.fixed_dictionaries({}, optional={"text": texts})),
        "journal": mostly(st.fixed_dictionaries({}, optional={"name": texts})),
        "publicationDate": st.sampled_from(["2022-03-04", "2022-13-45", "", "x"]) | texts,
        "citationCount": numbers,
        "references": mostly(st.lists(st.none() | st.builds(dict), max_size=3)),
    },
)
context = st.fixed_dictionaries({}, optional={"context": texts, "intents": st.lists(texts, max_size=2) | json_values})
item = st.fixed_dictionaries(
    {},
    optional={
        "citedPaper": mostly(paper),
        "contexts": mostly(st.lists(texts, max_size=2)),
        "intents": mostly(st.lists(texts, max_size=2)),
        "contextsWithIntent": mostly(st.lists(context, max_size=2)),
        "isInfluential": mostly(st.booleans()),
    },
)
known = st.fixed_dictionaries({"paperId": st.just("abc")}) | st.fixed_dictionaries(
    {"externalIds": st.fixed_dictionaries({"ArXiv": st.just("2203.02155")})}
)
batch_bodies = mostly(
    st.lists(st.one_of(st.none(), paper, st.builds(lambda a, b: {**a, **b}, paper, known)), max_size=3)
)
listing_bodies = mostly(
    st.fixed_dictionaries(
        {},
        optional={
            "offset": mostly(st.integers(-2, 5)),
            "next": mostly(st.integers(-2, 5)),
            "data": mostly(st.lists(mostly(item), max_size=3)),
        },
    )
)
statuses = st.sampled_from([200] * 6 + [400, 403, 404, 429, 500, 502])


def served(server: HTTPServer) -> dict[str, Response]:
    """A slot the server answers from; each example puts its response there."""
    slot: dict[str, Response] = {"response": Response("[]")}
    server.clear_all_handlers()  # the fixture lives across examples: answer from this example's slot
    server.expect_request("/s2/graph/v1/paper/batch").respond_with_handler(lambda _r: slot["response"])
    server.expect_request("/s2/graph/v1/paper/abc/references").respond_with_handler(lambda _r: slot["response"])
    server.expect_request("/api/query").respond_with_handler(lambda _r: slot["response"])
    return slot


def typed(paper: ExternalPaper) -> None:
    """Every field of a record holds what its annotation says (text is text, counts are whole numbers)."""
    for name in ("source", "title", "published", "s2_id", "arxiv", "doi", "corpus_id", "abstract", "tldr", "venue"):
        assert isinstance(getattr(paper, name), str), name
    assert all(isinstance(a, str) for a in paper.authors)
    for name in ("year", "citation_count", "influential_count"):
        value = getattr(paper, name)
        assert value is None or (isinstance(value, int) and not isinstance(value, bool)), name
    for other in (paper.references or ()) + (paper.citations or ()):
        typed(other)


def within_deadline(call: Any) -> None:
    started = time.monotonic()
    try:
        call()
    except ReadingListError as err:
        assert str(err) and "\n" not in str(err)
    assert time.monotonic() - started < DEADLINE * 4


@settings(max_examples=examples(600), deadline=None)
@given(raw=mostly(paper), item_raw=mostly(item))
def test_parsed_records_hold_what_their_types_say(raw: Any, item_raw: Any) -> None:
    """The parsers alone, many more shapes: a record of the right types, or the project's error."""
    try:
        typed(parse_paper(raw, "fuzz"))
        reference = parse_reference(item_raw, "fuzz", "citedPaper")
    except BadResponseError as err:
        assert str(err).startswith("fuzz sent an answer we cannot read (")
        return
    typed(reference.paper)
    assert all(isinstance(c.text, str) and all(isinstance(i, str) for i in c.intents) for c in reference.contexts)


@FUZZ
@given(batch=batch_bodies, listing=listing_bodies, status=statuses)
@example(batch=[], listing={"offset": None, "data": [], "next": 1}, status=200)  # once compared None with 1
def test_semantic_scholar_answers_of_any_shape(httpserver: HTTPServer, batch: Any, listing: Any, status: int) -> None:
    slot = served(httpserver)
    source = SemanticScholarSource(
        api_url=httpserver.url_for("/s2"),
        api_key="",
        min_interval=0,
        timeout=DEADLINE,
        reference_page=2,
        policy=RetryPolicy(max_attempts=2, sleep=lambda s: None),
    )

    def papers() -> None:
        found, _ = source.fetch(["ARXIV:2203.02155", "abc"])
        for _raw, record in found.values():
            typed(record)

    def references() -> None:
        for reference in source.parse_references(source.fetch_references("abc")):
            typed(reference.paper)
            assert all(
                isinstance(c.text, str) and all(isinstance(i, str) for i in c.intents) for c in reference.contexts
            )
            assert isinstance(reference.influential, bool)

    slot["response"] = Response(json.dumps(batch), status=status, content_type="application/json")
    within_deadline(papers)
    slot["response"] = Response(json.dumps(listing), status=status, content_type="application/json")
    within_deadline(references)
    source.close()


def _entry(fields: dict[str, str], authors: list[str]) -> str:
    parts = [f"<{name}>{escape(value)}</{name}>" for name, value in fields.items()]
    parts += [f"<author><name>{escape(name)}</name></author>" for name in authors]
    return "<entry>" + "".join(parts) + "</entry>"


dates = st.sampled_from(["2016-05-26T17:51:03Z", "2016-05-26", "yesterday", ""]) | st.text(max_size=12)
entries = st.builds(
    _entry,
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.sampled_from(["http://arxiv.org/abs/1605.08386v1", "http://arxiv.org/abs/", ""])
            | st.text(max_size=20),
            "title": st.text(max_size=20),
            "summary": st.text(max_size=20),
            "published": dates,
            "updated": dates,
        },
    ),
    st.lists(st.text(max_size=10), max_size=2),
)
feeds = st.builds(
    lambda total, items: (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        f"<opensearch:totalResults>{escape(total)}</opensearch:totalResults>" + "".join(items) + "</feed>"
    ),
    st.sampled_from(["0", "1", "2", "-1", "many"]),
    st.lists(entries, max_size=3),
) | st.text(max_size=60)


@FUZZ
@given(body=feeds, status=statuses)
def test_arxiv_answers_of_any_shape(httpserver: HTTPServer, body: str, status: int) -> None:
    slot = served(httpserver)
    slot["response"] = Response(body, status=status, content_type="application/atom+xml")
    source = ArxivSource(api_url=httpserver.url_for("/api/query"), delay=0.0, timeout=DEADLINE, retries=0)

    def records() -> None:
        found, _ = source.fetch_records(["1605.08386", "1707.08567"])
        for raw in found.values():
            typed(source.parse(raw))

    within_deadline(records)
    source.close()
