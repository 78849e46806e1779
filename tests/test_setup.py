"""setup.sh finds a Python 3.12+ on its own, and says what to install when there is none."""

import glob
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_DIRS = ["/usr/bin", "/bin", "/usr/local/bin"]


def system_has_new_python() -> bool:
    for directory in SYSTEM_DIRS + glob.glob("/opt/python*"):
        for candidate in glob.glob(f"{directory}/python3*"):
            done = subprocess.run(
                [candidate, "-c", "import sys; print(sys.version_info >= (3, 12))"], capture_output=True, text=True
            )
            if done.stdout.strip() == "True":
                return True
    return False


@pytest.mark.skipif(system_has_new_python(), reason="this machine has a system Python 3.12+")
def test_without_python_312_it_says_what_to_install(tmp_path):
    shutil.copy(ROOT / "setup.sh", tmp_path / "setup.sh")
    done = subprocess.run(
        ["/bin/bash", str(tmp_path / "setup.sh")],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "peacesim needs Python 3.12 or newer and found none." in done.stderr
    assert "pyenv install 3.12" in done.stderr
    assert not (tmp_path / ".venv").exists()


# --------------------------------------------------------------------------- what it installs, and its progress

PIP_OUTPUT = """\
Looking in links: /opt/wheels
Obtaining file:///somewhere/peacesim
Collecting mesa[network]<4,>=3.5 (from peacesim==0.1.0)
  Using cached mesa-3.5.1-py3-none-any.whl (300 kB)
Collecting solara<1.65,>=1.58.2 (from peacesim==0.1.0)
Requirement already satisfied: numpy>=1.26 in ./.venv/lib/python3.13/site-packages (from peacesim==0.1.0)
Installing collected packages: mesa, solara, peacesim
Successfully installed mesa-3.5.1 peacesim-0.1.0 solara-1.64.1
"""

# a stand-in for .venv/bin/python: a Python 3.12+ to setup.sh; records the pip install it is asked for
FAKE_PYTHON = """\
#!/bin/bash
case "$*" in
    "-c import sys, venv"*) exit 0 ;;
    "-c import sysconfig"*) echo "$PWD/.venv/lib" ;;
    *"--upgrade pip"*) exit 0 ;;
    *"-m pip install"*) echo "$*" > pip-args; cat pip-output; exit "${FAKE_PIP_EXIT:-0}" ;;
    *) exit 3 ;;
esac
"""


def _setup(tmp_path: Path, *args: str, pip_output: str = PIP_OUTPUT, pip_exit: int = 0):
    shutil.copy(ROOT / "setup.sh", tmp_path / "setup.sh")
    (tmp_path / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
    (tmp_path / ".venv" / "lib").mkdir(exist_ok=True)
    python = tmp_path / ".venv" / "bin" / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    (tmp_path / "pip-output").write_text(pip_output)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FAKE_PIP_EXIT": str(pip_exit)}
    return subprocess.run(
        ["/bin/bash", "setup.sh", *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=30
    )


@pytest.mark.parametrize(("choice", "target"), [((), "-e ."), (("app",), "-e .[app]"), (("test",), "-e .[test]")])
def test_setup_installs_the_package_the_app_or_the_test_tools(tmp_path, choice, target):
    done = _setup(tmp_path, *choice)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "pip-args").read_text().split() == [
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        *target.split(),
    ]
    extras = target.removeprefix("-e .")
    lines = done.stderr.splitlines()
    assert lines[-1] == "setup: done: .venv/bin/peacesim is ready" + (f" (with {extras})" if extras else "")


def test_setup_shows_its_progress_a_line_per_step(tmp_path):
    done = _setup(tmp_path, "app")
    assert done.stderr.splitlines() == [
        "setup: updating pip",
        "setup: installing peacesim[app] into .venv (a first install takes a minute or two; pip's log: .venv/setup.log)",
        "setup: [1] collecting mesa[network]<4,>=3.5",
        "setup: [2] collecting solara<1.65,>=1.58.2",
        "setup: unpacking 3 packages",
        "setup: installed 3 packages",
        "setup: done: .venv/bin/peacesim is ready (with [app])",
    ]
    assert (tmp_path / ".venv" / "setup.log").read_text() == PIP_OUTPUT  # pip's whole output, kept


def test_when_pip_fails_setup_shows_the_end_of_its_log(tmp_path):
    output = "Collecting solara<1.65 (from peacesim==0.1.0)\nERROR: No matching distribution found for solara<1.65\n"
    done = _setup(tmp_path, "app", pip_output=output, pip_exit=1)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[-3:] == [
        "setup: pip failed; the end of its log (.venv/setup.log):",
        "Collecting solara<1.65 (from peacesim==0.1.0)",
        "ERROR: No matching distribution found for solara<1.65",
    ]
    assert not any(line.startswith("setup: done") for line in lines)


def test_setup_refuses_an_unknown_choice_and_names_the_three(tmp_path):
    done = _setup(tmp_path, "tests")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "setup.sh: unknown choice 'tests'; use 'bash setup.sh' (the package), 'bash setup.sh app' (with the browser app) "
        "or 'bash setup.sh test' (with the app and the test tools)"
    )
    assert not (tmp_path / "pip-args").exists()
