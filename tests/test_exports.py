"""Exports read by tools nobody here wrote: pybtex (strict), biber and bibtex when installed, the CSL schema,
networkx. Each test names what a user of that tool would otherwise hit."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import networkx as nx
import pybtex.errors
import pytest
from pybtex.database import parse_string

from readinglist.exporters.bibtex_export import protect_capitals, render_bibtex
from readinglist.exporters.csl_json import csl_item, render_csl_json
from readinglist.exporters.formats import GRAPH_FORMATS, ORDER_FORMATS, UnknownFormatError, format_for
from readinglist.exporters.graph_data import EDGE_DIRECTION, render_graphml, render_node_link_json
from readinglist.graph import build_graph
from readinglist.models import Entry
from readinglist.store import load_library
from readinglist.store.bibfile import Library

from .conftest import DATA, SHIPPED

# Item types CSL 1.0.2 added after the draft-3 schema in tests/data was written (see tests/data/README.md).
CSL_102_TYPES = ["classic", "collection", "document", "event", "hearing", "performance", "periodical", "regulation",
                 "software", "standard"]  # fmt: skip
MACRO_LIBRARY = """@string{neurips = "Advances in Neural Information Processing Systems"}
@inproceedings{x2020y,
  title = {Learning with BERT: A Café {Study}},
  author = {Blaise Ag{\\"u}era y Arcas and Rob van der Goot and et al.},
  booktitle = neurips,
  year = 2020,
  month = {may},
}
"""


def shipped_entries() -> list[Entry]:
    return load_library(SHIPPED).resolved_entries()


def strict_pybtex(text: str):  # type: ignore[no-untyped-def]
    pybtex.errors.set_strict_mode(True)
    return parse_string(text, "bibtex")


@pytest.mark.parametrize("style", ["biblatex", "bibtex"])
def test_bibtex_export_parses_strictly_with_months_as_macros_and_no_et_al_person(style: str) -> None:
    text = render_bibtex(shipped_entries(), style)
    data = strict_pybtex(text)
    assert len(data.entries) == len(shipped_entries())
    assert "month = {" not in text and "  month = may," in text  # biber: "legacy month field … not an integer"
    persons = [str(p) for e in data.entries.values() for p in e.persons.get("author", [])]
    assert not any("et al" in p.lower() for p in persons)  # `and et al.` printed "and et al."
    assert "and G. Liu and others}" in text
    online = "@online{" in text
    assert online == (style == "biblatex")  # bibtex styles do not define @online


def test_titles_protect_the_capitals_that_matter() -> None:
    assert protect_capitals("TruthfulQA: Measuring How Models Mimic") == "{TruthfulQA}: Measuring How Models Mimic"
    assert protect_capitals("GPT-4 Technical Report") == "{GPT-4} Technical Report"
    assert protect_capitals("Keep {Bayesian} and {B}ERT as the curator braced them") == (
        "Keep {Bayesian} and {B}ERT as the curator braced them"
    )
    assert "title = {Performance of {ChatGPT} on {USMLE}:" in render_bibtex(shipped_entries())


def test_string_macros_are_expanded_in_exports() -> None:
    library = Library(Path("macros.bib"), MACRO_LIBRARY, None)
    assert library.entries()[0].get("booktitle") == "neurips"  # the store keeps the macro as written
    (entry,) = library.resolved_entries()
    text = render_bibtex([entry])
    assert "booktitle = {Advances in Neural Information Processing Systems}," in text
    assert "year = {2020}," in text and "month = may," in text
    assert csl_item(entry)["container-title"] == "Advances in Neural Information Processing Systems"


def test_bibtex_style_degrades_online_to_misc_with_howpublished() -> None:
    text = render_bibtex([e for e in shipped_entries() if e.key == "kubernetes"], "bibtex")
    assert text.startswith("@misc{kubernetes,")
    assert "howpublished = {\\url{https://kubernetes.io/}}," in text and "key = {Kubernetes}," in text
    with pytest.raises(UnknownFormatError, match="use one of biblatex, bibtex"):
        render_bibtex([], "apa")


def _run(tool: list[str], folder: Path) -> str:
    result = subprocess.run(tool, cwd=folder, capture_output=True, text=True, timeout=120)
    return result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed (apt-get install biber)")
def test_biber_reads_the_biblatex_export_without_a_warning(tmp_path: Path) -> None:
    (tmp_path / "export.bib").write_text(render_bibtex(shipped_entries()), encoding="utf-8")
    log = _run(["biber", "--tool", "--output-file", "out.bib", "export.bib"], tmp_path)
    assert "WARN" not in log and "ERROR" not in log, log  # (papers.bib itself: tests/test_list_roundtrip.py)


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed (apt-get install texlive-base)")
def test_bibtex_plain_reads_the_bibtex_export_without_a_warning_and_keeps_capitals(tmp_path: Path) -> None:
    (tmp_path / "export.bib").write_text(render_bibtex(shipped_entries(), "bibtex"), encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{export}\n", encoding="utf-8")
    log = _run(["bibtex", "doc"], tmp_path)
    assert "Warning" not in log and "error" not in log.lower(), log
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert "{TruthfulQA}: Measuring how models mimic human falsehoods" in bbl
    assert "and others" not in bbl and "et~al." in bbl  # plain prints a truncated list as "et al."


def csl_validator() -> jsonschema.Draft3Validator:
    schema = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
    schema["items"]["properties"]["type"]["enum"] += CSL_102_TYPES
    return jsonschema.Draft3Validator(schema)


def test_csl_json_is_valid_against_the_csl_schema() -> None:
    items = json.loads(render_csl_json(shipped_entries()))
    errors = [f"{list(e.path)}: {e.message}" for e in csl_validator().iter_errors(items)]
    assert not errors
    assert list(csl_validator().iter_errors([{"id": "a", "type": "weblog"}]))  # the schema does reject


def test_csl_names_follow_bibtex_rules_and_others_is_not_a_person() -> None:
    by_key = {item["id"]: item for item in json.loads(render_csl_json(shipped_entries()))}
    assert {"family": "Oliveira Pinto", "given": "Henrique Ponde", "non-dropping-particle": "de"} in by_key[
        "chen2021evaluating"
    ]["author"]
    assert by_key["ramponi2020biomedical"]["author"][1] == {
        "family": "Goot",
        "given": "Rob",
        "non-dropping-particle": "van der",
    }
    assert by_key["liang2019evaluation"]["author"][-1] == {"family": "Liu", "given": "G."}
    assert by_key["openai2023gpt"]["author"] == [{"literal": "OpenAI"}]
    (entry,) = Library(Path("m.bib"), MACRO_LIBRARY, None).resolved_entries()
    item = csl_item(entry)
    assert item["author"][0] == {"family": "Arcas", "given": "Blaise Agüera", "non-dropping-particle": "y"}
    assert item["title"] == "Learning with BERT: A Café Study"  # LaTeX decoded, braces gone


def test_csl_types_publisher_and_arxiv_ids_where_zotero_keeps_them() -> None:
    by_key = {item["id"]: item for item in json.loads(render_csl_json(shipped_entries()))}
    report = by_key["radford2019language"]
    assert report["type"] == "report" and report["publisher"] == "OpenAI" and "container-title" not in report
    assert by_key["kubernetes"]["type"] == "software"
    assert by_key["scaling2018kubernetes"]["type"] == "post-weblog"
    preprint = by_key["chen2021evaluating"]  # Zotero: preprint, Archive ID
    assert preprint["type"] == "article" and preprint["number"] == "arXiv:2107.03374"
    conference = by_key["ouyang2022training"]  # conferencePaper has no number: the id goes to Extra
    assert conference["type"] == "paper-conference" and "number" not in conference
    assert "arXiv: 2203.02155" in conference["note"].splitlines()
    assert conference["issued"] == {"date-parts": [[2022]]}


def _graph() -> nx.DiGraph:
    return build_graph(shipped_entries())


def test_graph_exports_run_citing_to_cited_with_labels_and_say_so() -> None:
    graph = _graph()
    back = nx.node_link_graph(json.loads(render_node_link_json(graph)))  # current networkx, no arguments
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.has_edge("ouyang2022training", "stiennon2020learning")  # InstructGPT cites Stiennon et al.
    assert not back.has_edge("stiennon2020learning", "ouyang2022training")
    assert back.graph["edge_direction"] == EDGE_DIRECTION
    assert all(data.get("label") for _, data in back.nodes(data=True))
    assert nx.node_link_graph(json.loads(render_node_link_json(graph)), edges="links").number_of_edges() > 0
    graphml = nx.parse_graphml(render_graphml(graph))
    assert graphml.has_edge("ouyang2022training", "stiennon2020learning")
    assert graphml.graph["edge_direction"].startswith("citing -> cited")
    assert graphml.nodes["ouyang2022training"]["label"] == "Ouyang et al. 2022"
    assert graphml.nodes["ouyang2022training"]["title_zh"] == "instruct GPT"


def test_registry_names_extensions_and_one_line_errors() -> None:
    assert [f.extension for f in ORDER_FORMATS.values()] == ["md", "json", "csv", "bib", "csl.json"]
    assert set(GRAPH_FORMATS) == {"html", "graphml", "json"}
    with pytest.raises(UnknownFormatError, match=r"unknown --format 'nonsense'; use one of html, graphml, json"):
        format_for("nonsense", GRAPH_FORMATS)
