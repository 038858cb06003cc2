"""How fast `import-markdown` takes a large awesome list: a generated list of 1,000 linked items (goal: under 2 s).

The list mixes the shapes the general reading handles: year headings over `- [Title](arXiv link)` bullets with
nested `Code:` / `Keyword:` bullets, `* 名称：` items with nested `地址：` / `简介：` bullets, a table with a header
row, and numbered `**Title** [[paper]](…) [[code]](…)` items. Titles and ids are made up for the benchmark.

The figure is the whole use case (read, match, key, write papers.bib and papers.sections into an empty folder),
the median of --runs. The anchor, measured the same way in the same run, is markdown-it-py's bare parse of the same
text: the part of the work no reading on its tokens can avoid.

Run: python bench/import_list.py [--items 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]
from readinglist.importers.tokens import parser  # noqa: E402
from readinglist.usecases.import_list import ImportListRequest, run  # noqa: E402

GOAL_SECONDS = 2.0


def make_list(items: int) -> str:
    """A list with `items` linked items in four shapes, a quarter each."""
    lines = ["# Generated list", "", "- [Papers](#papers)", "- [Models](#models)", "", "## Papers", ""]
    quarter = items // 4
    for n in range(quarter):
        if n % 50 == 0:
            lines += ["", f"### {2024 - n // 50}", ""]
        lines += [
            f"- [Generated paper number {n} on aligning models](https://arxiv.org/abs/23{n % 12 + 1:02d}.{n:05d})",
            f"  - Code: [official](https://github.com/example/repo{n})",
            f"  - Keyword: topic {n % 7}, alignment",
        ]
    lines += ["", "## 模型 Models", ""]
    for n in range(quarter):
        lines += [
            f"* 模型{n}号：",
            f"  * 地址：https://github.com/example/model{n}",
            f"  * 简介：第{n}个生成的中文模型简介",
            "",
        ]
    lines += ["", "## Datasets", "", "| 名称 | 介绍 | 链接 | 时间 |", "| --- | --- | --- | --- |"]
    for n in range(quarter):
        lines.append(
            f"| 数据集{n} | 生成的数据集说明 {n} | [下载链接](https://huggingface.co/datasets/ex/d{n})"
            f" | 2023-0{n % 9 + 1} |"
        )
    lines += ["", "## Benchmarks", ""]
    for n in range(items - 3 * quarter):
        lines.append(
            f"{n + 1}. [2023 ICLR] **Generated benchmark paper {n}** [[paper]](https://openreview.net/forum?id=gen{n})"
            f"[[code]](https://github.com/example/bench{n})"
        )
    return "\n".join(lines) + "\n"


def _median(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--items", type=int, default=1000)
    args.add_argument("--runs", type=int, default=5)
    options = args.parse_args()
    text = make_list(options.items)
    md = parser()
    anchor = _median(options.runs, lambda: md.parse(text))
    reports = []

    def import_once() -> None:
        with tempfile.TemporaryDirectory() as folder:
            reports.append(run(ImportListRequest(text, "generated.md", Path(folder) / "papers.bib")))

    figure = _median(options.runs, import_once)
    report = reports[-1]
    print(f"list: {options.items} linked items, {len(text.encode()):,} bytes, {len(text.splitlines()):,} lines")
    print(f"entries written: {len(report.details.added)}; left out with a link: {report.details.linked_left_out}")
    print(f"import-markdown (read, match, write): {figure:.3f} s   median of {options.runs}")
    print(f"anchor, markdown-it bare parse of the same text: {anchor:.3f} s   ({figure / anchor:.1f}x)")
    print(f"goal: under {GOAL_SECONDS:.1f} s -> {'met' if figure < GOAL_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
