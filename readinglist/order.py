"""Reading orders: every paper after its prerequisites, in tiers, each with its reason in plain words (pure).

Tiers: *core* is the curated lineage that leads to the targets (what they build on, as the list says) plus
the papers that lineage cites most strongly (influential or methodological citations once enriched, else
cited by two or more of it); *background* is the other papers the targets and their lineage cite directly;
*further* is everything reached only through other prerequisites.

Numbers a student can follow: the core is numbered 1..N in reading order (the path to read), background and
further papers B1, B2… and F1, F2… within their tier, each with the core paper that first leans on it
("before core 5").

>>> from readinglist.graph import build_graph
>>> g = build_graph([Entry("a", "misc", {"year": "2015"}),
...                  Entry("b", "misc", {"year": "2016", "cites": "a"}),
...                  Entry("c", "misc", {"year": "2017", "aka": "C-Net", "seed_id": "1.2.3"}),
...                  Entry("t", "misc", {"year": "2020", "builds_on": "c", "builds_on_note": "c: 1.2.3的方法",
...                                      "cites": "b"})])
>>> for item in reading_order(g, ["t"]).items:
...     print(item.label, item.key, item.tier, item.before_core, "|", item.reason, "|", item.reason_zh)
F1 a further 2 | cited by b 2016 | 被 b 2016 引用
B1 b background 2 | cited by t 2020 | 被 t 2020 引用
1 c core None | t 2020 builds on it; the list's note, in Chinese: “C-Net 的方法” | t 2020 建立在它之上：“C-Net 的方法”
2 t core None | your target | 你的目标
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from .citations import shorten
from .graph import Edge, entry_of, paused_gc, sort_date
from .models import Entry
from .paper import paper_of

TIERS = ("core", "background", "further")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
MAX_CYCLE_NOTES = 20
INTENTS_ZH = {"methodology": "方法", "background": "背景", "result": "结果"}
TIER_LETTERS = {"core": "", "background": "B", "further": "F"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LIST_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+){2,})((?:/\d+)*)(?![\d.]*\d)")


@dataclass
class OrderItem:
    key: str
    entry: Entry
    tier: str
    reason: str = ""
    reason_zh: str = ""
    start_here: bool = False
    tier_position: int = 0  # 1, 2, … within its tier, in reading order
    before_core: int | None = None  # background/further: the number of the first core paper that leans on it

    @property
    def label(self) -> str:
        """`3` for the third core paper, `B1` / `F2` in the background and further tiers."""
        return f"{TIER_LETTERS[self.tier]}{self.tier_position}"


@dataclass
class ReadingOrder:
    items: list[OrderItem]
    set_aside: list[tuple[str, str]]  # cycle edges (prerequisite, dependent) ignored, each back in time
    targets: list[str]
    left_out: list[OrderItem] = field(default_factory=list)  # dropped by the budget, in reading order
    cycle_notes: list[str] = field(default_factory=list)  # each set-aside cycle in plain words
    target_names: list[str] = field(default_factory=list)
    core: list[Entry] = field(default_factory=list)  # core paper n is core[n - 1], read ones hidden too

    def in_tier(self, tier: str) -> list[tuple[int, OrderItem]]:
        """(position in the order, item) of one tier's papers, in reading order."""
        return [(n, item) for n, item in enumerate(self.items, start=1) if item.tier == tier]

    def left_out_summary(self) -> str:
        """`12 more left out by the budget: 3 core (…), 9 further (…)`, or '' when nothing was."""
        if not self.left_out:
            return ""
        parts = []
        for tier in TIERS:
            names = [paper_of(i.entry).name for i in self.left_out if i.tier == tier]
            if names:
                parts.append(f"{len(names)} {tier} ({', '.join(names)})")
        return f"{len(self.left_out)} more left out by the budget: " + "; ".join(parts)


