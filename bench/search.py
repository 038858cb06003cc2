"""The one search (readinglist/search.py): index build and query time on the shipped library and at 10,000 entries.

Run: python bench/search.py [--copies 100] [--runs 5]

The large library is the shipped one (frozen test copy) repeated under new keys, so titles, Chinese summaries and
authors are real text. Figures are CPU time (time.process_time), medians of --runs. The anchor, measured the same
way in the same run, is what the Papers filter did before: a lowercase substring test over each entry's titles,
authors and summaries (it found nothing for "reward model"). Goal: a query (find-as-you-type) under 50 ms at
10,000 entries; the index built once per library content under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from readinglist.models import Entry
from readinglist.search import SearchIndex
from readinglist.store import load_library

LIBRARY = Path(__file__).resolve().parent.parent / "tests" / "data" / "library" / "papers.bib"
QUERIES = ["reward model", "人类反馈", "learning to summarize", "InstructGPT", "reinforcment lerning", "医疗"]
GOAL_QUERY, GOAL_BUILD = 0.050, 2.0


def cpu(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times)


def substring_scan(entries: list[Entry], query: str) -> list[str]:
    """The anchor: the Papers filter before issue 22."""
    fields = ("title", "title_zh", "author", "abstract", "abstract_zh", "note_zh", "highlight_zh")
    wanted = query.lower()
    return [e.key for e in entries if wanted in " ".join([e.key, *(e.get(f) for f in fields)]).lower()]


def measure(entries: list[Entry], runs: int) -> None:
    build = cpu(lambda: SearchIndex(entries).full_text("x"), runs)
    index = SearchIndex(entries)
    index.full_text("x")
    query = max(cpu(lambda q=q: index.search(q), runs) for q in QUERIES)  # the slowest of the queries
    scan = max(cpu(lambda q=q: substring_scan(entries, q), runs) for q in QUERIES)
    print(
        f"{len(entries):>6} entries: index build {build:.3f} s (goal < {GOAL_BUILD} s); slowest query "
        f"{query * 1000:.1f} ms (goal < {GOAL_QUERY * 1000:.0f} ms) vs substring scan {scan * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    shipped = load_library(LIBRARY).entries()
    measure(shipped, args.runs)
    many = [Entry(f"{e.key}-{i}", e.entry_type, dict(e.fields)) for i in range(args.copies) for e in shipped]
    measure(many, max(1, args.runs // 2))


if __name__ == "__main__":
    main()
