"""The CLI as a new user meets it: papers named as people call them in every command, hand-adding offline,
`--out` names that match their format, unreadable entries said aloud, the list's numbering named as papers."""

from __future__ import annotations

import json
from pathlib import Path

from readinglist.store import load_library


def _one_error_line(result, code: int = 1) -> str:  # type: ignore[no-untyped-def]
    """The stderr of a refused command: exit code 1 (2 for a wrong option value) and exactly one `error:` line."""
    assert result.returncode == code, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_every_command_taking_a_paper_resolves_its_common_name(run_cli, shipped_copy: Path) -> None:
    library = ("--library", str(shipped_copy))
    marked = run_cli(*library, "mark", "InstructGPT", "read")
    assert marked.returncode == 0, marked.stderr
    assert marked.stdout.strip() == "ouyang2022training: read"
    assert "InstructGPT → ouyang2022training" in marked.stderr  # says which paper the name was taken for
    assert run_cli(*library, "set", "GPT-3", "status", "reading").returncode == 0
    assert (
        run_cli(*library, "unset", "TruthfulQA", "seed_date").stdout.strip() == "lin2022truthfulqa: seed_date removed"
    )
    entries = {e.key: e for e in load_library(shipped_copy).entries()}
    assert entries["ouyang2022training"].get("status") == "read"
    assert entries["brown2020language"].get("status") == "reading"
    assert "seed_date" not in entries["lin2022truthfulqa"].fields
    assert not any(k.lower() in ("instructgpt", "gpt-3") for k in entries)  # no entry made under the name

    note = run_cli(*library, "note", "InstructGPT")
    assert note.stdout.strip() == str(shipped_copy.parent / "notes" / "ouyang2022training.md")
    enriched = run_cli(*library, "enrich", "InstructGPT", "--offline")
    assert "not filled: ouyang2022training" in enriched.stderr and "no entry" not in enriched.stderr
    assert "1 not filled offline" in enriched.stdout


def test_writes_go_to_the_exact_key_when_two_differ_in_case(run_cli, tmp_path: Path) -> None:
    bib = tmp_path / "papers.bib"
    bib.write_text("@misc{dup2020, title={Lower}}\n\n@misc{Dup2020, title={Upper}}\n", encoding="utf-8")
    assert run_cli("--library", str(bib), "set", "Dup2020", "note", "upper only").returncode == 0
    assert load_library(bib).entry("Dup2020").get("note") == "upper only"
    assert "note" not in load_library(bib).entry("dup2020").fields
    before = bib.read_bytes()
    line = _one_error_line(run_cli("--library", str(bib), "mark", "DUP2020", "read"))
    assert "'DUP2020'" in line and "Dup2020 (" in line and "dup2020 (" in line  # both offered, neither guessed
    assert bib.read_bytes() == before


