"""`app`: the Streamlit app, opened in the browser."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from . import app, state


@app.command("app", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def run_app(
    ctx: typer.Context,
    library: Annotated[
        Path | None, typer.Option("--library", "-l", metavar="FILE", help="The library to open (default: as above).")
    ] = None,
) -> None:
    """Open the app in the browser (Streamlit); other options go to `streamlit run`, e.g. --server.port 8502."""
    from ..launch import run_streamlit_app

    raise typer.Exit(run_streamlit_app(library or state.library, ctx.args, os.environ))
