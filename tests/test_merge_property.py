"""The merge in-process: random non-conflicting edits on two branches always merge to both edit sets; edge cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.checks import check_library
from readinglist.merge.conflicts import marker_problems
from readinglist.merge.three_way import merge_texts
from readinglist.models import Entry
from readinglist.store import Library

from .conftest import examples

FIELDS = ("title", "year", "status", "note_zh")
VALUE = st.from_regex(r"[A-Za-z0-9中文][A-Za-z0-9 中文:.\-]{0,10}[A-Za-z0-9]", fullmatch=True)


def library_text(entries: list[Entry], head: str = "% a reading list\n\n") -> str:
    library = Library(Path("base.bib"), head, None)
    for entry in entries:
        library.add_entry(Entry(entry.key, entry.entry_type, dict(entry.fields)))
    return library.render()


@dataclass
class Side:
    """One branch's edits: field values (None removes the field), deletions, list changes, new entries."""

    sets: dict[tuple[str, str], str | None] = field(default_factory=dict)
    deletes: set[str] = field(default_factory=set)
    cites_added: dict[str, list[str]] = field(default_factory=dict)
    cites_removed: dict[str, set[str]] = field(default_factory=dict)
    added: list[Entry] = field(default_factory=list)
    comments: dict[str, str] = field(default_factory=dict)  # a comment line put after an entry

    def touches(self, key: str) -> bool:
        changed = {k for k, _ in self.sets} | self.deletes | self.cites_added.keys() | self.cites_removed.keys()
        return key in changed

    def apply(self, text: str) -> str:
        library = Library(Path("side.bib"), text, None)
        for (key, name), value in self.sets.items():
            if value is None:
                library.unset_field(key, name)
            else:
                library.set_field(key, name, value)
        for key in self.cites_added.keys() | self.cites_removed.keys():
            cites = [c for c in library.entry(key).list_field("cites") if c not in self.cites_removed.get(key, set())]
            library.set_field(key, "cites", ", ".join(cites + self.cites_added.get(key, [])))
        for key in self.deletes:
            library.remove_entry(key)
        for entry in self.added:
            library.add_entry(entry)
        return "".join(
            text + (f"\n% {self.comments[entry.key]}" if entry and entry.key in self.comments else "")
            for text, entry, _ in Library(Path("s.bib"), library.render(), None).layout()
        )


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[Entry], Side, Side]:
    count = draw(st.integers(2, 7))
    keys = [f"paper{i}" for i in range(count)]
    base = [
        Entry(
            key,
            "article",
            {"title": draw(VALUE), "year": str(2000 + i), "cites": ", ".join(keys[:i][-2:]), "status": "unread"},
        )
        for i, key in enumerate(keys)
    ]
    sides = Side(), Side()
    for entry in base:
        if draw(st.integers(0, 5)) == 0:  # one side deletes it; the other leaves it alone
            sides[draw(st.integers(0, 1))].deletes.add(entry.key)
            continue
        for name in FIELDS:
            owner = draw(st.sampled_from([None, 0, 1]))
            if owner is not None:
                sides[owner].sets[(entry.key, name)] = draw(st.none() | VALUE)
        if draw(st.booleans()):  # a comment after the entry, from one side
            sides[draw(st.integers(0, 1))].comments[entry.key] = f"comment on {entry.key}: {draw(VALUE)}"
        for index, side in enumerate(sides):
            if draw(st.booleans()):
                side.cites_added[entry.key] = [f"new{index}{entry.key}x{j}" for j in range(draw(st.integers(1, 2)))]
            existing = entry.list_field("cites")
            if existing and draw(st.booleans()):
                side.cites_removed[entry.key] = {draw(st.sampled_from(existing))}
    for index, side in enumerate(sides):
        side.added = [
            Entry(f"add{index}n{j}", "misc", {"title": draw(VALUE), "cites": keys[0]})
            for j in range(draw(st.integers(0, 3)))
        ]
    return base, sides[0], sides[1]


