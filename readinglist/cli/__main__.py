"""`python -m readinglist.cli`: the same command line as `readinglist`."""

from __future__ import annotations

from . import main

if __name__ == "__main__":
    main()
