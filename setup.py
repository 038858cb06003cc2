"""Build step: copy the app script and its Streamlit settings into the package, so a wheel carries them.

Everything else is in pyproject.toml. The copies happen at build time, so the wheel always holds the commit's
own `app.py` (the one page list). The shipped library lives in the package (`readinglist/library/`, package data),
never copied from the checkout's working papers.bib (tests/test_packaging.py checks a real wheel).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithApp(build_py):
    """build_py, then app.py as `readinglist/app/streamlit_app.py` and the Streamlit settings beside it."""

    def run(self) -> None:
        package = Path(self.build_lib) / "readinglist"
        super().run()
        if self.editable_mode:
            return  # an editable install reads app.py from the checkout itself
        # build/lib outlives a build: a module deleted since must not reach the wheel. Files this build did not
        # write go (not the whole folder first: distutils remembers the folders it made in this process).
        wanted = {Path(output).resolve() for output in self.get_outputs(include_bytecode=False)}
        for stale in [p for p in package.rglob("*") if p.is_file() and p.resolve() not in wanted]:
            stale.unlink()
        (package / "app").mkdir(exist_ok=True)
        shutil.copyfile(ROOT / "app.py", package / "app" / "streamlit_app.py")
        if (ROOT / ".streamlit" / "config.toml").is_file():  # theme and safety settings for `readinglist app`
            shutil.copyfile(ROOT / ".streamlit" / "config.toml", package / "app" / "config.toml")


setup(cmdclass={"build_py": BuildPyWithApp})
