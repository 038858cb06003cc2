"""`python -m readinglist`: the same command line as `readinglist`."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main()
