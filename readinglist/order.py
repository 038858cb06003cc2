"""Reading orders: every paper after its prerequisites, in tiers, each with its reason in plain words (pure).

Tiers: *core* is the curated lineage that leads to the targets (what they build on, as the list says) plus
the papers that lineage cites most strongly (influential or methodological citations once enriched, else
cited by two or more of it); *background* is the other papers the targets and their lineage cite directly;
*further* is everything reached only through other prerequisites.

>>> from readinglist.graph import build_graph
>>> g = build_graph([Entry("a", "misc", {"year": "2015"}),
...                  Entry("b", "misc", {"year": "2016", "cites": "a"}),
...                  Entry("c", "misc", {"year": "2017", "aka": "C-Net", "seed_id": "1.2.3"}),
...                  Entry("t", "misc", {"year": "2020", "builds_on": "c", "builds_on_note": "c: 1.2.3的方法",
...                                      "cites": "b"})])
>>> for item in reading_order(g, ["t"]).items:
...     print(item.key, item.tier, "|", item.reason, "|", item.reason_zh)
a further | cited by b 2016 | 被 b 2016 引用
b background | cited by t 2020 | 被 t 2020 引用
c core | t 2020 builds on it: “C-Net 的方法” | t 2020 建立在它之上：“C-Net 的方法”
t core | your target | 你的目标
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from .citations import shorten
from .graph import entry_of, paused_gc, sort_date
from .models import Entry

TIERS = ("core", "background", "further")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
MAX_CYCLE_NOTES = 20
INTENTS_ZH = {"methodology": "方法", "background": "背景", "result": "结果"}
_LIST_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+){2,})((?:/\d+)*)(?![\d.]*\d)")


@dataclass
class OrderItem:
    key: str
    entry: Entry
    tier: str
    reason: str = ""
    reason_zh: str = ""
    start_here: bool = False


@dataclass
class ReadingOrder:
    items: list[OrderItem]
    set_aside: list[tuple[str, str]]  # cycle edges (prerequisite, dependent) ignored, each back in time
    targets: list[str]
    left_out: list[OrderItem] = field(default_factory=list)  # dropped by the budget, in reading order
    cycle_notes: list[str] = field(default_factory=list)  # each set-aside cycle in plain words
    target_names: list[str] = field(default_factory=list)

    def in_tier(self, tier: str) -> list[tuple[int, OrderItem]]:
        """(position in the order, item) of one tier's papers, in reading order."""
        return [(n, item) for n, item in enumerate(self.items, start=1) if item.tier == tier]

    def left_out_summary(self) -> str:
        """`12 more left out by the budget: 3 core (…), 9 further (…)`, or '' when nothing was."""
        if not self.left_out:
            return ""
        parts = []
        for tier in TIERS:
            names = [short_name(i.entry) for i in self.left_out if i.tier == tier]
            if names:
                parts.append(f"{len(names)} {tier} ({', '.join(names)})")
        return f"{len(self.left_out)} more left out by the budget: " + "; ".join(parts)


def short_name(entry: Entry) -> str:
    """What people call a paper: its first common name (`aka`), else `Author et al. YEAR`."""
    aka = entry.list_field("aka")
    return aka[0] if aka else entry.short_label


def select_keys(graph: nx.DiGraph, targets: list[str], sections: list[str]) -> set[str]:
    """Targets plus everything they transitively build on or cite; else the sections; else everything."""
    if targets:
        keys = set(targets)
        for target in targets:
            keys |= nx.ancestors(graph, target)
        return keys
    if sections:
        return {k for k, entry in graph.nodes(data="entry") if set(entry.list_field("section")) & set(sections)}
    return {k for k, entry in graph.nodes(data="entry") if not entry.is_resource}  # papers and posts, not datasets


