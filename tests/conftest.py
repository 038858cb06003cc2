"""Shared fixtures: paths to the shipped library and test data, and a CLI runner through the real entry point."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from readinglist.enrich import enrich_library, fetch_contexts
from readinglist.settings import Settings
from readinglist.sources import Sources
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.cache import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource

from .appserver import CHROMIUM, CHROMIUM_ARGS, require_chromium, running_app
from .replay import serve_defaults

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# The library the tests read: a frozen copy of the shipped one, so marking or adding papers in the checkout's working
# papers.bib (the app and the CLI write there) never changes what a test sees. PACKAGED is what `init` writes.
SHIPPED = DATA / "library" / "papers.bib"
PACKAGED = ROOT / "readinglist" / "library" / "papers.bib"
# Where tests that do not serve an API send its requests: a closed local port, so nothing leaves the machine.
OFFLINE_APIS = {
    "READINGLIST_S2_API_URL": "http://127.0.0.1:9",
    "READINGLIST_ARXIV_API_URL": "http://127.0.0.1:9/api/query",
}
SEED_README = DATA / "Medical_NLP-README.md"
FACTS = ROOT / "data" / "seed"


# Property tests run a third of their examples in the edit loop and all of them where READINGLIST_THOROUGH is set
# (`.ci/run` sets it); Hypothesis's example database (.hypothesis/) tries any failure it found first on the next run.
THOROUGH = os.environ.get("READINGLIST_THOROUGH", "").strip().lower() in ("1", "true", "yes", "on")


def examples(full: int) -> int:
    """How many examples a property test runs: `full` when thorough, a third of it (at least 5) otherwise."""
    return full if THOROUGH else max(5, full // 3)


@pytest.fixture(autouse=True, scope="session")
def components_scanned_once() -> Iterator[None]:
    """Streamlit's AppTest looks for components in every installed package's metadata on each run (half a second
    here, most of an AppTest's time); the installed packages do not change during a test run, so once is enough."""
    try:
        from streamlit.components.v2 import manifest_scanner

        scan = manifest_scanner.scan_component_manifests
    except (ImportError, AttributeError):  # another Streamlit: its AppTest is only slower, never wrong
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", functools.cache(scan))
        yield


@pytest.fixture(autouse=True)
def lookups_end_with_their_test() -> Iterator[None]:
    """A lookup the app started in the background ends before the next test begins, even when its test failed
    half-way: its requests never reach the replay server of the next test (pytest-httpserver's is shared)."""
    yield
    for thread in threading.enumerate():
        if thread.name == "readinglist-lookup":
            thread.join(timeout=60)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's cache, a real API key, a proxy for 127.0.0.1 or the real APIs (even online), and no
    test waits out a real retry backoff or a pause meant for the real APIs."""
    monkeypatch.setenv("READINGLIST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("READINGLIST_RETRY_BASE", "0")  # retries without the real 2+4+8 s backoff (the CLI path too)
    monkeypatch.setenv("READINGLIST_S2_INTERVAL", "0")  # and without the politeness pauses meant for the real APIs
    monkeypatch.setenv("READINGLIST_ARXIV_DELAY", "0")
    monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)
    monkeypatch.delenv("READINGLIST_CROSSREF_API_URL", raising=False)  # a third host only where a test asks for it
    monkeypatch.delenv("READINGLIST_CROSSREF_MAILTO", raising=False)
    monkeypatch.delenv("READINGLIST_LIBRARY", raising=False)
    # An in-process CLI run routes the package's log to its own stderr lines (propagate off): undone per test, so
    # caplog sees the package's warnings whatever ran before.
    monkeypatch.setattr(logging.getLogger("readinglist"), "propagate", True)
    for name, url in OFFLINE_APIS.items():
        monkeypatch.setenv(name, url)


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the frozen shipped library in a temporary folder (notes go beside it)."""
    target = tmp_path / "papers.bib"
    shutil.copyfile(SHIPPED, target)
    shutil.copyfile(SHIPPED.with_suffix(".sections"), target.with_suffix(".sections"))  # the list's structure
    return target


@pytest.fixture
def run_cli_process(tmp_path: Path):
    """Run `readinglist ARGS` in a subprocess, the way a user does; returns the CompletedProcess."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
        full_env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "READINGLIST_CACHE_DIR": str(tmp_path / "cache")}
        full_env.pop("SEMANTIC_SCHOLAR_API_KEY", None)
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "readinglist", *args],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd or tmp_path,
            timeout=120,
        )

    return run


@functools.cache
def _cli_command() -> Any:
    """The click command typer builds from `readinglist.cli.app` (typer's CliRunner builds it anew on every run)."""
    import typer

    from readinglist.cli import app

    return typer.main.get_command(app)


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run `readinglist ARGS` in this process (click's CliRunner on the command typer builds from the app, as
    typer's CliRunner does, built once), as `main()` would: our errors become one `error:` line and exit code 1;
    any other exception fails the test. Returns a CompletedProcess."""
    from click.testing import CliRunner

    from readinglist.cli import cli_text
    from readinglist.errors import ReadingListError, UsageError

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
        monkeypatch.chdir(cwd or tmp_path)
        full_env = {"NO_PROXY": "127.0.0.1,localhost", "READINGLIST_CACHE_DIR": str(tmp_path / "cache"), **(env or {})}
        result = CliRunner().invoke(_cli_command(), list(args), env=full_env)
        stderr, code = result.stderr, result.exit_code
        if isinstance(result.exception, ReadingListError):
            usage = isinstance(result.exception, UsageError)  # as main(): a wrong option value exits 2
            stderr, code = stderr + f"error: {cli_text(str(result.exception))}\n", 2 if usage else 1
        elif result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return subprocess.CompletedProcess(["readinglist", *args], code, result.stdout, stderr)

    return run


@pytest.fixture
def enriched(httpserver, shipped_copy: Path) -> Path:  # type: ignore[no-untyped-def]
    """The shipped library after `enrich` of InstructGPT against the replay server (contexts cached)."""
    serve_defaults(httpserver)
    sources = Sources(
        SemanticScholarSource(
            api_url=httpserver.url_for("/s2"), api_key="", min_interval=0, policy=RetryPolicy(sleep=lambda s: None)
        ),
        ArxivSource(api_url=httpserver.url_for("/api/query"), delay=0.0),
        ResponseCache.open(Settings.from_env()),
    )
    enrich_library(shipped_copy, sources, ["ouyang2022training"])
    fetch_contexts(shipped_copy, sources, ["ouyang2022training"])
    return shipped_copy


@pytest.fixture(scope="session")
def shared_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app for the browser tests that only read (no library write, no state beyond their own browser session),
    started once per test process (so at most once per worker) on its own copy of the shipped library."""
    require_chromium()
    folder = tmp_path_factory.mktemp("shared-app")
    for suffix in (".bib", ".sections"):
        shutil.copyfile(SHIPPED.with_suffix(suffix), folder / f"papers{suffix}")
    log = folder / "streamlit.log"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            **OFFLINE_APIS,
            "READINGLIST_CACHE_DIR": str(folder / "cache"),
            "NO_PROXY": "127.0.0.1,localhost",
        }.items():
            patch.setenv(name, value)
        patch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)
        with running_app(folder / "papers.bib", log) as url:
            yield url
    text = log.read_text()
    assert "Traceback" not in text and "deprecat" not in text.lower(), text


@pytest.fixture(scope="session")
def chromium_process() -> Iterator[Any]:
    """Debian's Chromium, launched once per test process (a launch costs about 2 s of CPU, a new page 0.5 s)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser(chromium_process: Any) -> Iterator[Any]:
    """The shared Chromium for one test: each page it opens has a context of its own, closed when the test ends."""
    yield chromium_process
    for context in chromium_process.contexts:
        context.close()


@pytest.fixture
def app_url(shipped_copy: Path) -> Iterator[str]:
    """The app on a copy of the shipped library, started as the README says; its log ends with no traceback."""
    require_chromium()
    log = shipped_copy.parent / "streamlit.log"
    with running_app(shipped_copy, log) as url:
        yield url
    text = log.read_text()
    assert "Traceback" not in text and "deprecat" not in text.lower(), text


@pytest.hookimpl(trylast=True)  # after any plugin that reorders (pytest-randomly, -p randomly)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives Chromium is marked `browser` (so `-m "not browser"` is the fast loop), or collection stops.
    Browser tests run first: they are the longest, and the short ones then even out the workers' ends."""
    unmarked = [
        item.nodeid
        for item in items
        if not item.get_closest_marker("browser")
        and (
            "chromium_process" in getattr(item, "fixturenames", ())
            or hasattr(getattr(item, "module", None), "sync_playwright")
        )
    ]
    if unmarked:
        raise pytest.UsageError("mark these @pytest.mark.browser: " + ", ".join(unmarked))
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


def checkout_copy(target: Path) -> Path:
    """The checkout's files as git sees them (tracked and new, not ignored), as a clone would have them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    return target