def prerequisites_within(budget: int, targets: list[str]) -> int:
    """How many prerequisites a budget of `budget` papers in all leaves once the targets are counted (never below 0:
    the targets themselves are always kept).

    >>> prerequisites_within(5, ["ouyang2022training"]), prerequisites_within(1, ["a", "b"])
    (4, 0)
    """
    return max(0, budget - len(dict.fromkeys(targets)))


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
    chosen = [selection.number[t] for t in targets]
    tiers = classify(selection, chosen)
    kept = set(order) if max_items is None else budget(selection, chosen, tiers, max_items)
    namer = PaperNames(graph)
    keys, dates = selection.keys, selection.dates
    target_set = set(chosen)
    ranked = sorted(range(len(keys)), key=lambda i: (i not in target_set, TIER_RANK[tiers[i]], dates[i], keys[i]))
    base_rank = [0] * len(keys)  # targets, then by tier, date and key, as one integer
    for rank, i in enumerate(ranked):
        base_rank[i] = rank
    items, left_out, numbered = [], [], []
    for i in order:
        entry = selection.entries[i]
        if i not in kept:
            left_out.append(OrderItem(keys[i], entry, tiers[i]))
        elif not (unread_only and entry.status == "read"):
            reason, reason_zh = _reasons(selection, i, target_set, kept, base_rank, namer, bool(sections))
            items.append(OrderItem(keys[i], entry, tiers[i], reason, reason_zh))
            numbered.append((i, items[-1]))
        else:  # read and hidden, numbered all the same: ticking a paper never renumbers the others
            numbered.append((i, OrderItem(keys[i], entry, tiers[i])))
    core = _number(selection, order, numbered)
    first_core = next((item for item in items if item.tier == "core"), None)
    if first_core:
        first_core.start_here = True
    notes = [cycle_note(graph, source, dependent) for source, dependent in selection.set_aside[:MAX_CYCLE_NOTES]]
    if len(selection.set_aside) > MAX_CYCLE_NOTES:
        notes.append(f"{len(selection.set_aside) - MAX_CYCLE_NOTES} more citation cycles broken by date the same way")
    names = [paper_of(entry_of(graph, t)).name for t in targets]
    return ReadingOrder(items, selection.set_aside, targets, left_out, notes, names, core)


def _number(selection: _Selection, order: list[int], numbered: list[tuple[int, OrderItem]]) -> list[Entry]:
    """Number each tier 1, 2, … in reading order and tell each background or further paper the first core
    paper that leans on it, directly or through other papers. Returns the core papers, in their order."""
    counts = dict.fromkeys(TIERS, 0)
    core_number: dict[int, int] = {}
    core: list[Entry] = []
    for i, item in numbered:
        counts[item.tier] += 1
        item.tier_position = counts[item.tier]
        if item.tier == "core":
            core_number[i] = item.tier_position
            core.append(item.entry)
    if not core or len(core) == len(numbered):
        return core
    first_core = [0] * len(selection.keys)  # a core paper's own number; else the smallest it leads to; 0: none
    for i, number in core_number.items():
        first_core[i] = number  # smaller than the number of any core paper that depends on it
    succ = selection.succ
    for i in reversed(order):  # dependents come later in the order, so theirs are known already
        if not first_core[i]:
            first_core[i] = min((n for j in succ[i] if (n := first_core[j])), default=0)
    for i, item in numbered:
        if item.tier != "core":
            item.before_core = first_core[i] or None
    return core


