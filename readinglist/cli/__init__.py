"""The `readinglist` command: thin typer commands over the package; errors become one line and an exit code."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
from typer.models import CommandFunctionType

from .. import __version__
from ..config import LIBRARY_ENV, default_library_path
from ..errors import CHECK_ADVICE, OWN_VALUE, WORK_OFFLINE, ReadingListError, UsageError
from ..exporters.formats import UnknownFormatError
from ..outputs import write_output

if TYPE_CHECKING:  # the heavy modules are imported inside the commands that use them
    from rich.console import Console
    from rich.progress import Progress

    from ..resolve import PaperIndex
    from ..settings import Settings
    from ..sources.cache import ResponseCache
    from ..store import Library


class _PlainUsageCommand(typer.core.TyperCommand):
    """A command whose usage line reads `set KEY FIELD VALUE`, as git's and gh's do (typer writes `{KEY}`)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in super().collect_usage_pieces(ctx)]


class _App(typer.Typer):
    """typer.Typer whose commands all have plain usage lines."""

    def command(
        self, *args: Any, cls: type[typer.core.TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(*args, cls=cls or _PlainUsageCommand, **kwargs)


app = _App(
    help="A bilingual annotated paper library in papers.bib, explored as a lineage graph.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _LazyConsole:
    """A rich Console made on first use, so commands that print plain rows never import rich."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def get(self) -> Console:
        """The Console itself (made now if it was not yet)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


out = _LazyConsole()
err = _LazyConsole(stderr=True)
TEXT_OR_JSON = ("text", "json")
TextOrJsonOption = Annotated[
    str, typer.Option("--format", metavar="FORMAT", help="text or json.", autocompletion=lambda: TEXT_OR_JSON)
]


def _export_format(formats: Mapping[str, object], fallback: str) -> Any:
    """The `--format` option of a command that writes one of `formats`, picked by the --out name by default."""
    return typer.Option(
        "--format",
        metavar="FORMAT",
        help=f"One of {', '.join(formats)} (default: from the --out name, else {fallback}).",
        autocompletion=lambda: list(formats),
    )


def _choice(value: str, choices: tuple[str, ...], option: str = "--format") -> str:
    """`value` when it is one of `choices`; otherwise the same one-line error as an unknown export format."""
    if value not in choices:
        raise UnknownFormatError(f"unknown {option} {value!r}; use one of {', '.join(choices)}")
    return value


def _known(value: str | None, known: list[str], option: str) -> None:
    """A usage error naming the nearest names when `value` is not one of `known`."""
    from ..listing import nearest

    if value is not None and value not in known:
        raise UsageError(f"unknown {option} {value!r}; {nearest(value, known)}")


def cli_text(text: str) -> str:
    """A use case's words as the CLI says them: advice to work offline, or to give a value of one's own, names the
    option that does it."""
    return (
        text.replace(WORK_OFFLINE, "or use --offline")
        .replace(OWN_VALUE, "(or `--value TEXT`)")
        .replace(CHECK_ADVICE, "`readinglist check` says what to fix")
    )


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


class State:
    library: Path = Path("papers.bib")
    settings: Settings | None = None

    def read_settings(self) -> Settings:
        """The environment, read once per run."""
        from ..settings import Settings

        if self.settings is None:
            self.settings = Settings.from_env()
        return self.settings

    def open_cache(self) -> ResponseCache:
        from ..sources.cache import ResponseCache

        settings = self.read_settings()
        return ResponseCache(settings.cache_path, settings.cache_max_age_seconds)


state = State()
OFFLINE_TOO = " READINGLIST_OFFLINE=1 does the same."
PAPER_HELP = "A key, arXiv id, DOI, common name (InstructGPT) or title words."
# Fields holding the list's own words, where its private numbering ("0.0.2.6/7") stands for papers.
_LIST_WORDS = ("note_zh", "highlight_zh", "builds_on_note")


def _load() -> Library:
    """The library, its unreadable entries said on stderr."""
    from ..store import load_library

    return _said_unread(load_library(state.library))


def _said_unread(library: Library) -> Library:
    """`library`, after a warning on stderr naming the entries it could not read (none at all is an error)."""
    from ..usecases.which_paper import unreadable_note

    if note := unreadable_note(library):
        _notify("warning", note)
    return library


def _notify(level: str, text: str) -> None:
    """A use case's note on stderr: `warning: …`, `note: …`, or the text alone (how a paper was found)."""
    text = cli_text(text)
    err.print(f"{level}: {text}" if level in ("warning", "note") else text, markup=False)


def _key_of(library: Library, query: str) -> str:
    """The exact key of the entry `query` names (key, id, common name, title words); candidates when unclear."""
    from ..usecases.which_paper import identify

    found = identify(library, query)
    if found.found_as:
        _notify("info", found.found_as)
    return found.key


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"readinglist {__version__}\n")
        raise typer.Exit()


@app.callback()
def _global(
    library: Annotated[
        Path | None,
        typer.Option(
            "--library", "-l", metavar="FILE", help=f"The library file (default: ${LIBRARY_ENV} or ./papers.bib)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show each API request, retry and wait on stderr.")
    ] = False,
) -> None:
    state.library = library or default_library_path()
    state.settings = None  # read afresh for this run (the app object may serve several runs in one process)
    _show_warnings(verbose)


def _resolved(index: PaperIndex, query: str) -> str:
    key = index.resolve(query)
    if key.lower() != query.strip().lower():
        err.print(f"{query} → {index.describe(key)}", markup=False)
    return key


def _library_files() -> list[Path]:
    """What an `--out` export must never replace: the library, its sections file and its notes."""
    from ..importers.outline import outline_path
    from ..store.notes import NoteStore

    return [state.library, outline_path(state.library), NoteStore(state.library).folder]


def _progress_bar(description: str = "{task.description}") -> Progress:
    """The bar a long command draws on stderr while it asks the sources (none when stderr is not a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn(description),
        BarColumn(),
        MofNCompleteColumn(),
        console=err.get(),
        transient=True,
        disable=not err.is_terminal,
    )


def _emit(text: str, out_file: str) -> None:
    """Print the export, or write it to a file and say where on stderr."""
    written = write_output(text, out_file)
    if written is not None:
        err.print(f"wrote {written}", markup=False)


class _WarningLine(logging.Handler):
    """The package's warnings (an unreadable cache set aside, a setting ignored) as one line on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"{record.levelname.lower()}: {record.getMessage()}", markup=False)


def _show_warnings(verbose: bool = False) -> None:
    """Route the package's warnings (with -v, each request too) to stderr as `warning: …` / `debug: …` lines."""
    package_log = logging.getLogger("readinglist")
    if not any(isinstance(h, _WarningLine) for h in package_log.handlers):
        package_log.addHandler(_WarningLine())
        package_log.propagate = False
    package_log.setLevel(logging.DEBUG if verbose else logging.WARNING)


def main() -> None:
    """Entry point: run the app; turn our errors into one readable line and exit code 1."""
    try:
        code = app(standalone_mode=False)
    except UsageError as error:  # a wrong option value: exit 2, as typer's own usage errors
        err.print(f"error: {cli_text(str(error))}", markup=False)
        sys.exit(2)
    except ReadingListError as error:
        err.print(f"error: {cli_text(str(error))}", markup=False)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        err.print("interrupted: what was saved before stays saved")
        sys.exit(130)
    except typer.TyperException as error:  # usage errors: typer prints them the usual way
        error.show()  # type: ignore[attr-defined]
        sys.exit(getattr(error, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


# Commands kept in modules by theme register themselves on `app` when imported, in this order in --help.
# isort: off
from . import editing as _editing  # noqa: E402, F401  (set, unset, mark, note, check, init)
from . import lineage as _lineage  # noqa: E402, F401  (lineage, why, order, graph)
from . import sources as _sources  # noqa: E402, F401  (add, enrich, suggest)
from . import library as _library  # noqa: E402, F401  (list, show, schema)
from . import importing as _importing  # noqa: E402, F401  (import-markdown, export-markdown)
from . import discover as _discover  # noqa: E402, F401  (discover)
from . import git as _git  # noqa: E402, F401  (merge-driver, git-setup, resolve-conflict, diff)
from . import app_cmd as _app_cmd  # noqa: E402, F401  (app)
# isort: on

if __name__ == "__main__":
    main()
