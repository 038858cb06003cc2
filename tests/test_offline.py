"""Offline means offline (issue 22, item 8): READINGLIST_OFFLINE=1 or the app's toggle make no name lookup and no
connection on any page; without them a new session still fetches nothing by itself."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readinglist.settings import Settings

from .test_app import APP, _add_page, _order_page, _papers_page, _suggest_page, page_test

# Real-looking API hosts: a lookup of either would be recorded (and would fail here, which is no excuse to make it).
HOSTS = {
    "READINGLIST_S2_API_URL": "https://api.semanticscholar.org",
    "READINGLIST_ARXIV_API_URL": "https://export.arxiv.org/api/query",
}


@pytest.fixture
def network_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every name lookup and outgoing connection made in this process, as `lookup host` / `connect host`."""
    calls: list[str] = []
    lookup, connect = socket.getaddrinfo, socket.create_connection

    def recorded_lookup(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(f"lookup {host}")
        return lookup(host, *args, **kwargs)

    def recorded_connect(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(f"connect {address[0]}")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", recorded_lookup)
    monkeypatch.setattr(socket, "create_connection", recorded_connect)
    for name, url in HOSTS.items():
        monkeypatch.setenv(name, url)
    yield calls


def _resources_page() -> None:
    from readinglist.ui import resources_view

    resources_view.page()


def _whats_new_page() -> None:
    from readinglist.ui import whats_new_view

    whats_new_view.page()


PAGES = [_papers_page, _order_page, _add_page, _suggest_page, _resources_page, _whats_new_page]


def test_the_environment_flag_reads_as_it_says(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Settings.from_env({"READINGLIST_OFFLINE": "1"}).offline
    assert not Settings.from_env({"READINGLIST_OFFLINE": "0"}).offline and not Settings.from_env({}).offline
    assert Settings.from_env({"READINGLIST_OFFLINE": "maybe"}).offline and "staying offline" in caplog.text


def test_readinglist_offline_makes_no_lookup_and_no_connection_on_any_page(
    network_calls: list[str], shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINGLIST_OFFLINE", "1")
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    whole = AppTest.from_file(APP, default_timeout=60)
    whole.run()
    assert not whole.exception
    detail_fetch = [b for b in whole.button if b.label == "Fetch now"]
    assert not detail_fetch  # the panel says it is offline instead of offering a fetch
    for function in PAGES:
        app = page_test(function, shipped_copy, monkeypatch)
        app.run()
        assert not app.exception, function.__name__
        if function in (_add_page, _whats_new_page):
            assert app.toggle(key="offline").value is True and app.toggle(key="offline").proto.disabled
        if function is _add_page:
            assert "set to use no network" in app.warning[0].value
        if function is _whats_new_page:
            assert not [b for b in app.button if b.label == "Check now"]
    assert network_calls == []


def test_the_app_toggle_makes_no_lookup_and_no_connection(
    network_calls: list[str], shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for function in (_add_page, _suggest_page, _whats_new_page):
        app = page_test(function, shipped_copy, monkeypatch)
        app.session_state["offline"] = True  # as the toggle leaves it
        app.run()
        assert not app.exception and app.toggle(key="offline").value is True
        assert not [b for b in app.button if b.label == "Check now"]
    assert network_calls == []


def test_a_new_session_fetches_nothing_by_itself(
    network_calls: list[str], shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Online (no flag): opening the app (Graph page, the details beside it) looks up no API host."""
    monkeypatch.setenv("READINGLIST_LIBRARY", str(shipped_copy))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    app.run()
    assert network_calls == []


def test_the_cli_reads_the_flag_as_offline(run_cli, shipped_copy: Path, httpserver) -> None:  # type: ignore[no-untyped-def]
    """`enrich`, `add` by id, `why` and `discover` make no request with READINGLIST_OFFLINE=1, as with --offline."""
    env = {
        "READINGLIST_OFFLINE": "1",
        "READINGLIST_S2_API_URL": httpserver.url_for("/s2"),
        "READINGLIST_ARXIV_API_URL": httpserver.url_for("/api/query"),
    }
    library = ("--library", str(shipped_copy))
    enriched = run_cli(*library, "enrich", "InstructGPT", env=env)
    assert "0 request(s)" in enriched.stdout and "not filled offline" in enriched.stdout
    added = run_cli(*library, "add", "2305.10403", env=env)  # not in the library
    assert added.returncode == 1 and "needs the network" in added.stderr
    why = run_cli(*library, "why", "InstructGPT", "GPT-3", env=env)
    assert why.returncode == 0
    assert httpserver.log == []
    discovered = run_cli(*library, "discover", "--section", "rlhf", "--format", "table", env=env)
    assert discovered.returncode == 0, discovered.stderr
    assert "never checked" in discovered.stdout and "0 request(s)" in discovered.stdout
    assert httpserver.log == []
