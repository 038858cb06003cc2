"""The library commands through the real entry point: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import FACTS, PACKAGED, SEED_README


def test_list_json_has_every_field(run_cli, shipped_copy: Path) -> None:
    result = run_cli("--library", str(shipped_copy), "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 105  # 58 items of the papers section + 47 resources of the list's other sections
    instruct = next(r for r in records if r["key"] == "ouyang2022training")
    assert instruct["type"] == "inproceedings" and instruct["abstract_zh"].startswith("使语言模型更大")
    rlhf = json.loads(run_cli("--library", str(shipped_copy), "list", "--section", "rlhf", "--format", "json").stdout)
    assert all("rlhf" in r["sections"] for r in rlhf) and len(rlhf) == 14


def test_check_passes_on_shipped_and_fails_on_problems(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    assert run_cli("--library", str(shipped_copy), "check").returncode == 0
    bad = tmp_path / "bad.bib"
    bad.write_text("@misc{a, title={A}, builds_on={nope}}\n@misc{a, title={B}}\n@misc{b, title={x\n", encoding="utf-8")
    result = run_cli("--library", str(bad), "check")
    assert result.returncode == 1
    assert f"{bad}:2: [a] duplicate key" in result.stdout
    assert f"{bad}:3: [b]" in result.stdout and "builds_on names 'nope'" in result.stdout
    assert "Traceback" not in result.stderr
    assert bad.read_text(encoding="utf-8").count("@misc") == 3


def test_set_unset_show_note(run_cli, shipped_copy: Path) -> None:
    before = shipped_copy.read_bytes()
    env = {"READINGLIST_LIBRARY": str(shipped_copy)}
    assert run_cli("set", "ouyang2022training", "status", "read", env=env).returncode == 0
    assert "status: read" in run_cli("show", "ouyang2022training", env=env).stdout
    assert run_cli("unset", "ouyang2022training", "status", env=env).returncode == 0
    assert shipped_copy.read_bytes() == before
    note = run_cli("note", "ouyang2022training", env=env)
    assert note.stdout.strip() == str(shipped_copy.parent / "notes" / "ouyang2022training.md")
    assert "Training language models" in Path(note.stdout.strip()).read_text(encoding="utf-8")


def test_errors_are_one_line(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    for args in (["show", "nokey"], ["note", "../../etc/passwd"], ["set", "ouyang2022training", "bad name", "x"]):
        result = run_cli("--library", str(shipped_copy), *args)
        assert result.returncode == 1
        assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    missing = run_cli("--library", str(tmp_path / "none.bib"), "list")
    assert (
        missing.returncode == 1 and "does not exist" in missing.stderr and "`readinglist init FOLDER`" in missing.stderr
    )
    folder = run_cli("--library", str(tmp_path), "list")
    inside = tmp_path / "papers.bib"
    said = f"error: library file {tmp_path} is a folder; pass the .bib file inside it, e.g. --library {inside}\n"
    assert folder.returncode == 1 and folder.stderr == said


def test_help_on_every_command(run_cli) -> None:
    for command in (
        "list",
        "show",
        "set",
        "unset",
        "note",
        "check",
        "import-markdown",
        "export-markdown",
        "add",
        "enrich",
        "suggest",
        "lineage",
        "why",
        "order",
        "mark",
        "graph",
    ):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, command


def test_import_markdown_command_builds_the_shipped_library(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "papers.bib"
    result = run_cli("--library", str(target), "import-markdown", str(SEED_README), "--facts", str(FACTS))
    assert result.returncode == 0, result.stderr
    assert "105 added" in result.stdout
    assert target.read_bytes() == PACKAGED.read_bytes()
    assert target.with_suffix(".sections").read_bytes() == PACKAGED.with_suffix(".sections").read_bytes()


def test_every_registered_command_has_help_text() -> None:
    from readinglist.cli import app

    for command in app.registered_commands:
        assert command.callback is not None and (command.callback.__doc__ or "").strip(), command.name


def test_list_filters_sorts_and_names_the_nearest_on_a_typo(run_cli, shipped_copy: Path) -> None:
    library = ("--library", str(shipped_copy))
    datasets = run_cli(*library, "list", "--kind", "dataset", "--format", "tsv").stdout.splitlines()
    assert datasets[0].split("\t")[:3] == ["key", "kind", "status"] and len(datasets) == 19
    assert all(row.split("\t")[1] == "dataset" for row in datasets[1:])
    assert run_cli(*library, "mark", "InstructGPT", "read").returncode == 0
    read = run_cli(*library, "list", "--status", "read", "--format", "tsv", "--no-header").stdout.splitlines()
    assert [row.split("\t")[0] for row in read] == ["ouyang2022training"]
    years = [r["year"] for r in json.loads(run_cli(*library, "list", "--kind", "paper", "--sort", "year",
                                                   "--format", "json").stdout)]  # fmt: skip
    assert years == sorted(years, key=lambda y: (y is None, y or 0)) and years[0] == 2012
    for args, words in (
        (["--kind", "datset"], "unknown --kind 'datset'; did you mean dataset?"),
        (["--section", "dataset"], "unknown --section 'dataset'; did you mean dataset-english or dataset-chinese?"),
        (["--status", "done"], "unknown --status 'done'; use one of unread, reading, read"),
        (["--format", "xml"], "unknown --format 'xml'; use one of table, tsv, json"),
    ):
        refused = run_cli(*library, "list", *args)
        assert (refused.returncode, refused.stdout) == (2, ""), args
        assert refused.stderr.strip() == f"error: {words}"


def test_a_file_that_is_not_bibtex_is_refused(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "papers.html"
    page.write_text("<!DOCTYPE html>\n<html><body><p>@misc{x, title={not a library}}</p></body></html>\n")
    refused = run_cli("--library", str(page), "list")
    assert refused.returncode == 1 and "is not BibTeX (it looks like an HTML page)" in refused.stderr
    binary = tmp_path / "papers.bib"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert "a binary file" in run_cli("--library", str(binary), "list").stderr
    binary.write_text("<<<<<<< ours\n@misc{a, title={A}}\n=======\n@misc{a, title={B}}\n>>>>>>> theirs\n")
    assert "not BibTeX" not in run_cli("--library", str(binary), "check").stdout  # a merge conflict: check names it


def test_the_terminal_table_reads_at_80_columns(run_cli_process, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    library = tmp_path / "papers.bib"
    long_title = "Reward " * 300
    library.write_text(
        "@misc{averyveryverylongkeyofanimportedresource2023,\n"
        "  title = {" + long_title.strip() + "},\n"
        "  title_zh = {从人类偏好中深度强化学习的一个很长很长很长很长很长很长很长很长很长的中文标题},\n"
        "  year = {2023},\n}\n\n"
        "@misc{short2020,\n  title = {Short},\n  year = {2020},\n}\n",
        encoding="utf-8",
    )
    shown = run_cli_process("--library", str(library), "list", "--format", "table", env={"COLUMNS": "80"})
    lines = shown.stdout.splitlines()
    assert shown.returncode == 0 and all(len(line) <= 80 for line in lines)
    body = [line for line in lines if line.startswith("│")]
    assert len(body) == 3  # the long entry: its title and its Chinese title, one line each; then "Short"
    assert body[0].rstrip(" │").endswith("…") and "averyveryverylongkeyofanimportedresource2023" in body[0]  # whole
    assert "every entry: kind paper, status unread" in shown.stdout  # one value for all: said once, above
    assert shown.stdout.index("every entry:") < shown.stdout.index("averyvery")
