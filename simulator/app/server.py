"""Serving the app offline: Solara's front end from the ``solara-assets`` package (its CDN proxy
reads the files installed with it), telemetry and the version check off."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import solara.server.settings as server_settings
import solara.settings

from simulator.app.scenarios import SCENARIO_ENV, load

# Solara's front end, served from the solara-assets package; present when the app works offline
OFFLINE_MARKER = "@widgetti/solara-vuetify-app@10.1.1/dist/solara-vuetify-app8.min.js"


def offline_assets() -> Path | None:
    """The folder Solara serves its front end from, if the solara-assets files are in it."""
    folder = Path(server_settings.assets.proxy_cache_dir)
    return folder if (folder / OFFLINE_MARKER).is_file() else None


def configure_offline() -> list[str]:
    """Serve every asset from this machine and call nobody: Solara's CDN proxy on (it serves the
    solara-assets files), telemetry off. Returns warnings for the user (none when all is well)."""
    solara.settings.assets.proxy = True
    server_settings.telemetry.mixpanel_enable = False
    if offline_assets() is None:
        return [
            f"Solara's front-end files are not in {server_settings.assets.proxy_cache_dir}: the page will try to fetch "
            "them from the internet. Install them with: pip install solara-assets"
        ]
    return []


def serve(scenario: str | None, host: str = "localhost", port: int = 8765, open_browser: bool = True) -> None:
    """Serve the app on ``http://HOST:PORT`` until interrupted, opening ``scenario`` first.

    Raises ``ScenarioError`` if the scenario does not load.
    """
    if scenario:
        load(scenario)  # fail here, with the loader's messages, not in the browser
        os.environ[SCENARIO_ENV] = scenario
    for message in configure_offline():
        print(f"warning: {message}")
    # served over plain http on a host other than 'localhost' (a classroom), Solara warns that its
    # session cookie cannot be samesite=none; it falls back to lax, which is all this page needs
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    # Solara's command line (it loads the web server) only when serving, not with the page
    from solara.__main__ import run as solara_run

    args = [
        "simulator.app",
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-check-version",
        "--open" if open_browser else "--no-open",
    ]
    solara_run.main(args=args, standalone_mode=False)