def expected(base: list[Entry], ours: Side, theirs: Side) -> dict[str, dict[str, str]]:
    """Both edit sets applied, computed without the merge code."""
    result: dict[str, dict[str, str]] = {}
    for entry in base:
        if entry.key in ours.deletes | theirs.deletes:
            continue
        fields = dict(entry.fields)
        for side in (ours, theirs):
            for (key, name), value in side.sets.items():
                if key == entry.key and value is None:
                    fields.pop(name, None)
                elif key == entry.key and value is not None:
                    fields[name] = value
        removed = ours.cites_removed.get(entry.key, set()) | theirs.cites_removed.get(entry.key, set())
        cites = [c for c in entry.list_field("cites") if c not in removed]
        cites += ours.cites_added.get(entry.key, []) + theirs.cites_added.get(entry.key, [])
        if cites or "cites" in fields:
            fields["cites"] = ", ".join(cites)
        result[entry.key] = fields
    for entry in ours.added + theirs.added:
        result[entry.key] = dict(entry.fields)
    return result


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_non_conflicting_edits_merge_to_the_union_of_both(case: tuple[list[Entry], Side, Side]) -> None:
    base, ours, theirs = case
    base_text = library_text(base)
    result = merge_texts(base_text, ours.apply(base_text), theirs.apply(base_text))
    assert result.clean, result.conflicts
    merged = Library(Path("merged.bib"), result.text, None)
    assert not merged.problems
    assert {e.key: e.fields for e in merged.entries()} == expected(base, ours, theirs)
    assert [e.key for e in merged.entries()] == list(expected(base, ours, theirs))  # base order, ours', theirs'
    for side in (ours, theirs):
        for key, comment in side.comments.items():
            if key not in ours.deletes | theirs.deletes:
                assert f"}}\n% {comment}\n" in result.text
    layout = Library(Path("b.bib"), base_text, None).layout()
    for raw, entry, _ in layout:
        if entry is not None and not any(side.touches(entry.key) for side in (ours, theirs)):
            assert raw in result.text  # untouched entries byte for byte


BASE = """@string{neurips = "NeurIPS"}

@inproceedings{ouyang2022training,
  title = {Training language models to follow instructions},
  booktitle = neurips,
  builds_on = {brown2020language, stiennon2020learning},
  builds_on_note = {brown2020language: GPT-3 | stiennon2020learning: summaries},
}
"""


def test_both_sides_add_the_same_key() -> None:
    added = "\n@misc{lala2023paperqa,\n  title = {PaperQA},\n}\n"
    same = merge_texts(BASE, BASE + added, BASE + added)
    assert same.clean and same.text.count("lala2023paperqa") == 1
    other = merge_texts(BASE, BASE + added, BASE + added.replace("{PaperQA},\n", "{PaperQA},\n  year = {2023},\n"))
    assert other.clean and "year = {2023}" in other.text and other.text.count("@misc{lala") == 1
    clash = merge_texts(BASE, BASE + added, BASE + added.replace("PaperQA", "PaperQA 2"))
    assert [c.what for c in clash.conflicts] == ["title"]
    assert "title = {PaperQA},\n  title_theirs = {PaperQA 2}," in clash.text


def test_notes_merge_per_key_and_macros_stay_macros() -> None:
    ours = BASE.replace("GPT-3 |", "GPT-3 paper |")
    theirs = BASE.replace("summaries},\n}", "summaries},\n  publisher = neurips,\n}").replace(
        "stiennon2020learning}", "stiennon2020learning, ziegler2019fine}"
    )
    theirs = theirs.replace("summaries}", "summaries | ziegler2019fine: RLHF}")
    result = merge_texts(BASE, ours, theirs)
    assert result.clean, result.conflicts
    assert "builds_on = {brown2020language, stiennon2020learning, ziegler2019fine}," in result.text
    assert (
        "builds_on_note = {brown2020language: GPT-3 paper | stiennon2020learning: summaries | ziegler2019fine: RLHF}"
        in result.text
    )
    assert "  booktitle = neurips,\n" in result.text and "  publisher = neurips,\n" in result.text


def test_type_change_on_both_sides_is_a_conflict() -> None:
    result = merge_texts(
        BASE, BASE.replace("@inproceedings{o", "@article{o"), BASE.replace("@inproceedings{o", "@misc{o")
    )
    assert [c.what for c in result.conflicts] == ["entrytype"]
    assert "@article{ouyang2022training,\n  conflict = {entrytype}," in result.text
    assert "entrytype_theirs = {misc}" in result.text


def test_unreadable_entry_changed_on_both_sides_is_merged_as_text() -> None:
    broken = BASE + "\n@misc{broken,\n  title = {unclosed,\n  year = {2020},\n  note = {x},\n"
    result = merge_texts(broken, broken + "line from ours\n", broken.replace("unclosed", "still unclosed"))
    assert result.clean
    assert result.text.endswith("{still unclosed,\n  year = {2020},\n  note = {x},\nline from ours\n")
    clash = merge_texts(broken, broken.replace("{x}", "{y}"), broken.replace("{x}", "{z}"))
    assert [(c.key, c.what) for c in clash.conflicts] == [("broken", "text")]
    assert (
        "<<<<<<< ours\n  note = {y},\n||||||| base\n  note = {x},\n=======\n  note = {z},\n>>>>>>> theirs\n"
        in clash.text
    )


