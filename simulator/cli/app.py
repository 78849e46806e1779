"""``peacesim app [SCENARIO]``: open the interactive simulator in a browser (``docs/app.md``).

The app's packages (Solara and its front end) are an extra, ``peacesim[app]``: without them the
command says, in one line, the command that installs them, and exits 1."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from simulator.cli.common import EXIT_INVALID, fail
from simulator.io import ImportFormatError
from simulator.scenario.spec import ScenarioError

# what only the app imports (the ``app`` extra of pyproject.toml, and what they bring)
APP_PACKAGES = frozenset({"solara", "solara_assets", "ipyvue", "ipyvuetify", "ipywidgets", "altair", "starlette"})
SOURCE = Path(__file__).resolve().parents[2]  # simulator/cli/app.py -> the checkout, when installed from one


def add_parser(sub: argparse._SubParsersAction) -> None:
    app = sub.add_parser("app", help="open the interactive simulator in a browser (works offline; extra 'app')")
    app.add_argument("scenario", nargs="?", help="scenario shown first (default scenarios/talks-2026.yaml)")
    app.add_argument("--host", default="localhost", help="address to serve on (default localhost)")
    app.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    app.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    app.set_defaults(func=command)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative when peacesim runs in its checkout, else in full."""
    if Path.cwd().resolve() != SOURCE:
        return str(path)
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:
        return str(path)
    return "." if relative == Path(".") else relative.as_posix()


def install_command() -> str:
    """The command that installs the app's packages into the Python that runs peacesim: from the
    checkout (editable, as setup.sh installs) when peacesim runs from one, else from the index.

    >>> install_command().endswith("[app]'")
    True
    """
    python = shlex.quote(_shown(Path(sys.executable)))
    if (SOURCE / "pyproject.toml").is_file() and (SOURCE / "simulator").is_dir():
        return f"{python} -m pip install -e {shlex.quote(_shown(SOURCE) + '[app]')}"
    return f"{python} -m pip install 'peacesim[app]'"


def missing_app_package(exc: ModuleNotFoundError) -> bool:
    """Whether an import failed for want of a package that only the app needs."""
    return (exc.name or "").split(".")[0] in APP_PACKAGES


def command(args: argparse.Namespace) -> int:
    try:
        from simulator.app import serve  # Solara loads slowly: only for this command
    except ModuleNotFoundError as exc:
        if not missing_app_package(exc):
            raise
        print(
            f"peacesim: the browser app is not installed (no module {exc.name!r}); install it with: {install_command()}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        serve(args.scenario, host=args.host, port=args.port, open_browser=not args.no_browser)
    except (ScenarioError, ImportFormatError) as exc:
        return fail(exc)
    return 0
