"""What a sweep runs: the varied fields (``Vary``), the specification (``SweepSpec``), sweep files.

A sweep file's keys are declared once, as ``Param``s (``FILE_KEYS``), and the file is read and
checked by the scenario's own machinery (``read_tree``, ``check_fields``): every problem at once,
each as ``FILE:LINE: PATH: what is wrong; what is allowed``, in the scenario's words, with a
did-you-mean for an unknown key or keyword. (``check.checked_spec`` then tries the spec on its
scenario.)
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from simulator.core.params import Param
from simulator.core.yamlsource import SourcedDict, load_value
from simulator.scenario.load import read_tree
from simulator.scenario.spec import ScenarioError
from simulator.scenario.validate.base import Checker, check_fields, is_number

DESIGNS = ("grid", "lhs", "sobol", "morris")
ENGINES = ("local", "dask")


class SweepError(ValueError):
    """A sweep that cannot run as asked (bad spec, or a directory holding a different sweep).

    ``errors`` lists every problem found, one line each."""

    def __init__(self, errors: str | Sequence[str]):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        head = "" if len(self.errors) == 1 else f"{len(self.errors)} errors in sweep:\n  "
        super().__init__(head + "\n  ".join(self.errors))


def override_text(path: str, value: Any) -> str:
    """The ``--set`` string that gives a field a value.

    >>> override_text("conference.protocol", "single_text")
    'conference.protocol="single_text"'
    """
    return f"{path}={json.dumps(value)}"


# --------------------------------------------------------------------------- one varied field


@dataclass(frozen=True)
class Vary:
    """One varied field: a numeric range ``LOW:HIGH[:N]`` or a list of values ``a,b,c``.

    >>> Vary.parse("agents.RUS.salience.TERR_LINE=0.1:0.5:3").levels()
    [0.1, 0.3, 0.5]
    >>> Vary.parse("conference.protocol=single_text,alternating_offers").levels()
    ['single_text', 'alternating_offers']
    """

    path: str
    low: float | None = None
    high: float | None = None
    n: int | None = None
    values: tuple[Any, ...] | None = None
    integer: bool = False  # a whole-number field (found by ``checked_spec``): every value drawn is whole

    @classmethod
    def parse(cls, text: str) -> Vary:
        if "=" not in text:
            raise SweepError(f"--vary {text}: expected PATH=LOW:HIGH[:N] or PATH=a,b,c")
        path, spec = (part.strip() for part in text.split("=", 1))
        if "," in spec or ":" not in spec:
            try:
                return cls(path, values=tuple(load_value(v.strip()) for v in spec.split(",")))
            except yaml.YAMLError:  # read as --set values are: a bad one is an error, not a crash
                raise SweepError(f"--vary {text}: a value is not valid YAML") from None
        parts = spec.split(":")
        try:
            low, high = float(parts[0]), float(parts[1])
            n = int(parts[2]) if len(parts) > 2 else None
        except (ValueError, IndexError):
            raise SweepError(f"--vary {text}: expected PATH=LOW:HIGH[:N] with numbers") from None
        if len(parts) > 3 or not low <= high or (n is not None and n < 1):
            raise SweepError(f"--vary {text}: expected LOW <= HIGH and N >= 1")
        return cls(path, low, high, n)

    @property
    def numeric(self) -> bool:
        return self.values is None

    def levels(self, default_n: int = 5) -> list[Any]:
        """The values a grid takes."""
        if self.values is not None:
            return list(self.values)
        assert self.low is not None and self.high is not None
        n = self.n or default_n
        if self.integer:
            return sorted({int(round(v)) for v in np.linspace(self.low, self.high, n)})
        return [round(float(v), 12) for v in np.linspace(self.low, self.high, n)] if n > 1 else [self.low]

    def bounds(self) -> list[float]:
        """Bounds for a sampled design (a list of values is sampled by index)."""
        if self.values is not None:
            return [0.0, float(len(self.values))]
        assert self.low is not None and self.high is not None
        if self.integer:  # sampled by whole number: [low, high + 1) floored
            return [self.low, self.high + 1.0]
        return [self.low, self.high if self.high > self.low else self.low + 1e-12]

    def value(self, x: float) -> Any:
        """The field's value at a sampled coordinate."""
        if self.values is not None:
            return self.values[min(int(x), len(self.values) - 1)]
        if self.integer:
            assert self.high is not None
            return min(int(math.floor(x)), int(self.high))
        return round(float(x), 12)


