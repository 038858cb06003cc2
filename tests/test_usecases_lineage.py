"""The graph queries below the CLI: a reading order and a lineage, papers named as people name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.errors import ReadingListError
from readinglist.sources import ResponseCache
from readinglist.usecases import lineage_graph


def test_order_names_its_target_and_puts_it_last(shipped_copy: Path, tmp_path: Path) -> None:
    notes: list[tuple[str, str]] = []
    request = lineage_graph.OrderRequest(shipped_copy, ("InstructGPT",), budget=4)
    with ResponseCache(tmp_path / "c.sqlite3") as cache:
        report = lineage_graph.order(request, cache, lambda level, text: notes.append((level, text)))
    assert report.targets == ["ouyang2022training"]
    assert [item.key for item in report.order.items][-1] == "ouyang2022training"
    assert len(report.order.items) == 4
    assert notes and notes[0][0] == "info" and "InstructGPT → ouyang2022training" in notes[0][1]
    assert not any("--" in step for step in report.outcome.next_steps)


def test_lineage_lines_by_direction_and_a_depth_below_one_refused(shipped_copy: Path, tmp_path: Path) -> None:
    with ResponseCache(tmp_path / "c.sqlite3") as cache:
        request = lineage_graph.LineageRequest(shipped_copy, "ouyang2022training", ("up", "down"), depth=1)
        report = lineage_graph.lineage(request, cache)
        assert set(report.lines) == {"up", "down"}
        assert all(level == 1 for rows in report.lines.values() for level, *_ in rows)
        assert any(key == "stiennon2020learning" for _, key, _, _ in report.lines["up"])
        with pytest.raises(ReadingListError, match="depth 0: give 1 or more"):
            lineage_graph.lineage(lineage_graph.LineageRequest(shipped_copy, "InstructGPT", depth=0), cache)


def test_entries_left_out_are_said_in_words_that_name_no_command(tmp_path: Path) -> None:
    from readinglist.store import load_library
    from readinglist.usecases.which_paper import unreadable_note

    bib = tmp_path / "bad.bib"
    bib.write_text("@misc{a, title={A}}\n@misc{b, title={x\n@misc{c, title={C}}\n", encoding="utf-8")
    note = unreadable_note(load_library(bib))
    assert note == f"{bib}: 1 entry could not be read (line 2), left out here; a check of the library says what to fix"