def reading_order(
    graph: nx.DiGraph,
    targets: list[str] | None = None,
    sections: list[str] | None = None,
    unread_only: bool = False,
    max_items: int | None = None,
) -> ReadingOrder:
    """Order the chosen papers so each comes after its prerequisites; deterministic on every run.

    Ties go to the earlier date, then to the paper more papers in the order depend on directly, then to the key.
    `max_items` keeps the targets and that many prerequisites, most important first (see `budget`).
    """
    with paused_gc():
        return _reading_order(graph, list(dict.fromkeys(targets or [])), sections or [], unread_only, max_items)


def _reading_order(
    graph: nx.DiGraph, targets: list[str], sections: list[str], unread_only: bool, max_items: int | None
) -> ReadingOrder:
    selection = _Selection(graph, select_keys(graph, targets, sections))
    order = selection.topological_order()
    tiers = classify(selection, targets)
    kept = set(order) if max_items is None else budget(selection, targets, tiers, max_items)
    namer = PaperNames(graph)
    target_set = set(targets)
    ranked = sorted(selection.nodes, key=lambda k: (k not in target_set, TIER_RANK[tiers[k]], selection.dates[k], k))
    base_rank = {k: n for n, k in enumerate(ranked)}  # targets, then by tier, date and key, as one integer
    items, left_out = [], []
    for key in order:
        entry = graph._node[key]["entry"]
        if key not in kept:
            left_out.append(OrderItem(key, entry, tiers[key]))
        elif not (unread_only and entry.status == "read"):
            reason, reason_zh = _reasons(selection, key, targets, kept, base_rank, namer, bool(sections))
            items.append(OrderItem(key, entry, tiers[key], reason, reason_zh))
    first_core = next((item for item in items if item.tier == "core"), None)
    if first_core:
        first_core.start_here = True
    notes = [cycle_note(graph, source, dependent) for source, dependent in selection.set_aside[:MAX_CYCLE_NOTES]]
    if len(selection.set_aside) > MAX_CYCLE_NOTES:
        notes.append(f"{len(selection.set_aside) - MAX_CYCLE_NOTES} more citation cycles broken by date the same way")
    names = [short_name(entry_of(graph, t)) for t in targets]
    return ReadingOrder(items, selection.set_aside, targets, left_out, notes, names)


class _Selection:
    """The chosen papers' edges as plain adjacency lists (no graph copies), cycles set aside by date."""

    def __init__(self, graph: nx.DiGraph, keys: set[str]) -> None:
        self.graph = graph
        self.nodes = [k for k in graph if k in keys] if len(keys) < len(graph) else list(graph)
        whole = len(self.nodes) == len(graph)
        succ, pred = graph._succ, graph._pred  # plain dicts: networkx's views cost a Python call per step
        if whole:
            self.succ = {k: list(succ[k]) for k in self.nodes}
            self.pred = {k: list(pred[k]) for k in self.nodes}
        else:
            self.succ = {k: [s for s in succ[k] if s in keys] for k in self.nodes}
            self.pred = {k: [p for p in pred[k] if p in keys] for k in self.nodes}
        node = graph._node
        self.dates = {k: sort_date(node[k]["entry"]) for k in self.nodes}
        self.set_aside: list[tuple[str, str]] = []

    def edge(self, prerequisite: str, dependent: str) -> dict:
        return self.graph._succ[prerequisite][dependent]

    def out_edges(self, key: str) -> dict[str, dict]:
        """Dependent -> edge data, as networkx stores it: its public view costs a Python call per lookup."""
        return self.graph._succ[key]

    def topological_order(self) -> list[str]:
        """Kahn's algorithm with a heap on (date, -direct dependents, key), after cycles are broken."""
        stuck = self._unplaceable()
        if stuck:
            self._break_cycles(stuck)
        waiting = {k: len(p) for k, p in self.pred.items()}
        heap = [(*self.dates[k], -len(self.succ[k]), k) for k, n in waiting.items() if n == 0]
        heapq.heapify(heap)
        order = []
        while heap:
            key = heapq.heappop(heap)[-1]
            order.append(key)
            for later in self.succ[key]:
                waiting[later] -= 1
                if waiting[later] == 0:
                    heapq.heappush(heap, (*self.dates[later], -len(self.succ[later]), later))
        return order

    def _unplaceable(self) -> set[str]:
        """The papers on or after a citation cycle: what Kahn's algorithm cannot place (a quick pass, no heap)."""
        waiting = {k: len(p) for k, p in self.pred.items()}
        ready = [k for k, n in waiting.items() if n == 0]
        placed = 0
        while ready:
            key = ready.pop()
            placed += 1
            for later in self.succ[key]:
                waiting[later] -= 1
                if waiting[later] == 0:
                    ready.append(later)
        return {k for k, n in waiting.items() if n} if placed < len(self.nodes) else set()

    def _break_cycles(self, stuck: set[str]) -> None:
        """Inside each cycle, set aside every edge whose prerequisite is dated (or keyed) after its dependent.

        When most papers are stuck, Tarjan's algorithm runs on all of them rather than on a filtered copy."""
        later = (
            self.succ
            if len(stuck) * 2 > len(self.nodes)
            else {k: [s for s in self.succ[k] if s in stuck] for k in stuck}
        )
        removed = []
        for component in strong_components(later):
            if len(component) < 2:
                continue
            rank = {key: (self.dates[key], key) for key in component}
            removed += [(a, b) for a in component for b in later[a] if b in component and rank[a] > rank[b]]
        removed.sort()
        for prerequisite, dependent in removed:
            self.succ[prerequisite].remove(dependent)
            self.pred[dependent].remove(prerequisite)
        self.set_aside = removed


