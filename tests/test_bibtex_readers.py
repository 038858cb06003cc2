"""Backslashes, braces and other odd values: read back exactly, or refused; every write readable by strict readers.

The strict readers are bibtex and biber (when Debian's packages are installed), pybtex (strict mode, a test
dependency) and bibtexparser 1.x, which cannot live beside
bibtexparser 2 in one environment: it is installed with `pip --target` into `.test-tools/` on first use
(`READINGLIST_BIBTEXPARSER1` may name such a folder), and its test is skipped when that cannot be done.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from pybtex.errors import set_strict_mode

from readinglist.checks import check_library
from readinglist.errors import InvalidValueError, ReadingListError
from readinglist.models import Entry
from readinglist.store import edit_library, load_library

from .conftest import ROOT, examples

# Values from issue 12 and their relatives: each must read back exactly or be refused, as sorted here.
REFUSED = [
    "open { brace",
    "close } brace",
    "}{",
    "摘要\\",
    "ends with two \\\\",
    "escaped \\{ brace",
    "escaped \\} brace",
    "a\\{b}",
    "x \\\\{y}",
    "line one\n  @article{x,",
    "line one\n\\@misc{x}",
    "control \x01 char",
    "carriage\rreturn",
]
KEPT = [
    "both \\{ and \\}",
    "C:\\path\\to",
    "\\alpha + \\beta",
    "The {BERT} effect \\& {C}hinese",
    "100% sure, 50 %",
    "mail@example.org and @misc{x, title={y}}",
    "line one\n@misc{evil, title = {injected}}",
    'say "hi" # there',
    "hash # and 'quotes'",
    "中文：嵌套 {括号} 与 \\textbf{粗体}",
    "tab\tand\nnewline",
    "",
]
VALUES = REFUSED + KEPT


def _strict_pybtex(text: str):  # type: ignore[no-untyped-def]
    set_strict_mode(True)
    return parse_string(text, "bibtex")


def _loose(value: str) -> str:
    """pybtex and bibtexparser 1.x fold whitespace; LaTeX prints `\\@` as `@`."""
    return " ".join(value.replace("\\@", "@").split())


def _write_each(path: Path, values: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """One `set` per value on entry v<i>; returns what was accepted and what was refused (with the message)."""
    path.write_text("".join(f"@misc{{v{i},\n  title = {{T}},\n}}\n\n" for i in range(len(values))), encoding="utf-8")
    accepted, refused = {}, {}
    for i, value in enumerate(values):
        before = path.read_bytes()
        try:
            with edit_library(path) as library:
                library.set_field(f"v{i}", "note", value)
            accepted[f"v{i}"] = value
        except InvalidValueError as error:
            refused[f"v{i}"] = str(error)
            assert path.read_bytes() == before
    return accepted, refused


def test_every_value_reads_back_exactly_or_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    accepted, refused = _write_each(path, VALUES)
    library = load_library(path)
    assert not library.problems
    assert not [p for p in check_library(library) if p.kind in ("strict-readers", "cut-off-fields")]
    for key, value in accepted.items():
        assert library.entry(key).get("note") == value
    refused_values = {VALUES[int(key[1:])] for key in refused}
    assert refused_values == set(REFUSED)
    for message in refused.values():
        assert "\n" not in message and message.startswith("note: the value ") and "nothing was written" in message


def test_pybtex_strict_reads_every_write(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    accepted, _ = _write_each(path, VALUES)
    data = _strict_pybtex(path.read_text(encoding="utf-8"))
    assert set(data.entries) == {f"v{i}" for i in range(len(VALUES))}
    for key, value in accepted.items():
        assert _loose(data.entries[key].fields.get("note", "")) == _loose(value), key


@pytest.fixture(scope="session")
def bibtexparser1() -> Path:
    folder = Path(os.environ.get("READINGLIST_BIBTEXPARSER1", ROOT / ".test-tools" / "bibtexparser1"))
    if not (folder / "bibtexparser").is_dir():
        installed = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(folder), "bibtexparser>=1.4,<2"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if installed.returncode != 0:
            pytest.skip(f"bibtexparser 1.x could not be installed into {folder}: {installed.stderr[-200:]}")
    return folder


_READ_WITH_BIBTEXPARSER1 = """
import json, sys
import bibtexparser
from bibtexparser.bparser import BibTexParser
assert bibtexparser.__version__.startswith("1."), bibtexparser.__version__
parser = BibTexParser(common_strings=True)
db = bibtexparser.loads(sys.stdin.read(), parser)
print(json.dumps({e["ID"]: e.get("note", "") for e in db.entries}))
"""


def test_bibtexparser_1_reads_every_write(tmp_path: Path, bibtexparser1: Path) -> None:
    path = tmp_path / "papers.bib"
    accepted, _ = _write_each(path, VALUES)
    result = subprocess.run(
        [sys.executable, "-c", _READ_WITH_BIBTEXPARSER1],
        input=path.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(bibtexparser1)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    assert set(read) == {f"v{i}" for i in range(len(VALUES))}  # no entry dropped
    for key, value in accepted.items():
        assert _loose(read[key]) == _loose(value), key


def test_the_issues_commands_refuse_with_one_line(shipped_copy: Path, run_cli) -> None:
    before = shipped_copy.read_bytes()
    result = run_cli("--library", str(shipped_copy), "set", "ouyang2022training", "note", "open { brace")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: note: the value 'open { brace' has an unbalanced brace")
    result = run_cli("--library", str(shipped_copy), "add", "2203.02155", "--summary-zh", "摘要\\")
    assert result.returncode == 1 and result.stderr.count("\n") == 1  # refused before any request
    assert result.stderr.startswith("error: abstract_zh: the value '摘要\\\\' ends with a backslash")
    assert shipped_copy.read_bytes() == before


# Entries as other tools may leave them: check must name each one a strict reader rejects.
HOSTILE_ENTRIES = {
    "fine": '@misc{fine,\n  title = {The {BERT} effect},\n  note = "quoted {x}",\n}\n',
    "escaped": "@misc{escaped,\n  title = {T},\n  note = {open \\{ brace},\n}\n",
    "pair": "@misc{pair,\n  title = {T},\n  note = {a \\{ pair \\}},\n}\n",
    "swallowed": "@misc{swallowed,\n  title = {T},\n  note = {a\\{b}},\n  year = {2020},\n}\n",
    "macro": "@misc{macro,\n  title = {T},\n  month = may,\n  year = 2020,\n}\n",
}


def test_check_reports_every_entry_a_strict_reader_rejects(tmp_path: Path, run_cli) -> None:
    rejected = set()
    for key, text in HOSTILE_ENTRIES.items():
        try:
            _strict_pybtex(text)
        except Exception:
            rejected.add(key)
    assert rejected == {"escaped"}  # pybtex's verdict, measured here
    path = tmp_path / "papers.bib"
    path.write_text("\n".join(HOSTILE_ENTRIES.values()), encoding="utf-8")
    problems = check_library(load_library(path))
    reported = {p.key for p in problems if p.kind == "strict-readers"}
    # `swallowed` is the other way round: strict readers read it whole, bibtexparser 2 stops at `\{b}`
    # and would lose `year`; check says so too.
    assert reported == rejected | {"swallowed"}
    assert any(p.kind == "cut-off-fields" and "year = {" in p.message for p in problems)
    result = run_cli("--library", str(path), "check")
    assert result.returncode == 1 and "[escaped] field note has an unbalanced brace" in result.stdout


_ALPHABET = st.sampled_from([*"\\{}%@#\"'~&$_^ \n\tabZ09,=()", "中", "文", "摘要", "é", "\\{", "\\}", "\n@", "{}"])
_VALUES = st.lists(_ALPHABET, max_size=14).map("".join)


@settings(max_examples=examples(250), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_VALUES)
def test_set_of_generated_values_reads_back_or_is_refused(tmp_path: Path, value: str) -> None:
    path = tmp_path / "fuzz.bib"
    path.write_text("@misc{fuzz2024,\n  title = {T},\n  year = {2024},\n}\n", encoding="utf-8")
    before = path.read_bytes()
    try:
        with edit_library(path) as library:
            library.set_field("fuzz2024", "note", value)
    except ReadingListError as error:  # the project's own error, one line, nothing written
        assert isinstance(error, InvalidValueError) and "\n" not in str(error)
        assert path.read_bytes() == before
        return
    text = path.read_text(encoding="utf-8")
    entry = load_library(path).entry("fuzz2024")
    assert entry.get("note") == value and entry.get("year") == "2024"
    strict = _strict_pybtex(text).entries["fuzz2024"].fields
    assert _loose(strict["note"]) == _loose(value) and strict["year"] == "2024"


def test_written_values_are_not_rewritten_by_a_later_save(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    _write_each(path, VALUES)
    before = path.read_bytes()
    with edit_library(path) as library:
        library.add_entry(Entry("extra2024", "misc", {"title": "x"}))
    assert path.read_bytes().startswith(before.rstrip(b"\n"))
    assert re.search(rb"@misc\{extra2024,", path.read_bytes())


_DUMP_BST = """ENTRY { note } {} {}
FUNCTION {default.type} { }
READ
FUNCTION {dump} { "<<<" cite$ * "|||" * note empty$ { "" } { note } if$ * ">>>" * write$ newline$ }
ITERATE {dump}
"""


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex not installed (Debian texlive-binaries)")
def test_bibtex_reads_every_write(tmp_path: Path) -> None:
    """Classic BibTeX 0.99d reads the file through a style that prints each entry's note and year."""
    path = tmp_path / "papers.bib"
    accepted, _ = _write_each(path, VALUES)
    (tmp_path / "dump.bst").write_text(_DUMP_BST, encoding="utf-8")
    (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibstyle{dump}\n\\bibdata{papers}\n", encoding="utf-8")
    result = subprocess.run(["bibtex", "-terse", "t"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout  # 2 would mean an error in the database
    bbl = " ".join((tmp_path / "t.bbl").read_text(encoding="utf-8").split())
    read = dict(re.findall(r"<<<(.*?)\|\|\|(.*?)>>>", bbl))
    assert set(read) == {f"v{i}" for i in range(len(VALUES))}
    for key, value in accepted.items():
        assert _loose(read[key]) == _loose(value), key


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber not installed (Debian biber)")
def test_biber_reads_every_write(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    accepted, _ = _write_each(path, VALUES)
    result = subprocess.run(
        ["biber", "--tool", "--quiet", "papers.bib"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout + result.stderr
    rewritten = bibtexparser.parse_string(
        (tmp_path / "papers_bibertool.bib").read_text(encoding="utf-8"), parse_stack=[]
    )
    read = {entry.key: entry.fields_dict.get("NOTE") for entry in rewritten.entries}
    assert set(read) == {f"v{i}" for i in range(len(VALUES))}
    for key, value in accepted.items():
        note = read[key]
        assert _loose(note.value[1:-1] if note else "") == _loose(value), key


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_VALUES.filter(lambda v: v and not v.startswith("-")))  # a leading '-' would be read as an option
def test_the_set_command_with_generated_values(tmp_path: Path, run_cli, value: str) -> None:
    """Through the real entry point: exit 0 and the exact value, or exit 1 with one line; never a traceback."""
    path = tmp_path / "cli.bib"
    path.write_text("@misc{fuzz2024,\n  title = {T},\n}\n", encoding="utf-8")
    result = run_cli("--library", str(path), "set", "fuzz2024", "note", value)
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert load_library(path).entry("fuzz2024").get("note") == value
    else:
        assert result.returncode == 1 and result.stderr.startswith("error: note: the value ")
        assert result.stderr.count("\n") == 1
