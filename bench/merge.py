"""Benchmark the BibTeX merge: two branches of a 10,000-entry library with 100 edits each.

Run: python bench/merge.py
Goal: the merge under 1 s. Anchor: `git merge-file` (git's line merge, in C) on the same three files, measured
in the same run. Also timed: the whole `readinglist merge-driver` command as git runs it (Python start included).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from readinglist.merge.three_way import merge_texts
from readinglist.models import Entry
from readinglist.store import Library

CJK = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"  # noqa: E501
ENTRIES, EDITS, GOAL = 10_000, 100, 1.0


def make_library(n: int, rng: random.Random) -> str:
    chunks = ["% generated benchmark library\n\n"]
    for i in range(n):
        summary = "".join(rng.choice(CJK) for _ in range(rng.randint(150, 400)))
        cites = ", ".join(f"paper{j}" for j in sorted(rng.sample(range(max(i, 1)), min(i, 3))))
        chunks.append(
            f"@inproceedings{{paper{i},\n"
            f"  title = {{Paper number {i}: a study of things}},\n"
            f"  title_zh = {{论文 {i}}},\n"
            f"  author = {{First Author{i} and Second Author}},\n"
            f"  year = {{{2000 + i % 24}}},\n"
            f"  eprint = {{{i % 24:02d}{i % 12 + 1:02d}.{i:05d}}},\n"
            f"  section = {{archive}},\n"
            f"  abstract_zh = {{{summary}}},\n"
            f"  cites = {{{cites}}},\n"
            "}\n\n"
        )
    return "".join(chunks)


def branch(base: str, rng: random.Random, side: str, keys: list[str]) -> str:
    """100 edits: 60 field changes, 20 list additions, 10 deletions, 10 new papers at the end."""
    library = Library(Path(f"{side}.bib"), base, None)
    field = "status" if side == "ours" else "note_zh"
    for key in keys[:60]:
        library.set_field(key, field, f"{side} edit")
    for key in keys[60:80]:
        library.set_field(key, "cites", library.entry(key).get("cites") + f", {side}cite")
    for key in keys[80:90]:
        library.remove_entry(key)
    for i in range(10):
        library.add_entry(Entry(f"{side}new{i}", "article", {"title": f"New paper {i} from {side}", "year": "2024"}))
    return library.render()


def best_of(runs: int, func) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = random.Random(15)
    base = make_library(ENTRIES, rng)
    keys = [f"paper{i}" for i in range(ENTRIES)]
    picked = rng.sample(keys, 170)
    shared = picked[:30]  # edited on both sides, in different fields
    ours = branch(base, rng, "ours", shared + picked[30:100])
    theirs = branch(base, rng, "theirs", picked[100:130] + shared + picked[130:170])
    result = merge_texts(base, ours, theirs)
    merged = Library(Path("merged.bib"), result.text, None)
    assert result.clean and not merged.problems, result.conflicts
    assert len(merged) == ENTRIES - 20 + 20, len(merged)
    print(f"library: {ENTRIES:,} entries, {len(base.encode()) / 1e6:.1f} MB; {EDITS} edits on each branch")
    print(f"  {len(result.merged_entries)} entries changed on both sides merged field by field, 0 conflicts")

    merge_time = best_of(3, lambda: merge_texts(base, ours, theirs))
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / name for name in ("base.bib", "ours.bib", "theirs.bib")]
        for path, text in zip(paths, (base, ours, theirs), strict=True):
            path.write_text(text, encoding="utf-8")
        git_args = ["git", "merge-file", "-p", str(paths[1]), str(paths[0]), str(paths[2])]
        git_time = best_of(3, lambda: subprocess.run(git_args, capture_output=True, check=False))
        git_conflicts = subprocess.run(git_args, capture_output=True, check=False).returncode

        def driver() -> None:
            paths[1].write_text(ours, encoding="utf-8")
            args = [sys.executable, "-m", "readinglist.cli", "merge-driver", *map(str, paths), "papers.bib"]
            subprocess.run(args, check=True, capture_output=True)

        driver_time = best_of(3, driver)
        import_time = best_of(3, lambda: subprocess.run([sys.executable, "-c", "import readinglist.cli"], check=True))
        own_import = best_of(
            3, lambda: subprocess.run([sys.executable, "-c", "import readinglist.merge.driver"], check=True)
        )
    print(f"readinglist merge (in process):        {merge_time:.3f} s   goal < {GOAL:.1f} s")
    print(f"readinglist merge-driver (whole command): {driver_time:.3f} s")
    print(f"  of which starting Python and importing readinglist.cli: {import_time:.3f} s")
    print(f"  (starting Python and importing only the merge modules: {own_import:.3f} s)")
    print(f"anchor: git merge-file on the same files:  {git_time:.3f} s   ({git_conflicts} textual conflict(s))")


if __name__ == "__main__":
    main()