# --------------------------------------------------------------------------- the specification


def spec_problems(
    design: str, seeds: int, samples: int, master_seed: int, paths: Sequence[str]
) -> list[tuple[str, str]]:
    """What makes a combination of settings unrunnable, as (key, message) pairs (none: runnable)."""
    problems = []
    if design not in DESIGNS:
        problems.append(("design", f"design {design!r}: allowed {', '.join(DESIGNS)}"))
    if seeds < 1 or samples < 1:
        problems.append(("seeds", "seeds and samples must be at least 1"))
    if master_seed < 0:  # numpy's SeedSequence takes none below 0
        problems.append(("master_seed", "master_seed must be at least 0"))
    if design in ("sobol", "morris"):
        if seeds != 1:
            why = f"design {design}: one fixed seed per point (seeds 1), or noise inflates the indices"
            problems.append(("seeds", why))
        if not paths:
            problems.append(("vary", f"design {design} needs at least one --vary"))
    if len(set(paths)) != len(paths):
        problems.append(("vary", "each path may be varied once"))
    return problems


@dataclass
class SweepSpec:
    """What to run: a scenario, fixed overrides, varied fields, a design and seeds."""

    scenario: str
    vary: list[Vary] = field(default_factory=list)
    seeds: int = 1
    design: str = "grid"
    samples: int = 64
    overrides: list[str] = field(default_factory=list)
    master_seed: int = 0

    def __post_init__(self) -> None:
        # an absolute path: Dask workers and later resumes may run from another folder
        self.scenario = os.path.abspath(self.scenario)
        problems = spec_problems(self.design, self.seeds, self.samples, self.master_seed, [v.path for v in self.vary])
        if problems:
            raise SweepError([message for _, message in problems])

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["vary"] = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(x).items()} for x in self.vary]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SweepSpec:
        varies = [
            Vary(
                x["path"],
                x["low"],
                x["high"],
                x["n"],
                None if x["values"] is None else tuple(x["values"]),
                x["integer"],
            )
            for x in data["vary"]
        ]
        return cls(**{**data, "vary": varies})

    @classmethod
    def from_file(cls, path: str | Path) -> tuple[SweepSpec, dict[str, Any]]:
        """A sweep YAML file (``FILE_KEYS``): the spec and the run options (``RUN_OPTIONS``) it
        gives. Raises ``SweepError`` listing every problem in the file."""
        return SweepFile(path).read()


# --------------------------------------------------------------------------- sweep files

VARY_FORMS = '"LOW:HIGH[:N]" with LOW <= HIGH and N >= 1, a list of values, or a mapping {low, high, n}'
PLAIN_VALUES = "values that are numbers, true or false, text, lists or mappings"

# The keys of a sweep file, declared once: the checker below and the table in docs/sweeps.md.
FILE_KEYS: dict[str, Param] = {
    "scenario": Param("text", None, "the scenario file, relative to the sweep file (or absolute)", required=True),
    "vary": Param("path_map", {}, f"a mapping PATH: SPEC, with SPEC {VARY_FORMS}", of="a range or a list of values"),
    "seeds": Param("int", 1, "as --seeds", low=1),
    "design": Param("choice", "grid", "as --design", choices=DESIGNS),
    "samples": Param("int", 64, "as --samples", low=1),
    "set": Param("path_map", {}, "a mapping PATH: VALUE, as --set PATH=VALUE", of="a value"),
    "master_seed": Param("int", 0, "as --master-seed", low=0),
    "workers": Param("int", 2, "as --workers", low=1),
    "out": Param("text", None, "as --out: relative to the folder peacesim runs in, not to the file"),
    "engine": Param("choice", "local", "as --engine", choices=ENGINES),
    "scheduler": Param("text", None, "as --scheduler"),
}  # fmt: skip
RUN_OPTIONS = ("workers", "out", "engine", "scheduler")  # how to run a sweep, not what it is


