"""The browser app is an extra (``pip install -e '.[app]'``): the base install runs every other
command, and ``peacesim app`` without the extra says, in one line, the command that installs it.
This file imports no app package, so that it runs on a base install too."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from simulator.cli.app import APP_PACKAGES

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())


def _without_app_packages(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in this repository as if the app's packages were not installed."""
    block = f"import sys\nfor name in {sorted(APP_PACKAGES)!r}:\n    sys.modules[name] = None\n"
    return subprocess.run([sys.executable, "-c", block + code], capture_output=True, text=True, cwd=REPO, timeout=300)


def _python() -> str:
    """The interpreter as the message names it: relative to the repository when inside it."""
    python = Path(sys.executable)
    return python.relative_to(REPO).as_posix() if python.is_relative_to(REPO) else str(python)


def test_without_the_extra_peacesim_app_says_the_command_that_installs_it():
    done = _without_app_packages("from simulator.cli import main\nsys.exit(main(['app', '--no-browser']))")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "peacesim: the browser app is not installed (no module 'solara'); "
        f"install it with: {_python()} -m pip install -e '.[app]'"
    ]


def test_elsewhere_the_command_names_the_checkout_in_full(tmp_path):
    code = f"import os\nos.chdir({str(tmp_path)!r})\nfrom simulator.cli.app import install_command\nprint(install_command())"
    done = _without_app_packages(code)
    assert done.stdout.strip() == f"{sys.executable} -m pip install -e '{REPO}[app]'"


def test_without_the_extra_the_other_commands_run(tmp_path):
    code = (
        "from simulator.cli import main\n"
        "assert main(['validate', 'scenarios/ripeness.yaml']) == 0\n"
        f"assert main(['run', 'scenarios/ripeness.yaml', '--format', 'html', '--out', {str(tmp_path / 'html')!r}]) == 0\n"
        "assert main(['history']) == 0\n"
        "assert not [m for m, mod in sys.modules.items() if mod and m.split('.')[0] in {'solara', 'ipyvuetify', 'altair'}]\n"
    )
    done = _without_app_packages(code)
    assert done.returncode == 0, done.stderr
    assert "scenarios/ripeness.yaml: valid (3 agents, 3 issues)" in done.stdout
    assert (tmp_path / "html" / "report.html").is_file()


def test_the_base_install_leaves_the_app_out_and_the_test_tools_bring_it():
    base = " ".join(PYPROJECT["project"]["dependencies"])
    extras = PYPROJECT["project"]["optional-dependencies"]
    for package in ("solara", "ipyvue", "mesa[viz"):
        assert package not in base
        assert any(spec.startswith(package) for spec in extras["app"])
    assert "mesa[network]>=3.5,<4" in PYPROJECT["project"]["dependencies"]  # import mesa loads networkx
    assert extras["test"][0] == "peacesim[app,dask,ema]"  # the tests cover the app, in a real browser too


def test_readme_says_how_to_add_the_app():
    readme = (REPO / "README.md").read_text()
    assert "bash setup.sh app" in readme and "pip install -e '.[app]'" in readme
