"""Small shared fixtures: the repository root and a minimal valid scenario written to tmp_path.

``MINIMAL`` is numbered below so that tests can state exact ``FILE:LINE`` error messages. Change
it only together with the line numbers in tests/test_scenario_validation.py and test_overrides.py.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

# property-based tests draw the same examples on every run and every machine (CI reproduces a local
# failure), keep no example database in the repository, and are never timed
settings.register_profile("peacesim", derandomize=True, database=None, deadline=None)
settings.load_profile("peacesim")

REPO = Path(__file__).resolve().parents[1]

# fmt: off
MINIMAL = (
    "name: mini\n"                                   # 1
    "issues:\n"                                      # 2
    "  - id: TERR_LINE\n"                            # 3
    "    anchors:\n"                                 # 4
    "      0: Russian forces withdraw\n"             # 5
    "      100: Ukraine withdraws\n"                 # 6
    "  - id: SANCTIONS\n"                            # 7
    "    anchors: {0: kept, 100: lifted}\n"          # 8
    "agents:\n"                                      # 9
    "  - id: UKR\n"                                  # 10
    "    role: principal\n"                          # 11
    "    capability: 0.5\n"                          # 12
    "    reservation: 0.2\n"                         # 13
    "    rule: {type: time_dependent, beta: 0.5}\n"  # 14
    "    position:\n"                                # 15
    "      TERR_LINE: 10\n"                          # 16
    "      SANCTIONS: 0\n"                           # 17
    "    salience:\n"                                # 18
    "      TERR_LINE: 0.75\n"                        # 19
    "      SANCTIONS: 0.25\n"                        # 20
    "  - id: RUS\n"                                  # 21
    "    role: principal\n"                          # 22
    "    capability: 0.8\n"                          # 23
    "    reservation: 0.2\n"                         # 24
    "    rule: {type: time_dependent, beta: 0.3}\n"  # 25
    "    position:\n"                                # 26
    "      TERR_LINE: 90\n"                          # 27
    "      SANCTIONS: 100\n"                         # 28
    "    salience:\n"                                # 29
    "      TERR_LINE: 0.5\n"                         # 30
    "      SANCTIONS: 0.5\n"                         # 31
    "  - id: MED\n"                                  # 32
    "    role: mediator\n"                           # 33
    "    capability: 0.9\n"                          # 34
    "    position:\n"                                # 35
    "      TERR_LINE: 50\n"                          # 36
    "    salience:\n"                                # 37
    "      TERR_LINE: 1\n"                           # 38
    "  - id: OBS\n"                                  # 39
    "    role: observer\n"                           # 40
    "    capability: 0.1\n"                          # 41
    "conference:\n"                                  # 42
    "  protocol: {type: single_text, mediator: MED}\n"  # 43
    "  agreement: unanimity\n"                       # 44
    "  max_rounds: 20\n"                             # 45
    "  walkout: [UKR, RUS]\n"                        # 46
    "war:\n"                                         # 47
    "  cost_per_round: {UKR: 0.004, RUS: 0.003}\n"   # 48
)
# fmt: on


def edit(text: str, old: str, new: str) -> str:
    """``text`` with the single occurrence of ``old`` replaced by ``new`` (fails if not exactly one)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def edit_line(text: str, line: int, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new`` on line ``line`` (1-based; fails if it is not there)."""
    lines = text.split("\n")
    assert lines[line - 1].count(old) == 1, f"line {line} is {lines[line - 1]!r}, without {old!r}"
    lines[line - 1] = lines[line - 1].replace(old, new)
    return "\n".join(lines)


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def write_scenario(tmp_path: Path) -> Callable[..., Path]:
    """``write_scenario(text=MINIMAL, name="s.yaml")`` writes YAML text to tmp_path, returns the path."""

    def write(text: str = MINIMAL, name: str = "s.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def load_tool(name: str) -> ModuleType:
    """tools/NAME.py as a module (the tools are not part of the package)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up here
    try:
        spec.loader.exec_module(module)
    finally:
        if sys.modules.get(spec.name) is module:
            del sys.modules[spec.name]
    return module