def test_check_finds_markers_from_git_itself() -> None:
    text = "@misc{a,\n  title = {A},\n}\n<<<<<<< HEAD\n% ours\n=======\n% theirs\n>>>>>>> other\n"
    assert [(p.kind, p.line) for p in marker_problems(text)] == [("merge-conflict", 4)]


def test_windows_line_endings_stay() -> None:
    base = "% head\r\n@misc{a,\r\n  title = {A},\r\n  year = {2020},\r\n}\r\n"
    result = merge_texts(base, base.replace("{A}", "{A1}"), base.replace("{2020}", "{2021}"))
    assert result.text == "% head\r\n@misc{a,\r\n  title = {A1},\r\n  year = {2021},\r\n}\r\n"
    added = merge_texts(base, base + "\r\n@misc{b,\r\n}\r\n", base + "\r\n@misc{c,\r\n}\r\n")
    assert added.text == base + "\r\n@misc{b,\r\n}\r\n\r\n@misc{c,\r\n}\r\n"


def test_a_byte_order_mark_stays_and_the_first_entry_merges_by_field() -> None:
    base = "\ufeff@misc{a,\n  title = {A},\n  year = {2020},\n}\n"
    result = merge_texts(base, base.replace("{A}", "{A1}"), base.replace("{2020}", "{2021}"))
    assert result.clean and result.merged_entries == ["a"]
    assert result.text == "\ufeff@misc{a,\n  title = {A1},\n  year = {2021},\n}\n"


@st.composite
def clashing(draw: st.DrawFn) -> tuple[list[Entry], Side, Side]:
    """Both sides may set the same fields and delete what the other edits."""
    keys = [f"paper{i}" for i in range(draw(st.integers(1, 5)))]
    base = [Entry(key, "article", {"title": f"T{key}", "year": "2020", "status": "unread"}) for key in keys]
    sides = Side(), Side()
    for side in sides:
        for key in keys:
            if draw(st.integers(0, 4)) == 0:
                side.deletes.add(key)
                continue
            for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=3)):
                side.sets[(key, name)] = draw(st.none() | st.sampled_from(["read", "reading", "A", "B"]))
    return base, sides[0], sides[1]


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clashing())
def test_a_conflicting_merge_loses_nothing_and_check_reports_each_conflict(
    case: tuple[list[Entry], Side, Side],
) -> None:
    base, ours, theirs = case
    base_text = library_text(base)
    ours_text, theirs_text = ours.apply(base_text), theirs.apply(base_text)
    result = merge_texts(base_text, ours_text, theirs_text)
    merged = Library(Path("merged.bib"), result.text, None)
    assert not merged.problems
    base_fields = {e.key: e.fields for e in base}
    side_fields = [
        {e.key: e.fields for e in Library(Path("s.bib"), t, None).entries()} for t in (ours_text, theirs_text)
    ]
    for index, suffix in ((0, ""), (1, "_theirs")):
        for key, fields in side_fields[index].items():
            if fields == base_fields[key]:
                continue  # untouched on this side: the other side's change or deletion wins
            assert key in merged, f"{key} edited on side {index} was lost"
            entry = merged.entry(key)
            for name, value in fields.items():
                if value != base_fields[key].get(name):  # what this side changed is in the field or FIELD_theirs
                    assert value in (entry.get(name), entry.get(name + suffix)), (key, name, value)
    clashes = {
        (key, name)
        for key in base_fields
        for name in FIELDS
        if all(key in f for f in side_fields)
        and len({f[key].get(name) for f in side_fields} | {base_fields[key].get(name)}) == 3
    }
    deleted_vs_edited = {
        key
        for key in base_fields
        for mine, other in ((0, 1), (1, 0))
        if key not in side_fields[mine] and key in side_fields[other] and side_fields[other][key] != base_fields[key]
    }
    assert {(c.key, c.what) for c in result.conflicts if not c.what.startswith("deleted")} == clashes
    assert {c.key for c in result.conflicts if c.what.startswith("deleted")} == deleted_vs_edited
    reported = [p for p in check_library(merged) if p.kind == "merge-conflict"]
    assert len(reported) == len(result.conflicts)
