"""`discover`: candidates per section from three sources on the replay server, merged, ranked, added, dismissed."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from readinglist.exporters.schemas import schema_text
from readinglist.store import load_library
from readinglist.usecases import discover
from readinglist.usecases.discover import ActRequest, CheckRequest

from .appserver import ROOT
from .discover_replay import RLHF_QUERY, DiscoverReplay, replay_sources, write_watch

TODAY = dt.date(2026, 12, 7)
SINCE = dt.date(2023, 1, 1)


@pytest.fixture
def replay(httpserver) -> DiscoverReplay:  # type: ignore[no-untyped-def]
    replay = DiscoverReplay()
    replay.serve(httpserver)
    return replay


def check(httpserver, library: Path, **options):  # type: ignore[no-untyped-def]
    options = {"sections": ("rlhf",), "since": SINCE, "today": TODAY} | options
    with replay_sources(httpserver) as sources:
        return discover.run(CheckRequest(library, **options), sources)


def by_id(report) -> dict:  # type: ignore[no-untyped-def]
    return {c.id: c for c in report.sections[0].candidates}


def test_candidates_from_three_sources_are_merged_by_identity(httpserver, replay, shipped_copy: Path) -> None:
    write_watch(shipped_copy)
    report = check(httpserver, shipped_copy)
    assert report.outcome.ok, report.outcome.failed
    found = by_id(report)
    rlaif = found["2309.00267"]  # recommended, cites four papers of the section, and on the watch query's feed
    assert rlaif.found_by == ["citations", "recommendations", "arxiv-watch"]
    assert sorted(rlaif.cites) == sorted(
        ["ouyang2022training", "stiennon2020learning", "ziegler2019fine", "christiano2017deep"]
    )
    assert rlaif.rank == 4 and rlaif.queries == [RLHF_QUERY]
    assert [c.id for c in report.sections[0].candidates].count("2309.00267") == 1
    dpo = found["2305.18290"]
    assert dpo.reasons[0].startswith("cites 4 of RLHF lineage (0.0.x): InstructGPT, ")
    assert "recommended for RLHF lineage (0.0.x) (#1 of 5)" in dpo.reasons
    assert dpo.paper.venue == "Neural Information Processing Systems" and dpo.paper.authors[0] == "Rafael Rafailov"
    assert any(r.startswith("matches watch query `abs:") for r in rlaif.reasons)
    ranked = [c.id for c in report.sections[0].candidates]
    assert ranked.index("2309.00267") < ranked.index("2307.09288")  # more ties rank higher
    assert 0 < dpo.similarity <= 1 and dpo.nearest


def test_since_is_honoured(httpserver, replay, shipped_copy: Path) -> None:
    newer = by_id(check(httpserver, shipped_copy))
    assert "2212.08073" not in newer and "2203.11147" not in newer  # December 2022, March 2022
    older = by_id(check(httpserver, shipped_copy, since=dt.date(2022, 1, 1), today=TODAY + dt.timedelta(days=1)))
    assert {"2212.08073", "2203.11147"} <= set(older)


def test_a_dismissed_candidate_never_returns_and_is_sent_as_a_negative_example(
    httpserver, replay, shipped_copy: Path
) -> None:
    check(httpserver, shipped_copy)
    discover.dismiss(ActRequest(shipped_copy, ("2305.18290",), today=TODAY))
    assert "2305.18290" in (shipped_copy.parent / "discover-dismissed.tsv").read_text(encoding="utf-8")
    with replay_sources(httpserver) as sources:  # offline: the last check's list without it
        offline = discover.run(CheckRequest(shipped_copy, ("rlhf",), SINCE, offline=True, today=TODAY), sources)
    assert "2305.18290" not in by_id(offline)
    later = check(httpserver, shipped_copy, today=TODAY + dt.timedelta(days=1))
    assert "2305.18290" not in by_id(later)  # the answers still hold it
    sent = replay.calls("/recommendations")[-1]["json"]
    assert sent["negativePaperIds"] == ["d000000000000000000000000000000000000001"]
    assert "ARXIV:2203.02155" in sent["positivePaperIds"]


def test_add_makes_no_request_and_writes_section_found_by_and_date(httpserver, replay, shipped_copy: Path) -> None:
    write_watch(shipped_copy)
    check(httpserver, shipped_copy)
    before = len(replay.log)
    report = discover.add(ActRequest(shipped_copy, ("2309.00267",), today=TODAY))
    assert len(replay.log) == before
    key = report.done["2309.00267"]
    entry = load_library(shipped_copy).entry(key)
    assert entry.get("section") == "rlhf" and entry.get("eprint") == "2309.00267"
    assert entry.get("found_by") == "citations, recommendations, arxiv-watch" and entry.get("found_on") == "2026-12-07"
    assert set(entry.list_field("cites")) == {
        "ouyang2022training",
        "stiennon2020learning",
        "ziegler2019fine",
        "christiano2017deep",
    }
    assert entry.get("abstract").startswith("(synthetic abstract") and not entry.get("abstract_zh")
    assert [e.key for e in discover.needs_translation(load_library(shipped_copy).entries())] == [key]
    assert "摘要翻译" in report.outcome.next_steps[0]


def test_calls_per_check_follow_the_readme_formula_and_a_second_check_the_same_day_makes_none(
    httpserver, replay, shipped_copy: Path
) -> None:
    write_watch(shipped_copy)
    report = check(httpserver, shipped_copy, since=None)
    rlhf = [e for e in load_library(shipped_copy).entries() if "rlhf" in e.list_field("section")]
    with_id = [e for e in rlhf if e.get("eprint") or e.get("doi") or e.get("s2id")]
    expected = 1 + min(len(with_id), discover.MAX_CITING) * 1 + 1  # recommendations + citations + watch queries
    assert len(replay.log) == report.requests == report.planned == expected == 13
    assert "last_check = 2026-12-07" in (shipped_copy.parent / "discover.toml").read_text(encoding="utf-8")
    again = check(httpserver, shipped_copy, since=None)
    assert len(replay.log) == expected and again.requests == 0
    assert [c.id for c in again.sections[0].candidates] == [c.id for c in report.sections[0].candidates]


def test_a_stopped_check_resumes_with_only_the_calls_it_had_not_made(httpserver, replay, shipped_copy: Path) -> None:
    with replay_sources(httpserver) as sources:
        stopped = discover.run(
            CheckRequest(shipped_copy, ("rlhf",), SINCE, today=TODAY), sources, should_stop=lambda: len(replay.log) >= 3
        )
    assert stopped.stopped and len(replay.log) == 3 and "resume" in stopped.outcome.next_steps[0]
    resumed = check(httpserver, shipped_copy)
    assert resumed.requests == 12 - 3 and len(replay.log) == 12  # no watch query here: 1 + 11


def test_offline_shows_the_last_checks_candidates_with_their_date(httpserver, replay, shipped_copy: Path) -> None:
    with replay_sources(httpserver) as sources:
        never = discover.run(CheckRequest(shipped_copy, ("rlhf",), offline=True, today=TODAY), sources)
    assert never.sections[0].checked == "" and not never.sections[0].candidates
    online = check(httpserver, shipped_copy)
    with replay_sources(httpserver) as sources:
        offline = discover.run(CheckRequest(shipped_copy, ("rlhf",), offline=True, today=TODAY), sources)
        assert sources.requests == 0
    shown = offline.sections[0]
    assert shown.from_last_check and shown.checked == "2026-12-07"
    assert [c.id for c in shown.candidates] == [c.id for c in online.sections[0].candidates]
    assert shown.candidates[0].reasons == online.sections[0].candidates[0].reasons


def test_unknown_section_and_unknown_id_are_one_line_errors(httpserver, replay, shipped_copy: Path) -> None:
    with pytest.raises(discover.DiscoverError, match="no papers in section 'nope'; sections with papers: archive"):
        check(httpserver, shipped_copy, sections=("nope",))
    with pytest.raises(discover.DiscoverError, match="check first"):
        discover.add(ActRequest(shipped_copy, ("2305.18290",)))


def test_a_copy_of_the_folder_with_another_cache_adds_the_last_checks_candidates(
    httpserver, replay, shipped_copy: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    """The candidates travel with papers.bib (discover-candidates.json), even from a check run with --since."""
    check(httpserver, shipped_copy)
    kept = shipped_copy.parent / "discover-candidates.json"
    text = kept.read_text(encoding="utf-8")
    assert json.loads(text)["sections"]["rlhf"]["checked"] == "2026-12-07" and text.endswith("}\n")
    check(httpserver, shipped_copy)  # the same check again: the file is byte for byte the same (diff-friendly)
    assert kept.read_text(encoding="utf-8") == text
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("papers.bib", "papers.sections", "discover-candidates.json"):
        shutil.copyfile(shipped_copy.parent / name, clone / name)
    env = {"READINGLIST_CACHE_DIR": str(tmp_path / "another-cache"), "READINGLIST_OFFLINE": "1"}
    offline = ("--section", "rlhf", "--offline", "--format", "table")
    shown = run_cli("--library", str(clone / "papers.bib"), "discover", *offline, env=env)
    assert "2305.18290" in shown.stdout and "last check 2026-12-07" in shown.stdout, shown.stderr
    added = run_cli("--library", str(clone / "papers.bib"), "discover", "--add", "2305.18290", env=env)
    assert added.returncode == 0 and "added rafailov2023direct" in added.stdout, added.stderr
    assert len(replay.log) == 12  # the second check read the cache; the copy made no request


def test_cli_prints_a_table_tsv_when_piped_and_json_and_adds_by_id(
    httpserver, replay, shipped_copy: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
    }
    base = ("--library", str(shipped_copy), "discover", "--section", "rlhf", "--since", "2023-01-01")
    tsv = run_cli(*base, env=env)
    assert tsv.returncode == 0, tsv.stderr
    lines = tsv.stdout.splitlines()
    assert lines[0].startswith("section\tscore\tid\tyear\ttitle") and len(lines) == 1 + 5
    assert lines[1].split("\t")[2] == "2305.18290" and "cites 4 of RLHF lineage" in lines[1]
    data = json.loads(run_cli(*base, "--format", "json", env=env).stdout)
    assert data["requests"] == 0 and data["sections"][0]["candidates"][0]["id"] == "2305.18290"
    schema = json.loads(schema_text("discover"))
    assert list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data)) == []
    first = data["sections"][0]["candidates"][0]
    assert first["authors"][0] == {"family": "Rafailov", "given": "Rafael", "particle": None, "suffix": None}
    assert first["year"] == 2023 and first["cites"] and first["reasons"][0].startswith("cites ")
    table = run_cli(*base, "--format", "table", env=env)
    assert "RLHF lineage (0.0.x): 5 new since 2023-01-01" in table.stdout
    added = run_cli("--library", str(shipped_copy), "discover", "--add", "2305.18290", env=env)
    assert added.returncode == 0 and "added rafailov2023direct to RLHF lineage" in added.stdout, added.stderr
    assert "摘要翻译" in added.stderr
    bad = run_cli("--library", str(shipped_copy), "discover", "--since", "yesterday", env=env)
    assert bad.returncode == 1 and "error: --since 'yesterday' is not a date" in bad.stderr


def test_cli_offline_on_sections_never_checked_prints_one_line_each_and_no_table(shipped_copy: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    shown = run_cli("--library", str(shipped_copy), "discover", "--offline", "--format", "table")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    never = [line for line in lines if "never checked" in line]
    assert len(never) == len(lines) - 1 == 5 and lines[-1] == "0 request(s)."
    assert "┏" not in shown.stdout and "0 new since" not in shown.stdout and "--add" not in shown.stdout


def test_cli_after_a_failed_check_offers_nothing_to_add(httpserver, shipped_copy: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request(re.compile(".*")).respond_with_data("no such paper", status=404)
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
    }
    failed = run_cli("--library", str(shipped_copy), "discover", "--section", "rlhf", "--format", "table", env=env)
    assert failed.returncode == 1 and "error: RLHF lineage (0.0.x): " in failed.stderr
    assert "--add" not in failed.stdout and "┏" not in failed.stdout


def test_the_readmes_example_reproduces_after_a_fresh_init(  # type: ignore[no-untyped-def]
    httpserver, replay, tmp_path: Path, run_cli, run_cli_process
) -> None:
    """`init` ships the RLHF watch query, so the README's check (6 new, a watch-query match, 13 requests) holds."""
    assert run_cli("init", str(tmp_path / "fresh")).returncode == 0
    env = {
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
        "COLUMNS": "118",
    }
    command = ("discover", "--section", "rlhf", "--since", "2023-01-01")
    # a fresh process: the terminal width is its own (an in-process console keeps the first width it was made with)
    shown = run_cli_process("--library", str(tmp_path / "fresh" / "papers.bib"), *command, "--format", "table", env=env)
    assert shown.returncode == 0, shown.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split(f"$ readinglist {' '.join(command)}\n", 1)[1].split("```", 1)[0].splitlines()
    lines = shown.stdout.splitlines()
    assert lines[0] == example[0] == "RLHF lineage (0.0.x): 6 new since 2023-01-01"
    assert lines[-1] == example[-1] and lines[-1].startswith("13 request(s).")
    shown_rows = next(i for i, line in enumerate(example) if line.startswith("└"))  # the README shows the first rows
    assert example[:shown_rows] == lines[:shown_rows]