def test_ambiguous_or_unknown_names_list_candidates_and_change_nothing(run_cli, shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    line = _one_error_line(run_cli("--library", str(shipped_copy), "mark", "Christiano", "read"))
    assert "matches 2 papers" in line and "christiano2017deep" in line and "christiano2018supervising" in line
    line = _one_error_line(run_cli("--library", str(shipped_copy), "set", "InstructGTP", "status", "read"))
    assert "no paper matches 'InstructGTP'" in line and "Did you mean InstructGPT? ouyang2022training" in line
    line = _one_error_line(run_cli("--library", str(shipped_copy), "note", "../../etc/passwd"))
    assert "'../../etc/passwd'" in line
    assert shipped_copy.read_bytes() == before


def test_add_by_id_offline_or_unreachable_points_to_adding_by_hand(run_cli, shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    offline = _one_error_line(run_cli("--library", str(shipped_copy), "add", "--offline", "2305.18290"))
    assert "needs the network" in offline and "readinglist add 2305.18290 --title" in offline
    assert "without --offline" not in offline
    unreachable = _one_error_line(run_cli("--library", str(shipped_copy), "add", "2305.18290"))  # a closed port
    assert unreachable.startswith("error: cannot reach 127.0.0.1") or "did not answer" in unreachable
    assert "readinglist add 2305.18290 --title" in unreachable and "use --offline" not in unreachable
    assert shipped_copy.read_bytes() == before


def test_add_by_hand_writes_the_entry_and_its_note(run_cli, shipped_copy: Path) -> None:
    result = run_cli(
        "--library", str(shipped_copy), "add", "https://arxiv.org/abs/2305.18290v2", "--offline",
        "--title", "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
        "--author", "Rafael Rafailov; Archit Sharma", "--author", "Eric Mitchell", "--year", "2023",
        "--section", "rlhf", "--builds-on", "InstructGPT", "--summary-zh", "直接偏好优化",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key == "rafailov2023direct"
    entry = load_library(shipped_copy).entry(key)
    assert entry.get("author") == "Rafael Rafailov and Archit Sharma and Eric Mitchell"
    assert (entry.get("eprint"), entry.get("year"), entry.get("section")) == ("2305.18290", "2023", "rlhf")
    assert (entry.get("builds_on"), entry.get("abstract_zh"), entry.get("status")) == (
        "ouyang2022training",
        "直接偏好优化",
        "unread",
    )
    assert (shipped_copy.parent / "notes" / f"{key}.md").is_file()
    assert f"readinglist enrich {key}" in result.stderr and "note:" not in result.stderr  # rlhf is a known section
    typo = run_cli("--library", str(shipped_copy), "add", "--title", "A typo", "--section", "rhlf")
    assert typo.returncode == 0 and "no entry is in section 'rhlf' yet (did you mean rlhf?)" in typo.stderr
    assert "`readinglist check` reports the missing author and year until enrich fills them in" in typo.stderr
    for name in ("2305.18290", "secretly a reward model", "Rafailov 2023"):  # found as any paper is
        assert run_cli("--library", str(shipped_copy), "show", name).stdout.startswith(f"{key} (@misc)"), name


def test_add_by_hand_refuses_bad_input_in_one_line_and_writes_nothing(run_cli, shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    cases = {
        ("--title", "  "): "a title is needed",
        ("--title", "Anything", "nonsense-id"): "'nonsense-id' is not an arXiv id",
        ("--title", "Anything", "--year", "23"): "year '23' is not a four-digit year",
        ("--title", "Something new", "2203.02155"): "already in the library as ouyang2022training",
        ("--title", "Training language models to follow instructions with human feedback"): "already in the library",
        ("--title", "kubernetes."): "already in the library as kubernetes",  # a short title typed twice
        ("--title", "Two ids", "2305.18290", "2305.18291"): "at most one id",
        ("--author", "Someone"): "--author describes a paper added by hand: give its --title too",
        (): "give the ids of the papers to add",
        ("--title", "Anything", "--builds-on", "Christiano"): "matches 2 papers",
    }
    for args, expected in cases.items():
        line = _one_error_line(run_cli("--library", str(shipped_copy), "add", *args))
        assert expected in line, (args, line)
    assert shipped_copy.read_bytes() == before
    assert not (shipped_copy.parent / "notes").exists() or not any((shipped_copy.parent / "notes").iterdir())


def test_graph_out_name_must_match_the_format(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    library = ("--library", str(shipped_copy))
    line = _one_error_line(run_cli(*library, "graph", "--out", str(tmp_path / "x.png")), 2)
    assert f"--out {tmp_path / 'x.png'}: .png is not a format" in line and str(tmp_path / "x.html") in line
    line = _one_error_line(run_cli(*library, "graph", "--format", "html", "--out", str(tmp_path / "x.json")), 2)
    assert "does not match --format html" in line and str(tmp_path / "x.html") in line
    assert not list(tmp_path.glob("x.*"))
    assert run_cli(*library, "graph", "--out", str(tmp_path / "x.htm")).returncode == 0
    assert "vis.DataSet" in (tmp_path / "x.htm").read_text(encoding="utf-8")
    assert run_cli(*library, "graph", "--format", "json", "--out", str(tmp_path / "G.JSON")).returncode == 0
    assert json.loads((tmp_path / "G.JSON").read_text(encoding="utf-8"))["directed"] is True
    assert run_cli(*library, "graph", "--format", "graphml", "--out", "-").stdout.startswith("<graphml")


def test_order_out_name_picks_or_must_match_the_format(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    library = ("--library", str(shipped_copy), "order", "--target", "InstructGPT", "--max", "2")
    line = _one_error_line(run_cli(*library, "--out", str(tmp_path / "o.png")), 2)
    assert ".png is not a format" in line and f"{tmp_path / 'o.md'}, {tmp_path / 'o.json'}" in line
    line = _one_error_line(run_cli(*library, "--format", "bib", "--out", str(tmp_path / "o.md")), 2)
    assert "does not match --format bib" in line and str(tmp_path / "o.bib") in line
    assert not list(tmp_path.glob("o.*"))
    assert run_cli(*library, "--out", str(tmp_path / "o.json")).returncode == 0
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))[0]["key"]  # JSON, as the name says
    assert run_cli(*library, "--format", "csl-json", "--out", str(tmp_path / "refs.json")).returncode == 0
    assert json.loads((tmp_path / "refs.json").read_text(encoding="utf-8"))[0]["type"]  # CSL-JSON in a .json file
    assert run_cli(*library, "--out", "-").stdout.startswith("#")  # Markdown on standard output


def test_entries_that_cannot_be_read_are_counted_on_stderr(run_cli, tmp_path: Path) -> None:
    bib = tmp_path / "bad.bib"
    bib.write_text("@misc{a, title={A}}\n@misc{b, title={x\n@misc{c, title={C}}\n", encoding="utf-8")
    listed = run_cli("--library", str(bib), "list", "--format", "tsv")
    assert listed.returncode == 0 and [row.split("\t")[0] for row in listed.stdout.splitlines()] == ["key", "a", "c"]
    assert listed.stderr.strip() == (
        f"warning: {bib}: 1 entry could not be read (line 2), left out here; `readinglist check` says what to fix"
    )
    assert "1 entry could not be read" in run_cli("--library", str(bib), "show", "a").stderr
    marked = run_cli("--library", str(bib), "mark", "b", "read")  # the broken entry: said why it is not found
    assert "1 entry could not be read (line 2)" in marked.stderr and "no paper matches 'b'" in marked.stderr
    many = tmp_path / "many.bib"
    many.write_text("@misc{ok, title={Fine}}\n" + "@misc{x, title={x\n" * 7, encoding="utf-8")
    assert (
        "7 entries could not be read (lines 2, 3, 4, 5, 6 and 2 more)" in run_cli("--library", str(many), "list").stderr
    )
    broken = tmp_path / "broken.bib"
    broken.write_text("@misc{b, title={x\n", encoding="utf-8")
    line = _one_error_line(run_cli("--library", str(broken), "list"))
    assert f"{broken}: no entry could be read (line 1)" in line and "readinglist check" in line
    assert run_cli("--library", str(tmp_path / "papers.bib"), "add", "--title", "First paper").returncode == 1


def test_show_names_the_lists_numbering_as_papers(run_cli, shipped_copy: Path) -> None:
    shown = run_cli("--library", str(shipped_copy), "show", "InstructGPT")
    assert shown.returncode == 0, shown.stderr
    lines = {line.split(":")[0].strip(): line for line in shown.stdout.splitlines()}
    assert (
        "0.0.2" not in lines["note_zh"]
        and "Ziegler et al. 2019 / Stiennon et al. 2020 中探索的技术" in lines["note_zh"]
    )
    assert "lin2022truthfulqa: directly lead to InstructGPT" in lines["builds_on_note"]
    assert lines["seed_id"].strip() == "seed_id: 0.0.2.9, 0.1.1.6"  # an id field stays as written
    record = json.loads(run_cli("--library", str(shipped_copy), "show", "InstructGPT", "--format", "json").stdout)
    assert record["note_zh"].startswith("Ziegler et al. 2019 / Stiennon et al. 2020 中探索的技术")
    assert record["as_written"]["note_zh"].startswith("0.0.2.6/7中探索的技术")
    assert set(record["as_written"]) == {"note_zh", "builds_on_note"}
    plain = json.loads(run_cli("--library", str(shipped_copy), "show", "GPT-1", "--format", "json").stdout)
    assert plain["as_written"] == {}


def test_lineage_depth_below_one_is_refused(run_cli, shipped_copy: Path) -> None:
    line = _one_error_line(run_cli("--library", str(shipped_copy), "lineage", "InstructGPT", "--depth", "0"))
    assert line == "error: --depth 0: give 1 or more (1 = the papers linked to KEY directly)"
    lonely = run_cli("--library", str(shipped_copy), "lineage", "GPT-1", "--depth", "1")  # cites nothing listed
    assert lonely.returncode == 0 and lonely.stdout.splitlines()[1:] == [
        "builds on / cites:",
        "  (none in the library)",
    ]


def test_names_and_refusals_in_a_real_process(run_cli_process, shipped_copy: Path, tmp_path: Path) -> None:
    library = ("--library", str(shipped_copy))
    marked = run_cli_process(*library, "mark", "InstructGPT", "read")
    assert (marked.returncode, marked.stdout) == (0, "ouyang2022training: read\n"), marked.stderr
    for args, code in ((["add", "--offline", "2305.18290"], 1), (["graph", "--out", str(tmp_path / "x.png")], 2)):
        refused = run_cli_process(*library, *args)
        assert refused.returncode == code and "Traceback" not in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1 and refused.stderr.startswith("error: ")
    assert load_library(shipped_copy).entry("ouyang2022training").get("status") == "read"