class _Selection:
    """The chosen papers numbered 0..n-1 in graph order, their edges as lists of numbers, cycles set aside by date.

    Paper `i` is `keys[i]`; `succ[i]` lists the papers that need it and `data[i]` the edge data beside them.
    Lists of numbers keep the hot loops out of string-keyed dicts, whose lookups slow down faster than the
    library grows once it outgrows the processor's cache (bench/scale.py); there are no graph copies either.
    """

    def __init__(self, graph: nx.DiGraph, keys: set[str]) -> None:
        self.graph = graph
        self.keys = [k for k in graph if k in keys] if len(keys) < len(graph) else list(graph)
        number = self.number = {key: i for i, key in enumerate(self.keys)}
        # networkx's adjacency() yields each node's own neighbour dict: plain dict lookups in the loops below,
        # where its views would cost a Python call per step
        adjacency: dict[str, dict[str, Edge]] = dict(graph.adjacency())
        self.adjacency = adjacency
        self.succ: list[list[int]] = []
        self.data: list[list[Edge]] = []
        if len(self.keys) == len(graph):
            for key in self.keys:
                out = adjacency[key]
                self.succ.append([number[d] for d in out])
                self.data.append(list(out.values()))
        else:
            for key in self.keys:
                pairs = [(j, data) for d, data in adjacency[key].items() if (j := number.get(d)) is not None]
                self.succ.append([j for j, _ in pairs])
                self.data.append([data for _, data in pairs])
        self.pred: list[list[int]] = [[] for _ in self.keys]
        for i, dependents in enumerate(self.succ):
            for j in dependents:
                self.pred[j].append(i)
        entries: dict[str, Entry] = dict(graph.nodes(data="entry"))
        self.entries: list[Entry] = [entries[key] for key in self.keys]
        self.dates = [sort_date(entry) for entry in self.entries]
        self.set_aside: list[tuple[str, str]] = []

    def edge(self, prerequisite: int, dependent: int) -> Edge:
        return self.adjacency[self.keys[prerequisite]][self.keys[dependent]]

    def topological_order(self) -> list[int]:
        """Kahn's algorithm with a heap on (date, -direct dependents, key), after cycles are broken."""
        stuck = self._unplaceable()
        if stuck:
            self._break_cycles(stuck)
        keys, dates, succ = self.keys, self.dates, self.succ
        by_priority = sorted(range(len(keys)), key=lambda i: (dates[i], -len(succ[i]), keys[i]))
        priority = [0] * len(keys)
        for rank, i in enumerate(by_priority):
            priority[i] = rank
        waiting = [len(p) for p in self.pred]
        heap = [priority[i] for i, n in enumerate(waiting) if n == 0]
        heapq.heapify(heap)
        order = []
        while heap:
            i = by_priority[heapq.heappop(heap)]
            order.append(i)
            for later in succ[i]:
                waiting[later] -= 1
                if waiting[later] == 0:
                    heapq.heappush(heap, priority[later])
        return order

    def _unplaceable(self) -> set[int]:
        """The papers on or after a citation cycle: what Kahn's algorithm cannot place (a quick pass, no heap)."""
        waiting = [len(p) for p in self.pred]
        ready = [i for i, n in enumerate(waiting) if n == 0]
        placed = 0
        while ready:
            i = ready.pop()
            placed += 1
            for later in self.succ[i]:
                waiting[later] -= 1
                if waiting[later] == 0:
                    ready.append(later)
        return {i for i, n in enumerate(waiting) if n} if placed < len(self.keys) else set()

    def _break_cycles(self, stuck: set[int]) -> None:
        """Inside each cycle, set aside every edge whose prerequisite is dated (or keyed) after its dependent."""
        succ, keys, dates = self.succ, self.keys, self.dates
        later: Sequence[list[int]] | Mapping[int, list[int]] = succ
        nodes: Iterable[int] = range(len(keys))
        if len(stuck) * 2 <= len(keys):  # most papers are stuck: no filtered copy
            later = {i: [j for j in succ[i] if j in stuck] for i in sorted(stuck)}
            nodes = later.keys()
        component_of = [-1] * len(keys)
        cyclic = []
        for number, component in enumerate(strong_components(len(keys), nodes, later)):
            if len(component) > 1:
                cyclic += component
                for i in component:
                    component_of[i] = number
        rank = [0] * len(keys)  # by date, then key
        for position, i in enumerate(sorted(cyclic, key=lambda i: (dates[i], keys[i]))):
            rank[i] = position
        removed = [(a, b) for a in cyclic for b in later[a] if component_of[b] == component_of[a] and rank[a] > rank[b]]
        removed.sort(key=lambda edge: (keys[edge[0]], keys[edge[1]]))
        for prerequisite, dependent in removed:
            at = succ[prerequisite].index(dependent)
            del succ[prerequisite][at], self.data[prerequisite][at]
            self.pred[dependent].remove(prerequisite)
        self.set_aside = [(keys[a], keys[b]) for a, b in removed]


