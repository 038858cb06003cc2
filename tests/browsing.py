"""Waiting on what the app and the page really do, never for a fixed time: the script runs the server reports on
the page's websocket, and page readings that stop changing."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

# One readout of the drawn graph's view (scale, centre, canvas box): equal twice in a row, the picture has settled.
GRAPH_VIEW = """() => { const n = window.network; if (!n) return null;
  const r = n.body.container.getBoundingClientRect();
  return [n.getScale(), n.getViewPosition(), r.left, r.top, r.width, r.height]; }"""
# The page as a whole: how many elements, how tall, whether the app says it is running. Equal twice: it has settled.
PAGE_LAYOUT = """() => [document.querySelectorAll('*').length, document.documentElement.scrollHeight, scrollY,
  !!document.querySelector('[data-testid=stStatusWidget]')]"""


class Runs(list[str]):
    """The script runs the server finished for one page, as their statuses (Streamlit's own `script_finished`
    messages), and how many it started (`new_session`): a run is going on while more started than finished."""

    started: int = 0

    @property
    def running(self) -> bool:
        return self.started > len(self)


def script_runs(page: Any) -> Runs:
    """Each script run the server starts and finishes for a Playwright page, read from its websocket."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    runs = Runs()

    def frame(payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg()
            message.ParseFromString(payload)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                runs.started += 1
            elif kind == "script_finished":
                runs.append(str(message.script_finished))

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    return runs


def wait_runs(page: Any, runs: Runs, finished: int, timeout: float = 60.0) -> None:
    """Until at least `finished` runs have finished and none is going on (Playwright delivers the websocket's
    messages while the page waits)."""
    deadline = time.monotonic() + timeout
    while len(runs) < finished or runs.running:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app finished {len(runs)} of {finished} script runs in {timeout:g} s")
        page.wait_for_timeout(25)


def rerun(page: Any, runs: Runs, action: Callable[[], object], timeout: float = 60.0) -> None:
    """Do `action` (a click, an Enter) and wait for the script run it causes to finish."""
    before = len(runs)
    action()
    wait_runs(page, runs, before + 1, timeout)


def steady(page: Any, expression: str, arg: Any = None, every_ms: int = 100, timeout: float = 10.0) -> Any:
    """The reading of `expression` once two readings `every_ms` apart agree (a layout that has stopped moving)."""
    deadline = time.monotonic() + timeout
    last = page.evaluate(expression, arg)
    while True:
        page.wait_for_timeout(every_ms)
        now = page.evaluate(expression, arg)
        if now == last and now is not None:
            return now
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression[:60]}… still changing after {timeout:g} s")
        last = now


def next_frames(page: Any) -> None:
    """After the page has painted twice more (what a click on a graph button changes is drawn by then)."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
