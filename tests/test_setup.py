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
