"""`readinglist lineage` as a person reads it: edges without citation contexts are marked, the hint is said once."""

from __future__ import annotations

from pathlib import Path

NOTE = "“Ziegler et al. 2019 / Stiennon et al. 2020 中探索的技术终于和GPT-3进行了对齐！”"
HINT = "* contexts not fetched: `readinglist enrich --contexts`"
PINNED = f"""\
ouyang2022training  Training language models to follow instructions with human feedback
builds on / cites:
  ├─ [cites *] christiano2017deep · Christiano et al. 2017
  ├─ [cites *] ibarz2018reward · Ibarz et al. 2018
  ├─ [cites *] irving2018ai · Irving et al. 2018
  ├─ [cites *] christiano2018supervising · Iterated Amplification
  ├─ [cites *] radford2019language · GPT-2
  ├─ [builds_on+cites *] ziegler2019fine · Ziegler et al. 2019  {NOTE}
  ├─ [builds_on+cites *] stiennon2020learning · Stiennon et al. 2020  {NOTE}
  ├─ [builds_on+cites *] brown2020language · GPT-3  {NOTE}
  ├─ [cites *] chen2021evaluating · Codex
  └─ [builds_on+cites *] lin2022truthfulqa · TruthfulQA  “directly lead to InstructGPT”
built on / cited by:
  ├─ [cites *] lin2022truthfulqa · TruthfulQA
  └─ [cites *] openai2023gpt · GPT-4
{HINT}
"""


def test_lineage_marks_edges_without_contexts_and_says_so_once(run_cli, shipped_copy: Path) -> None:
    result = run_cli("--library", str(shipped_copy), "lineage", "ouyang2022training", "--depth", "1", "--both")
    assert result.returncode == 0, result.stderr
    assert result.stdout == PINNED


def test_lineage_after_contexts_marks_only_the_edges_still_without(run_cli, enriched: Path) -> None:
    lines = run_cli("--library", str(enriched), "lineage", "ouyang2022training", "--depth", "1").stdout.splitlines()
    assert "  ├─ [builds_on+cites · methodology, background ★ influential] stiennon2020learning" in "\n".join(lines)
    assert "  ├─ [cites *] radford2019language · GPT-2" in lines  # no reference record for GPT-2
    assert lines.count(HINT) == 1 and lines[-1] == HINT


def test_lineage_without_citations_has_no_hint(run_cli, shipped_copy: Path) -> None:
    result = run_cli("--library", str(shipped_copy), "lineage", "ouyang2022training", "--depth", "1", "--down")
    assert HINT in result.stdout  # lin2022truthfulqa and openai2023gpt cite it
    builds_only = run_cli(  # builds_on edges only: nothing to fetch
        "--library", str(shipped_copy), "lineage", "everitt2017reinforcement", "--depth", "1", "--down"
    )
    assert builds_only.returncode == 0 and "*" not in builds_only.stdout, builds_only.stdout
