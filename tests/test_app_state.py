"""The app's state: session keys declared in one module, cached objects never changed, work done once per rerun."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from readinglist.graph import build_graph
from readinglist.order import reading_order
from readinglist.store import edit_library, load_library

from .conftest import ROOT
from .test_app import APP, page_test

UI = ROOT / "readinglist" / "ui"
BARE_KEY = re.compile(r"session_state(?:\[|\.(?:get|pop|setdefault)\()\s*[\"'f]")


def test_no_page_names_a_session_key_outside_the_state_module() -> None:
    bare = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(UI.glob("*.py"))
        if path.name != "state.py"
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if BARE_KEY.search(line)
    ]
    assert not bare, "\n".join(bare)


def test_the_cached_graph_is_frozen_and_pages_leave_it_as_built(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    from readinglist.ui import data

    graph = data.load_graph()
    assert nx.is_frozen(graph)
    assert set(graph.graph) <= {"section_titles"}, "a page stored something on the graph every session shares"
    with pytest.raises(TypeError):
        graph.graph["memo"] = {}  # type: ignore[index]
    app.text_input(key="find").input("GPT-3").run()  # the search index and another focus's order marks
    assert not app.exception and set(data.load_graph().graph) <= {"section_titles"}


def _order_page() -> None:
    from readinglist.ui import order_view

    order_view.page()


def test_the_order_page_orders_once_and_renders_downloads_only_when_asked(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.exporters.formats import ORDER_FORMATS, ExportFormat
    from readinglist.ui import order_view

    orders, renders = [], []
    real_order, real_render = order_view.reading_order, ExportFormat.render

    def counted_order(*args, **kwargs):  # type: ignore[no-untyped-def]
        orders.append(args)
        return real_order(*args, **kwargs)

    def counted_render(self, value, **options):  # type: ignore[no-untyped-def]
        renders.append(self.name)
        return real_render(self, value, **options)

    monkeypatch.setattr(order_view, "reading_order", counted_order)
    monkeypatch.setattr(ExportFormat, "render", counted_render)
    with edit_library(shipped_copy) as library:
        library.set_field("stiennon2020learning", "status", "read")
    app = page_test(_order_page, shipped_copy, monkeypatch)
    app.run()
    app.checkbox(key="unread").check().run()
    assert not app.exception
    assert len(orders) == 2, "one order per rerun, with or without “Unread only”"
    assert renders == [], "no download is rendered before it is clicked"
    assert len(app.get("download_button")) == len(ORDER_FORMATS)
    assert "1 of" in app.get("progress")[0].proto.text  # the progress still counts the hidden read paper


def test_unread_only_is_the_whole_order_with_read_papers_hidden(shipped_copy: Path) -> None:
    with edit_library(shipped_copy) as library:
        for key in ("stiennon2020learning", "christiano2017deep"):
            library.set_field(key, "status", "read")
    graph = build_graph(load_library(shipped_copy).resolved_entries())
    for targets in (["ouyang2022training"], []):
        direct = reading_order(graph, targets, unread_only=True)
        derived = reading_order(graph, targets).unread_only()
        assert [(i.key, i.label, i.start_here, i.reason, i.before_core) for i in derived.items] == [
            (i.key, i.label, i.start_here, i.reason, i.before_core) for i in direct.items
        ]
        assert any(i.start_here for i in derived.items)
