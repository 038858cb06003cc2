"""What a new user's review of `import-markdown` on real lists found (tests/fixtures/lists): each case reads the
list, imports it, and checks what a person then sees (report lines, fields, lane names)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.drawing import GraphView, build_drawing, node_facts
from readinglist.graph import build_graph
from readinglist.importers.outline import load_outline
from readinglist.paper import paper_of
from readinglist.store import load_library
from readinglist.usecases.import_list import ImportListReport, ImportListRequest, run

LISTS = Path(__file__).resolve().parent / "fixtures" / "lists"


def _resources_page() -> None:
    from readinglist.ui import resources_view

    resources_view.page()


def _import_text(text: str, tmp_path: Path, dry_run: bool = False) -> tuple[ImportListReport, Path]:
    target = tmp_path / "papers.bib"
    return run(ImportListRequest(text, "list.md", target, dry_run=dry_run)), target


def _import(name: str, tmp_path: Path) -> tuple[ImportListReport, Path]:
    return _import_text((LISTS / f"{name}.md").read_text(encoding="utf-8"), tmp_path)


def test_a_bare_link_with_markdown_escaped_underscores_keeps_its_underscores(tmp_path: Path) -> None:
    _, target = _import("medical_datasets", tmp_path)
    urls = {e.get("url") for e in load_library(target).entries()}
    assert "https://github.com/qiuweipku/Plain_language_summarization" in urls
    assert not [u for u in urls if "%5C" in u]


def test_a_title_ending_in_a_backslash_stays_a_title(tmp_path: Path) -> None:
    report, target = _import_text("## Papers\n- [Some title \\](https://example.com/x)\n", tmp_path)
    (entry,) = load_library(target).entries()
    assert (entry.title, entry.get("url"), entry.get("seed_date"), entry.get("note")) == (
        "Some title",
        "https://example.com/x",
        "",
        "",
    )
    assert any("line 2: a link text ended in a backslash" in line for line in report.lines())


def test_made_safe_says_what_was_done(tmp_path: Path) -> None:
    report, _ = _import_text("## Papers\n- [Ends in a backslash \\\\](https://e.org/a)\n", tmp_path)
    (line,) = [line for line in report.lines() if "made safe" in line]
    assert "the backslash was dropped" in line and "brace escaped" not in line


def test_the_left_out_line_counts_items_and_links_that_are_no_items_apart(tmp_path: Path) -> None:
    text = (
        "# List\n- [A](#a)\n- [B](#b)\n- [Elsewhere](https://e.org/toc)\n\n"
        "Read [this post](https://e.org/post) first.\n\n## A\n- [P](https://arxiv.org/abs/2203.02155)\n"
    )
    report, _ = _import_text(text, tmp_path, dry_run=True)
    lines = report.lines()
    assert "  left out: 0 items with a link; 1 link in a table of contents, 1 in running text (not items)" in lines
    assert "(0 with a link)" not in "\n".join(lines)


def test_sections_are_named_by_the_lists_headings_not_their_slugs(tmp_path: Path) -> None:
    from readinglist.importers.general import section_titles

    report, target = _import("medical_datasets", tmp_path)
    assert "  sections: Models, 中文, 英文" in report.lines()
    entries = load_library(target).entries()
    graph = build_graph(entries)
    graph.graph["section_titles"] = section_titles(load_outline(target) or [])
    drawing = build_drawing(graph, node_facts(graph), GraphView(show_resources=True))
    names = {lane["name"] for lane in drawing.lanes}
    assert {"中文", "英文"} <= names and not {"Zhongwen", "Yingwen", "zhongwen"} & names
    assert {s["name"] for s in drawing.legend["sections"]} == names


def test_the_resources_page_shows_what_an_imported_list_wrote_about_each_resource(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, target = _import("cn_medical_resources", tmp_path)
    yidu = next(e for e in load_library(target).entries() if e.get("title_zh", "").startswith("Yidu-S4K"))
    assert not yidu.get("description_zh") and "面向中文电子病历" in yidu.get("abstract_zh")
    monkeypatch.setenv("READINGLIST_LIBRARY", str(target))
    app = AppTest.from_function(_resources_page, default_timeout=60)
    app.run()
    assert not app.exception
    table = app.table[0].value
    assert "面向中文电子病历" in table[table["name"].str.startswith("Yidu")]["介绍"].iloc[0]
    assert (table["介绍"] != "").sum() >= len(table) // 2


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("x.png", bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(32), "looks like a PNG image"),
        ("x.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "looks like a PDF document"),
        ("x.md", "中文列表".encode("gbk"), "is not UTF-8 text"),
    ],
)
def test_a_file_that_is_no_markdown_list_is_named_for_what_it_is(
    name: str, data: bytes, words: str, run_cli, tmp_path: Path
) -> None:
    (tmp_path / name).write_bytes(data)
    result = run_cli("--library", str(tmp_path / "papers.bib"), "import-markdown", name)
    assert result.returncode == 1 and f"error: {name} {words}" in result.stderr
    assert ("iconv" in result.stderr) == (words == "is not UTF-8 text")
    assert not (tmp_path / "papers.bib").exists()


@pytest.mark.parametrize("text", ["", '{"items": [{"title": "x", "url": "https://e.org"}]}\n'])
def test_a_file_with_no_item_writes_nothing_and_exits_1(text: str, run_cli, tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text(text, encoding="utf-8")
    result = run_cli("--library", str(tmp_path / "papers.bib"), "import-markdown", "list.md")
    assert result.returncode == 1 and "list.md: no item with a link was found" in result.stderr
    assert not (tmp_path / "papers.bib").exists() and not (tmp_path / "papers.sections").exists()


def test_the_app_starts_in_an_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """`cd empty && readinglist app`: the server starts on the papers.bib to be written (no error first)."""
    from readinglist import launch

    started: dict[str, object] = {}

    class Started(Exception):
        """The process would have become the Streamlit server here."""

    def execve(program: str, command: list[str], env: dict[str, str]) -> None:
        started.update(command=command, env=env)
        raise Started

    monkeypatch.setattr(launch.os, "execve", execve)
    monkeypatch.setattr(launch.os, "name", "posix")
    with pytest.raises(Started):
        launch.run_streamlit_app(tmp_path / "papers.bib", [], {})
    assert started["env"]["READINGLIST_LIBRARY"] == str((tmp_path / "papers.bib").resolve())  # type: ignore[index]
    assert "Import list page" in capsys.readouterr().err and not (tmp_path / "papers.bib").exists()


def test_the_graph_page_of_a_library_not_written_yet_points_to_the_import_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_app import APP

    monkeypatch.setenv("READINGLIST_LIBRARY", str(tmp_path / "papers.bib"))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception and not app.error
    (info,) = [i.value for i in app.info]
    assert "The library is empty" in info and "Import list" in info and "readinglist init" in info
    assert not (tmp_path / "papers.bib").exists()


def test_an_imported_paper_gets_its_year_from_its_arxiv_id_and_its_authors_from_its_author_line(
    tmp_path: Path,
) -> None:
    _, target = _import("rlhf", tmp_path)
    papers = {e.title: e for e in load_library(target).entries()}
    paper = papers["On Diversified Preferences of Large Language Model Alignment"]
    assert (paper.get("year"), paper.get("month"), paper.get("list_year")) == ("2023", "12", "2024")
    assert paper.get("author").startswith("Dun Zeng and Yong Dai and Pengyu Cheng") and not paper.get("note")
    assert sum(bool(e.year) for e in papers.values()) >= 30
    assert sum(bool(paper_of(e).authors) for e in papers.values()) >= 30
    few_shot = papers["Few-shot Preference Learning for Human-in-the-Loop RL"]  # an OpenReview link: no date in it
    assert not few_shot.get("month")


def test_an_authors_label_fills_author_and_a_keyword_line_stays_a_note(tmp_path: Path) -> None:
    text = (
        "## Papers\n- [A](https://e.org/a)\n  - Authors: Ada Lovelace, Charles Babbage\n"
        "- [B](https://e.org/b)\n  - 作者：Jan Leike et al.\n"
        "- [C](https://e.org/c)\n  - Reinforcement Learning, Human Feedback\n"
    )
    _, target = _import_text(text, tmp_path)
    by = {e.title: e for e in load_library(target).entries()}
    assert by["A"].get("author") == "Ada Lovelace and Charles Babbage"
    assert by["B"].get("author") == "Jan Leike and others"
    assert not by["C"].get("author") and by["C"].get("note") == "Reinforcement Learning, Human Feedback"
    assert not by["A"].get("year")  # no arXiv id, no date: no year is made up


def _graph_page_of(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app's Graph page, run once on the library imported from the real list `name`, without an exception."""
    from .test_app import APP

    _, target = _import(name, tmp_path)
    monkeypatch.setenv("READINGLIST_LIBRARY", str(target))
    page = AppTest.from_file(APP, default_timeout=60)
    page.run()
    assert not page.exception
    return page


