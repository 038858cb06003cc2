"""Real awesome lists of other shapes (tests/fixtures/lists): every linked item an entry, ids from every link,
headings as sections, the Chinese text in papers.bib itself, and every item left out named in the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from readinglist.importers.outline import Placement, load_outline
from readinglist.store import load_library
from readinglist.usecases.import_list import ImportListReport, ImportListRequest, run

LISTS = Path(__file__).resolve().parent / "fixtures" / "lists"
NAMES = sorted(p.stem for p in LISTS.glob("*.md"))
ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})", re.I)
CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}(?![\u3400-\u9fff]*[:：])")  # not a field's label (`地址：`)
LINK_FIELDS = ("url", "code", "demo", "blog", "project", "links")
ID_FIELDS = ("eprint", "doi", "openreview", "acl", "s2id", "pmid")


def _import(name: str, tmp_path: Path) -> tuple[ImportListReport, Path]:
    target = tmp_path / f"{name}.bib"
    text = (LISTS / f"{name}.md").read_text(encoding="utf-8")
    return run(ImportListRequest(text, f"{name}.md", target)), target


def _links_by_line(text: str) -> dict[int, list[str]]:
    """Every link a reader sees on each line (images and links around only an image are not links)."""
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
    found: dict[int, list[str]] = {}
    for block in md.parse(text):
        if block.type != "inline" or not block.map:
            continue
        href, only_image, words = "", False, ""
        for token in block.children or []:
            if token.type == "link_open":
                href, only_image, words = str(token.attrs["href"]), False, ""
            elif token.type == "image" and href:
                only_image = True
            elif token.type == "text" and href:
                words += token.content
            elif token.type == "link_close" and href:
                if href.startswith("http") and not (only_image and not words.strip()):
                    found.setdefault(block.map[0] + 1, []).append(href)
                href = ""
    return found


def _placements(library: Path) -> list[tuple[int, Placement]]:
    """Each placement with the line of the list it starts at (the outline counts the list's own lines)."""
    outline = load_outline(library) or []
    line, found = 1, []
    for part in outline:
        if isinstance(part, Placement):
            found.append((line, part))
            line += len(part.lines)
        else:
            line += 1
    return found


@pytest.mark.parametrize("name", NAMES)
def test_a_real_list_becomes_a_library(name: str, tmp_path: Path) -> None:
    text = (LISTS / f"{name}.md").read_text(encoding="utf-8")
    report, target = _import(name, tmp_path)
    assert report.reading == "general" and report.ok, report.lines()
    entries = load_library(target).entries()
    assert entries and len(entries) == len(report.details.added)
    values = {v for e in entries for f in LINK_FIELDS for v in e.get(f).split(" ") if v}
    ids = {e.get(f).lower() for e in entries for f in ID_FIELDS if e.get(f)}

    # >= 95% of the distinct arXiv ids in the list become eprints
    arxiv_ids = set(ARXIV.findall(text))
    eprints = {e.get("eprint") for e in entries}
    if arxiv_ids:
        assert len(arxiv_ids & eprints) >= 0.95 * len(arxiv_ids), sorted(arxiv_ids - eprints)

    # >= 90% of the links of the list's items are held by an entry (as the link or its id); every other linked
    # line is named in the report with its line
    placed_lines = {n for start, p in _placements(target) for n in range(start, start + len(p.lines))}
    reported = {int(m) for m in re.findall(r"^line (\d+):", "\n".join(report.details.left_out), re.M)}
    item_links = []
    for line, hrefs in _links_by_line(text).items():
        if line in placed_lines:
            item_links += hrefs
        else:
            assert line in reported or text.splitlines()[line - 1].startswith("#"), (line, hrefs)
    from readinglist.ids import link_ids

    held = [h for h in item_links if h in values or any(v.lower() in ids for v in link_ids(h).values())]
    assert len(held) >= 0.9 * len(item_links), sorted(set(item_links) - set(held))[:10]

    # no entry is made from a heading that has items under it (a section or a year)
    placements = _placements(target)
    lines = text.splitlines()
    starts = [start for start, _ in placements]
    for start in starts:
        if lines[start - 1].lstrip().startswith("#"):
            level = len(lines[start - 1]) - len(lines[start - 1].lstrip("#"))
            following = [s for s in starts if s > start]
            nxt = next(
                (n for n in range(start + 1, len(lines) + 1) if re.match(rf"#{{1,{level}}}\s", lines[n - 1])),
                len(lines) + 1,
            )
            assert not [s for s in following if s < nxt], f"line {start} is a heading with items under it"

    # >= 90% of the Chinese text of the items is in papers.bib itself
    bib = "\n".join(v for e in entries for v in e.fields.values())
    runs = [r for _, p in placements for line in p.lines for r in CJK_RUN.findall(line)]
    if runs:
        kept = sum(len(r) for r in runs if r in bib)
        assert kept >= 0.9 * sum(len(r) for r in runs), [r for r in runs if r not in bib][:10]


def test_what_each_shape_gives(tmp_path: Path) -> None:
    by = {}
    for name in ("rlhf", "awesome_llm", "chinese_llm", "chinese_medical_nlp", "cn_medical_resources"):
        _, target = _import(name, tmp_path)
        by[name] = {e.title or e.get("title_zh"): e for e in load_library(target).entries()}
    rlhf = by["rlhf"]
    assert not {"2024", "2023", "Papers"} & set(rlhf)  # year headings are no entries
    paper = rlhf["On Diversified Preferences of Large Language Model Alignment"]
    assert (paper.get("eprint"), paper.get("code"), paper.get("section"), paper.get("list_year")) == (
        "2312.07401",
        "https://github.com/dunzeng/MORE",
        "papers",
        "2024",
    )
    assert paper.get("keywords").startswith("Aligning, LLM") and paper.entry_type == "article"
    assert rlhf["Few-shot Preference Learning for Human-in-the-Loop RL"].get("openreview") == "IKC5TfXLuW0"
    assert rlhf["Dense Reward for Free in Reinforcement Learning from Human Feedback"].get("eprint") == "2402.00782"
    llm = by["awesome_llm"]
    bert = llm["BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"]
    assert (bert.get("doi"), bert.get("acl"), bert.get("seed_date"), bert.get("institution")) == (
        "10.18653/v1/N19-1423",
        "N19-1423",
        "2018-10",
        "Google",
    )
    assert llm["WebGPT: Browser-assisted question-answering with human feedback"].get("s2id") == (
        "2f3efe44083af91cef562c1a3451eee2f8601d22"
    )
    assert llm["TinyZero"].get("kind") == "software"
    chatglm = by["chinese_llm"]["ChatGLM"]
    assert chatglm.get("url") == "https://github.com/THUDM/ChatGLM-6B" and chatglm.get("abstract_zh").startswith(
        "中文领域效果最好"
    )
    assert chatglm.get("section") == "model" and by["chinese_llm"]["pCLUE"].get("kind") == "dataset"
    cblue = by["chinese_medical_nlp"]["中文医疗信息处理挑战榜CBLUE数据集"]
    assert cblue.get("kind") == "benchmark" and cblue.get("url").startswith("https://tianchi.aliyun.com/specials")
    ccks = by["chinese_medical_nlp"]["CCKS2019"]
    assert ccks.get("links") == "http://openkg.cn/dataset/yidu-s4k"  # its second link, [数据下载](<…>)
    yidu = by["cn_medical_resources"]["Yidu-S4K：医渡云结构化4K数据集"]
    assert (yidu.get("kind"), yidu.get("url"), yidu.get("section")) == (
        "dataset",
        "http://openkg.cn/dataset/yidu-s4k",
        "zhongwenyiliao",
    )
    assert "面向中文电子病历" in yidu.get("abstract_zh")


def test_a_dry_run_writes_nothing_and_reports_the_same(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "papers.bib"
    result = run_cli("--library", str(target), "import-markdown", str(LISTS / "rlhf.md"), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert not target.exists() and not target.with_suffix(".sections").exists()
    assert "38 item(s) read" in result.stdout and "line 144: merged into" in result.stdout
    assert "left out  line 33: no link" in result.stdout
    real = run_cli("--library", str(target), "import-markdown", str(LISTS / "rlhf.md"))
    assert real.returncode == 0 and "33 added" in real.stdout and target.exists()


def test_kind_can_be_overridden(tmp_path: Path) -> None:
    text = (LISTS / "chinese_medical_nlp.md").read_text(encoding="utf-8")
    report = run(ImportListRequest(text, "x.md", tmp_path / "a.bib", kind="dataset"))
    assert report.details.kinds == {"dataset": len(report.details.added)}


HOSTILE = {
    "braces": "## Papers\n- [A {lone brace](https://arxiv.org/abs/2203.02155)\n- [Closing } one](https://e.org/x)\n",
    "backslash": "## Papers\n- [Ends in a backslash \\\\](https://e.org/a) note \\\\\n",
    "long": "## Papers\n- [" + "Supercalifragilistic" * 100 + "](https://e.org/long)\n",
    "empty": "",
    "toc_only": "# List\n- [One](#one)\n  - [Two](#two)\n- [Three](#three)\n",
    "reference_links": "# Refs\n- [Attention][1] and more\n1. <https://github.com/x/y>\n\n[1]: https://arxiv.org/abs/1706.03762\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_list_gives_a_report_never_a_traceback(name: str, run_cli, tmp_path: Path) -> None:
    readme = tmp_path / f"{name}.md"
    readme.write_text(HOSTILE[name], encoding="utf-8")
    target = tmp_path / "papers.bib"
    result = run_cli("--library", str(target), "import-markdown", str(readme))
    assert "Traceback" not in result.stderr and "item(s) read" in result.stdout, result.stderr
    if name in ("empty", "toc_only"):  # no item: exit 1, and no empty papers.bib or papers.sections written
        assert result.returncode == 1 and "no item with a link was found" in result.stderr
        assert not target.exists() and not target.with_suffix(".sections").exists()
        return
    assert result.returncode == 0, result.stdout + result.stderr
    library = load_library(target)
    assert not library.problems
    assert all(len(e.key) <= 120 for e in library.entries())
    if name == "braces":
        assert len(library) == 2 and result.stdout.count("made safe") == 2
    if name == "long":
        assert len(library) == 1 and library.entries()[0].title.startswith("Supercali")
    if name == "reference_links":
        assert {e.get("eprint") for e in library.entries()} >= {"1706.03762"}
        assert {e.get("url") for e in library.entries()} >= {"https://github.com/x/y"}


def test_an_item_the_store_refuses_is_left_out_and_counted(run_cli, tmp_path: Path, monkeypatch) -> None:
    from readinglist.errors import InvalidValueError
    from readinglist.store.bibfile import Library

    original = Library.add_entry

    def refuse(self: Library, entry) -> None:  # type: ignore[no-untyped-def]
        if "refused" in entry.get("title").lower():
            raise InvalidValueError("title: refused by the store")
        original(self, entry)

    monkeypatch.setattr(Library, "add_entry", refuse)
    readme = tmp_path / "list.md"
    readme.write_text("## Papers\n- [Kept](https://e.org/a)\n- [Refused](https://e.org/b)\n", encoding="utf-8")
    result = run_cli("--library", str(tmp_path / "papers.bib"), "import-markdown", str(readme))
    assert result.returncode == 1
    assert "left out  line 3: not written" in result.stdout and "1 item(s) with a link" in result.stderr
    assert len(load_library(tmp_path / "papers.bib")) == 1


def test_enrich_finds_the_new_entries_in_its_batched_calls(httpserver, run_cli, tmp_path: Path) -> None:
    """After an import, `enrich` asks by the ids the links gave (one batch), and by title for the rest."""
    import json

    from .replay import fixture_text, serve_defaults

    serve_defaults(httpserver)
    httpserver.expect_request("/s2/graph/v1/paper/search/match").respond_with_data(
        fixture_text("s2_search_match_nomatch_404.json"), status=404, content_type="application/json"
    )
    readme = tmp_path / "list.md"
    readme.write_text(
        "## Papers\n"
        "- [Training language models to follow instructions](https://arxiv.org/pdf/2203.02155v3.pdf)\n"
        "- [A paper known by its DOI](https://dl.acm.org/doi/pdf/10.1145/3580305.3599317)\n"
        "- [A paper with neither id](https://example.org/papers/neither.pdf)\n"
        "## Tools\n- [A tool](https://github.com/example/tool)\n",
        encoding="utf-8",
    )
    library = tmp_path / "papers.bib"
    assert run_cli("--library", str(library), "import-markdown", str(readme)).returncode == 0
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
    }
    result = run_cli("--library", str(library), "enrich", env=env)
    assert "Traceback" not in result.stderr
    batches = [json.loads(r.get_data(as_text=True))["ids"] for r, _ in httpserver.log if r.path.endswith("/batch")]
    assert batches == [["ARXIV:2203.02155", "DOI:10.1145/3580305.3599317"]]  # one batch, the tool not asked
    matches = [r for r, _ in httpserver.log if r.path.endswith("/search/match")]
    assert len(matches) == 1 and "neither" in matches[0].args.get("query", "")
    entries = {e.get("eprint"): e for e in load_library(library).entries()}
    assert entries["2203.02155"].get("s2id") and entries["2203.02155"].get("author")


@pytest.mark.parametrize("name", NAMES)
def test_a_real_list_exports_as_written_and_imports_back_to_the_same_library(
    name: str, run_cli, tmp_path: Path
) -> None:
    """export-markdown gives the list back (plus its facts lines); importing that gives papers.bib byte for byte."""
    source = LISTS / f"{name}.md"
    first, again, exported = tmp_path / "a.bib", tmp_path / "b.bib", tmp_path / "out.md"
    assert run_cli("--library", str(first), "import-markdown", str(source)).returncode == 0
    assert run_cli("--library", str(first), "export-markdown", "--out", str(exported)).returncode == 0
    text = exported.read_text(encoding="utf-8")
    own = [line for line in text.splitlines() if not line.startswith(("- 论文：", '<!-- readinglist {"key"'))]
    assert own == [line.rstrip() for line in source.read_text(encoding="utf-8").splitlines()]
    assert run_cli("--library", str(again), "import-markdown", str(exported)).returncode == 0
    assert again.read_bytes() == first.read_bytes()


@pytest.mark.parametrize(
    ("url", "ids"),
    [
        ("https://arxiv.org/abs/2203.02155v2", {"eprint": "2203.02155", "archiveprefix": "arXiv"}),
        ("http://arxiv.org/pdf/2203.02155v3.pdf", {"eprint": "2203.02155", "archiveprefix": "arXiv"}),
        ("https://arxiv.org/html/2402.00782v1", {"eprint": "2402.00782", "archiveprefix": "arXiv"}),
        ("https://browse.arxiv.org/abs/2402.00742", {"eprint": "2402.00742", "archiveprefix": "arXiv"}),
        ("https://arxiv.org/abs/hep-th/9901001v1", {"eprint": "hep-th/9901001", "archiveprefix": "arXiv"}),
        ("https://doi.org/10.1093/bib/bbaa279", {"doi": "10.1093/bib/bbaa279"}),
        ("https://dl.acm.org/doi/pdf/10.1145/3580305.3599317", {"doi": "10.1145/3580305.3599317"}),
        ("https://link.springer.com/article/10.1007/s10994-021-05961-4", {"doi": "10.1007/s10994-021-05961-4"}),
        (
            "https://link.springer.com/content/pdf/10.1007/978-3-030-58452-8_1.pdf",
            {"doi": "10.1007/978-3-030-58452-8_1"},
        ),
        ("https://www.medrxiv.org/content/10.1101/2023.04.12.23288461v2.full", {"doi": "10.1101/2023.04.12.23288461"}),
        ("https://pubmed.ncbi.nlm.nih.gov/30617335/", {"pmid": "30617335"}),
        (
            "https://aclanthology.org/2020.acl-main.748.pdf",
            {"doi": "10.18653/v1/2020.acl-main.748", "acl": "2020.acl-main.748"},
        ),
        ("https://aclanthology.org/W17-2301/", {"acl": "W17-2301"}),  # no DOI before 2018
        ("https://openreview.net/forum?id=gEZrGCozdqR", {"openreview": "gEZrGCozdqR"}),
        ("https://www.nature.com/articles/s41591-023-02437-x", {"doi": "10.1038/s41591-023-02437-x"}),
        ("https://github.com/openai/evals", {}),
    ],
)
def test_ids_from_every_kind_of_link(url: str, ids: dict[str, str]) -> None:
    from readinglist.ids import link_ids

    assert link_ids(url) == ids


def test_the_seed_reading_takes_headings_and_tables_from_the_tokens() -> None:
    """A `#` or `|` line inside a code block is no heading and no table row (a line regex took them for both)."""
    from readinglist.importers.reading import read_awesome_list

    text = (
        "## 5. 相关论文\n### 1. Group\n#### 1.1 [x](https://e.org/a)(2020)\n- 论文地址：https://e.org/p\n\n"
        "```\n# 注释，不是标题\n| not | a table |\n```\n\n#### 1.2 [y](https://e.org/b)(2021)\n- 论文地址：https://e.org/q\n"
    )
    parsed = read_awesome_list(text)
    assert parsed.reading == "seed"
    assert [(i.seed_id, i.section) for i in parsed.items] == [("1.1", "group"), ("1.2", "group")]


def test_seed_labels_nested_under_a_named_item_get_the_general_reading() -> None:
    from readinglist.importers.reading import read_awesome_list

    text = "## 模型\n* 华佗：\n  * 论文地址：https://arxiv.org/abs/2304.06975\n  * 简介：基于中文医学知识的微调模型\n"
    parsed = read_awesome_list(text)
    assert parsed.reading == "general"
    assert [(i.fields.get("title_zh"), i.fields.get("eprint")) for i in parsed.items] == [("华佗", "2304.06975")]


def test_a_named_item_whose_fields_hold_no_link_is_reported(tmp_path: Path) -> None:
    text = "## 模型\n* ChatGLM：\n  * 简介：没有地址的条目\n* Moss：\n  * 地址：https://github.com/OpenLMLab/MOSS\n"
    report = run(ImportListRequest(text, "x.md", tmp_path / "a.bib"))
    assert report.details.added == ["moss"] and report.details.left_out == ["line 2: no link (a bullet of text)"]
