"""The test loop (issue 24): wall time of the README's test command and of its quick form without the browser.

Run: python bench/test_loop.py [--runs 3] [--quick-only]

Each figure is the wall time of a fresh `python -m pytest ...` process in this checkout (the median of --runs),
with the load average before it, since only an idle machine gives a fair figure. The anchor, measured the same way
in the same run, is `python -m pytest --collect-only -q`: starting pytest, importing and collecting every test in
one process, the part of every run that no test's speed changes. Goals: the whole suite under 120 s,
`-m "not browser"` under 45 s, on an idle 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = {
    "collect only (anchor)": (["--collect-only", "-q"], None),
    '-m "not browser"': (["-q", "-m", "not browser"], 45.0),
    "whole suite": (["-q"], 120.0),
}


def wall(args: list[str]) -> float:
    """Seconds one `python -m pytest ARGS` takes in this checkout; a failing run is an error, not a figure."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        raise SystemExit(f"pytest {' '.join(args)} failed:\n{done.stdout[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick-only", action="store_true", help="leave out the whole suite")
    options = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    for name, (args, goal) in RUNS.items():
        if options.quick_only and name == "whole suite":
            continue
        times = [wall(args) for _ in range(options.runs)]
        figures = ", ".join(f"{t:.1f}" for t in times)
        verdict = (
            "" if goal is None else f"; goal {goal:.0f} s: {'met' if statistics.median(times) < goal else 'not met'}"
        )
        print(f"{name:<24} median {statistics.median(times):6.1f} s (runs: {figures}){verdict}")


if __name__ == "__main__":
    main()
