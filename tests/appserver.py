"""Start the app as the README says (`streamlit run app.py` in the project folder) on a free port.

The port comes through Streamlit's own environment variable, so the command and `.streamlit/config.toml` are
exactly what a user runs (browser test and bench/app.py).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(
    library: Path, log: Path | None = None, port: int | None = None, apis: str = "http://127.0.0.1:9"
) -> Iterator[str]:
    """The app on `library`, until the block ends; yields its URL once it answers its health check. Its APIs are
    served at `apis` (by default a closed port: the app is offline, even on a network)."""
    port = port or free_port()
    env = {
        **os.environ,
        "READINGLIST_LIBRARY": str(library),
        "NO_PROXY": "127.0.0.1,localhost",
        "STREAMLIT_SERVER_PORT": str(port),
        "READINGLIST_S2_API_URL": f"{apis}/s2",
        "READINGLIST_ARXIV_API_URL": f"{apis}/api/query",
    }
    env.pop("DISPLAY", None)  # no desktop: Streamlit then runs headless and opens no browser of its own
    output = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        for _ in range(600):  # up to a minute
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        if log:
            output.close()  # type: ignore[union-attr]


def require_chromium() -> None:
    """Skip a browser test where Debian's chromium is missing; in CI (which installs it) that is a failure."""
    import pytest

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it with apt-get")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
