"""What a hostile server costs a run: a dripping server's time, a huge answer's memory, a rate limit's waiting.

Each row is measured against a server on 127.0.0.1, through the real client packages, with the anchor measured
the same way in the same run: a normal answer from the same server.

- drip: the status line and headers sent one byte every 0.5 s; seconds until the request ends (goal: the
  deadline, --timeout, plus a little), for Semantic Scholar and arXiv.
- huge: a 600 MB answer (chunked, no length); seconds and the growth of the process's peak memory (goal: refused,
  under 100 MB more than the anchor).
- rate limit: three papers without an id against `429 Retry-After: 29`; the seconds a run would wait (counted, not
  slept; goal: at most 60 in all) and the run's message.

Run: python bench/hostile.py [--timeout 15]
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from readinglist.enrich import enrich_library
from readinglist.errors import SourceError
from readinglist.sources import Sources
from readinglist.sources.arxiv_source import ArxivSource
from readinglist.sources.cache import ResponseCache
from readinglist.sources.retry import RetryPolicy
from readinglist.sources.semantic_scholar import SemanticScholarSource

PAPER = json.loads(
    (Path(__file__).resolve().parent.parent / "tests/fixtures/s2_batch_instructgpt_synthetic.json").read_text()
)[0]
MODE = {"now": "normal"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self._answer()

    def _answer(self) -> None:
        mode = MODE["now"]
        if mode == "drip":
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 1000:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.5)
        elif mode == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b" " * (1 << 20)
            try:
                for _ in range(600):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                return
        elif mode == "limit":
            self._send(429, b"{}", {"Retry-After": "29"})
        else:
            self._send(200, json.dumps([PAPER]).encode(), {})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", "Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(call) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    try:
        call()
        outcome = "answered"
    except SourceError as err:
        outcome = str(err)
    return time.monotonic() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=15.0)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    quiet = RetryPolicy(sleep=lambda _s: None)

    def s2() -> SemanticScholarSource:
        return SemanticScholarSource(api_url=base + "/s2", timeout=args.timeout, min_interval=0, policy=quiet)

    MODE["now"] = "normal"
    anchor, _ = timed(lambda: s2().fetch(["ARXIV:2203.02155"]))
    print(f"anchor: a normal answer in {anchor:.2f} s; peak memory {peak_mb():.0f} MB")
    MODE["now"] = "drip"
    for name, call in (
        ("Semantic Scholar", lambda: s2().fetch(["ARXIV:2203.02155"])),
        (
            "arXiv",
            lambda: ArxivSource(api_url=base + "/api/query", delay=0, timeout=args.timeout, retries=0).fetch_records(
                ["1605.08386"]
            ),
        ),
    ):
        seconds, outcome = timed(call)
        print(f"drip ({name}): ended after {seconds:.1f} s (goal: {args.timeout:g} s + a little): {outcome}")
    MODE["now"] = "huge"
    before = peak_mb()
    seconds, outcome = timed(lambda: s2().fetch(["ARXIV:2203.02155"]))
    print(
        f"huge (600 MB): ended after {seconds:.1f} s, peak memory +{peak_mb() - before:.0f} MB "
        f"(goal: refused, under +100 MB): {outcome}"
    )
    MODE["now"] = "limit"
    waits: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        library = Path(folder) / "papers.bib"
        library.write_text(
            "".join(f"@misc{{p{i},\n  title = {{No id paper {i}}},\n  year = {{2020}},\n}}\n\n" for i in range(3)),
            encoding="utf-8",
        )
        policy = RetryPolicy(sleep=waits.append)
        sources = Sources(
            SemanticScholarSource(api_url=base + "/s2", timeout=args.timeout, min_interval=0, policy=policy),
            ArxivSource(api_url=base + "/api/query", delay=0, timeout=args.timeout, policy=policy),
            ResponseCache(Path(folder) / "cache.sqlite3"),
        )
        report = enrich_library(library, sources)
    print(
        f"rate limit (3 papers, Retry-After 29): {sum(waits):g} s of waiting in all (goal: at most 60): {report.failed}"
    )
    server.shutdown()
    socket.setdefaulttimeout(None)


if __name__ == "__main__":
    main()
