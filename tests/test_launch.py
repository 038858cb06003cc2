"""`readinglist app` is the server: stopping its PID stops Streamlit (issue 22, item 8: it was left serving)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .appserver import free_port


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)
        return True
    except OSError:
        return False


@pytest.mark.skipif(os.name != "posix", reason="a process replaces itself only on POSIX")
def test_stopping_the_app_commands_pid_stops_the_server(shipped_copy: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "READINGLIST_OFFLINE": "1"}
    env.pop("DISPLAY", None)
    command = [sys.executable, "-m", "readinglist", "app", "--library", str(shipped_copy), "--server.port", str(port)]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    health = f"http://localhost:{port}/_stcore/health"
    try:
        deadline = time.monotonic() + 90
        while not _answers(health):
            assert process.poll() is None and time.monotonic() < deadline, "the app did not start"
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)  # what `kill PID` sends
        assert process.wait(timeout=30) is not None
        deadline = time.monotonic() + 10
        while _answers(health):
            assert time.monotonic() < deadline, "Streamlit still serves after its command's PID was stopped"
            time.sleep(0.2)
    finally:
        if process.poll() is None:
            process.kill()