def strong_components(
    size: int, nodes: Iterable[int], succ: Sequence[list[int]] | Mapping[int, list[int]]
) -> list[list[int]]:
    """Tarjan's strongly connected components of `nodes` (numbers below `size`), iteratively.

    >>> sorted(map(sorted, strong_components(3, range(3), [[1], [0, 2], []])))
    [[0, 1], [2]]
    """
    index = [-1] * size
    low = [0] * size
    on_stack = [False] * size
    stack: list[int] = []
    components: list[list[int]] = []
    count = 0
    for root in nodes:
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = count
                count += 1
                stack.append(node)
                on_stack[node] = True
            after = succ[node]
            lowest = low[node]
            for i in range(i, len(after)):  # noqa: B020 (resuming where the child was entered)
                nxt = after[i]
                if index[nxt] < 0:
                    low[node] = lowest
                    work.append((node, i + 1))
                    work.append((nxt, 0))
                    break
                if on_stack[nxt] and index[nxt] < lowest:
                    lowest = index[nxt]
            else:
                low[node] = lowest
                if lowest == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
                if work:
                    parent = work[-1][0]
                    if lowest < low[parent]:
                        low[parent] = lowest
    return components


def curated_lineage(selection: _Selection, targets: list[int]) -> list[list[int]]:
    """The targets' curated prerequisites by distance: [direct ones, their curated prerequisites, …]."""
    seen = set(targets)
    layers, level = [], list(targets)
    while level:
        level = [
            p
            for c in level
            for p in selection.pred[c]
            if p not in seen and "builds_on" in selection.edge(p, c)["kinds"] and not seen.add(p)  # type: ignore[func-returns-value]
        ]
        if level:
            layers.append(level)
    return layers


def classify(selection: _Selection, targets: list[int]) -> list[str]:
    """Each paper's tier: core, background or further (see the module docstring)."""
    if targets:
        chain = set(targets).union(*curated_lineage(selection, targets))
    else:
        chain = {
            end
            for i, (dependents, data) in enumerate(zip(selection.succ, selection.data, strict=True))
            for j, edge in zip(dependents, data, strict=True)
            if "builds_on" in edge["kinds"]
            for end in (i, j)
        }
        number, adjacency = selection.number, selection.adjacency
        for a, b in selection.set_aside:  # a curated link set aside by a cycle is curated lineage all the same
            if "builds_on" in adjacency[a][b]["kinds"]:
                chain |= {number[a], number[b]}
    if not chain:
        return ["core"] * len(selection.keys)  # no curated lineage: nothing to tell apart
    citers: Counter[int] = Counter()
    strong, known = set(), set()
    for dependent in chain:
        for p in selection.pred[dependent]:
            if p in chain:
                continue
            citers[p] += 1
            context = selection.edge(p, dependent).get("context")
            if context is not None:
                known.add(p)
                if context.influential or "methodology" in context.intents:
                    strong.add(p)
    core = chain | strong | {p for p, n in citers.items() if n >= 2 and p not in known}
    return ["core" if i in core else "background" if i in citers else "further" for i in range(len(selection.keys))]


