"""Positions for the lineage graph, computed in Python so a large graph appears at once (pure).

Time runs left to right (year, then month); each section has its own horizontal lane.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from .graph import entry_of, sort_date

SECTION_ORDER = ("rlhf", "gpt", "infra", "clinical-llm", "survey", "archive")
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac")
YEAR_WIDTH = 220
LANE_HEIGHT = 170
ROW_HEIGHT = 28


def primary_section(graph: nx.DiGraph, key: str) -> str:
    sections = entry_of(graph, key).list_field("section")
    return sections[0] if sections else "unsorted"


def section_lanes(graph: nx.DiGraph) -> list[str]:
    present = {primary_section(graph, k) for k in graph}
    known = [s for s in SECTION_ORDER if s in present]
    return known + sorted(present - set(known))


def section_colours(lanes: list[str]) -> dict[str, str]:
    return {section: PALETTE[i % len(PALETTE)] for i, section in enumerate(lanes)}


def lineage_positions(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """x from the date, y from the section lane; papers sharing a lane and year are stacked."""
    lanes = section_lanes(graph)
    lane_index = {s: i for i, s in enumerate(lanes)}
    dated = [sort_date(entry_of(graph, k)) for k in graph]
    years = [y for y, _ in dated if y != 9999]
    first_year = min(years) if years else 2000
    cells: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key in sorted(graph, key=lambda k: (sort_date(entry_of(graph, k)), k)):
        cells[(primary_section(graph, key), sort_date(entry_of(graph, key))[0])].append(key)
    positions: dict[str, tuple[float, float]] = {}
    for (section, year), keys in cells.items():
        columns = max(1, math.ceil(len(keys) / 6))  # wrap tall stacks into columns inside the year
        for i, key in enumerate(keys):
            month = sort_date(entry_of(graph, key))[1]
            column, row = divmod(i, math.ceil(len(keys) / columns))
            year_x = year - first_year if year != 9999 else (max(years, default=first_year) - first_year + 2)
            x = year_x * YEAR_WIDTH + (month * 10 if columns == 1 else column * YEAR_WIDTH / columns)
            y = lane_index[section] * LANE_HEIGHT + row * ROW_HEIGHT
            positions[key] = (float(x), float(y))
    return positions