def strong_components(succ: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components, iteratively, on plain adjacency lists.

    >>> sorted(map(sorted, strong_components({"a": ["b"], "b": ["a", "c"], "c": []})))
    [['a', 'b'], ['c']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    push, pop = stack.append, stack.pop
    for root in succ:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                push(node)
                on_stack.add(node)
            after = succ[node]
            lowest = low[node]
            for i in range(i, len(after)):  # noqa: B020 (resuming where the child was entered)
                nxt = after[i]
                if nxt not in index:
                    low[node] = lowest
                    work.append((node, i + 1))
                    work.append((nxt, 0))
                    break
                if nxt in on_stack and index[nxt] < lowest:
                    lowest = index[nxt]
            else:
                low[node] = lowest
                if lowest == index[node]:
                    component = set()
                    while True:
                        member = pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
                if work:
                    parent = work[-1][0]
                    if lowest < low[parent]:
                        low[parent] = lowest
    return components


def _builds_on(selection: _Selection, prerequisite: str, dependent: str) -> bool:
    return "builds_on" in selection.edge(prerequisite, dependent)["kinds"]


def curated_lineage(selection: _Selection, targets: list[str]) -> list[list[str]]:
    """The targets' curated prerequisites by distance: [direct ones, their curated prerequisites, …]."""
    seen = set(targets)
    layers, level = [], list(targets)
    while level:
        level = [
            p
            for c in level
            for p in selection.pred[c]
            if p not in seen and _builds_on(selection, p, c) and not seen.add(p)  # type: ignore[func-returns-value]
        ]
        if level:
            layers.append(level)
    return layers


def classify(selection: _Selection, targets: list[str]) -> dict[str, str]:
    """Each paper's tier: core, background or further (see the module docstring)."""
    if targets:
        chain = set(targets).union(*curated_lineage(selection, targets))
    else:
        chain = set()
        for key in selection.nodes:
            for dependent, data in selection.out_edges(key).items():
                if "builds_on" in data["kinds"] and dependent in selection.succ:
                    chain.add(key)
                    chain.add(dependent)
    if not chain:
        return dict.fromkeys(selection.nodes, "core")  # no curated lineage: nothing to tell apart
    citers: Counter[str] = Counter()
    strong, known = set(), set()
    into = selection.graph._pred
    for dependent in chain:
        edges_in = into[dependent]
        for p in selection.pred[dependent]:
            if p in chain:
                continue
            citers[p] += 1
            context = edges_in[p].get("context")
            if context is not None:
                known.add(p)
                if context.influential or "methodology" in context.intents:
                    strong.add(p)
    core = chain | strong | {p for p, n in citers.items() if n >= 2 and p not in known}
    return {k: "core" if k in core else "background" if k in citers else "further" for k in selection.nodes}


def budget(selection: _Selection, targets: list[str], tiers: dict[str, str], max_items: int) -> set[str]:
    """The targets and `max_items` prerequisites, by importance to the targets.

    Curated prerequisites first, nearest first; then, one at a time, the paper the kept ones depend on most:
    influential and methodological citations into the kept papers, then how many kept papers cite it, then
    its tier and citation count. So a distant ancestor is never kept while a direct curated prerequisite is
    dropped. Without targets: core first, then the papers most others depend on.
    """
    room = max(0, max_items)
    if not targets:
        ranked = sorted(selection.nodes, key=lambda k: (TIER_RANK[tiers[k]], -len(selection.succ[k]), k))
        return set(ranked[:room])
    kept = set(targets)
    for layer in curated_lineage(selection, targets):
        layer.sort(key=lambda k: (-sum(s in kept for s in selection.succ[k]), -citation_weight(selection, k), k))
        for key in layer[:room]:
            kept.add(key)
        room -= min(room, len(layer))
    heap: list[tuple] = []

    def push(key: str) -> None:
        heapq.heappush(heap, (_importance(selection, key, kept, tiers), key))

    for key in {p for k in kept for p in selection.pred[k] if p not in kept}:
        push(key)
    while room and heap:
        score, key = heapq.heappop(heap)
        if key in kept or score != _importance(selection, key, kept, tiers):
            continue  # taken already, or a stale score
        kept.add(key)
        room -= 1
        for p in selection.pred[key]:
            if p not in kept:
                push(p)
    return kept


def _importance(selection: _Selection, key: str, kept: set[str], tiers: dict[str, str]) -> tuple:
    """Smaller is more important (for a min-heap)."""
    influential = methodological = citing = 0
    for dependent in selection.succ[key]:
        if dependent in kept:
            citing += 1
            context = selection.edge(key, dependent).get("context")
            if context is not None:
                influential += context.influential
                methodological += "methodology" in context.intents
    date = selection.dates[key]
    return (-influential, -methodological, -citing, TIER_RANK[tiers[key]], -citation_weight(selection, key), date)


def citation_weight(selection: _Selection, key: str) -> int:
    """Global citation count when enriched, else how many chosen papers it is linked to."""
    count = entry_of(selection.graph, key).get("citationcount")
    return int(count) if count.isdigit() else len(selection.pred[key]) + len(selection.succ[key])


class PaperNames:
    """Short names of papers, and the list's private numbering ("0.0.2.3") rewritten to them."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self.graph = graph
        self.names: dict[str, str] = {}
        self._by_seed: dict[str, str] | None = None

    def __call__(self, key: str) -> str:
        if key not in self.names:
            self.names[key] = short_name(self.graph._node[key]["entry"])
        return self.names[key]

    def rewrite(self, text: str) -> str:
        """`促成了0.0.2.3 的尝试` -> `促成了 Christiano et al. 2017 的尝试`; `0.0.2.6/7` names both papers."""
        if not _LIST_NUMBER.search(text):
            return text
        if self._by_seed is None:
            self._by_seed = {
                seed: key for key, entry in self.graph.nodes(data="entry") for seed in entry.list_field("seed_id")
            }
        by_seed = self._by_seed

        def replace(match: re.Match[str]) -> str:
            first = match.group(1)
            stem = first.rsplit(".", 1)[0]
            numbers = [first] + [f"{stem}.{n}" for n in match.group(2).split("/") if n]
            names = [self(by_seed[n]) if n in by_seed else "another item of the list" for n in numbers]
            return " " + " / ".join(dict.fromkeys(names)) + " "

        text = _LIST_NUMBER.sub(replace, text)
        return re.sub(r"\s+([，。！？；：,.!?;:)）])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


def _join(names: list[str], more: int = 0, zh: bool = False) -> str:
    """`A, B and 3 more` / `A、B 等 5 篇`."""
    if zh:
        return "、".join(names) + (f" 等 {len(names) + more} 篇" if more else "")
    if more:
        return ", ".join(names) + f" and {more} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _ranked_dependents(selection: _Selection, key: str, kept: set[str], base_rank: dict[str, int]) -> list[str]:
    """The papers that need `key`, the one its reason should speak of first: kept ones, curated lineage,
    quoted citations, targets, then by tier, date and key."""
    out = selection.out_edges(key)
    telling: list[str] = []
    rest: list[str] = []
    for dependent in selection.succ[key]:
        data = out[dependent]
        context = data.get("context")
        (telling if "builds_on" in data["kinds"] or (context is not None and context.contexts) else rest).append(
            dependent
        )
    if telling:
        telling.sort(key=lambda d: ("builds_on" not in out[d]["kinds"], base_rank[d]))
    rest.sort(key=base_rank.__getitem__)
    ranked = telling + rest
    if len(kept) < len(selection.nodes):
        ranked.sort(key=lambda d: d not in kept)  # stable: the kept ones first, each group in its order
    return ranked


def _reasons(
    selection: _Selection,
    key: str,
    targets: list[str],
    kept: set[str],
    base_rank: dict[str, int],
    name: PaperNames,
    by_section: bool,
) -> tuple[str, str]:
    """What the paper gives the papers that need it: a citation context, the curated note, 重点, or who cites it."""
    targets_set = set(targets)
    out = selection.out_edges(key)
    dependents = _ranked_dependents(selection, key, kept, base_rank)
    en, zh = (["your target"], ["你的目标"]) if key in targets_set else ([], [])
    if dependents:
        main, others = dependents[0], dependents[1:]
        data = out[main]
        context = data.get("context")
        quote = context.best() if context else None
        note = name.rewrite(data.get("note", ""))
        builds = "builds_on" in data["kinds"]
        if builds or quote:
            intents = quote[1] if quote else []
            en_said = (f" ({', '.join(intents)})" if intents else "") + (f": “{shorten(quote[0])}”" if quote else "")
            zh_intents = "、".join(INTENTS_ZH.get(i, i) for i in intents)
            zh_said = (f"（{zh_intents}）" if intents else "") + (f"：“{shorten(quote[0])}”" if quote else "")
            en.append(f"{name(main)} {'builds on' if builds else 'cites'} it{en_said}")
            zh.append(f"{name(main)} {'建立在它之上' if builds else '引用了它'}{zh_said}")
            if note:
                en[-1] += f"; the list says “{note}”" if quote else f": “{note}”"
                zh[-1] += f"；列表原话：“{note}”" if quote else f"：“{note}”"
        else:
            others = dependents
        if others:
            shown = [name(k) for k in others[:3]]
            more = len(others) - len(shown)
            en.append(("also cited by " if len(others) < len(dependents) else "cited by ") + _join(shown, more))
            zh.append(f"{'也' if len(others) < len(dependents) else ''}被 {_join(shown, more, zh=True)} 引用")
    highlight = name.rewrite(" ".join(selection.graph._node[key]["entry"].get("highlight_zh").split()))
    if highlight:
        zh.append(f"重点：{highlight}")
        en.append(f"the list's highlight (重点): “{highlight}”")
    if not en and by_section:
        en, zh = ["in the chosen sections"], ["属于所选分区"]
    elif not en:
        en, zh = ["nothing here cites it"], ["这里没有论文引用它"]
    return "; ".join(en), "；".join(zh)


def cycle_note(graph: nx.DiGraph, later: str, earlier: str) -> str:
    """`InstructGPT and TruthfulQA cite each other (preprints); TruthfulQA is read first as it appeared first`."""
    late, early = entry_of(graph, later), entry_of(graph, earlier)
    preprints = " (preprints)" if late.get("eprint") and early.get("eprint") else ""
    first = f"{short_name(early)} is read first as it appeared first"
    if graph.has_edge(earlier, later):
        return f"{short_name(late)} and {short_name(early)} cite each other{preprints}; {first}"
    return f"{short_name(early)} cites {short_name(late)}, which appeared later{preprints}; {first}"
