"""Nothing either side set is lost in a merge: line endings, free-text notes, bookkeeping names, exact keys.

The property test edits a library on two sides at random (conflicting edits included) and checks that every
value either side set is in the result, or in a conflict the result names, and that the result reads back.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.merge.fields import NOTE_FIELDS, THEIRS_SUFFIX, conflict_items
from readinglist.merge.three_way import BOOKKEEPING, KEY_CASE, MergeResult, merge_texts
from readinglist.models import Entry, format_notes, parse_notes, split_list
from readinglist.store import Library

from .conftest import THOROUGH, examples

CRLF_BASE = "@misc{a,\r\n  title = {T},\r\n  abstract = {line one\r\nline two},\r\n  status = {unread},\r\n}\r\n"


def entries(text: str) -> dict[str, Entry]:
    return {e.key: e for e in Library(Path("m.bib"), text, None).entries()}


def test_crlf_multiline_values_keep_one_carriage_return_per_break() -> None:
    result = merge_texts(CRLF_BASE, CRLF_BASE.replace("unread", "read"), CRLF_BASE.replace("{T}", "{T2}"))
    assert result.clean
    assert "\r\r" not in result.text
    assert entries(result.text)["a"].fields["abstract"] == "line one\r\nline two"
    again = merge_texts(result.text, result.text.replace("{read}", "{skimmed}"), result.text.replace("T2", "T3"))
    assert "\r\r" not in again.text and "abstract = {line one\r\nline two}," in again.text


def test_a_new_multiline_value_in_a_crlf_file_is_written_with_crlf() -> None:
    library = Library(Path("p.bib"), CRLF_BASE, None)
    library.set_field("a", "note", "first\nsecond")
    text = library.render()
    assert "note = {first\r\nsecond},\r\n" in text and "\n" not in text.replace("\r\n", "")


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [("ours words", "their words"), ("ours words", None), ("x: y | free", "x: z")],
    ids=["both-free-text", "ours-free-theirs-removed", "half-structured"],
)
def test_free_text_builds_on_note_is_never_emptied(ours: str, theirs: str | None) -> None:
    base = "@misc{a,\n  title = {T},\n  builds_on_note = {free text},\n}\n"
    their_text = base.replace("{T}", "{T3}")
    dropped = their_text.replace("  builds_on_note = {free text},\n", "")
    their_text = their_text.replace("free text", theirs) if theirs else dropped
    result = merge_texts(base, base.replace("free text", ours), their_text)
    entry = entries(result.text)["a"]
    assert entry.fields["builds_on_note"] == ours
    if theirs is not None:
        assert entry.fields["builds_on_note_theirs"] == theirs
    assert [c.what for c in result.conflicts] == ["builds_on_note"]


@pytest.mark.parametrize("existing", ["status_theirs = {my own note}", "conflict = {none declared}"])
def test_fields_named_like_the_bookkeeping_are_never_written_over(existing: str) -> None:
    base = f"@misc{{a,\n  title = {{T}},\n  status = {{unread}},\n  {existing},\n}}\n"
    result = merge_texts(base, base.replace("unread", "read"), base.replace("unread", "skimmed"))
    assert [(c.key, c.what) for c in result.conflicts] == [("a", BOOKKEEPING)]
    for value in ("{read}", "{skimmed}", "{unread}", existing):
        assert value in result.text
    assert result.text.startswith("<<<<<<< ours\n@misc{a,")


def test_a_deleted_entry_holding_a_conflict_field_is_kept_as_text() -> None:
    base = "@misc{a,\n  title = {T},\n  conflict = {none declared},\n}\n"
    result = merge_texts(base, "", base.replace("{T}", "{T2}"))
    assert [c.what for c in result.conflicts] == [BOOKKEEPING]
    assert "{T2}" in result.text and "none declared" in result.text


def test_keys_differing_only_in_case_are_two_entries_and_a_conflict() -> None:
    base = "@misc{base,\n  title = {B},\n}\n"
    ours = base + "\n@misc{Dup2023,\n  title = {Ours},\n}\n"
    theirs = base + "\n@misc{dup2023,\n  title = {Theirs},\n}\n"
    result = merge_texts(base, ours, theirs)
    found = entries(result.text)
    assert found["Dup2023"].fields["title"] == "Ours" and found["dup2023"].fields["title"] == "Theirs"
    assert [c.what for c in result.conflicts] == [KEY_CASE]
    renamed = merge_texts(ours, ours.replace("Dup2023", "dup2023"), ours.replace("{Ours}", "{Edited}"))
    assert "dup2023" in entries(renamed.text) or not renamed.clean  # never a silent fold of the two


# -- the property ---------------------------------------------------------------------------------------------

WORD = st.from_regex(r"[A-Za-z0-9中文][A-Za-z0-9 中文.\-]{0,8}[A-Za-z0-9]", fullmatch=True)
TEXT = st.one_of(
    WORD,
    st.builds(lambda a, b: f"{a}\n{b}", WORD, WORD),  # multi-line
    st.builds(lambda a, b: f"{a}: {b}", st.sampled_from(["a", "b", "k1"]), WORD),  # a structured note
)
FIELDS = ("title", "status", "abstract", "builds_on_note", "conflict", "status_theirs", "note")
KEYS = ("a", "B", "dup2023")
NEW_KEYS = ("Dup2023", "dup2023", "new1", "A")


def build(keys: list[str], values: dict[tuple[str, str], str], nl: str) -> str:
    library = Library(Path("base.bib"), "% list" + nl + nl, None)
    for key in keys:
        library.add_entry(Entry(key, "misc", {n: v for (k, n), v in values.items() if k == key}))
    return library.render()


@st.composite
def sides(draw: st.DrawFn) -> tuple[str, str, str, list[dict], list[dict]]:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3, unique_by=str.lower))
    values = {(k, "title"): draw(WORD) for k in keys}
    for key in keys:
        for name in draw(st.lists(st.sampled_from(FIELDS[1:]), max_size=3, unique=True)):
            values[(key, name)] = draw(TEXT)
    values.update({(k, "cites"): "x, y" for k in keys})
    base = build(keys, values, nl)
    texts, intents = [], []
    for _ in range(2):
        library = Library(Path("side.bib"), base, None)
        intent: dict = {"set": {}, "cites": {}, "added": {}}
        for key in keys:
            choice = draw(st.integers(0, 9))
            if choice == 0:
                library.remove_entry(key)
                continue
            for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
                value = draw(TEXT)
                library.set_field(key, name, value)
                if value != values.get((key, name)):
                    intent["set"][(key, name)] = value
            if draw(st.booleans()):
                item = draw(WORD).replace(" ", "")
                library.set_field(key, "cites", f"x, y, {item}")
                intent["cites"][key] = item
        for key in draw(st.lists(st.sampled_from(NEW_KEYS), max_size=2, unique=True)):
            if key not in library:
                fields = {"title": draw(TEXT)}
                library.add_entry(Entry(key, "misc", fields))
                intent["added"][key] = fields
        texts.append(library.render())
        intents.append(intent)
    return base, texts[0], texts[1], intents[0], intents[1]


def _norm(value: str) -> str:
    return value.replace("\r\n", "\n")


def _notes_kept(name: str, value: str, merged: str | None) -> bool:
    """A `key: words` note map merges per key: every note this side wrote is in the merged map."""
    if name not in NOTE_FIELDS or format_notes(parse_notes(value)) != value:
        return False
    return parse_notes(value).items() <= parse_notes(merged).items()


def check_kept(result: MergeResult, side: str, intent: dict) -> None:
    """Every value this side set is in the merged entry, in `FIELD_theirs`, or between conflict markers."""
    merged = entries(result.text)
    as_text = {c.key for c in result.conflicts if c.what in (BOOKKEEPING, "text")}
    wanted = [(k, n, v) for (k, n), v in intent["set"].items()]
    wanted += [(k, n, v) for k, fields in intent["added"].items() for n, v in fields.items()]
    for key, name, value in wanted:
        if key in as_text:
            assert _norm(value) in _norm(result.text), (key, name, value)
            continue
        fields = {n.lower(): _norm(v) for n, v in merged[key].fields.items()}
        listed = [i.lower() for i in conflict_items(merged[key].fields)]
        if fields.get(name) == _norm(value) or _notes_kept(name, value, fields.get(name)):
            continue
        assert side == "theirs" and name in listed and fields.get(name + THEIRS_SUFFIX) == _norm(value), (
            key,
            name,
            value,
            result.text,
        )
    for key, item in intent["cites"].items():
        if key not in as_text:
            assert item in split_list(merged[key].fields.get("cites")), (key, item)


def check_readable(result: MergeResult, nl: str) -> None:
    assert "\r\r" not in result.text
    if nl == "\r\n":
        assert "\n" not in result.text.replace("\r\n", "")
    if result.clean:
        parsed = bibtexparser.parse_string(result.text, parse_stack=[])
        assert not parsed.failed_blocks
        assert not Library(Path("m.bib"), result.text, None).problems


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sides())
def test_every_value_either_side_set_is_in_the_result_or_a_conflict(case: tuple[str, str, str, dict, dict]) -> None:
    base, ours, theirs, ours_intent, theirs_intent = case
    result = merge_texts(base, ours, theirs)
    check_kept(result, "ours", ours_intent)
    check_kept(result, "theirs", theirs_intent)
    check_readable(result, "\r\n" if "\r\n" in base else "\n")


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber not installed (Debian biber)")
@settings(
    max_examples=5 if THOROUGH else 2,  # biber takes half a second to start
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(sides())
def test_clean_merges_are_read_by_biber(tmp_path: Path, case: tuple[str, str, str, dict, dict]) -> None:
    result = merge_texts(*case[:3])
    if not result.clean:
        return
    (tmp_path / "m.bib").write_bytes(result.text.encode("utf-8"))
    done = subprocess.run(
        ["biber", "--tool", "--quiet", "--output-file=out.bib", "m.bib"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "ERROR" not in done.stdout, done.stdout + done.stderr
