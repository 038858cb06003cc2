"""Build step: copy the repository's papers.bib and notes/ into the package, so a wheel carries the library.

Everything else is in pyproject.toml. The copy happens at build time, so the shipped library is always the
generated papers.bib of the commit being built (tests/test_packaging.py checks a real wheel).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithLibrary(build_py):
    """build_py, then papers.bib and notes/*.md into `readinglist/library/` of the build."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads the library from the checkout itself
        target = Path(self.build_lib) / "readinglist" / "library"
        (target / "notes").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "papers.bib", target / "papers.bib")
        for note in sorted((ROOT / "notes").glob("*.md")):
            shutil.copyfile(note, target / "notes" / note.name)


setup(cmdclass={"build_py": BuildPyWithLibrary})
