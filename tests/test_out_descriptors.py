"""`--out /dev/stdout` and friends write through the descriptor the shell opened: `>>` appends, a pipe works."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READINGLIST_CACHE_DIR": str(cwd / "cache")}
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def readinglist(library: Path) -> str:
    return f"{shlex.quote(sys.executable)} -m readinglist --library {shlex.quote(str(library))}"


def test_out_dev_stdout_appended_by_the_shell_keeps_the_log(shipped_copy: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("first line\nsecond line\n", encoding="utf-8")
    done = shell(f"{readinglist(shipped_copy)} order --out /dev/stdout >> log.txt", tmp_path)
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("first line\nsecond line\n") and len(text.splitlines()) > 10


def test_out_dev_stdout_into_a_pipe_is_written_directly(shipped_copy: Path, tmp_path: Path) -> None:
    done = shell(f"{readinglist(shipped_copy)} order --out /dev/stdout | head -c 100000 > piped.txt", tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert len((tmp_path / "piped.txt").read_text(encoding="utf-8").splitlines()) > 10


def test_out_to_another_descriptor_and_a_device(shipped_copy: Path, tmp_path: Path) -> None:
    done = shell(f"{readinglist(shipped_copy)} order --out /dev/fd/3 3>> three.txt", tmp_path)
    assert done.returncode == 0, done.stderr
    assert len((tmp_path / "three.txt").read_text(encoding="utf-8").splitlines()) > 10
    assert shell(f"{readinglist(shipped_copy)} order --out /dev/null", tmp_path).returncode == 0
