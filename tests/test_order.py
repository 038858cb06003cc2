"""Reading orders a student trusts: tiers, a budget that keeps what matters, plain reasons (issue 10's checks)."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from readinglist.exporters.order_formats import render_order
from readinglist.graph import build_graph
from readinglist.models import Entry
from readinglist.order import ReadingOrder, reading_order
from readinglist.store import edit_library, load_library

from .conftest import SHIPPED, examples

INSTRUCT = "ouyang2022training"
LIST_NUMBER = re.compile(r"\d+\.\d+\.\d+")
INSTRUCT_LABELS = [str(n) for n in range(1, 12)] + ["B1"] + [f"F{n}" for n in range(1, 7)]  # core 1..11, B1, F1..F6


@pytest.fixture(scope="module")
def shipped() -> nx.DiGraph:
    return build_graph(load_library(SHIPPED).entries())


def tiers(order: ReadingOrder) -> dict[str, str]:
    return {item.key: item.tier for item in order.items}


def assert_respects_edges(graph: nx.DiGraph, order: ReadingOrder) -> None:
    """Every prerequisite edge between two papers of the order, not set aside by a cycle, points forward."""
    position = {item.key: n for n, item in enumerate(order.items)}
    aside = set(order.set_aside)
    for before, after in graph.edges():
        if before in position and after in position and (before, after) not in aside:
            assert position[before] < position[after], (before, after)


def test_instructgpt_core_is_the_spine(shipped: nx.DiGraph) -> None:
    order = reading_order(shipped, [INSTRUCT])
    tier = tiers(order)
    spine = ("christiano2017deep", "ziegler2019fine", "stiennon2020learning", "brown2020language", "lin2022truthfulqa")
    assert all(tier[key] == "core" for key in (*spine, INSTRUCT))
    assert tier["akrour2012april"] != "core" and tier["wilson2012bayesian"] != "core"
    assert tier["irving2018ai"] == "background"  # cited by InstructGPT only
    starts = [item.key for item in order.items if item.start_here]
    assert starts == ["christiano2017deep"]  # the first core paper
    assert next(item for item in order.items if item.tier == "core").key == "christiano2017deep"
    assert_respects_edges(shipped, order)


def test_budget_of_five_keeps_the_curated_prerequisites_and_one_more_core_paper(shipped: nx.DiGraph) -> None:
    order = reading_order(shipped, [INSTRUCT], max_items=5)
    kept = {item.key for item in order.items} - {INSTRUCT}
    curated = {"ziegler2019fine", "stiennon2020learning", "brown2020language", "lin2022truthfulqa"}
    assert curated < kept and len(kept) == 5
    # The fifth: Christiano 2017, on the list's curated lineage (the blog "促成了0.0.2.3的尝试" leads to it; InstructGPT
    # and Stiennon 2020 cite it), over GPT-2, which no curated link names though four kept papers cite it.
    assert kept - curated == {"christiano2017deep"}
    assert len(order.left_out) == 17 - 5
    summary = order.left_out_summary()
    assert summary.startswith("12 more left out by the budget: ") and "APRIL" in summary and "further" in summary
    assert_respects_edges(shipped, order)


def test_reasons_name_papers_never_the_list_numbering(shipped: nx.DiGraph) -> None:
    sections = sorted({s for _, e in shipped.nodes(data="entry") for s in e.list_field("section")})
    orders = [reading_order(shipped, [INSTRUCT]), reading_order(shipped)]
    orders += [reading_order(shipped, sections=[s]) for s in sections]
    for order in orders:
        for item in order.items:
            assert not LIST_NUMBER.search(item.reason), item.reason
            assert not LIST_NUMBER.search(item.reason_zh), item.reason_zh
            assert item.reason and item.reason_zh
        assert_respects_edges(shipped, order)
    reasons = {item.key: item for item in orders[0].items}
    assert reasons["lin2022truthfulqa"].reason == "InstructGPT builds on it: “directly lead to InstructGPT”"
    english = "InstructGPT 建立在它之上，列表原话（英文）：“directly lead to InstructGPT”"
    assert reasons["lin2022truthfulqa"].reason_zh == english
    assert "Ziegler et al. 2019 / Stiennon et al. 2020 中探索的技术" in reasons["brown2020language"].reason_zh
    # One note of the list for three prerequisites: each reason says which others it names, and that it is Chinese.
    three = ("ziegler2019fine", "stiennon2020learning", "brown2020language")
    assert len({reasons[key].reason for key in three}) == 3
    assert reasons["brown2020language"].reason.startswith(
        "InstructGPT builds on it and on Ziegler et al. 2019 and Stiennon et al. 2020; the list's note, in Chinese: “"
    )
    assert reasons["ziegler2019fine"].reason_zh.startswith("InstructGPT 建立在它及 Stiennon et al. 2020、GPT-3 之上：“")
    efficient = reasons["efficient2015feedback"].reason_zh
    assert "促成了 Christiano et al. 2017 的尝试" in efficient  # "促成了0.0.2.3 的尝试" in the list's words
    assert reasons["christiano2017deep"].reason == "cited by InstructGPT, Ibarz et al. 2018 and Stiennon et al. 2020"
    assert reasons["radford2019language"].reason_zh == "被 InstructGPT、Stiennon et al. 2020、GPT-3 等 6 篇 引用"
    assert "0.0.2.9" in load_library(SHIPPED).entry("lin2022truthfulqa").get("note_zh")  # the entry keeps its words


def test_without_a_target_the_list_starts_from_its_blog_post(shipped: nx.DiGraph) -> None:
    order = reading_order(shipped)
    first = order.items[[item.start_here for item in order.items].index(True)]
    assert (first.key, first.label) == ("efficient2015feedback", "1")  # the list: 0.0.2.1 "Start from this blog!"
    md = render_order(order, "md")
    assert "Start here: 1. Efficient feedback (blog post, 2015)." in md
    assert "- [ ] 1. **Efficient feedback** — blog post, 2015 · [link](" in md
    core = order.in_tier("core")
    assert [item.tier_position for _, item in core] == list(range(1, len(core) + 1))
    for _, item in order.in_tier("further") + order.in_tier("background"):
        if item.before_core is not None:  # the core paper named comes after it in the order
            assert order.items.index(item) < core[item.before_core - 1][0] - 1


def test_ticking_a_paper_never_renumbers_the_others() -> None:
    graph = build_graph(load_library(SHIPPED).entries())  # a graph of its own: this test marks a paper read
    whole = {item.key: item.label for item in reading_order(graph, [INSTRUCT]).items}
    graph.nodes["christiano2017deep"]["entry"].fields["status"] = "read"
    unread = reading_order(graph, [INSTRUCT], unread_only=True)
    del whole["christiano2017deep"]
    assert {item.key: item.label for item in unread.items} == whole
    start = next(item for item in unread.items if item.start_here)
    assert (start.label, start.key) == ("2", "radford2018improving")  # the first unread core paper
    md = render_order(unread, "md")
    assert "Start here: 2. GPT-1." in md and "Read the core in order, 1 to 11" in md
    assert "`akrour2012april` · before core 1 (Christiano et al. 2017)" in md  # read, hidden, still named


def test_cycle_is_told_in_plain_words(shipped: nx.DiGraph) -> None:
    order = reading_order(shipped, [INSTRUCT])
    assert order.cycle_notes == [
        "InstructGPT and TruthfulQA cite each other (preprints); TruthfulQA is read first as it appeared first"
    ]


def test_formats_carry_tiers_and_both_reasons(shipped: nx.DiGraph) -> None:
    order = reading_order(shipped, [INSTRUCT])
    records = json.loads(render_order(order, "json"))
    assert [(r["key"], r["tier"]) for r in records] == [(i.key, i.tier) for i in order.items]
    assert all(r["reason_zh"] for r in records)
    rows = list(csv.DictReader(io.StringIO(render_order(order, "csv"))))
    assert rows[0]["tier"] == records[0]["tier"] and rows[0]["reason_zh"] == records[0]["reason_zh"]
    assert [(r["label"], r["tier_position"], r["before_core"]) for r in records if r["key"] == "irving2018ai"] == [
        ("B1", 1, 11)
    ]
    assert [r["position"] for r in records] == list(range(1, 19))  # the global position stays for tools
    assert rows[0]["label"] == "F1" and rows[0]["before_core"] == "1" and rows[0]["position"] == "1"
    md = render_order(order, "md")
    core, background, further = (md.index(f"\n## {name}") for name in ("Core", "Background", "Further"))
    assert core < background < further
    assert "Start here: 1. Christiano et al. 2017." in md
    assert "Read the core in order, 1 to 11" in md
    assert "\n- [ ] 1. **Deep Reinforcement Learning" in md and "`christiano2017deep` · **start here**" in md
    assert re.findall(r"\n- \[ \] (\w+)\.", md) == INSTRUCT_LABELS
    assert "`irving2018ai` · before core 11 (InstructGPT)" in md[background:further]
    assert "`akrour2012april` · before core 1 (Christiano et al. 2017)" in md[further:]
    assert "\n- [ ] 11. **Training language models" in md
    budgeted = render_order(reading_order(shipped, [INSTRUCT], max_items=5), "md")
    assert "12 more left out by the budget" in budgeted


def test_order_is_deterministic_across_processes(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outputs = []
    for seed in ("1", "2"):
        result = run_cli("--library", str(SHIPPED), "order", "--target", "InstructGPT", env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    budget = run_cli("--library", str(SHIPPED), "order", "--target", "InstructGPT", "--max", "5", "--format", "csv")
    assert "note: 12 more left out by the budget" in budget.stderr
    assert "InstructGPT and TruthfulQA cite each other" in budget.stderr


def test_cli_order_takes_targets_as_arguments_and_a_budget_of_papers_in_all(run_cli) -> None:  # type: ignore[no-untyped-def]
    """Issue 22: `order InstructGPT` was refused; a budget of 5 gave 6 papers; "Budget" was `--max` in the CLI."""
    library = ("--library", str(SHIPPED))
    five = run_cli(*library, "order", "InstructGPT", "--budget", "5", "--format", "csv")
    assert five.returncode == 0, five.stderr
    assert len(five.stdout.strip().splitlines()) == 1 + 5  # header + five papers, InstructGPT included
    assert "13 more left out by the budget" in five.stderr
    both = run_cli(*library, "order", "InstructGPT", "--target", "GPT-3", "--format", "json")
    again = run_cli(*library, "order", "--target", "InstructGPT", "--target", "GPT-3", "--format", "json")
    assert both.returncode == 0 and both.stdout == again.stdout
    assert (
        run_cli(*library, "order", "InstructGPT", "--budget", "0").stdout
        == run_cli(*library, "order", "InstructGPT").stdout
    )
    assert "--budget N" in run_cli("order", "--help").stdout


def synthetic_library(n: int = 2000, seed: int = 7) -> nx.DiGraph:
    """Papers dated in key order; half build on one or two recent papers; most cite a few older ones, 1% a newer."""
    rng = random.Random(seed)
    entries = []
    for i in range(n):
        fields = {"title": f"Paper {i}", "author": f"Author{i}, A.", "year": str(2000 + i // 84)}
        fields["month"] = str((i % 84) // 7 + 1)
        if i and rng.random() < 0.5:
            fields["builds_on"] = ", ".join(f"p{j:04d}" for j in {rng.randrange(max(0, i - 50), i) for _ in range(2)})
        cites = {rng.randrange(0, i) for _ in range(rng.randrange(0, 9))} if i else set()
        if rng.random() < 0.01:
            cites.add(rng.randrange(i, n))
        fields["cites"] = ", ".join(f"p{j:04d}" for j in sorted(cites))
        entries.append(Entry(f"p{i:04d}", "misc", fields))
    return build_graph(entries)


SYNTHETIC = synthetic_library()


@settings(max_examples=examples(60), deadline=None)
@given(target=st.integers(1000, 1999), room=st.integers(0, 40))
def test_budget_never_drops_a_direct_curated_prerequisite_for_a_distant_one(target: int, room: int) -> None:
    key = f"p{target:04d}"
    order = reading_order(SYNTHETIC, [key], max_items=room)
    kept = {item.key for item in order.items} - {key}
    direct = {p for p in SYNTHETIC.predecessors(key) if "builds_on" in SYNTHETIC.edges[p, key]["kinds"]}
    if direct - kept:
        assert kept <= direct, (sorted(direct - kept), sorted(kept - direct))
    assert len(kept) == min(room, len(nx.ancestors(SYNTHETIC, key)))
    dag = SYNTHETIC.subgraph(nx.ancestors(SYNTHETIC, key) | {key}).copy()
    dag.remove_edges_from(order.set_aside)
    position = {item.key: n for n, item in enumerate(order.items)}
    for before in position:  # "A before C" holds even when the B in between was dropped
        assert all(position[before] < position[after] for after in nx.descendants(dag, before) & position.keys())


def test_synthetic_orders_respect_every_edge_and_have_every_tier() -> None:
    whole = reading_order(SYNTHETIC)
    assert len(whole.items) == 2000 and whole.set_aside
    assert_respects_edges(SYNTHETIC, whole)
    seen = set()
    for target in range(1990, 2000):
        deep = reading_order(SYNTHETIC, [f"p{target}"])
        assert_respects_edges(SYNTHETIC, deep)
        seen |= {item.tier for item in deep.items}
    assert seen == {"core", "background", "further"}


def _order_page() -> None:
    from readinglist.ui import order_view

    order_view.page()


def test_order_page_shows_tiers_progress_and_linked_titles(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with edit_library(shipped_copy) as library:
        library.set_field("christiano2017deep", "status", "read")
        library.set_field("ziegler2019fine", "title", "Evil ![x](http://example.com/x.png) <img src=x>")
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    app = AppTest.from_function(_order_page, default_timeout=60)
    app.run()
    assert not app.exception
    assert [h.value for h in app.subheader] == ["Core · 核心 (11)", "Background · 背景 (1)", "Further · 延伸 (6)"]
    assert app.get("progress")[0].proto.text == "1 of 18 read"
    titles = [m.value for m in app.markdown if re.match(r"[BF]?\d+\\\.", m.value)]
    assert titles[0].startswith("1\\. **[Deep Reinforcement Learning from Human Preferences](https://arxiv.org/abs/")
    assert titles[0].endswith(":green-badge[start here]")
    assert [t.split("\\.")[0] for t in titles] == INSTRUCT_LABELS
    assert titles[11].endswith(r":gray-badge[before core 11 \(InstructGPT\)]")
    shown = [c.value.replace("\\", "") for c in app.caption]  # as rendered: without Markdown's escapes
    assert any(c.startswith("Start here: 1. Christiano et al. 2017. Read the core in order") for c in shown)
    evil = next(t for t in titles if "Evil" in t)
    assert "!\\[x\\]" in evil and "\\<img" in evil and "](http://example" not in evil
    app.checkbox(key="read-ziegler2019fine").check().run()
    assert load_library(shipped_copy).entry("ziegler2019fine").status == "read"
    assert app.get("progress")[0].proto.text == "2 of 18 read"
    app.number_input(key="budget").set_value(5).run()  # five papers in all, InstructGPT included (was six)
    assert "13 more left out by the budget" in " ".join(c.value for c in app.caption)
    assert len([m for m in app.markdown if re.match(r"[BF]?\d+\\\.", m.value)]) == 5


def test_order_targets_are_found_by_the_one_search(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Words the Targets box does not list go to the search: papers only, unless no paper matches."""
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    app = AppTest.from_function(_order_page, default_timeout=60)
    app.run()
    targets = app.multiselect(key="targets")
    assert targets.options == ["InstructGPT — Ouyang et al. 2022"]  # only the chosen: typed words go to the search
    targets.set_value(["ouyang2022training", "Christiano 2017"]).run()
    assert app.multiselect(key="targets").value == ["ouyang2022training", "christiano2017deep"]
    assert any(c.value.startswith("Christiano 2017 → Christiano et al") for c in app.caption)
    app.multiselect(key="targets").set_value(["christiano2017deep", "人类反馈"]).run()
    assert app.multiselect(key="targets").value == ["christiano2017deep", "knox2013training"]
    app.multiselect(key="targets").set_value(["39Health-KG"]).run()  # a resource: found when no paper matches
    assert app.multiselect(key="targets").value == ["39healthkg"]
    assert not app.exception