def _order_page() -> None:
    from readinglist.ui import order_view

    order_view.page()


def test_a_library_without_links_says_so_once_on_the_graph_and_reading_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph_page = _graph_page_of("rlhf", tmp_path, monkeypatch)
    banners = [i.value for i in graph_page.info if "No links between these 33 papers yet" in i.value]
    assert len(banners) == 1 and "Looking them up on Semantic Scholar and arXiv" in banners[0]
    assert [b.label for b in graph_page.button if b.key == "look-up-graph"] == [
        "Look them up on Semantic Scholar and arXiv"
    ]
    order = AppTest.from_function(_order_page, default_timeout=60)
    order.run()
    assert not order.exception
    assert [i.value for i in order.info if "No links between" in i.value] and not order.checkbox
    assert "nothing here cites it" not in " ".join(str(m.value) for m in order.markdown)


def test_the_graph_of_an_imported_list_of_datasets_without_links_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The focus of a library without links is one of its papers, not a hidden dataset (a KeyError before)."""
    app = _graph_page_of("medical_datasets", tmp_path, monkeypatch)
    assert any("3 papers drawn" in c.value for c in app.caption)


def test_the_small_things_the_review_found(tmp_path: Path) -> None:
    from readinglist.drawing import Drawing
    from readinglist.models import Entry

    _, target = _import("medical_datasets", tmp_path)
    by = {e.title or e.get("title_zh"): e for e in load_library(target).entries()}
    assert by["DoctorGPT"].kind == "software"  # one model's repository under a heading of models
    tcm = next(e for name, e in by.items() if "ChatMed_TCM" in name)
    assert "()" not in tcm.get("abstract_zh") and "以开源的[中医药知识图谱] 为基础" in tcm.get("abstract_zh")
    repo = Entry("x", "online", {"url": "https://github.com/a/b", "kind": "software"})
    assert repo.links() == {"code": "https://github.com/a/b"} and repo.best_link() == "https://github.com/a/b"
    one = Drawing([], [], [], [], [], {}, 1, 0, 1, 0, 0)
    assert one.caption() == "1 paper drawn, 1 link"


def test_details_of_a_paper_without_authors_names_its_title_once(tmp_path: Path) -> None:
    from readinglist.models import Entry
    from readinglist.ui.papers_view import _label

    graph = build_graph(
        [Entry("w2023", "misc", {"title": "The Wisdom of Hindsight Makes Language Models", "year": "2023"})]
    )
    assert _label(graph, "w2023") == "The Wisdom of Hindsight Makes Language Models (2023)"


def test_the_find_box_names_a_paper_of_this_library(tmp_path: Path) -> None:
    from readinglist.ui.graph_view import _find_hint

    _, target = _import("rlhf", tmp_path)
    hint = _find_hint(build_graph(load_library(target).entries()))
    assert "InstructGPT" not in hint and "人类反馈" not in hint and "Zeng et al. 2023" in hint


def test_check_on_a_fresh_import_says_once_what_enrich_fills(run_cli, tmp_path: Path) -> None:
    text = "## Papers\n" + "".join(f"- [Paper {n}](https://e.org/{n})\n" for n in range(5))
    (tmp_path / "list.md").write_text(text, encoding="utf-8")
    assert run_cli("import-markdown", "list.md").returncode == 0
    result = run_cli("check")
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 2, result.stdout
    assert "5 papers miss author or year" in lines[0] and "readinglist enrich" in lines[0]
    assert lines[1] == "5 problem(s) in 5 entries"
    verbose = run_cli("check", "-v")
    assert verbose.stdout.count("missing required field(s): author, year") == 5
    assert run_cli("check", "--format", "json").stdout.count("missing required field(s)") == 5


def test_a_date_column_gives_the_year_and_the_month(tmp_path: Path) -> None:
    """`2023-07` in a table's date column places the paper in July 2023 (it was drawn as undated within its year)."""
    _, target = _import("medical_datasets", tmp_path)
    codoc = next(e for e in load_library(target).entries() if e.title.startswith("CoDoC"))
    assert (codoc.get("year"), codoc.get("month"), codoc.get("seed_date")) == ("2023", "7", "2023-07")


def test_a_fresh_import_with_no_links_draws_every_paper_at_full_strength_and_fits_them_all(tmp_path: Path) -> None:
    """Nothing is linked yet, so no paper is "outside the lineage": none is faded, and the fit takes them all in."""
    from readinglist.drawing import default_focus, lineage_of

    _, target = _import("rlhf", tmp_path)
    graph = build_graph(load_library(target).entries())
    assert graph.number_of_edges() == 0
    focus = default_focus(graph)
    view = GraphView(focus=focus, related=lineage_of(graph, focus, 2))
    drawing = build_drawing(graph, node_facts(graph), view)
    assert not drawing.legend["faded"]
    drawn = {node["id"] for node in drawing.nodes}
    assert set(drawing.fit) == drawn and len(drawn) >= 30
