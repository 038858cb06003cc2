"""The command line as people drive it: --version, -h, `-` for stdout, --format json, plain rows when piped,
one-line errors for bad --out and --format, and a help that lists the choices without type noise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx

from readinglist import __version__
from readinglist.exporters.formats import GRAPH_FORMATS, ORDER_FORMATS
from readinglist.launch import APP_SCRIPT, SAFE_STREAMLIT_OPTIONS, config_options, streamlit_command
from readinglist.store.bibfile import load_library

from .conftest import PACKAGED, SHIPPED

SHIPPED_ENTRIES = len(load_library(SHIPPED).entries())


def test_version_short_help_and_python_dash_m_in_a_real_process(run_cli_process) -> None:
    version = run_cli_process("--version")
    assert version.returncode == 0 and version.stdout == f"readinglist {__version__}\n"
    short = run_cli_process("order", "-h")
    assert short.returncode == 0 and "Usage:" in short.stdout
    for choice in ORDER_FORMATS:
        assert choice in short.stdout
    assert "<bool>" not in short.stdout and "<str>" not in short.stdout and "list[str]" not in short.stdout
    assert "--install-completion" in run_cli_process("--help").stdout


def test_piped_list_is_one_tab_separated_row_per_entry(run_cli_process, shipped_copy: Path) -> None:
    result = run_cli_process("--library", str(shipped_copy), "list")
    header, *rows = result.stdout.splitlines()
    assert result.returncode == 0 and len(rows) == SHIPPED_ENTRIES
    assert header.split("\t") == ["key", "kind", "status", "year", "section", "title", "title_zh"]
    assert all(row.count("\t") == 6 for row in rows)
    assert not any(ch in result.stdout for ch in "─│┃━┏")  # no box drawing
    assert "ouyang2022training\tpaper\tunread\t2022\trlhf, gpt\tTraining language models" in result.stdout
    bare = run_cli_process("--library", str(shipped_copy), "list", "--no-header").stdout.splitlines()
    assert bare == rows


def test_bad_out_paths_and_formats_are_one_line_errors(run_cli_process, shipped_copy: Path, tmp_path: Path) -> None:
    cases = {
        ("order", "--out", str(tmp_path / "missing" / "o.md")): "does not exist; create it first",
        ("graph", "--out", str(tmp_path)): "is a folder",
        ("export-markdown", "--out", str(tmp_path / "nope" / "x.md")): "does not exist",
        ("graph", "--out", "-", "--format", "nonsense"): "unknown --format 'nonsense'; use one of html, graphml, json",
    }
    for args, message in cases.items():
        result = run_cli_process("--library", str(shipped_copy), *args)
        assert result.returncode == (2 if "--format" in args else 1), args  # a wrong option value is a usage error
        assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert message in result.stderr
    assert not (tmp_path / "missing").exists()


def test_an_export_never_replaces_the_library_its_sections_or_a_note(run_cli, shipped_copy: Path) -> None:
    folder = shipped_copy.parent
    (folder / "notes").mkdir(exist_ok=True)
    before = {p: p.read_bytes() for p in (shipped_copy, shipped_copy.with_suffix(".sections")) if p.exists()}
    for args in (
        ("export-markdown", "--out", str(shipped_copy)),
        ("order", "--target", "InstructGPT", "--format", "bib", "--out", str(shipped_copy)),
        ("export-markdown", "--out", str(shipped_copy.with_suffix(".sections"))),
        ("graph", "--out", str(folder / "notes" / "x.html")),
    ):
        result = run_cli("--library", str(shipped_copy), *args)
        assert result.returncode == 1 and "an export must not replace it" in result.stderr, args
    assert {p: p.read_bytes() for p in before} == before and not (folder / "notes" / "x.html").exists()


def test_out_follows_a_symlink_and_writes_into_a_pipe(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    target, link = tmp_path / "target.json", tmp_path / "link.json"
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target)
    assert run_cli("--library", str(shipped_copy), "graph", "--out", str(link)).returncode == 0
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["nodes"]
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    reader = subprocess.Popen(["cat", str(pipe)], stdout=subprocess.PIPE)
    assert run_cli("--library", str(shipped_copy), "graph", "--out", str(pipe)).returncode == 0
    assert json.loads(reader.communicate(timeout=30)[0])["nodes"] and pipe.is_fifo()


def test_dash_is_stdout_for_every_out(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    graph = run_cli("--library", str(shipped_copy), "graph", "--out", "-", "--format", "json")
    assert graph.returncode == 0 and not (tmp_path / "-").exists()
    assert nx.node_link_graph(json.loads(graph.stdout)).number_of_nodes() == SHIPPED_ENTRIES
    order = run_cli("--library", str(shipped_copy), "order", "--format", "bib", "--style", "bibtex", "--out", "-")
    assert order.stdout.count("@misc{kubernetes,") == 1 and "@online" not in order.stdout
    markdown = run_cli("--library", str(shipped_copy), "export-markdown", "--out", "-")
    assert markdown.returncode == 0 and markdown.stdout.startswith("#")
    written = tmp_path / "order.csl.json"
    result = run_cli("--library", str(shipped_copy), "order", "--format", "csl-json", "--out", str(written))
    assert result.returncode == 0 and f"wrote {written}" in result.stderr
    assert json.loads(written.read_text(encoding="utf-8"))[0]["id"]


def test_graph_format_follows_the_file_name(run_cli, shipped_copy: Path, tmp_path: Path) -> None:
    for name in ("g.graphml", "g.json", "g.html"):
        assert run_cli("--library", str(shipped_copy), "graph", "--out", str(tmp_path / name)).returncode == 0
    assert nx.read_graphml(tmp_path / "g.graphml").has_edge("ouyang2022training", "stiennon2020learning")
    assert "vis.DataSet" in (tmp_path / "g.html").read_text(encoding="utf-8")
    assert set(GRAPH_FORMATS) == {"html", "graphml", "json"}


def test_json_output_on_show_check_lineage_why_suggest(run_cli, enriched: Path) -> None:
    library = ("--library", str(enriched))
    shown = json.loads(run_cli(*library, "show", "ouyang2022training", "--format", "json").stdout)
    assert shown["key"] == "ouyang2022training" and shown["type"] == "inproceedings"
    checked = json.loads(run_cli(*library, "check", "--format", "json").stdout)
    assert checked["entries"] == SHIPPED_ENTRIES and isinstance(checked["problems"], list)
    tree = json.loads(run_cli(*library, "lineage", "ouyang2022training", "--depth", "1", "--format", "json").stdout)
    lin = next(line for line in tree["lines"] if line["key"] == "lin2022truthfulqa")
    assert lin["kinds"] == ["builds_on", "cites"] and lin["direction"] == "up" and lin["level"] == 1
    why = json.loads(run_cli(*library, "why", "ouyang2022training", "stiennon2020learning", "--format", "json").stdout)
    assert why["linked"] and why["contexts"] and why["contexts"][0]["text"]
    unlinked = run_cli(*library, "why", "ouyang2022training", "kubernetes", "--format", "json")
    assert unlinked.returncode == 1 and json.loads(unlinked.stdout)["linked"] is False
    suggested = json.loads(run_cli(*library, "suggest", "--format", "json").stdout)
    assert suggested["cached"] is True and suggested["citing_cached"] is False  # `enrich --citing` was not run
    assert set(suggested) == {"cached", "cited_by_library", "citing_library", "citing_cached"}
    bad = run_cli(*library, "show", "ouyang2022training", "--format", "yaml")
    assert bad.returncode == 2 and "error: unknown --format 'yaml'; use one of text, json" in bad.stderr


def test_init_writes_the_shipped_library_and_refuses_to_overwrite(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "medical-nlp"
    result = run_cli("init", str(target))
    assert result.returncode == 0, result.stderr
    assert (target / "papers.bib").read_bytes() == PACKAGED.read_bytes()
    again = run_cli("init", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_app_command_passes_the_projects_streamlit_settings(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[browser]\ngatherUsageStats = false\n[theme]\nfont = "Noto Sans CJK SC, sans-serif"\n')
    options = config_options(config)
    assert options == ["--browser.gatherUsageStats", "false", "--theme.font", "Noto Sans CJK SC, sans-serif"]
    command = streamlit_command(["--theme.font", "serif"], config)
    assert command[-2:] == ["--theme.font", "serif"]  # the user's option comes last and wins
    assert "Noto Sans CJK SC, sans-serif" in command[:-2]
    config.write_text("[theme\n")
    assert config_options(config) == []


def test_app_command_runs_the_packaged_app_bound_to_localhost() -> None:
    command = streamlit_command(["--server.port", "8599"], None)
    assert command[1:5] == ["-m", "streamlit", "run", str(APP_SCRIPT)] and APP_SCRIPT.is_file()
    assert command[-2:] == ["--server.port", "8599"]  # the user's options come last and win
    assert command[5 : 5 + len(SAFE_STREAMLIT_OPTIONS)] == list(SAFE_STREAMLIT_OPTIONS)
    assert "localhost" in SAFE_STREAMLIT_OPTIONS


def test_app_command_says_when_the_librarys_folder_is_missing(run_cli, tmp_path: Path) -> None:
    """A papers.bib not written yet starts the app (its Import list page writes it); a missing folder does not."""
    result = run_cli("app", "--library", str(tmp_path / "nowhere" / "none.bib"))
    assert result.returncode == 1 and f"folder {tmp_path / 'nowhere'} does not exist" in result.stderr


def test_shell_completion_offers_the_registry_formats(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "_READINGLIST_COMPLETE": "complete_bash",
        "COMP_WORDS": "readinglist order --format ",
        "COMP_CWORD": "3",
    }
    script = "import sys; sys.argv = ['readinglist']; from readinglist.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout.split() == list(ORDER_FORMATS)


def test_order_exports_expand_string_macros(run_cli, tmp_path: Path) -> None:
    library = tmp_path / "macros.bib"
    library.write_text(
        '@string{neurips = "Advances in Neural Information Processing Systems"}\n\n'
        "@inproceedings{a2020x,\n  title = {A},\n  author = {Ann Author},\n  year = {2020},\n"
        '  booktitle = neurips # " 33",\n}\n',
        encoding="utf-8",
    )
    bib = run_cli("--library", str(library), "order", "--format", "bib").stdout
    assert "booktitle = {Advances in Neural Information Processing Systems 33}," in bib
    csl = json.loads(run_cli("--library", str(library), "order", "--format", "csl-json").stdout)
    assert csl[0]["container-title"] == "Advances in Neural Information Processing Systems 33"
    assert "neurips #" in library.read_text(encoding="utf-8")  # the library keeps its macro


def test_table_shows_library_text_as_text_not_rich_markup(run_cli, shipped_copy: Path) -> None:
    """A title holding `[/b]` or `[red]` crashed the table (rich MarkupError) or coloured it."""
    assert run_cli("--library", str(shipped_copy), "set", "ouyang2022training", "title", "Weird [/b] [red]x[/red]")
    result = run_cli("--library", str(shipped_copy), "list", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "[/b]" in result.stdout and "[red]" in result.stdout  # shown literally (the cell may wrap)
    shown = run_cli("--library", str(shipped_copy), "show", "ouyang2022training")
    assert shown.returncode == 0 and "Weird [/b] [red]x[/red]" in shown.stdout
