"""The package's architecture, enforced: imports point down the layers of docs/architecture.md, never up.
Every import counts: top-level, function-local and ``if TYPE_CHECKING:`` ones (a type-only import is
still a dependency a reader must follow). Cycles, private names and sizes are measured by
``../shared/tools/shape.py`` in CI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "simulator"

# a module may import from its own layer and the layers below it, never from a layer above
LAYERS: list[tuple[str, ...]] = [
    ("simulator.core", "simulator.io"),  # pure maths, parameters, YAML with origins; file formats (stdlib only)
    ("simulator.scenario.spec",),  # the validated scenario's records
    ("simulator.negotiation", "simulator.war", "simulator.classic"),  # the mechanisms
    ("simulator.scenario",),  # loading and validating scenario files (reads the component registries)
    ("simulator.conference",),  # the Mesa model composing the mechanisms
    ("simulator.report",),  # reports of a finished or running conference
    ("simulator.api", "simulator.components"),  # the composition root
    ("simulator.sweeps", "simulator.evaluate", "simulator.app", "simulator.cli"),  # what users run
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The layer of ``module``: its longest matching prefix decides (scenario.spec before scenario)."""
    best, found = -1, -1
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), level
    return found


def imports_of(path: Path) -> set[str]:
    """Every ``simulator`` module ``path`` imports, at any depth of the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("simulator"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("simulator."))
    return found


def test_every_module_has_a_layer():
    unplaced = [m for m in MODULES if m != "simulator" and layer_of(m) < 0]
    assert unplaced == []


@pytest.mark.parametrize("module", [m for m in MODULES if m != "simulator"])
def test_imports_point_down(module):
    upward = [
        f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
        for target in sorted(imports_of(MODULES[module]))
        if target != "simulator" and layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_the_layers_are_in_the_docs():
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for prefixes in LAYERS:
        for prefix in prefixes:
            assert f"`{prefix.removeprefix('simulator.')}" in doc, prefix
