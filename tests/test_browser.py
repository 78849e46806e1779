"""``peacesim app`` in a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright.

The test serves the app as a user would (``peacesim app SCENARIO --port P --no-browser``), opens it,
records every request the page makes and refuses those that leave this machine (the app must work
offline), runs the conference, checks that the settings are in collapsed sections by actor
(principals first), opens Ukraine's, moves a salience slider, rebuilds and reruns it, and checks that the
figures were redrawn and that the report in the page is, character for character, what
``peacesim run`` prints for the same settings. It saves a screenshot to build/screenshots/app.png.

Without /usr/bin/chromium (or the playwright package) the test is skipped, unless
PEACESIM_REQUIRE_BROWSER=1 (as in CI), when it fails instead.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from simulator.api import run_conference

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCENARIO = "scenarios/ripeness.yaml"  # 3 agents, 3 issues, a war: every figure, and quick to run
SLIDER = "UKR salience TERR_LINE"
MOVED = "agents.UKR.salience.TERR_LINE=0.48"  # the slider, 10 steps of 0.01 up from 0.38
SECTIONS = [
    "UKR · Ukraine · principal · 6 settings",
    "RUS · Russia · principal · 6 settings",
    "USA · United States · mediator · 5 settings",
    "Conference: protocol, agreement rule, horizon · 3 settings",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "build" / "screenshots" / "app.png"


def _browser_or_skip() -> None:
    required = os.environ.get("PEACESIM_REQUIRE_BROWSER") == "1"
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing (bash setup.sh test)"
    if problem and required:
        pytest.fail(f"PEACESIM_REQUIRE_BROWSER=1 but {problem}")
    if problem:
        pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """``peacesim app`` serving SCENARIO on a free port; yields its URL."""
    _browser_or_skip()
    port = _free_port()
    peacesim = Path(sys.executable).with_name("peacesim")
    command = [str(peacesim)] if peacesim.exists() else [sys.executable, "-m", "simulator.cli"]
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [*command, "app", SCENARIO, "--host", "127.0.0.1", "--port", str(port), "--no-browser"],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"peacesim app exited with {process.returncode}:\n{(tmp_path / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"peacesim app did not answer in 30 s:\n{(tmp_path / 'server.log').read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _report(page) -> str:
    return page.locator("pre.peacesim-report").inner_text()


def _wait_report(page, expected: str, timeout: float = 20.0) -> None:
    """Wait until the report in the page reads ``expected`` (then compare, for a readable diff)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _report(page).strip() != expected.strip():
        time.sleep(0.1)
    assert _report(page).strip() == expected.strip()


def _wait_report_has(page, text: str, timeout: float = 20.0) -> None:
    page.wait_for_function(
        "text => (document.querySelector('pre.peacesim-report')?.innerText || '').includes(text)",
        arg=text,
        timeout=timeout * 1000,
    )


PLOTS = "img.peacesim-plot, .peacesim-plot img"


def _plot(page, index: int = 0):
    return page.locator(PLOTS).nth(index)


def _sources(page) -> list[str]:
    """The figures' image sources: each redrawn figure arrives as a new blob URL."""
    return page.evaluate("sel => [...document.querySelectorAll(sel)].map(i => i.complete ? i.src : '')", PLOTS)


def _wait_redrawn(page, before: list[str], timeout: float = 20.0) -> None:
    """Wait until every figure has been replaced by a new, loaded image."""
    page.wait_for_function(
        "([sel, before]) => { const imgs = [...document.querySelectorAll(sel)];"
        " return imgs.length === before.length && imgs.every((i, k) => i.complete && i.src && i.src !== before[k]); }",
        arg=[PLOTS, before],
        timeout=timeout * 1000,
    )


