"""The app's one door to the environment: its settings, and the sources and cache opened with them.

Streamlit runs a page's script on every interaction, so this is read once per rerun (a few dictionary lookups);
nothing below the pages reads the environment.
"""

from __future__ import annotations

from ..settings import Settings
from ..sources import ResponseCache, Sources


def settings() -> Settings:
    """The environment's settings, as the CLI reads them once per run."""
    return Settings.from_env()


def open_sources() -> Sources:
    """This rerun's sources and cache (a context manager)."""
    return Sources.open(settings())


def open_cache() -> ResponseCache:
    """The enrichment cache alone (a context manager)."""
    return ResponseCache.open(settings())
