"""Every JSON output in its published shape: real command output validated against the shipped schemas."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from jsonschema import Draft202012Validator

from readinglist.exporters.schemas import SCHEMAS, schema_text
from readinglist.names import parse_persons

SHIPPED_ENTRIES = 105


def _valid(name: str, data: object) -> None:
    schema = json.loads(schema_text(name))
    Draft202012Validator.check_schema(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft202012Validator(schema).iter_errors(data)]
    assert errors == [], errors[:5]


def test_every_schema_is_printed_by_the_schema_command(run_cli) -> None:
    for name in SCHEMAS:
        printed = run_cli("schema", name)
        assert printed.returncode == 0 and json.loads(printed.stdout) == json.loads(schema_text(name))
    wrong = run_cli("schema", "lst")
    assert wrong.returncode == 2 and "did you mean list?" in wrong.stderr


def test_shared_definitions_are_the_same_in_every_schema() -> None:
    seen: dict[str, object] = {}
    for name in SCHEMAS:
        for definition, body in json.loads(schema_text(name)).get("$defs", {}).items():
            assert seen.setdefault(definition, body) == body, (name, definition)


def test_list_and_show_outputs_follow_their_schemas(run_cli, shipped_copy: Path) -> None:
    records = json.loads(run_cli("--library", str(shipped_copy), "list", "--format", "json").stdout)
    _valid("list", records)
    assert len(records) == SHIPPED_ENTRIES and len({tuple(r) for r in records}) == 1  # every item, every key
    assert all(isinstance(r["year"], int) for r in records if r["fields"].get("year"))
    chen = next(r for r in records if r["key"] == "chen2021evaluating")
    assert {"family": "Oliveira Pinto", "given": "Henrique Ponde", "particle": "de", "suffix": None} in chen["authors"]
    for key in ("ouyang2022training", "openai2023gpt", "radford2018improving"):
        shown = json.loads(run_cli("--library", str(shipped_copy), "show", key, "--format", "json").stdout)
        _valid("show", shown)
    bad = [{**records[0], "year": "2022"}]
    with pytest.raises(AssertionError):
        _valid("list", bad)  # the schema does reject a string year


def test_order_lineage_why_suggest_check_follow_their_schemas(run_cli, enriched: Path) -> None:
    library = ("--library", str(enriched))
    order = json.loads(run_cli(*library, "order", "--target", "InstructGPT", "--format", "json").stdout)
    _valid("order", order)
    assert all(isinstance(item["year"], int) for item in order)
    tree = run_cli(*library, "lineage", "ouyang2022training", "--both", "--depth", "2", "--format", "json")
    _valid("lineage", json.loads(tree.stdout))
    for pair in (("ouyang2022training", "stiennon2020learning"), ("ouyang2022training", "kubernetes")):
        _valid("why", json.loads(run_cli(*library, "why", *pair, "--format", "json", "--offline").stdout))
    _valid("suggest", json.loads(run_cli(*library, "suggest", "--format", "json").stdout))
    _valid("check", json.loads(run_cli(*library, "check", "--format", "json").stdout))
    broken = enriched.parent / "broken.bib"
    broken.write_text("@misc{a, title={A}, builds_on={nope}}\n@misc{a, title={B}}\n", encoding="utf-8")
    _valid("check", json.loads(run_cli("--library", str(broken), "check", "--format", "json").stdout))


@pytest.mark.parametrize(
    ("written", "family", "given", "particle", "suffix"),
    [
        ("Henrique Ponde de Oliveira Pinto", "Oliveira Pinto", "Henrique Ponde", "de", None),
        ("Rob van der Goot", "Goot", "Rob", "van der", None),
        ("King, Jr., Martin Luther", "King", "Martin Luther", None, "Jr."),
        ("{Agüera y Arcas}, Blaise", "Agüera y Arcas", "Blaise", None, None),
        ("Ouyang, Long", "Ouyang", "Long", None, None),
        ("{OpenAI}", "OpenAI", None, None, None),
    ],
)
def test_names_split_by_bibtex_rules(written: str, family: str, given: str, particle: str, suffix: str) -> None:
    (person,) = parse_persons(f"{written} and others").persons
    assert person.as_json() == {"family": family, "given": given, "particle": particle, "suffix": suffix}
    assert parse_persons(f"{written} and others").more


def test_order_csv_writes_authors_in_one_form(run_cli, shipped_copy: Path) -> None:
    csv_text = run_cli("--library", str(shipped_copy), "order", "--target", "Codex", "--format", "csv").stdout
    chen = next(row for row in csv.DictReader(io.StringIO(csv_text)) if row["key"] == "chen2021evaluating")
    assert "; Henrique Ponde de Oliveira Pinto; " in chen["authors"] and chen["year"] == "2021"


def test_graphml_attributes_are_typed_and_edges_run_citing_to_cited(run_cli, shipped_copy: Path) -> None:
    out = shipped_copy.parent / "g.graphml"
    assert run_cli("--library", str(shipped_copy), "graph", "--out", str(out)).returncode == 0
    graph = nx.read_graphml(out)
    assert graph.nodes["ouyang2022training"]["year"] == 2022  # an int, not "2022"
    assert "long" in out.read_text(encoding="utf-8").split('attr.name="year"')[1][:30]
    assert graph.has_edge("ouyang2022training", "stiennon2020learning")  # the citing paper cites the cited one
    assert "builds_on" in graph.edges["ouyang2022training", "stiennon2020learning"]["kinds"]
    assert graph.graph["edge_direction"].startswith("citing -> cited")


def test_add_enrich_diff_speak_json_in_their_schemas(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    before = tmp_path / "before.bib"
    before.write_bytes(shipped_copy.read_bytes())
    library = ("--library", str(shipped_copy))
    added = run_cli(*library, "add", "--title", "A test paper", "--author", "Rob van der Goot", "--format", "json")
    report = json.loads(added.stdout)
    _valid("add", report)
    assert added.returncode == 0 and len(report["added"]) == 1 and report["ok"]
    enriched = run_cli(*library, "enrich", report["added"][0], "--offline", "--format", "json")
    _valid("enrich", json.loads(enriched.stdout))
    assert run_cli(*library, "mark", "InstructGPT", "read").returncode == 0
    changes = json.loads(run_cli(*library, "diff", str(before), "--format", "json").stdout)
    _valid("diff", changes)
    assert changes["added"] == report["added"] and changes["removed"] == []
    assert {"key": "ouyang2022training", "type": None, "fields": {"status": {"old": None, "new": "read"}}} in changes[
        "changed"
    ]