def _drawn(png: bytes) -> float:
    """Share of the image's pixels that are not white: an empty plot area is (almost) all white."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    pixels = list(image.getdata())
    return sum(1 for p in pixels if p < 235) / len(pixels)


def test_app_in_a_real_browser(server):
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    outside: list[str] = []
    failed: list[str] = []

    def route(r) -> None:
        url = r.request.url
        requested.append(url)
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob") or parsed.hostname in LOCAL_HOSTS:
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            page.route("**/*", route)
            page.on("websocket", lambda ws: requested.append(ws.url))
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(server)

            # the page: the scenario, the controls, three figures and the report
            page.wait_for_selector("pre.peacesim-report", timeout=30_000)
            _wait_report_has(page, "IN PROGRESS: round 0 of 150, no agreement yet")
            assert page.locator(".v-toolbar__title").first.inner_text().startswith("peacesim: Ripeness")
            assert page.locator(".v-tab").count() == 0  # one page: no tab per module of simulator/app
            assert page.locator(PLOTS).count() == 3
            start = _plot(page).screenshot()

            # run as written: the report is what `peacesim run` prints, and the figures are redrawn
            sources = _sources(page)
            page.get_by_role("button", name="Run to the end").click()
            as_written = run_conference(SCENARIO, seed=0).render("text")
            _wait_report(page, as_written)
            _wait_redrawn(page, sources)
            first = _plot(page).screenshot()
            assert first != start

            # the settings: in collapsed sections, an actor's each, principals first, the conference last
            headers = page.locator(".v-expansion-panel-header")
            assert headers.all_inner_texts() == SECTIONS
            assert page.locator(".v-input__slider", has_text=SLIDER).count() == 0  # collapsed: not even drawn
            headers.filter(has_text="UKR · Ukraine").click()
            page.locator(".v-expansion-panel--active", has_text=SLIDER).wait_for()

            # move a salience slider with the keyboard, rebuild (Reset), run again
            thumb = page.locator(".v-input__slider", has_text=SLIDER).locator("[role=slider]")
            assert thumb.get_attribute("aria-valuenow") == "0.38"
            thumb.focus()
            for _ in range(10):
                thumb.press("ArrowRight")
            assert thumb.get_attribute("aria-valuenow") == "0.48"
            sources = _sources(page)
            page.get_by_role("button", name="Reset").click()
            _wait_report_has(page, f"overrides: {MOVED}")
            assert "IN PROGRESS: round 0 of 150" in _report(page)
            _wait_redrawn(page, sources)  # back to round 0
            sources = _sources(page)
            page.get_by_role("button", name="Run to the end").click()
            moved = run_conference(SCENARIO, seed=0, overrides=[MOVED]).render("text")
            assert moved != as_written
            _wait_report(page, moved)
            _wait_redrawn(page, sources)
            second = _plot(page).screenshot()
            assert second != first

            # the figures are drawn, not an empty area
            for index in range(3):
                png = _plot(page, index).screenshot()
                assert _drawn(png) > 0.03, f"figure {index} looks empty"
            natural = page.evaluate("sel => [...document.querySelectorAll(sel)].map(i => i.naturalWidth)", PLOTS)
            assert all(width > 300 for width in natural)

            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        except Exception as exc:  # a page that could not load its assets fails here: say which
            if outside or failed:
                raise AssertionError(f"requests outside this machine: {outside}; failed: {failed}") from exc
            raise
        finally:
            browser.close()

    # offline: every request went to this machine, and every one was answered
    assert requested, "no request was recorded"
    assert outside == [], f"the page asked for things outside this machine: {outside}"
    assert all(urlparse(u).scheme in ("data", "blob") or urlparse(u).hostname in LOCAL_HOSTS for u in requested)
    assert failed == []


def test_without_chromium_the_browser_test_skips_or_in_ci_fails(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.delenv("PEACESIM_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium is missing"):
        _browser_or_skip()
    monkeypatch.setenv("PEACESIM_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="PEACESIM_REQUIRE_BROWSER=1 but /nonexistent/chromium is missing"):
        _browser_or_skip()
