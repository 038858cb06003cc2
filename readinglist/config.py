"""Settings from the environment: where the library is, API endpoints, the cache."""

from __future__ import annotations

import os
from pathlib import Path

LIBRARY_ENV = "READINGLIST_LIBRARY"


def default_library_path() -> Path:
    return Path(os.environ.get(LIBRARY_ENV) or "papers.bib")
