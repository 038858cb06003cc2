"""Where each node of the lineage graph goes (pure): time on x, one named lane per section, rows that keep labels apart.

- Each year that holds a paper gets a column; a stretch of empty years shrinks to a narrow gap.
- Papers of one lane and year with no month stand two to a row around the year's centre.
- Inside a lane, papers go left to right by date, each into the first row where its label clears the label
  before it. Papers in `first` are packed before the others, so they hold the top rows of each lane: the app
  passes the papers with curated links (the library's lineage), the same whatever the focus.
- A section's colour and lane name depend on the section alone, never on what else is drawn.

>>> items = [LayoutItem("a", "rlhf", (2012, 0), 80), LayoutItem("b", "rlhf", (2017, 6), 80)]
>>> placement = place(items)
>>> [tick.year for tick in placement.ticks], placement.positions["b"][0] - placement.positions["a"][0] < 3 * YEAR_WIDTH
([2012, 2017], True)
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SECTION_ORDER = ("rlhf", "gpt", "infra", "clinical-llm", "survey", "archive")
SECTION_NAMES = {
    "rlhf": "RLHF lineage (0.0.x)",
    "gpt": "GPT-x and variants (0.1.1)",
    "infra": "Hardware and scheduling (0.1.0)",
    "clinical-llm": "After ChatGPT: clinical LLMs (1.x)",
    "survey": "Surveys (2.x)",
    "archive": "Archive before 2021 (3.x)",
    # The list's resource headings (shown with "Show resources"), in English with their numbers in the list.
    "benchmark-chinese": "Chinese medical benchmarks (1.1)",
    "benchmark-english": "English medical benchmarks (1.2)",
    "competition-past": "Past competitions (2.2)",
    "dataset-chinese": "Chinese datasets (3.1)",
    "dataset-english": "English datasets (3.2)",
    "model-list-open-source": "Open-source models (4)",
    "toolkit-open-source": "Open-source toolkits (6)",
    "product-industry": "Industry products (7)",
    "blog-clinical-llm": "Blog posts after ChatGPT (8.1)",
    "blog-archive": "Blog posts before 2021 (8.2)",
    "link-friends": "Friends' links (9)",
}
SECTION_COLOURS = {
    "rlhf": "#4e79a7",
    "gpt": "#f28e2b",
    "infra": "#59a14f",
    "clinical-llm": "#e15759",
    "survey": "#b07aa1",
    "archive": "#76b7b2",
    "unsorted": "#bcbd22",  # papers added without a section: an olive no shipped lane is near
}
_SPARE_COLOURS = (
    "#edc948", "#ff9da7", "#9c755f", "#8c6bb1", "#1b9e77", "#d95f02",
    "#7570b3", "#66a61e", "#e7298a", "#a6761d", "#1f78b4", "#b15928",
)  # fmt: skip

FONT_SIZE = 14  # canvas units; the app keeps the zoom at or above MIN_LABEL_PX / FONT_SIZE on the lineage
MIN_LABEL_PX = 11
YEAR_WIDTH = 80  # canvas units per year that holds a paper
GAP_WIDTH = 28  # a stretch of empty years
LABEL_GAP = 10  # horizontal space kept between two labels of one row (each label also keeps room for a tick)
ROW_HEIGHT = 50  # a dot (radius <= MAX_RADIUS) and its label below it
LANE_HEADER = 30  # room for the lane's name above its first row
LANE_GAP = 16
MAX_RADIUS = 12
UNDATED = 9999


def section_colour(section: str) -> str:
    """The section's colour: fixed for the shipped sections, a stable hash of the name for any other."""
    if section in SECTION_COLOURS:
        return SECTION_COLOURS[section]
    digest = hashlib.sha1(section.encode("utf-8")).digest()
    return _SPARE_COLOURS[digest[0] % len(_SPARE_COLOURS)]


def section_name(section: str, titles: Mapping[str, str] | None = None) -> str:
    """The lane's name in words: the shipped list's own names, else the heading an imported list wrote (`titles`,
    from papers.sections: `zhongwen` -> `中文`), else the slug's words (`my-new-topic` -> `My new topic`)."""
    if section in SECTION_NAMES:
        return SECTION_NAMES[section]
    if titles and titles.get(section):
        return titles[section]
    words = section.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else section


def lane_order(sections: Iterable[str]) -> list[str]:
    """Shipped sections in the list's order, then any others alphabetically."""
    present = set(sections)
    known = [s for s in SECTION_ORDER if s in present]
    return known + sorted(present - set(known))


