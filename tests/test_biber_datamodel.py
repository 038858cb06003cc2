"""biber's data model on papers.bib: every entry has a title; a date wherever the list gives one."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from readinglist.store import load_library

from .conftest import SHIPPED


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed (apt-get install biber)")
def test_biber_reports_no_missing_standard_field_the_list_gives(tmp_path: Path) -> None:
    shutil.copyfile(SHIPPED, tmp_path / "papers.bib")
    run = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", str(tmp_path / "out.bib"), "papers.bib"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    warnings = [line for line in run.stdout.splitlines() if line.startswith("WARN")]
    about_standard = [line for line in warnings if "invalid in data model" not in line]  # our own fields aside
    undated = {re.search(r"Entry '([^']+)'", line).group(1) for line in about_standard if "'date, year'" in line}  # type: ignore[union-attr]
    assert [line for line in about_standard if "'date, year'" not in line] == []  # titles, types, field values
    entries = {entry.key: entry for entry in load_library(SHIPPED).entries()}
    for key in undated:  # only where the list gives no date: none is made up
        entry = entries[key]
        assert not entry.get("seed_date") and not entry.get("year"), key
        assert entry.kind != "competition" or not re.search(r"(?:19|20)\d\d", entry.get("title_zh")), key
    assert entries["medvidqa2023"].get("year") == "2023" and entries["huatuo26m"].get("title") == "Huatuo-26M"
    assert entries["medvidqa2023"].get("organization") == "美国国立卫生研究院"
