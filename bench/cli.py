"""Benchmark the command line's start: `readinglist list` on the shipped library against importing bibtexparser.

Run: python bench/cli.py [ROUNDS]
Goal: `readinglist list` (piped, as in a script) within 3x of `python -c "import bibtexparser"`, and
`readinglist --help` within 3x too. Each command runs as a fresh process; the commands alternate in every round
so both see the same machine load, and the medians are compared.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 3.0
FLOOR = "import importlib.util, typer; importlib.util.find_spec('typer._adapters') and __import__('typer._adapters')"
LIST = [sys.executable, "-m", "readinglist", "--library", str(ROOT / "papers.bib"), "list"]
COMMANDS = {
    "anchor: python -c 'import bibtexparser'": [sys.executable, "-c", "import bibtexparser"],
    "readinglist list (piped)": LIST,
    "readinglist --help": [sys.executable, "-m", "readinglist", "--help"],
    # typer 0.29 coerces every option through pydantic (typer._adapters): the floor any command with an option pays
    "floor: typer and its option coercion": [sys.executable, "-c", FLOOR],
    "readinglist list --format json": [*LIST, "--format", "json"],
}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main(rounds: int = 15) -> None:
    for command in COMMANDS.values():
        timed(command)  # warm the file cache and .pyc files
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(rounds):
        for name, command in COMMANDS.items():
            samples[name].append(timed(command))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    anchor_name = next(iter(COMMANDS))
    anchor = medians[anchor_name]
    print(f"median of {rounds} fresh processes each, commands alternating")
    for name, median in medians.items():
        ratio = median / anchor
        verdict = "" if name == anchor_name else f"  {ratio:4.1f}x anchor  ({'meets' if ratio <= GOAL else 'misses'})"
        print(f"{name:42s} {median * 1000:6.0f} ms{verdict}")
    print(f"goal: every command within {GOAL:.0f}x the anchor")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
