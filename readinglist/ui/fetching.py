"""What the pages that reach the APIs share: whether they can be reached, an error's words for the app, adding
papers by id and showing what happened (the Add paper, Suggestions and What's new pages, the citation contexts)."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor, wait
from urllib.parse import urlparse

import streamlit as st

from ..enrich import RunReport
from ..errors import InvalidIdError, ReadingListError, UnreachableError
from ..ids import parse_paper_id
from ..usecases.add_paper import AddByIdRequest
from ..usecases.add_paper import run as add_by_id
from .app_settings import open_sources
from .app_settings import settings as app_settings
from .data import library_path
from .network import offline
from .safe_text import md_text


def app_message(error: ReadingListError | str) -> str:
    """An error's message for the app, Markdown-safe (use cases write no command-line flags)."""
    return md_text(str(error))


def show_report(report: RunReport) -> None:
    """One message per outcome, each saying what happened and what to do."""
    if report.added:
        st.success("Added: " + md_text(", ".join(report.added)) + ". Their notes are in notes/.")
    for raw, key in report.already.items():
        st.info(f"{md_text(raw)} is already in the library as {md_text(key)}.")
    for raw in report.not_found:
        st.error(f"{md_text(raw)} was not found on arXiv or Semantic Scholar: check the id.")
    for message in report.failed:
        st.warning(app_message(message))


def add_ids(
    raw_ids: list[str], section: str | None = None, summary_zh: str | None = None, builds_on: str | None = None
) -> RunReport | None:
    """Run `add` for the app: every failure becomes an st.error that says what to do; nothing half-written."""
    try:
        for raw in raw_ids:
            parse_paper_id(raw)  # checked before any request
        with (
            st.status("Fetching from arXiv and Semantic Scholar…", expanded=False) as status,
            open_sources() as sources,
        ):
            request = AddByIdRequest(
                library_path(),
                tuple(raw_ids),
                section or "",
                summary_zh or "",
                builds_on or "",
                offline=offline(),  # the Offline switch: refused before any request
            )
            report = add_by_id(request, sources).details
            if report.ok:
                status.update(label="Done", state="complete")
            else:
                status.update(label="Finished with problems (below)", state="error")
        return report
    except InvalidIdError as error:
        st.error(app_message(error))
    except UnreachableError as error:
        st.error(
            f"No network: {app_message(error)}. The library was not changed. "
            "You can add the paper by hand below and enrich it later."
        )
    except ReadingListError as error:
        st.error(f"{app_message(error)}. The library was not changed.")
    return None


@st.cache_data(ttl=30, show_spinner=False)
def apis_reachable(urls: tuple[str, ...], timeout: float = 1.5) -> bool:
    """True when any API endpoint accepts a connection within `timeout` (name lookup included)."""
    pool = ThreadPoolExecutor(max_workers=len(urls) or 1)
    try:
        done, _ = wait([pool.submit(_connects, url, timeout) for url in urls], timeout=timeout + 0.5)
        return any(future.result() for future in done)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a slow name lookup may finish on its own


def _connects(url: str, timeout: float) -> bool:
    try:
        parts = urlparse(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def online() -> bool:
    """Whether arXiv or Semantic Scholar accepts a connection now (asked at most every 30 s; never when offline)."""
    if offline():
        return False
    settings = app_settings()
    return apis_reachable((settings.s2_api_url, settings.arxiv_api_url))
