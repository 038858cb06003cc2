"""The awesome-list importer on the seed README, and the shipped library it produced."""

from __future__ import annotations

import json
import re
from pathlib import Path

from readinglist.importers.facts import load_facts, normalise_seed_section, venue_to_fields
from readinglist.importers.library_import import import_awesome_list
from readinglist.importers.markdown import dedupe_sentences, parse_awesome_list, parse_heading_text
from readinglist.store import edit_library, load_library

from .conftest import FACTS, SEED_README, SHIPPED

SEED_TEXT = SEED_README.read_text(encoding="utf-8")


def test_every_seed_item_is_parsed_with_its_number_and_section() -> None:
    parsed = parse_awesome_list(SEED_TEXT)
    ids = [item.seed_id for item in parsed.items if item.kind == "paper"]
    assert len(ids) == 60  # 56 papers (two listed twice) + 4 non-paper items
    assert len(parsed.items) == 60 + 49  # and the 49 rows and headings of sections 1-4 and 6-9
    assert ids[:3] == ["0.0.1.1", "0.0.1.2", "0.0.1.3"]
    assert {"0.0.2.9", "0.1.1.6", "1.0", "1.5", "2.1", "2.2", "3.1.2", "3.5.1", "3.6.2", "3.8.9"} <= set(ids)
    sections = {item.seed_id: item.section for item in parsed.items}
    assert sections["0.0.2.9"] == "rlhf" and sections["0.1.0.2"] == "infra" and sections["0.1.1.3"] == "gpt"
    assert sections["1.3"] == "clinical-llm" and sections["2.1"] == "survey" and sections["3.7.2"] == "archive"
    assert parsed.problems == []


def test_heading_parts() -> None:
    title, link, date, comment = parse_heading_text(
        "[instruct GPT]( https://openai.com/research/instruction-following)(2022.1 openai)  对齐！  重点：x"
    )
    assert (title, link, date, comment) == (
        "instruct GPT",
        "https://openai.com/research/instruction-following",
        "2022.1 openai",
        "对齐！  重点：x",
    )
    assert parse_heading_text("从轨迹偏好查询中学习政策的贝叶斯方法(NIPS 2012)")[:3] == (
        "从轨迹偏好查询中学习政策的贝叶斯方法",
        "",
        "NIPS 2012",
    )
    # a year inside a link URL is not a date
    assert parse_heading_text("[将 Kubernetes 扩展到 2,500 个节点](https://x.org/scaling-2500-nodes)")[2] == ""


def test_bullets_and_multiline_summaries() -> None:
    items = {i.seed_id: i.fields for i in parse_awesome_list(SEED_TEXT).items}
    assert items["0.0.2.6"]["code"] == "https://github.com/openai/lm-human-preferences"
    assert items["0.1.1.2"]["blog"] == "https://openai.com/research/better-language-models"  # "BLog地址"
    assert items["0.0.2.8"]["blog"] == "https://openai.com/research/truthfulqa"  # "Blog:" without a space
    assert items["0.0.2.1"]["abstract_zh"].count("\n- ") == 2  # nested bullets stay in the summary
    assert items["3.1.1"]["abstract"].startswith("sections such as Assessment")
    assert items["3.1.1"]["abstract_zh"].startswith("发表于EMNLP2019")  # 论文概要
    assert items["2.1"]["abstract_zh"].startswith("预训练语言模型 (PLM)")  # an unlabelled summary bullet
    assert items["2.2"]["note_zh"] == "nature medicine发表的综述"
    assert items["0.0.2.9"]["highlight_zh"].startswith("尽管参数少了 100 多倍")


def test_lineage_stated_in_words_matches_the_data() -> None:
    parsed = parse_awesome_list(SEED_TEXT)
    pairs = {(rel.later, rel.earlier) for rel in parsed.lineage}
    assert {
        ("0.0.2.3", "0.0.2.1"),
        ("0.0.2.4", "0.0.2.2"),
        ("0.0.2.5", "0.0.2.2"),
        ("0.0.2.9", "0.0.2.8"),
        ("0.0.2.9", "0.0.2.6"),
        ("0.0.2.9", "0.0.2.7"),
        ("0.0.2.9", "name:GPT-3"),
        ("0.0.2.7", "first:NLP+RLHF"),
    } <= pairs


