"""Any list in the seed's shape: ids from links, types, keys, sections, resources; the export gives it back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from readinglist.exporters.awesome_markdown import render_awesome_list
from readinglist.importers.library_import import import_awesome_list
from readinglist.importers.links import ids_from_link, romanise, slug, venue_from_text
from readinglist.importers.markdown import parse_awesome_list
from readinglist.importers.outline import load_outline, outline_path, save_outline
from readinglist.store import edit_library, load_library

from .conftest import DATA, SEED_README, SHIPPED

OTHER_LIST = DATA / "other-awesome-list.md"  # written for these tests; used for nothing else
EXPORT_ONLY = ("- 论文：", "<!-- readinglist ")  # lines the export adds: the facts line and its comment


def _import(text: str, target: Path) -> Path:
    parsed = parse_awesome_list(text)
    with edit_library(target, create=True) as library:
        report = import_awesome_list(library, parsed)
        save_outline(target, report.outline)
    return target


def _export(library: Path) -> str:
    return render_awesome_list(load_library(library).entries(), load_outline(library))


def _without_export_lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if not line.startswith(EXPORT_ONLY)]


# ids, venues, keys and slugs from a list's own words ------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "ids"),
    [
        ("https://arxiv.org/abs/2212.08073v2", {"eprint": "2212.08073", "archiveprefix": "arXiv"}),
        ("https://arxiv.org/pdf/1811.00681.pdf", {"eprint": "1811.00681", "archiveprefix": "arXiv"}),
        ("https://doi.org/10.1145/3611651", {"doi": "10.1145/3611651"}),
        ("https://www.aclweb.org/anthology/2020.acl-main.748.pdf", {"doi": "10.18653/v1/2020.acl-main.748"}),
        ("https://www.aclweb.org/anthology/W19-1912/", {"doi": "10.18653/v1/W19-1912"}),
        ("https://aclanthology.org/W17-2301/", {}),  # before 2018 the Anthology gave no DOI
        (
            "https://journals.plos.org/digitalhealth/article?id=10.1371/journal.pdig.0000198",
            {"doi": "10.1371/journal.pdig.0000198"},
        ),
        ("https://www.nature.com/articles/s41591-018-0316-z", {"doi": "10.1038/s41591-018-0316-z"}),
        ("https://pubmed.ncbi.nlm.nih.gov/30617335/", {"pmid": "30617335"}),
        ("https://openai.com/research/debate", {}),
    ],
)
def test_ids_from_links(url: str, ids: dict[str, str]) -> None:
    assert ids_from_link(url) == ids


def test_pinyin_venue_and_slug_helpers() -> None:
    assert romanise("银行") == "yinhang"  # unidecode would give yinxing
    assert venue_from_text("NIPS 2012") == ("inproceedings", {"booktitle": "NeurIPS 2012"})
    assert venue_from_text("发表于EMNLP2019。") == ("inproceedings", {"booktitle": "EMNLP 2019"})
    assert venue_from_text("nature medicine发表的综述")[0] == "article"
    assert slug("宪法与对齐 (Constitutional Alignment)") == "constitutional-alignment"
    assert slug("医学问答") == "yixuewenda"


# a list the importer has never seen -----------------------------------------------------------------------------
def test_an_unseen_list_imports_with_ids_types_sections_and_lineage(tmp_path: Path) -> None:
    text = OTHER_LIST.read_text(encoding="utf-8")
    parsed = parse_awesome_list(text)
    assert parsed.problems == []
    library = load_library(_import(text, tmp_path / "papers.bib"))
    entries = {e.get("seed_id"): e for e in library.entries()}
    cai = entries["0.1"]
    assert (cai.key, cai.entry_type, cai.get("eprint"), cai.get("archiveprefix")) == (
        "xianfa2022ai",
        "article",
        "2212.08073",
        "arXiv",
    )
    assert cai.get("journal") == "arXiv preprint arXiv:2212.08073" and cai.get("section") == "constitutional-alignment"
    rlaif = entries["0.2"]
    assert (rlaif.entry_type, rlaif.get("booktitle"), rlaif.get("eprint")) == (
        "inproceedings",
        "ICML 2024",
        "2309.00267",
    )
    dpo = entries["0.3"]
    assert (dpo.entry_type, dpo.get("booktitle")) == ("inproceedings", "NeurIPS 2023")
    assert dpo.list_field("builds_on") == [cai.key]  # "促成了0.3" and "解决0.1"
    nature = entries["1.1"]
    assert (nature.key, nature.entry_type, nature.get("doi"), nature.get("journal")) == (
        "largelanguage",
        "article",
        "10.1038/s41586-023-06291-2",
        "Nature",
    )
    assert nature.get("section") == "yixuewenda"
    assert entries["1.2"].get("doi") == "10.18653/v1/2020.emnlp-main.111"
    hh, bank = entries["s1.1.1"], entries["s1.1.2"]
    assert (hh.key, hh.get("kind"), hh.get("provider"), hh.get("url")) == (
        "hhrlhf",
        "dataset",
        "Anthropic",
        "https://github.com/anthropics/hh-rlhf",
    )
    assert bank.key.startswith("yinhang") and bank.get("url") == "https://example.org/bank-dialogues"
    assert entries["s3.1"].get("kind") == "link"


def test_reimporting_an_unseen_list_changes_nothing(tmp_path: Path) -> None:
    text = OTHER_LIST.read_text(encoding="utf-8")
    target = _import(text, tmp_path / "papers.bib")
    before = target.read_bytes(), outline_path(target).read_bytes()
    parsed = parse_awesome_list(text)
    with edit_library(target) as library:
        report = import_awesome_list(library, parsed)
        save_outline(target, report.outline)
    assert report.added == [] and report.updated == {}
    assert (target.read_bytes(), outline_path(target).read_bytes()) == before


def test_an_unseen_list_is_exported_back_as_written(tmp_path: Path) -> None:
    text = OTHER_LIST.read_text(encoding="utf-8")
    exported = _export(_import(text, tmp_path / "papers.bib"))
    assert _without_export_lines(exported) == [line.rstrip() for line in text.splitlines()]


# the seed ----------------------------------------------------------------------------------------------------------
INTENDED = {  # seed item -> why the export's summary line differs: each a correction the library makes
    "0.0.2.4": "a pasted passage repeated twice in 摘要翻译 is kept once",
    "0.0.2.7": "a pasted passage repeated in 摘要翻译 is kept once",
    "0.1.1.4": "a sentence pasted again after '权重 ' is kept once (radford2021learning)",
}


def test_the_seed_export_is_the_seed_except_the_listed_corrections(shipped_copy: Path) -> None:
    seed = [line.rstrip() for line in SEED_README.read_text(encoding="utf-8").splitlines()]
    exported = _without_export_lines(_export(shipped_copy))
    assert len(exported) == len(seed)
    differing = [i for i, (a, b) in enumerate(zip(seed, exported, strict=True)) if a != b]
    items = {}
    for index in differing:
        heading = next(
            seed[i] for i in range(index, -1, -1) if seed[i].startswith("###### ") or seed[i].startswith("#### ")
        )
        items[heading.split()[1]] = (seed[index], exported[index])
    assert set(items) == set(INTENDED)
    for seed_line, export_line in items.values():
        assert seed_line.startswith(export_line) and export_line.startswith("- 摘要翻译：")  # only a repeat removed


def test_the_export_stands_alone_without_facts(shipped_copy: Path, tmp_path: Path) -> None:
    exported = _export(shipped_copy)
    assert "- 论文：Ouyang et al., NeurIPS 2022 · arXiv:2203.02155" in exported.splitlines()
    again = _import(exported, tmp_path / "again" / "papers.bib")
    assert again.read_bytes() == SHIPPED.read_bytes()  # keys, types, ids, authors, venues, lineage, citations
    assert outline_path(again).read_bytes() == SHIPPED.with_suffix(".sections").read_bytes()


def test_a_paper_listed_twice_keeps_each_placements_text(shipped_copy: Path) -> None:
    lines = _export(shipped_copy).splitlines()
    first = next(line for line in lines if line.startswith("###### 0.0.2.9 "))
    second = next(line for line in lines if line.startswith("###### 0.1.1.6 "))
    assert "(2022.1 openai)" in first and "0.0.2.6/7中探索的技术终于和GPT-3进行了对齐" in first
    assert second.rstrip().endswith("(2022.6.27 openai)")
    highlights = [line for line in lines if line.startswith("- **重点：")]
    own = "- **重点：0.0.2.6/7中探索的技术终于和GPT-3进行了对齐！  尽管参数少了 100 多倍，"
    assert any(line.startswith(own) for line in highlights)  # 0.1.1.6's own 重点, not 0.0.2.9's
    archive = "\n".join(lines)
    generate_and_rank = archive.split("#### 3.5 ACL2020医学领域相关论文列表")[1].split("#### 3.6")[0]
    assert "论文概要" not in generate_and_rank and "2020.acl-main.748/)" in generate_and_rank


def test_the_whole_seed_is_in_the_library_with_kinds() -> None:
    entries = load_library(SHIPPED).entries()
    kinds: dict[str, int] = {}
    for entry in entries:
        if entry.get("seed_id").startswith("s"):
            kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    # 49 rows and headings; cMedQA2 (3.1.4 and 3.1.10) and MEDIQA 2021 (2.2.3 and 3.2.5) are listed twice
    assert kinds == {
        "benchmark": 5,
        "competition": 8,
        "dataset": 18,
        "model-list": 2,
        "toolkit": 1,
        "product": 5,
        "blog": 4,
        "link": 4,
    }
    by_key = {e.key: e for e in entries}
    assert by_key["pubmedqa"].get("eprint") == "1909.06146" and by_key["pubmedqa"].get("kind") == "dataset"
    assert by_key["cometa"].get("paper") == "basaldella2020cometa"
    assert "cometa" in by_key["basaldella2020cometa"].list_field("resources")
    meddialog_repo = next(e for e in entries if e.get("url") == "https://github.com/UCSD-AI4H/Medical-Dialogue-System")
    assert meddialog_repo.get("paper") == "zeng2020meddialog"
    cmb = by_key["cmb"]
    assert (cmb.get("provider"), cmb.get("code")) == (
        "各个临床医学工种各阶段考试；临床复杂病例问诊",
        "https://github.com/FreedomIntelligence/CMB",
    )


def test_resource_tables_are_exported_back_as_tables(shipped_copy: Path) -> None:
    seed = SEED_README.read_text(encoding="utf-8").splitlines()
    exported = _export(shipped_copy).splitlines()
    rows = [line.rstrip() for line in seed if line.startswith("|")]
    assert rows and rows == [line for line in exported if line.startswith("|")]


# data defects (issue 11), each with its fix --------------------------------------------------------------------------
def test_defects_of_the_seed_are_fixed_with_their_source() -> None:
    library = load_library(SHIPPED)
    clip = library.entry("radford2021learning").get("abstract_zh")
    assert clip.count("该模型可以轻松地迁移到大多数任务") == 1
    assert library.entry("nov2023putting").get("note").endswith("Survey Study')")
    assert library.entry("liang2019evaluation").get("author").endswith(" and others")
    for key in ("everitt2017reinforcement", "chen2021evaluating"):
        assert library.entry(key).get("blog_label") == "related post", key
    text = SHIPPED.read_text(encoding="utf-8")
    assert "et al." not in re.findall(r"author = \{[^\n]*", text).__str__()
    assert re.findall(r"month = \{([^}]*)\}", text) and all(
        m.isdigit() for m in re.findall(r"month = \{([^}]*)\}", text)
    )
    for entry in library.entries():
        if entry.get("title") and entry.kind == "paper":
            assert entry.get("source"), entry.key  # every fact taken from a record names where it came from


def test_a_latin1_list_is_a_one_line_error(run_cli, tmp_path: Path) -> None:
    readme = tmp_path / "liste.md"
    readme.write_bytes("## 5. Papiers\n### 0.1 [Café](https://arxiv.org/abs/2212.08073)\n".encode("latin-1"))
    result = run_cli("--library", str(tmp_path / "papers.bib"), "import-markdown", str(readme))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and str(readme) in result.stderr and "iconv" in result.stderr
    assert not (tmp_path / "papers.bib").exists()


def test_export_markdown_command_writes_the_list(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "README.md"
    result = run_cli("--library", str(shipped_copy), "export-markdown", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == _export(shipped_copy)


def test_a_library_without_its_sections_file_still_exports_every_entry(tmp_path: Path) -> None:
    target = tmp_path / "papers.bib"
    shutil.copyfile(SHIPPED, target)
    parsed = parse_awesome_list(_export(target))
    assert parsed.problems == [] and len(parsed.items) == 105  # one placement each


def test_check_names_a_resource_link_to_a_missing_paper(shipped_copy: Path) -> None:
    from readinglist.checks import check_library

    with edit_library(shipped_copy) as library:
        library.set_field("cometa", "paper", "nosuchpaper2020")
    problems = [p for p in check_library(load_library(shipped_copy)) if p.key == "cometa"]
    assert [p.message for p in problems] == ["paper names 'nosuchpaper2020', which is not in the library"]


def test_a_broken_sections_file_is_a_one_line_error(run_cli, shipped_copy: Path) -> None:
    outline_path(shipped_copy).write_text("not an outline\n", encoding="utf-8")
    result = run_cli("--library", str(shipped_copy), "export-markdown")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "papers.sections is not a list outline" in result.stderr and "import the list again" in result.stderr


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_reads_the_shipped_library_without_a_warning(tmp_path: Path) -> None:
    import subprocess

    shutil.copyfile(SHIPPED, tmp_path / "papers.bib")
    run = subprocess.run(
        ["biber", "--tool", "--output-file", str(tmp_path / "out.bib"), "papers.bib"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARN" not in run.stdout + run.stderr  # months are numbers: no "legacy month field"


def test_crlf_and_line_separators_inside_lines(tmp_path: Path) -> None:
    text = OTHER_LIST.read_text(encoding="utf-8").replace("对齐相关论文与资源。", "对齐相关\u2028论文与资源。")
    crlf = text.replace("\n", "\r\n")
    assert [i.fields for i in parse_awesome_list(crlf).items] == [i.fields for i in parse_awesome_list(text).items]
    exported = _export(_import(text, tmp_path / "papers.bib"))
    assert any(line.endswith("对齐相关\u2028论文与资源。") for line in exported.split("\n"))


def test_an_entry_the_list_never_held_is_exported_and_imported_back(shipped_copy: Path, tmp_path: Path) -> None:
    from readinglist.models import Entry

    added = {
        "title": "Constitutional AI: Harmlessness from AI Feedback",
        "author": "Yuntao Bai and others",
        "year": "2022",
        "journal": "arXiv preprint arXiv:2212.08073",
        "eprint": "2212.08073",
        "archiveprefix": "arXiv",
    }
    with edit_library(shipped_copy) as library:
        library.add_entry(Entry("bai2022constitutional", "article", dict(added)))
    exported = _export(shipped_copy)
    assert "- 论文：Bai et al., arXiv 2022 · arXiv:2212.08073" in exported.splitlines()
    again = load_library(_import(exported, tmp_path / "again.bib"))
    entry = again.entry("bai2022constitutional")
    assert entry.entry_type == "article" and {k: entry.get(k) for k in added} == added and not entry.get("title_zh")