def is_plain(value: Any) -> bool:
    """A value that can be written as a ``--set`` value (JSON): no dates, no odd YAML types."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


class SweepFile:
    """Reads one sweep file as a scenario file is read (``simulator.scenario``: ``read_tree``,
    ``check_fields``, ``Checker``): every problem at once, each with its ``FILE:LINE`` origin."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.checker = Checker(str(self.path))  # the entries of vary and set

    def read(self) -> tuple[SweepSpec, dict[str, Any]]:
        try:
            tree = read_tree(self.path, str(self.path))
        except ScenarioError as exc:  # unreadable, not UTF-8, not YAML: the scenario's words
            raise SweepError(exc.errors) from None
        values, errors = check_fields(tree, str(self.path), FILE_KEYS)
        vary = self.varied(values["vary"])
        overrides = self.overrides(values["set"])
        errors += self.checker.errors
        if isinstance(tree, SourcedDict):
            errors += self.combination_errors(tree, values, vary)
        if errors:
            raise SweepError(errors)
        scenario = Path(values["scenario"])
        spec = SweepSpec(
            scenario=str(scenario if scenario.is_absolute() else self.path.parent / scenario),
            vary=vary,
            seeds=values["seeds"],
            design=values["design"],
            samples=values["samples"],
            overrides=overrides,
            master_seed=values["master_seed"],
        )
        return spec, {key: values[key] for key in RUN_OPTIONS if key in tree}

    @staticmethod
    def combination_errors(tree: SourcedDict, values: dict[str, Any], vary: list[Vary]) -> list[str]:
        """Settings that are each allowed but not together, placed at the key they name. A
        refused setting has left its default, which goes with any other; a refused ``vary``
        entry is left out, so what depends on the varied fields waits until there is none."""
        given = tree.get("vary") or {}
        whole_vary = isinstance(given, dict) and len(given) == len(vary)
        paths = [v.path for v in vary]
        problems = spec_problems(values["design"], values["seeds"], values["samples"], values["master_seed"], paths)
        return [f"{tree.where(key)}: {key}: {message}" for key, message in problems if key != "vary" or whole_vary]

    def varied(self, node: dict) -> list[Vary]:
        varies = []
        for path, value in node.items():
            at, steps = self.checker.where(node, path), ["vary", str(path)]
            vary = self.vary(str(path), value)
            if vary is None:
                self.checker.error(at, steps, f"got {value!r}; allowed: {VARY_FORMS}")
            elif vary.values is not None and not all(is_plain(v) for v in vary.values):
                self.checker.error(at, steps, f"got {value!r}; allowed: {PLAIN_VALUES}")
            else:
                varies.append(vary)
        return varies

    @staticmethod
    def vary(path: str, value: Any) -> Vary | None:
        """``PATH: "LOW:HIGH:N"``, ``PATH: [a, b, c]`` or ``PATH: {low, high, n}``; None if malformed."""
        if isinstance(value, list):
            return Vary(path, values=tuple(value)) if value else None
        if isinstance(value, dict):
            low: Any = value.get("low")
            high: Any = value.get("high")
            n: Any = value.get("n")
            whole_n = n is None or (isinstance(n, int) and not isinstance(n, bool) and n >= 1)
            if set(value) - {"low", "high", "n"} or not (is_number(low) and is_number(high) and low <= high):
                return None
            return Vary(path, float(low), float(high), n) if whole_n else None
        if value is None or not isinstance(value, str | int | float):
            return None
        try:
            return Vary.parse(f"{path}={value}")
        except SweepError:
            return None

    def overrides(self, node: dict) -> list[str]:
        texts = []
        for path, value in node.items():
            if is_plain(value):
                texts.append(override_text(str(path), value))
            else:
                at = self.checker.where(node, path)
                self.checker.error(at, ["set", str(path)], f"got {value!r}; allowed: a value as --set takes")
        return texts