def budget(selection: _Selection, targets: list[int], tiers: list[str], max_items: int) -> set[int]:
    """The targets and `max_items` prerequisites, by importance to the targets.

    Curated prerequisites first, nearest first; then, one at a time, the paper the kept ones depend on most:
    influential and methodological citations into the kept papers, then a paper on the list's curated lineage
    (a "builds on" link of the list, in or out) before one the list only cites, then how many kept papers
    cite it, then its tier and citation count. The curator's story outranks a count of citations: for
    InstructGPT the fifth paper is Christiano 2017 (the list's "促成了0.0.2.3的尝试" leads to it; InstructGPT
    and Stiennon 2020 cite it) rather than GPT-2 (no curated link, but cited by four kept papers as the model
    they start from). So a distant ancestor is never kept while a direct curated prerequisite is dropped.
    Without targets: core first, then the papers most others depend on.
    """
    room = max(0, max_items)
    keys, succ = selection.keys, selection.succ
    if not targets:
        ranked = sorted(range(len(keys)), key=lambda i: (TIER_RANK[tiers[i]], -len(succ[i]), keys[i]))
        return set(ranked[:room])
    kept = set(targets)
    for layer in curated_lineage(selection, targets):
        layer.sort(key=lambda i: (-sum(s in kept for s in succ[i]), -citation_weight(selection, i), keys[i]))
        for i in layer[:room]:
            kept.add(i)
        room -= min(room, len(layer))
    heap: list[tuple[tuple[int, int, bool, int, int, int, tuple[int, int]], str, int]] = []

    def push(i: int) -> None:
        heapq.heappush(heap, (_importance(selection, i, kept, tiers), keys[i], i))

    for i in {p for k in kept for p in selection.pred[k] if p not in kept}:
        push(i)
    while room and heap:
        score, _, i = heapq.heappop(heap)
        if i in kept or score != _importance(selection, i, kept, tiers):
            continue  # taken already, or a stale score
        kept.add(i)
        room -= 1
        for p in selection.pred[i]:
            if p not in kept:
                push(p)
    return kept


def _importance(
    selection: _Selection, i: int, kept: set[int], tiers: list[str]
) -> tuple[int, int, bool, int, int, int, tuple[int, int]]:
    """Smaller is more important (for a min-heap)."""
    influential = methodological = citing = 0
    for dependent, edge in zip(selection.succ[i], selection.data[i], strict=True):
        if dependent in kept:
            citing += 1
            context = edge.get("context")
            if context is not None:
                influential += context.influential
                methodological += "methodology" in context.intents
    weight = citation_weight(selection, i)
    curated = on_curated_lineage(selection, i)
    return (-influential, -methodological, not curated, -citing, TIER_RANK[tiers[i]], -weight, selection.dates[i])


def on_curated_lineage(selection: _Selection, i: int) -> bool:
    """Whether the list links paper `i` by a "builds on" claim, as prerequisite or as dependent."""
    if any("builds_on" in edge["kinds"] for edge in selection.data[i]):
        return True
    return any("builds_on" in selection.edge(p, i)["kinds"] for p in selection.pred[i])


def citation_weight(selection: _Selection, i: int) -> int:
    """Global citation count when enriched, else how many chosen papers it is linked to."""
    count = selection.entries[i].get("citationcount")
    return int(count) if count.isdigit() else len(selection.pred[i]) + len(selection.succ[i])