def test_shipped_library_builds_on_matches_seed_lineage_in_data() -> None:
    library = load_library(SHIPPED)
    by_eprint = {e.get("eprint"): e for e in library.entries() if e.get("eprint")}
    claims = [c for c in json.loads((FACTS / "seed-edges.json").read_text()) if c["kind"] == "seed_lineage"]
    for claim in claims:
        if claim["citing"] in by_eprint and claim["cited"] in by_eprint:
            later, earlier = by_eprint[claim["citing"]], by_eprint[claim["cited"]]
            assert earlier.key in later.list_field("builds_on"), claim


def test_repeated_sentences_are_kept_once() -> None:
    text = "第一句话很长很长。第二句话也很长。第一句话很长很长。"
    assert dedupe_sentences(text) == "第一句话很长很长。第二句话也很长。"
    library = load_library(SHIPPED)
    debate = library.entry("irving2018ai").get("abstract_zh")
    assert debate.count("我们提出未来的人类和计算机实验来测试这些特性。") == 1


def test_shipped_library_holds_every_seed_item_with_its_summary_verbatim() -> None:
    library = load_library(SHIPPED)
    entries = library.entries()
    seed_ids = {sid for e in entries for sid in e.list_field("seed_id")}
    facts = load_facts(FACTS)
    assert set(facts.by_seed_id) <= seed_ids
    assert len([e for e in entries if not e.get("seed_id").startswith("s")]) == 58
    instruct = library.entry("ouyang2022training")
    assert instruct.list_field("seed_id") == ["0.0.2.9", "0.1.1.6"] and instruct.list_field("section") == [
        "rlhf",
        "gpt",
    ]
    assert instruct.get("eprint") == "2203.02155" and instruct.get("archiveprefix") == "arXiv"
    for entry in entries:
        summary = entry.get("abstract_zh")
        if summary and entry.key not in ("irving2018ai", "stiennon2020learning", "radford2021learning"):
            first_line = summary.splitlines()[0]
            assert first_line in SEED_TEXT, entry.key
        assert re.fullmatch(r"[a-z0-9]+", entry.key), entry.key
    assert library.entry("efficient2015feedback").get("kind") == "blog"
    assert library.entry("kubernetes").entry_type == "online"


