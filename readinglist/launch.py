"""Starting the app from any folder, and where the library that ships with the package is (`init` copies it)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

from .config import LIBRARY_ENV
from .errors import LibraryFileError

PACKAGE = Path(__file__).resolve().parent
# A wheel carries the repository's app.py here (setup.py copies it at build time); a checkout runs app.py itself.
APP_SCRIPT = next(p for p in (PACKAGE / "app" / "streamlit_app.py", PACKAGE.parent / "app.py") if p.is_file())
# The app edits the library: keep it on this machine, send no usage statistics, show no "Deploy" button.
# Options given after `readinglist app` come later on the command line and win.
SAFE_STREAMLIT_OPTIONS = (
    "--server.address", "localhost", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer",
)  # fmt: skip


def shipped_library() -> Path:
    """The folder holding the pristine shipped papers.bib, papers.sections and notes/: package data, in a wheel and
    in a checkout alike, so `init` never copies a checkout's working library (edited by the app or the CLI)."""
    folder = PACKAGE / "library"
    if (folder / "papers.bib").is_file():
        return folder
    raise LibraryFileError(
        "the Medical_NLP library is not part of this installation; reinstall readinglist from a wheel or a checkout"
    )


# The project's Streamlit settings (theme with a CJK font, localhost): a wheel carries a copy (setup.py), a checkout
# has the file itself. Streamlit reads `.streamlit/config.toml` only from the folder it runs in, so `readinglist app`
# passes the settings as options, and they hold from any folder.
STREAMLIT_CONFIG = next(
    (p for p in (PACKAGE / "app" / "config.toml", PACKAGE.parent / ".streamlit" / "config.toml") if p.is_file()), None
)


def config_options(config: Path | None) -> list[str]:
    """`--section.key value` for each plain setting of a Streamlit config.toml (booleans as true/false)."""
    if config is None:
        return []
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []  # the safe options still apply; Streamlit reports a broken file itself when it reads it
    options = []
    for section, values in settings.items():
        for key, value in values.items() if isinstance(values, dict) else ():
            if isinstance(value, bool):
                options += [f"--{section}.{key}", str(value).lower()]
            elif isinstance(value, str | int | float):
                options += [f"--{section}.{key}", str(value)]
    return options


def streamlit_command(extra: list[str], config: Path | None = STREAMLIT_CONFIG) -> list[str]:
    """`python -m streamlit run <app> <safe options> <the project's settings> <the user's options>` (last wins)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
        *SAFE_STREAMLIT_OPTIONS, *config_options(config), *extra,
    ]  # fmt: skip


def run_streamlit_app(library: Path, extra: list[str], environ: Mapping[str, str]) -> int:
    """Become the Streamlit server for `library` (this process is replaced, so its PID is the server's: stopping it
    stops the app). Where a process cannot be replaced (Windows), run Streamlit and return its exit code. The
    server gets `environ` (the CLI's environment) with the library's path added."""
    if library.exists() and not library.is_file():
        raise LibraryFileError(f"{library} is not a file; pass --library PATH to the library's .bib file")
    if not library.parent.is_dir():
        raise LibraryFileError(f"folder {library.parent} does not exist; create it first (mkdir -p {library.parent})")
    if not library.exists():  # a curator of another list starts here: the app opens empty, its Import page writes it
        print(
            f"{library} does not exist yet: the app opens an empty library; import a list on its Import list page "
            "(it writes this file), or write the shipped example with `readinglist init`",
            file=sys.stderr,
        )
    env = {**environ, LIBRARY_ENV: str(library.resolve())}
    command = streamlit_command(extra)
    if os.name == "posix":
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(command[0], command, env)  # never returns
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0
