"""Benchmark the lossless store: load, one-field save and peak memory at 1,000 and 10,000 entries.

Run: python bench/store.py
Targets: a one-field save under 0.2 s at 10,000 entries; a load within 1.5x of bare bibtexparser.parse_string.
"""

from __future__ import annotations

import random
import tempfile
import time
import tracemalloc
from pathlib import Path

import bibtexparser

from readinglist.store import edit_library, load_library

CJK = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"  # noqa: E501


def make_library(n: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    chunks = ['% generated benchmark library\n@string{neurips = "NeurIPS"}\n\n']
    for i in range(n):
        summary = "".join(rng.choice(CJK) for _ in range(rng.randint(350, 700)))  # 1-2 KB of UTF-8
        chunks.append(
            f"@inproceedings{{author{i}2020word{i},\n"
            f"  title = {{Paper number {i}: a {{Study}} of things}},\n"
            f"  title_zh = {{论文 {i}}},\n"
            f"  author = {{First Author{i} and Second Author}},\n"
            f"  year = {{{2000 + i % 24}}},\n"
            f"  booktitle = neurips,\n"
            f"  eprint = {{{2000 + i % 24 - 2000:02d}{i % 12 + 1:02d}.{i:05d}}},\n"
            f"  section = {{archive}},\n"
            f"  abstract_zh = {{{summary}}},\n"
            f"  cites = {{author{max(0, i - 1)}2020word{max(0, i - 1)}}},\n"
            "}\n\n"
        )
    return "".join(chunks)


def best_of(runs: int, func) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def bench(n: int, folder: Path) -> None:
    path = folder / f"lib{n}.bib"
    text = make_library(n)
    path.write_text(text, encoding="utf-8")
    runs = 3 if n <= 1000 else 2
    bare = best_of(runs, lambda: bibtexparser.parse_string(text, parse_stack=[]))
    load = best_of(runs, lambda: load_library(path))
    library = load_library(path)
    key = library.entries()[n // 2].key
    flip = iter(range(1000))

    def save_one() -> None:
        library.set_field(key, "status", f"read{next(flip)}")
        library.save()

    save = best_of(5, save_one)

    def edit_one() -> None:
        with edit_library(path) as lib:
            lib.set_field(key, "status", "reading")

    tracemalloc.start()
    load_library(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{n:>6} entries, {len(text.encode()) / 1e6:5.1f} MB | bare parse_string {bare:6.3f} s | "
        f"load {load:6.3f} s ({load / bare:4.2f}x bare) | one-field save {save:6.3f} s "
        f"({save / load:5.1%} of a load) | load+edit+save {best_of(1, edit_one):6.3f} s | "
        f"peak memory of a load {peak / 2**20:6.1f} MiB"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for n in (1_000, 10_000):
            bench(n, Path(folder))


if __name__ == "__main__":
    main()