def test_reimport_changes_nothing(shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    with edit_library(shipped_copy) as library:
        report = import_awesome_list(library, parse_awesome_list(SEED_TEXT), load_facts(FACTS))
    assert report.added == [] and report.updated == {}
    assert shipped_copy.read_bytes() == before


def test_import_into_an_edited_library_never_overwrites(shipped_copy: Path) -> None:
    with edit_library(shipped_copy) as library:
        library.set_field("ouyang2022training", "title_zh", "我的标题")
        library.unset_field("ouyang2022training", "code")  # had none: no-op
        library.unset_field("brown2020language", "blog")
    text = SEED_TEXT + "\n"  # same list
    with edit_library(shipped_copy) as library:
        report = import_awesome_list(library, parse_awesome_list(text), load_facts(FACTS))
    library = load_library(shipped_copy)
    assert library.entry("ouyang2022training").get("title_zh") == "我的标题"
    assert report.updated == {"brown2020language": ["blog"]}  # only the missing field came back


def test_import_without_facts_into_empty_library(tmp_path: Path) -> None:
    path = tmp_path / "new.bib"
    with edit_library(path, create=True) as library:
        report = import_awesome_list(library, parse_awesome_list(SEED_TEXT))
    assert len(report.added) == 105
    library = load_library(path)
    assert not library.problems
    assert all(re.fullmatch(r"[a-z0-9]+", e.key) for e in library.entries())


def test_unknown_heading_and_lines_are_reported() -> None:
    text = "## 5. 相关论文\n### 9. Group\n#### 9.1 [x](https://e.org/a)(2020)\n- 奇怪标签：y\n- 论文地址：https://e.org/p\n"
    parsed = parse_awesome_list(text)
    assert [i.seed_id for i in parsed.items] == ["9.1"]
    assert any("奇怪标签" in p and "line 4" in p for p in parsed.problems)


def test_facts_helpers() -> None:
    assert normalise_seed_section("3.1 #2 (电子病历相关文章)") == "3.1.2"
    assert normalise_seed_section("3.2 (医学关系抽取)") == "3.2.1"
    assert venue_to_fields("Proceedings of EMNLP 2020, pp. 1427-1438") == (
        "inproceedings",
        {"booktitle": "Proceedings of EMNLP 2020", "pages": "1427-1438"},
    )
    assert venue_to_fields("Nature Medicine 25:24-29")[0] == "article"
    assert venue_to_fields("arXiv preprint")[0] == "misc"


def test_export_markdown_imports_back_to_the_same_fields(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    readme = tmp_path / "out.md"
    assert run_cli("--library", str(shipped_copy), "export-markdown", "--out", str(readme)).returncode == 0
    facts = load_facts(FACTS)
    parsed = parse_awesome_list(readme.read_text(encoding="utf-8"), facts.section_names)
    assert parsed.problems == []
    target = tmp_path / "again.bib"
    with edit_library(target, create=True) as library:
        import_awesome_list(library, parsed, facts)
    original = {e.get("seed_id"): e for e in load_library(shipped_copy).entries()}
    again = load_library(target).entries()
    assert len(again) == len(original)
    fields = (
        "title",
        "title_zh",
        "abstract_zh",
        "highlight_zh",
        "note_zh",
        "url",
        "blog",
        "code",
        "section",
        "seed_date",
        "abstract",
        "builds_on",
        "cites",
    )
    for entry in again:
        assert all(entry.get(f) == original[entry.get("seed_id")].get(f) for f in fields), entry.key


def test_seed_import_with_facts_reports_no_problem_and_names_a_missing_work_once(tmp_path: Path) -> None:
    facts = load_facts(FACTS)
    with edit_library(tmp_path / "a.bib", create=True) as library:
        report = import_awesome_list(library, parse_awesome_list(SEED_TEXT, facts.section_names), facts)
    assert report.problems == []  # the paper citing its own `blog` link is no problem
    facts.citations.append(("1705.08417", "Some Unlisted Paper", ""))
    with edit_library(tmp_path / "b.bib", create=True) as library:
        report = import_awesome_list(library, parse_awesome_list(SEED_TEXT, facts.section_names), facts)
    assert report.problems == [
        "citation 1705.08417 -> Some Unlisted Paper not imported: the cited work is not an entry"
    ]


def test_resource_sections_are_named_by_the_facts_else_by_pinyin() -> None:
    named = {i.seed_id: i.section for i in parse_awesome_list(SEED_TEXT, load_facts(FACTS).section_names).items}
    plain = {i.seed_id: i.section for i in parse_awesome_list(SEED_TEXT).items}
    assert named["s3.1.1"] == "dataset-chinese" and plain["s3.1.1"] == "dataset-zhongwen"
    assert {named["s9.1"], named["s7.1"], named["s1.2.1"]} == {"link-friends", "product-industry", "benchmark-english"}
    assert all(named[k] == plain[k] for k in plain if k[0].isdigit())  # the papers' sections are unchanged
    sections = {s for e in load_library(SHIPPED).entries() for s in e.get("section").split(", ")}
    assert not any(re.search(r"zhongwen|yingwen|youqing|kaiyuan", s) for s in sections)


def test_import_without_facts_names_the_facts_beside_the_list(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "seed"
    folder.mkdir()
    readme = folder / "list.md"
    readme.write_text(SEED_TEXT, encoding="utf-8")
    assert "tip:" not in run_cli("--library", str(tmp_path / "a.bib"), "import-markdown", str(readme)).stderr
    (folder / "seed-papers.json").write_bytes((FACTS / "seed-papers.json").read_bytes())
    result = run_cli("--library", str(tmp_path / "b.bib"), "import-markdown", str(readme))
    tip = [line for line in result.stderr.splitlines() if line.startswith("tip:")]
    assert tip == [
        f"tip: facts for this list found in {folder}; add --facts {folder} to fill English titles, authors and venues"
    ]
    result = run_cli("--library", str(tmp_path / "c.bib"), "import-markdown", str(readme), "--facts", str(FACTS))
    assert "tip:" not in result.stderr and "0 problem(s)" in result.stdout
    assert "English titles, authors" in run_cli("import-markdown", "--help").stdout


def test_a_resource_named_like_another_takes_its_kind_in_the_key() -> None:
    library = load_library(SHIPPED)
    assert library.entry("cblue").get("kind") == "benchmark"
    assert library.entry("cbluedataset").get("kind") == "dataset"  # the list's dataset row of CBLUE
    assert library.entry("cbluedataset").get("seed_id") == "s3.1.8"
