"""What a sweep runs: the varied fields (``Vary``), the specification (``SweepSpec``), sweep files.

A sweep file's keys are declared once, as ``Param``s (``FILE_KEYS``); its checker reports every
problem at once, each as ``FILE:LINE: PATH: what is wrong; what is allowed`` with the line from
the YAML origins (``simulator.core.yamlsource``) and a did-you-mean for an unknown key, as a
scenario file's checker does. (``check.checked_spec`` then tries the spec on its scenario.)
"""

from __future__ import annotations

import difflib
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
from simulator.core.yamlsource import SourcedDict, load_sourced, load_value

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

# The keys of a sweep file, declared once: the checker below and the table in docs/sweeps.md.
# "mapping" is a sweep file's own kind (PATH: SPEC entries), checked by SweepFile.
FILE_KEYS: dict[str, Param] = {
    "scenario": Param("str", None, "the scenario file, relative to the sweep file (or absolute)"),
    "vary": Param("mapping", {}, f"a mapping PATH: SPEC, with SPEC {VARY_FORMS}"),
    "seeds": Param("int", 1, "as --seeds", low=1),
    "design": Param("str", "grid", "as --design", choices=DESIGNS),
    "samples": Param("int", 64, "as --samples", low=1),
    "set": Param("mapping", {}, "a mapping PATH: VALUE, as --set PATH=VALUE"),
    "master_seed": Param("int", 0, "as --master-seed", low=0),
    "workers": Param("int", 2, "as --workers", low=1),
    "out": Param("str", None, "as --out: relative to the folder peacesim runs in, not to the file"),
    "engine": Param("str", "local", "as --engine", choices=ENGINES),
    "scheduler": Param("str", None, "as --scheduler"),
}
RUN_OPTIONS = ("workers", "out", "engine", "scheduler")  # how to run a sweep, not what it is


def kind_of(value: Any) -> str:
    """A value as an error message shows it: ``a mapping``, ``a list``, ``nothing`` or its repr."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def is_number(value: Any) -> bool:
    """A finite number (booleans and YAML's .nan and .inf are not)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def fits(param: Param, value: Any) -> bool:
    """Whether a sweep file's scalar ``value`` is one ``param`` allows."""
    if param.kind == "int":
        whole = isinstance(value, int) and not isinstance(value, bool)
        return whole and (param.low is None or value >= param.low) and (param.high is None or value <= param.high)
    return isinstance(value, str) and value != "" and (param.choices is None or value in param.choices)


def is_plain(value: Any) -> bool:
    """A value that can be written as a ``--set`` value (JSON): no dates, no odd YAML types."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


class SweepFile:
    """Reads one sweep file, collecting every problem with its ``FILE:LINE`` origin."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.errors: list[str] = []

    def error(self, where: str, path: str, message: str) -> None:
        self.errors.append(f"{where}: {path}: {message}")

    def read(self) -> tuple[SweepSpec, dict[str, Any]]:
        data = self.load()
        values = {name: p.default for name, p in FILE_KEYS.items()}
        for key, value in data.items():
            if key not in FILE_KEYS:
                self.error(data.where(key), str(key), f"unknown key {key!r}{suggest(key, list(FILE_KEYS))}")
            elif FILE_KEYS[key].kind != "mapping" and not fits(FILE_KEYS[key], value):
                self.error(data.where(key), key, f"got {kind_of(value)}; allowed: {FILE_KEYS[key].describe()}")
            else:
                values[key] = value
        if "scenario" not in data:
            self.error(data.origin, "scenario", "is required")
        vary = self.varied(data.get("vary"), data.where("vary"))
        overrides = self.overrides(data.get("set"), data.where("set"))
        if not self.errors:
            paths = [v.path for v in vary]
            problems = spec_problems(values["design"], values["seeds"], values["samples"], values["master_seed"], paths)
            for key, message in problems:
                self.error(data.where(key), key, message)
        if self.errors:
            raise SweepError(self.errors)
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
        return spec, {key: data[key] for key in RUN_OPTIONS if key in data}

    def load(self) -> SourcedDict:
        label = str(self.path)
        try:
            data = load_sourced(self.path.read_text(encoding="utf-8"), label)
        except OSError as exc:
            raise SweepError(f"{label}: cannot read: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise SweepError(f"{label}: cannot read: not UTF-8 text") from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = f":{mark.line + 1}" if mark else ""
            raise SweepError(f"{label}{line}: not valid YAML: {exc.problem or exc}") from None
        except yaml.YAMLError as exc:
            raise SweepError(f"{label}: not valid YAML: {exc}") from None
        if not isinstance(data, SourcedDict):
            allowed = f"a mapping with keys {', '.join(FILE_KEYS)}"
            raise SweepError(f"{label}:1: (top level): got {kind_of(data)}; allowed: {allowed}")
        return data

    def mapping(self, node: Any, where: str, key: str) -> dict:
        """A ``PATH: ...`` mapping (``vary``, ``set``); nothing is an empty one."""
        if node is None:
            return {}
        if not isinstance(node, dict):
            self.error(where, key, f"got {kind_of(node)}; allowed: {FILE_KEYS[key].doc}")
            return {}
        return node

    def varied(self, node: Any, where: str) -> list[Vary]:
        varies = []
        for path, value in self.mapping(node, where, "vary").items():
            at, name = node.where(path), f"vary.{path}"
            vary = self.vary(str(path), value)
            if vary is None:
                self.error(at, name, f"got {kind_of(value)}; allowed: {VARY_FORMS}")
            elif vary.values is not None and not all(is_plain(v) for v in vary.values):
                self.error(at, name, "allowed: values that are numbers, true or false, text, lists or mappings")
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

    def overrides(self, node: Any, where: str) -> list[str]:
        texts = []
        for path, value in self.mapping(node, where, "set").items():
            if is_plain(value):
                texts.append(override_text(str(path), value))
            else:
                self.error(node.where(path), f"set.{path}", f"got {value!r}; allowed: a value as --set takes")
        return texts


def suggest(word: Any, known: Sequence[str]) -> str:
    """The did-you-mean tail of an unknown-key message, as a scenario file's checker words it."""
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.5)
    allowed = ", ".join(known)
    return f"; did you mean {close[0]!r}? Allowed: {allowed}" if close else f"; allowed: {allowed}"