def test_everything_read_says_so() -> None:
    graph = build_graph([Entry("a", "misc", {"status": "read", "year": "2020"}), Entry("b", "misc", {"cites": "a"})])
    order = reading_order(graph, ["b"], unread_only=True)
    assert [i.key for i in order.items] == ["b"] and order.items[0].start_here
    graph.nodes["b"]["entry"].fields["status"] = "read"
    done = render_order(reading_order(graph, ["b"], unread_only=True), "md")
    assert "Nothing left to read: every paper of this order is marked read." in done


def test_an_author_named_like_a_month_is_not_read_as_a_date() -> None:
    """Issue 22: the graph labelled Oded Nov's paper "Nov 2023", which reads as November 2023."""
    from readinglist.paper import paper_of

    entry = load_library(SHIPPED).entry("nov2023putting")
    assert paper_of(entry).tag == paper_of(entry).label == "Nov et al. 2023"
    assert paper_of(Entry("o2022", "misc", {"author": "Long Ouyang", "year": "2022"})).tag == "Ouyang 2022"


def test_order_on_a_terminal_is_drawn_markdown_with_each_note_once(shipped_copy: Path) -> None:
    """A person at a terminal reads the order drawn (no `**` or `- [ ]` markup) and each note once, not again on
    stderr; piped, the Markdown is printed as it is (covered by the export tests)."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}
    command = [sys.executable, "-m", "readinglist", "--library", str(shipped_copy), "order", "InstructGPT"]
    process = subprocess.run(
        [*command, "--budget", "5"], stdin=follower, stdout=follower, stderr=follower, env=env, timeout=120
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert process.returncode == 0
    assert "Reading order for InstructGPT" in shown and "**" not in shown and "# Reading order" not in shown
    assert shown.count("Citation cycles") == 1 and "note:" not in shown
