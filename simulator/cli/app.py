"""``peacesim app [SCENARIO]``: open the interactive simulator in a browser (``docs/app.md``)."""

from __future__ import annotations

import argparse

from simulator.cli.common import fail
from simulator.io import ImportFormatError
from simulator.scenario.spec import ScenarioError


def add_parser(sub: argparse._SubParsersAction) -> None:
    app = sub.add_parser("app", help="open the interactive simulator in a browser (works offline)")
    app.add_argument("scenario", nargs="?", help="scenario shown first (default scenarios/talks-2026.yaml)")
    app.add_argument("--host", default="localhost", help="address to serve on (default localhost)")
    app.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    app.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    app.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    from simulator.app import serve  # Solara loads slowly: only for this command

    try:
        serve(args.scenario, host=args.host, port=args.port, open_browser=not args.no_browser)
    except (ScenarioError, ImportFormatError) as exc:
        return fail(exc)
    return 0
