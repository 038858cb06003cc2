"""The app's logic through Streamlit's AppTest, on a copy of the shipped library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.store import edit_library, load_library

from .conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def app(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    return AppTest.from_file(APP, default_timeout=60)


def test_graph_page_focuses_instructgpt_and_shows_its_summary(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert app.session_state["focus"] == "ouyang2022training"
    text = " ".join(m.value for m in app.markdown)
    assert "使语言模型更大并不能从本质上使它们更好地遵循用户的意图" in text
    # the curator's comment names papers, not the list's private numbering ("0.0.2.6/7中探索的技术…")
    assert "Ziegler et al\\. 2019" in text and "0\\.0\\.2\\.6" not in text and "0.0.2.6" not in text


def test_find_box_and_filters_change_what_is_shown(app: AppTest) -> None:
    app.run()
    app.text_input(key="find").input("Toolformer").run()
    assert app.session_state["focus"] == "schick2023toolformer"
    captions = lambda: " ".join(c.value for c in app.caption)  # noqa: E731
    before = re.search(r"(\d+) papers drawn", captions())
    app.multiselect(key="sections").select("survey").run()
    after = re.search(r"(\d+) papers drawn", captions())
    assert before and after and int(after.group(1)) < int(before.group(1))
    assert not app.exception


@pytest.mark.parametrize(
    ("query", "key"),
    [("InstructGPT", "ouyang2022training"), ("2203.02155", "ouyang2022training"), ("GPT-3", "brown2020language")],
)
def test_find_box_knows_what_people_call_a_paper(app: AppTest, query: str, key: str) -> None:
    app.run()
    app.text_input(key="find").input("Toolformer").run()
    app.text_input(key="find").input(query).run()
    assert app.session_state["focus"] == key
    assert not app.exception


def test_find_box_offers_candidates(app: AppTest) -> None:
    app.run()
    app.text_input(key="find").input("Radford").run()
    picks = [b for b in app.button if b.key and b.key.startswith("pick-")]
    assert len(picks) >= 3 and app.session_state["focus"] == "ouyang2022training"
    picks[0].click().run()
    assert app.session_state["focus"] == picks[0].key.removeprefix("pick-")
    app.text_input(key="find").input("Instruct GTP").run()  # "GTP" is too short to correct: a partial match
    assert any("1 partial match (some of the words)" in c.value.replace("\\", "") for c in app.caption)
    assert app.session_state["focus"] == "ouyang2022training"  # clearly the best one


def test_find_box_is_the_ranked_search_and_focuses_the_first_with_a_lineage(app: AppTest) -> None:
    """Issue 22: 人类反馈 jumped to the isolated Knox 2013 ("0 papers of its lineage"); "reward model" found nothing."""
    app.run()
    app.text_input(key="find").input("人类反馈").run()
    picks = [b.key.removeprefix("pick-") for b in app.button if b.key and b.key.startswith("pick-")]
    assert picks[0] == "knox2013training" and len(picks) >= 5  # its papers, best first
    focus = app.session_state["focus"]
    assert focus != "knox2013training" and focus in picks[:3]  # the first of them that has a lineage
    assert "papers of its lineage" in " ".join(c.value for c in app.caption) and "and 0 papers" not in " ".join(
        c.value for c in app.caption
    )
    app.toggle(key=f"read-{focus}").set_value(True).run()  # another rerun: the list stays offered
    assert next(b.key for b in app.button if b.key and b.key.startswith("pick-")) == "pick-knox2013training"
    app.text_input(key="find").input("reward model").run()
    picks = [b.key.removeprefix("pick-") for b in app.button if b.key and b.key.startswith("pick-")]
    assert "ibarz2018reward" in picks[:3]
    assert not app.exception


def test_find_box_offers_a_family_of_common_names(app: AppTest) -> None:
    """GPT-1 is also called "GPT", but a reader typing it may mean any GPT: all are offered, not a jump."""
    app.run()
    app.text_input(key="find").input("GPT").run()
    picks = [b.key.removeprefix("pick-") for b in app.button if b.key and b.key.startswith("pick-")]
    assert picks == ["radford2018improving", "radford2019language", "brown2020language", "openai2023gpt"]
    assert app.session_state["focus"] == "ouyang2022training"  # nothing chosen yet
    label = next(b.label for b in app.button if b.key == "pick-radford2019language")
    assert label == r"GPT\-2 \(Radford et al\. 2019\)"  # Markdown-escaped; the title is its tooltip
    assert not app.exception


def test_focus_and_depth(app: AppTest) -> None:
    app.run()
    captions = lambda: " ".join(c.value for c in app.caption)  # noqa: E731
    app.slider(key="depth").set_value(1).run()
    assert "11 papers of its lineage within 1 step" in captions()  # 10 prerequisites + GPT-4
    app.slider(key="depth").set_value(3).run()
    assert "within 3 steps" in captions() and "11 papers" not in captions()


def test_related_paper_button_shows_the_paper_and_focus_is_a_separate_choice(app: AppTest) -> None:
    app.run()
    button = next(b for b in app.button if b.key == "go-Builds on / cites-lin2022truthfulqa")
    assert button.label == "TruthfulQA (builds on)"  # named as the graph names it, not "Lin et al. 2022"
    button.click().run()
    # The panel shows TruthfulQA; the graph keeps InstructGPT's lineage (and so its layout).
    assert app.session_state["selected"] == "lin2022truthfulqa"
    assert app.session_state["focus"] == "ouyang2022training"
    assert "我们提出了一个基准来衡量语言模型在生成问题答案时是否真实" in " ".join(m.value for m in app.markdown)
    app.button(key="focus-selected").click().run()
    assert app.session_state["focus"] == app.session_state["selected"] == "lin2022truthfulqa"
    assert not [b for b in app.button if b.key == "focus-selected"]  # shown only for a paper that is not the focus
    assert not app.exception


def test_read_toggle_marks_the_paper_read(app: AppTest, shipped_copy: Path) -> None:
    app.run()
    app.toggle(key="read-ouyang2022training").set_value(True).run()
    assert load_library(shipped_copy).entry("ouyang2022training").status == "read"
    assert not app.exception


def test_graph_component_sends_file_names_not_its_scripts(app: AppTest) -> None:
    """Streamlit serves the component's script and style from readinglist/static/ (declared in
    readinglist/pyproject.toml): each page message carries the graph's data and two file names, not 0.7 MB of
    vis-network."""
    app.run()
    (component,) = app.get("bidi_component")
    proto = component.proto
    assert (proto.js_source_path, proto.css_source_path) == ("component.js", "component.css")
    assert not proto.js_content and not proto.css_content
    assert proto.ByteSize() < 100_000  # the shipped library's drawing: ~54 KB of JSON


@pytest.mark.parametrize(
    "text",
    [
        "",
        "@misc{only2020one,\n  title = {Only one},\n  year = {2020},\n}\n",
        "@misc{a2020x,\n  title = {A},\n  year = {2020},\n}\n\n@misc{b2020y,\n  title = {B},\n  year = {2020},\n}\n",
        "@misc{nodate,\n  title = {No date},\n}\n",
    ],
    ids=["empty", "one paper", "one year", "no year"],
)
def test_graph_page_on_a_tiny_library(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "papers.bib"
    library.write_text(text, encoding="utf-8")
    monkeypatch.setenv("READINGLIST_LIBRARY", str(library))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    if not text:
        assert "The library is empty" in app.info[0].value
    else:
        assert any(re.search(r"\b1 paper drawn|papers drawn", c.value) for c in app.caption)


def _order_page() -> None:
    from readinglist.ui import order_view

    order_view.page()


def _papers_page() -> None:
    from readinglist.ui import papers_view

    papers_view.page()


def _add_page() -> None:
    from readinglist.ui import add_view

    add_view.page()


def _suggest_page() -> None:
    from readinglist.ui import look_up, suggest_view

    look_up.show_lookup_progress()  # as app.py does before every page
    suggest_view.page()


def shown_text(markdown: str) -> str:
    """What a reader sees of escaped Markdown (library text is shown with every punctuation escaped)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def page_test(function, library: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("READINGLIST_LIBRARY", str(library))
    return AppTest.from_function(function, default_timeout=60)


def test_order_page_downloads_hold_the_order(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_order_page, shipped_copy, monkeypatch)
    app.run()
    assert not app.exception
    buttons = {b.label: b for b in app.get("download_button")}
    assert set(buttons) == {"Markdown", "BibTeX", "CSV", "JSON", "CSL-JSON"}
    checkbox = app.checkbox(key="read-ouyang2022training")
    checkbox.check().run()
    assert load_library(shipped_copy).entry("ouyang2022training").status == "read"


def test_hostile_title_is_shown_as_text(app: AppTest, shipped_copy: Path) -> None:
    with edit_library(shipped_copy) as library:
        library.set_field("ouyang2022training", "title_zh", "<img src=x onerror=alert(1)>")
    app.run()
    assert not app.exception
    shown = [m.value for m in app.markdown if "img" in m.value]
    assert shown and all(not re.search(r"(?<!\\)<", value) for value in shown)  # every '<' is escaped


def test_papers_page_filters_the_table(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = page_test(_papers_page, shipped_copy, monkeypatch)
    app.run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 54  # papers only by default (not the blog posts, software, resources)
    app.text_input(key="papers_query").input("摘要生成").run()
    assert list(app.dataframe[0].value["key"]) == ["stiennon2020learning"]


def test_add_page_refuses_a_bad_id_before_any_request(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = shipped_copy.read_bytes()
    app = page_test(_add_page, shipped_copy, monkeypatch)
    app.run()
    app.text_area(key="add_ids").input("2203.02155 not-an-id")
    next(b for b in app.button if b.label == "Add").click().run()
    assert [shown_text(e.value) for e in app.error] == [
        "'not-an-id' is not an arXiv id (2203.02155, hep-th/9901001, an arxiv.org URL), a DOI (10.x/...) or a "
        "Semantic Scholar id; check what you pasted"
    ]
    assert shipped_copy.read_bytes() == before


def test_add_page_without_network_says_so(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    monkeypatch.setenv("READINGLIST_S2_API_URL", closed)
    monkeypatch.setenv("READINGLIST_ARXIV_API_URL", closed + "/api/query")
    before = shipped_copy.read_bytes()
    app = page_test(_add_page, shipped_copy, monkeypatch)
    app.run()
    app.text_area(key="add_ids").input("1605.08386")
    next(b for b in app.button if b.label == "Add").click().run()
    assert app.error and shown_text(app.error[0].value).startswith("No network: cannot reach 127.0.0.1")
    assert "--" not in app.error[0].value  # no command-line flags in the app
    assert shipped_copy.read_bytes() == before


def test_suggestions_page_with_an_empty_cache(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("READINGLIST_CACHE_DIR", str(tmp_path / "empty-cache"))
    app = page_test(_suggest_page, shipped_copy, monkeypatch)
    app.run()
    assert not app.exception and "No citation data cached yet" in app.info[0].value


def test_detail_panel_quotes_citation_contexts(enriched: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINGLIST_LIBRARY", str(enriched))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    captions = [c.value for c in app.caption]
    quote = "methodology ★: “\\(synthetic context for the test\\) We follow the method of \\[Stiennon et al\\."
    assert any(c.startswith(quote) for c in captions), captions
    app.toggle(key="hide_background").set_value(True).run()
    assert not app.exception


def test_an_entry_that_cannot_be_read_is_named_on_the_page(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = shipped_copy.read_text(encoding="utf-8")
    shipped_copy.write_text(text + "\n@misc{broken2024,\n  title = {An unclosed {brace},\n", encoding="utf-8")
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    warning = " ".join(w.value for w in app.warning)
    assert "1 entry of the library could not be read" in warning and "broken2024" in warning
    assert shipped_copy.read_text(encoding="utf-8").endswith("{brace},\n")  # the file keeps it