class PaperNames:
    """Short names of papers, and the list's private numbering ("0.0.2.3") rewritten to them."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self.graph = graph
        self.names: dict[str, str] = {}
        self._by_seed: dict[str, str] | None = None

    def __call__(self, key: str) -> str:
        if key not in self.names:
            self.names[key] = paper_of(entry_of(self.graph, key)).name
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


def _ranked_dependents(selection: _Selection, i: int, kept: set[int], base_rank: list[int]) -> list[int]:
    """The papers that need paper `i`, the one its reason should speak of first: kept ones, curated lineage,
    quoted citations, targets, then by tier, date and key."""
    telling: list[tuple[bool, int, int]] = []
    rest: list[int] = []
    for dependent, edge in zip(selection.succ[i], selection.data[i], strict=True):
        context = edge.get("context")
        builds = "builds_on" in edge["kinds"]
        if builds or (context is not None and context.contexts):
            telling.append((not builds, base_rank[dependent], dependent))
        else:
            rest.append(dependent)
    telling.sort()
    rest.sort(key=base_rank.__getitem__)
    ranked = [dependent for *_, dependent in telling] + rest
    if len(kept) < len(selection.keys):
        ranked.sort(key=lambda d: d not in kept)  # stable: the kept ones first, each group in its order
    return ranked


def _reasons(
    selection: _Selection,
    i: int,
    targets: set[int],
    kept: set[int],
    base_rank: list[int],
    name: PaperNames,
    by_section: bool,
) -> tuple[str, str]:
    """What the paper gives the papers that need it: a citation context, the curated note, 重点, or who cites it."""
    keys = selection.keys
    dependents = _ranked_dependents(selection, i, kept, base_rank)
    en, zh = (["your target"], ["你的目标"]) if i in targets else ([], [])
    if dependents:
        main, others = dependents[0], dependents[1:]
        data = selection.edge(i, main)
        context = data.get("context")
        quote = context.best() if context else None
        note = name.rewrite(data.get("note", ""))
        builds = "builds_on" in data["kinds"]
        if builds or quote:
            intents = quote[1] if quote else []
            en_said = (f" ({', '.join(intents)})" if intents else "") + (f": “{shorten(quote[0])}”" if quote else "")
            zh_intents = "、".join(INTENTS_ZH.get(intent, intent) for intent in intents)
            zh_said = (f"（{zh_intents}）" if intents else "") + (f"：英文原文“{shorten(quote[0])}”" if quote else "")
            # A note the list wrote for several prerequisites says nothing about this one: name the others.
            shared = builds and not quote
            partners = [name(keys[p]) for p in _same_note_partners(selection, i, main, data)] if shared else []
            en.append(f"{name(keys[main])} {'builds on' if builds else 'cites'} it")
            zh.append(f"{name(keys[main])} {'建立在它' if builds else '引用了它'}")
            if partners:
                en[-1] += f" and on {_join(partners)}"
                zh[-1] += f"及 {'、'.join(partners)} "
            en[-1] += en_said
            zh[-1] += ("之上" if builds else "") + zh_said
            if note:
                chinese = bool(_CJK.search(note))
                if quote:
                    en[-1] += f"; the list says, in Chinese, “{note}”" if chinese else f"; the list says “{note}”"
                    zh[-1] += f"；列表原话：“{note}”" if chinese else f"；列表原话（英文）：“{note}”"
                else:
                    en[-1] += f"; the list's note, in Chinese: “{note}”" if chinese else f": “{note}”"
                    zh[-1] += f"：“{note}”" if chinese else f"，列表原话（英文）：“{note}”"
        else:
            others = dependents
        if others:
            shown = [name(keys[k]) for k in others[:3]]
            more = len(others) - len(shown)
            en.append(("also cited by " if len(others) < len(dependents) else "cited by ") + _join(shown, more))
            zh.append(f"{'也' if len(others) < len(dependents) else ''}被 {_join(shown, more, zh=True)} 引用")
    highlight = name.rewrite(" ".join(selection.entries[i].get("highlight_zh").split()))
    if highlight:
        zh.append(f"重点：{highlight}")
        en.append(f"the list's highlight (重点){', in Chinese' if _CJK.search(highlight) else ''}: “{highlight}”")
    if not en and by_section:
        en, zh = ["in the chosen sections"], ["属于所选分区"]
    elif not en:
        en, zh = ["nothing here cites it"], ["这里没有论文引用它"]
    return "; ".join(en), "；".join(zh)


def _same_note_partners(selection: _Selection, i: int, dependent: int, data: Edge) -> list[int]:
    """The other prerequisites `dependent` builds on under the same note of the list as paper `i`."""
    note = data.get("note")
    if not note:
        return []
    partners = [
        p
        for p in selection.pred[dependent]
        if p != i and "builds_on" in (edge := selection.edge(p, dependent))["kinds"] and edge.get("note") == note
    ]
    return sorted(partners, key=lambda p: (selection.dates[p], selection.keys[p]))


def cycle_note(graph: nx.DiGraph, later: str, earlier: str) -> str:
    """`InstructGPT and TruthfulQA cite each other (preprints); TruthfulQA is read first as it appeared first`."""
    late, early = entry_of(graph, later), entry_of(graph, earlier)
    preprints = " (preprints)" if late.get("eprint") and early.get("eprint") else ""
    first = f"{paper_of(early).name} is read first as it appeared first"
    if graph.has_edge(earlier, later):
        return f"{paper_of(late).name} and {paper_of(early).name} cite each other{preprints}; {first}"
    return f"{paper_of(early).name} cites {paper_of(late).name}, which appeared later{preprints}; {first}"
