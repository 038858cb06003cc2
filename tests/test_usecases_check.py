"""Checking the library below the CLI: every problem as data, the papers enrichment can fill grouped apart."""

from __future__ import annotations

from pathlib import Path

from readinglist.usecases.check_library import CheckRequest, run

LIBRARY = """@misc{bare2023,
  title = {A Paper Named Only By Its Title},
}

@misc{dangling2024,
  title = {A Paper That Builds On A Missing One},
  author = {Ada Person},
  year = {2024},
  builds_on = {nowhere2020},
}
"""


def test_a_clean_library_reports_no_problem(shipped_copy: Path) -> None:
    report = run(CheckRequest(shipped_copy))
    assert report.ok and report.problems == [] and report.entries > 100
    assert report.outcome.failed == [] and report.outcome.next_steps == [] and report.grouped_words == ""


def test_papers_missing_only_what_enrichment_fetches_are_grouped_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    report = run(CheckRequest(path))
    assert not report.ok and report.entries == 2
    kinds = [(p.kind, p.key) for p in report.problems]
    assert kinds == [("missing-field", "bare2023"), ("missing-key", "dangling2024")]
    assert [p.key for p in report.shown] == ["dangling2024"] and [p.key for p in report.grouped] == ["bare2023"]
    assert report.grouped_words == "1 paper misses author or year (as a list names papers by title and link)"
    assert report.outcome.failed == ["2 problem(s) in 2 entries"]
    assert report.outcome.next_steps == ["enrich the library to fetch the missing author or year from the sources"]
    words = report.outcome.failed + report.outcome.next_steps + [report.grouped_words]
    assert not any("--" in line or "readinglist " in line for line in words)  # no CLI flags, no commands
    assert path.read_text(encoding="utf-8") == LIBRARY


def test_a_conflicts_advice_names_the_option_only_when_the_cli_says_it(shipped_copy: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from .test_merge_app import write_conflicted

    write_conflicted(shipped_copy)
    report = run(CheckRequest(shipped_copy))
    said = [p.message for p in report.problems if p.kind == "merge-conflict"]
    assert len(said) == 3 and not any("--" in line for line in said), said  # the app shows these words too
    printed = run_cli("--library", str(shipped_copy), "check").stdout
    assert printed.count("(or `--value TEXT`)") == 2 and "a value of your own" not in printed
