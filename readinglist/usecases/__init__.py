"""Use cases: one module per job, below the entry points and above the store and the sources.

Each module offers `run(request, ...) -> report`: the request is a frozen dataclass of typed input (never CLI
flags or widget values), the report a dataclass saying in words what changed, what failed and what to do next
(`Outcome` below; no CLI flag or app button is named there). The CLI and the app only render reports; the store
is written only by use cases. Settings, the store path and sources are passed in; nothing here reads the
environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Outcome:
    """What a use case did, in words for a person: the part of every report that the CLI and the app print alike."""

    changed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed
