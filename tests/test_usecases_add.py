"""Adding papers below the CLI and the app: by hand and by id, with the notes that come before any write."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.errors import OfflineError
from readinglist.manual_add import ManualPaper
from readinglist.settings import Settings
from readinglist.sources import Sources
from readinglist.store import load_library
from readinglist.usecases import add_paper, enrich_papers


def test_by_hand_names_what_it_builds_on_notes_a_new_section_and_says_what_is_left(shipped_copy: Path) -> None:
    notes: list[tuple[str, str]] = []
    paper = ManualPaper(title="A Paper Written For This Test", section="rlhf-typo", builds_on="InstructGPT")
    request = add_paper.AddByHandRequest(shipped_copy, paper)
    report = add_paper.by_hand(request, lambda level, text: notes.append((level, text)))
    key = report.details.added[0]
    assert load_library(shipped_copy).entry(key).get("builds_on") == "ouyang2022training"
    assert [level for level, _ in notes] == ["info", "note"]
    assert "InstructGPT → ouyang2022training" in notes[0][1] and "'rlhf-typo'" in notes[1][1]
    assert report.missing == ["author", "year"] and report.ok
    assert report.outcome.changed == [f"added {key}"]
    words = report.outcome.changed + report.outcome.failed + report.outcome.next_steps
    assert not any("--" in line or "readinglist " in line for line in words)  # no CLI flags, no commands


def test_by_id_offline_is_refused_before_any_write(shipped_copy: Path, tmp_path: Path) -> None:
    before = shipped_copy.read_bytes()
    request = add_paper.AddByIdRequest(shipped_copy, ("2305.18290",), offline=True)
    with Sources.open(Settings(cache_path=tmp_path / "c.sqlite3")) as sources:
        with pytest.raises(OfflineError, match="needs the network"):
            add_paper.run(request, sources)
        assert sources.requests == 0
    assert shipped_copy.read_bytes() == before


def test_an_id_already_in_the_library_is_reported_not_added(shipped_copy: Path, tmp_path: Path) -> None:
    request = add_paper.AddByIdRequest(shipped_copy, ("2203.02155",))
    with Sources.open(Settings(cache_path=tmp_path / "c.sqlite3")) as sources:
        report = add_paper.run(request, sources)
        assert sources.requests == 0  # known already: nothing asked
    assert report.details.already == {"2203.02155": "ouyang2022training"} and report.ok
    assert report.outcome.changed == ["2203.02155 is already in the library as ouyang2022training"]


def test_enrich_offline_names_the_paper_and_says_what_is_left_for_online(shipped_copy: Path, tmp_path: Path) -> None:
    notes: list[tuple[str, str]] = []
    request = enrich_papers.EnrichRequest(shipped_copy, ("InstructGPT",), offline=True)
    with Sources.open(Settings(cache_path=tmp_path / "c.sqlite3")) as sources:
        report = enrich_papers.run(request, sources, lambda level, text: notes.append((level, text)))
    assert report.requests == 0 and report.details.not_filled == ["ouyang2022training"]
    assert notes == [("info", notes[0][1])] and "InstructGPT → ouyang2022training" in notes[0][1]
    assert report.outcome.next_steps == ["enrich again online to fill ouyang2022training (not in the cache)"]