def label_width(text: str, font_size: float = FONT_SIZE) -> float:
    """An upper estimate of the drawn width of `text` in canvas units (sans-serif; CJK characters are square)."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif ch in "il.,:;'|!ftjI ":
            width += 0.30
        elif ch.isupper() or ch in "mwMW@%":
            width += 0.70
        else:
            width += 0.56
    return width * font_size + 4


@dataclass(frozen=True)
class LayoutItem:
    key: str
    section: str
    date: tuple[int, int]  # (year, month); month 0 when unknown, year UNDATED when unknown
    width: float  # label width in canvas units


@dataclass(frozen=True)
class Lane:
    section: str
    name: str
    colour: str
    top: float
    bottom: float


@dataclass(frozen=True)
class YearTick:
    year: int  # UNDATED for the column of papers with no date
    x: float  # left edge of the year's column
    width: float
    gap_before: bool  # empty years were left out just before this one


@dataclass
class Placement:
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    lanes: list[Lane] = field(default_factory=list)
    ticks: list[YearTick] = field(default_factory=list)


def year_columns(years: Iterable[int]) -> list[YearTick]:
    """One column per year present, empty stretches shrunk to GAP_WIDTH, undated papers in a last column."""
    present = sorted(set(years))
    ticks: list[YearTick] = []
    x = 0.0
    previous: int | None = None
    for year in present:
        gap = previous is not None and (year == UNDATED or year > previous + 1)
        if gap:
            x += GAP_WIDTH
        ticks.append(YearTick(year, x, YEAR_WIDTH, gap))
        x += YEAR_WIDTH
        previous = year
    return ticks


def place(items: Sequence[LayoutItem], first: Iterable[str] = ()) -> Placement:
    """Positions for every item, the lanes' vertical bands and the year columns (see the module docstring)."""
    ticks = year_columns(item.date[0] for item in items)
    column = {tick.year: tick for tick in ticks}
    priority = set(first)
    by_lane: dict[str, list[LayoutItem]] = defaultdict(list)
    for item in items:
        by_lane[item.section].append(item)
    xs = _spread_in_columns(items, column)
    placement = Placement(ticks=ticks)
    top = 0.0
    for section in lane_order(by_lane):
        members = sorted(by_lane[section], key=lambda i: (i.key not in priority, xs[i.key], i.key))
        row_ends: list[float] = []  # right edge of the last label in each row
        rows: dict[str, int] = {}
        for item in members:
            left = xs[item.key] - item.width / 2
            row = next((r for r, end in enumerate(row_ends) if end + LABEL_GAP <= left), None)
            if row is None:
                row = _first_free_row(row_ends, left, item, members, rows, xs)
            if row == len(row_ends):
                row_ends.append(float("-inf"))
            row_ends[row] = max(row_ends[row], xs[item.key] + item.width / 2)
            rows[item.key] = row
        for key, row in rows.items():
            placement.positions[key] = (xs[key], top + LANE_HEADER + MAX_RADIUS + row * ROW_HEIGHT)
        bottom = top + LANE_HEADER + max(1, len(row_ends)) * ROW_HEIGHT
        placement.lanes.append(Lane(section, section_name(section), section_colour(section), top, bottom))
        top = bottom + LANE_GAP
    return placement


def _first_free_row(
    row_ends: list[float],
    left: float,
    item: LayoutItem,
    members: list[LayoutItem],
    rows: dict[str, int],
    xs: dict[str, float],
) -> int:
    """A row for an item that is not left of everything placed so far (the lineage went first): check intervals."""
    right = xs[item.key] + item.width / 2
    taken: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for other in members:
        if other.key in rows:
            half = other.width / 2
            taken[rows[other.key]].append((xs[other.key] - half, xs[other.key] + half))
    for row in range(len(row_ends)):
        if all(right + LABEL_GAP <= lo or hi + LABEL_GAP <= left for lo, hi in taken[row]):
            return row
    return len(row_ends)


def _spread_in_columns(items: Sequence[LayoutItem], column: dict[int, YearTick]) -> dict[str, float]:
    """x of each item: by month inside its year; papers of one lane and year with no month share the year evenly."""
    xs: dict[str, float] = {}
    undated: dict[tuple[str, int], list[LayoutItem]] = defaultdict(list)
    for item in items:
        year, month = item.date
        if month and year != UNDATED:
            xs[item.key] = column[year].x + (month - 0.5) / 12 * YEAR_WIDTH
        else:
            undated[(item.section, year)].append(item)
    for (_, year), group in undated.items():
        group.sort(key=lambda i: i.key)
        centre = column[year].x + YEAR_WIDTH / 2
        if len(group) == 1:
            xs[group[0].key] = centre
            continue
        # Two side by side around the year's centre, so a crowded lane-year takes half the rows (not a diagonal).
        pitch = max(i.width for i in group) + LABEL_GAP
        for i, item in enumerate(group):
            xs[item.key] = centre + (i % 2 - 0.5) * pitch
    return xs


def section_lanes(graph: Any) -> list[str]:
    """The sections of a graph's entries (each entry's first), in lane order: for section pickers."""
    return lane_order((entry.list_field("section") or ["unsorted"])[0] for _, entry in graph.nodes(data="entry"))
