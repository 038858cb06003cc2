"""Benchmark the lossless store: load, one-field save and peak memory at 1,000 and 10,000 entries.

Run: python bench/store.py
Targets: a one-field save under 0.2 s at 10,000 entries; a load within 1.5x, and its peak memory within 1.3x,
of reading the file and a bare bibtexparser.parse_string (the anchor, measured alike: same file, collector off).
"""

from __future__ import annotations

import gc
import random
import statistics
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


def timed(func) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def median_of(runs: int, func) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(timed(func) for _ in range(runs))


def paired_medians(runs: int, first, second) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Alternate the two, so that load from other processes on the machine falls on both alike."""
    pairs = [(timed(first), timed(second)) for _ in range(runs)]
    return statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs)


def gc_off(func):  # type: ignore[no-untyped-def]
    """Run `func` with the collector off, as our loader runs its parse: anchor and loader measured alike."""

    def run():  # type: ignore[no-untyped-def]
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return func()
        finally:
            if was_enabled:
                gc.enable()

    return run


def peak_mib(func) -> float:  # type: ignore[no-untyped-def]
    gc.collect()
    tracemalloc.start()
    result = func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak / 2**20


def bench(n: int, folder: Path) -> None:
    path = folder / f"lib{n}.bib"
    text = make_library(n)
    path.write_text(text, encoding="utf-8")
    runs = 7 if n <= 1000 else 5
    # The anchor reads the same file and parses it, with the collector off like the loader: like with like.
    bare = gc_off(lambda: bibtexparser.parse_string(path.read_text(encoding="utf-8"), parse_stack=[]))
    load = gc_off(lambda: load_library(path))
    bare_time, load_time = paired_medians(runs, bare, load)
    bare_peak, load_peak = peak_mib(bare), peak_mib(load)
    library = load_library(path)
    key = library.entries()[n // 2].key
    flip = iter(range(1000))

    def save_one() -> None:
        library.set_field(key, "status", f"read{next(flip)}")
        library.save()

    save = median_of(5, save_one)

    def edit_one() -> None:
        with edit_library(path) as lib:
            lib.set_field(key, "status", f"reading{next(flip)}")

    edit = median_of(3, edit_one)
    print(
        f"{n:>6} entries, {len(text.encode()) / 1e6:5.1f} MB; anchor: read the file + bare parse_string "
        f"(medians of {runs} alternating runs, collector off for both)"
    )
    print(
        f"  load        {load_time:6.3f} s   anchor {bare_time:6.3f} s   {load_time / bare_time:4.2f}x (goal <= 1.5x)"
    )
    print(
        f"  peak memory {load_peak:6.1f} MiB anchor {bare_peak:6.1f} MiB {load_peak / bare_peak:4.2f}x (goal <= 1.3x)"
    )
    print(f"  one-field save {save:6.3f} s ({save / load_time:5.1%} of a load; goal < 0.2 s at 10,000)")
    print(f"  load+edit+save {edit:6.3f} s")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for n in (1_000, 10_000):
            bench(n, Path(folder))


if __name__ == "__main__":
    main()
