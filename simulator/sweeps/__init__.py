"""Scenario sweeps: many variants of a scenario, run in parallel, streamed to Parquet, resumable.

A sweep varies scenario fields (paths as in ``--set``) over a design: a full ``grid``, or a
Latin hypercube (``lhs``), Saltelli/Sobol (``sobol``) or Morris (``morris``) sample drawn by
SALib. Every design point is run with ``seeds`` seeds (``sobol`` and ``morris`` use one fixed
seed per point, so that noise does not inflate the sensitivity indices).

Runs are grouped into chunks of about ``CHUNK_SECONDS`` each, run by a process pool (or a Dask
cluster), and each finished chunk is written as one zstd Parquet file, first under a temporary
name and then renamed into place: a killed sweep (even ``kill -9``) leaves only whole files.
Many small files are merged into larger ones as the sweep goes (``compact``).
Running the same sweep again skips every run already on disk, so nothing is redone, lost or
duplicated. Each row carries its seed; the same sweep gives the same rows whatever the number
of workers.
"""

from __future__ import annotations

import concurrent.futures as cf
import difflib
import itertools
import json
import math
import multiprocessing
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from simulator.conference.model import PeaceConference
from simulator.core.yamlsource import copy_tree, load_sourced, load_value
from simulator.report.settlement import sweep_report
from simulator.report.types import SettlementReport, SweepReport
from simulator.scenario import SourcedDict, load_scenario, validate_tree
from simulator.scenario.spec import Scenario, ScenarioError

DESIGNS = ("grid", "lhs", "sobol", "morris")
CHUNK_SECONDS = 0.75  # per task: long enough that a pool's overhead is small, short enough to lose little
MANIFEST = "sweep.json"
PARTS = "parts"
# Every finished chunk is a file of a few dozen rows: a sweep of a million runs would leave tens
# of thousands, slow to list, read and resume. Once COMPACT_PARTS small parts (fewer than
# SMALL_PART_ROWS rows) are on disk they are merged into parts of up to MERGED_PART_ROWS rows.
COMPACT_PARTS = 1000
SMALL_PART_ROWS = 10_000
MERGED_PART_ROWS = 100_000


class SweepError(ValueError):
    """A sweep that cannot run as asked (bad spec, or a directory holding a different sweep)."""


# --------------------------------------------------------------------------- the specification


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
    integer: bool = False  # a whole-number field (found by the sweep's check): every value drawn is whole

    @classmethod
    def parse(cls, text: str) -> Vary:
        if "=" not in text:
            raise SweepError(f"--vary {text}: expected PATH=LOW:HIGH[:N] or PATH=a,b,c")
        path, spec = (part.strip() for part in text.split("=", 1))
        if "," in spec or ":" not in spec:
            return cls(path, values=tuple(load_value(v.strip()) for v in spec.split(",")))
        parts = spec.split(":")
        try:
            low, high = float(parts[0]), float(parts[1])
            n = int(parts[2]) if len(parts) > 2 else None
        except (ValueError, IndexError):
            raise SweepError(f"--vary {text}: expected PATH=LOW:HIGH[:N] with numbers") from None
        if len(parts) > 3 or not low <= high or (n is not None and n < 1):
            raise SweepError(f"--vary {text}: expected LOW <= HIGH and N >= 1")
        return cls(path, low, high, n)

    @classmethod
    def from_yaml(cls, path: str, value: Any) -> Vary:
        """From a sweep file: ``PATH: "LOW:HIGH:N"``, ``PATH: [a, b, c]`` or ``PATH: {low, high, n}``."""
        if isinstance(value, list):
            return cls(path, values=tuple(value))
        if isinstance(value, dict):
            unknown = set(value) - {"low", "high", "n"}
            if unknown or not {"low", "high"} <= set(value):
                raise SweepError(f"vary.{path}: expected keys low, high and optionally n")
            return cls(path, float(value["low"]), float(value["high"]), value.get("n"))
        return cls.parse(f"{path}={value}")

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
        if self.design not in DESIGNS:
            raise SweepError(f"design {self.design!r}: allowed {', '.join(DESIGNS)}")
        if self.seeds < 1 or self.samples < 1:
            raise SweepError("seeds and samples must be at least 1")
        if self.design in ("sobol", "morris"):
            if self.seeds != 1:
                raise SweepError(
                    f"design {self.design}: one fixed seed per point (seeds 1), or noise inflates the indices"
                )
            if not self.vary:
                raise SweepError(f"design {self.design} needs at least one --vary")
        paths = [v.path for v in self.vary]
        if len(set(paths)) != len(paths):
            raise SweepError("each path may be varied once")

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
        """A sweep YAML file: ``scenario``, ``vary``, ``seeds``, ``design``, ``samples``, ``set``,
        ``master_seed`` and run options ``workers``, ``out``, ``engine``, ``scheduler``."""
        known = (
            "scenario",
            "vary",
            "seeds",
            "design",
            "samples",
            "set",
            "master_seed",
            "workers",
            "out",
            "engine",
            "scheduler",
        )
        try:
            data = load_sourced(Path(path).read_text(encoding="utf-8"), str(path))
        except OSError as exc:
            raise SweepError(f"{path}: cannot read: {exc.strerror}") from None
        if not isinstance(data, SourcedDict):
            raise SweepError(f"{path}: a sweep file is a mapping with keys {', '.join(known)}")
        unknown = [k for k in data if k not in known]
        if unknown:
            hint = difflib.get_close_matches(str(unknown[0]), known, n=1)
            raise SweepError(
                f"{data.where(unknown[0])}: unknown key {unknown[0]!r}"
                + (f"; did you mean {hint[0]!r}?" if hint else "")
                + f" Allowed: {', '.join(known)}"
            )
        if "scenario" not in data:
            raise SweepError(f"{path}: scenario is required")
        scenario = Path(str(data["scenario"]))
        if not scenario.is_absolute():
            scenario = Path(path).parent / scenario
        vary = data.get("vary") or {}

        def whole(key: str, default: int) -> int:
            value = data.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool):
                raise SweepError(f"{data.where(key)}: {key}: got {value!r}; allowed: a whole number")
            return value

        spec = cls(
            scenario=str(scenario),
            vary=[Vary.from_yaml(p, v) for p, v in vary.items()],
            seeds=whole("seeds", 1),
            design=str(data.get("design", "grid")),
            samples=whole("samples", 64),
            overrides=[f"{k}={json.dumps(v)}" for k, v in (data.get("set") or {}).items()],
            master_seed=whole("master_seed", 0),
        )
        options = {k: data[k] for k in ("workers", "out", "engine", "scheduler") if k in data}
        return spec, options


# --------------------------------------------------------------------------- the design


def problem(spec: SweepSpec) -> dict[str, Any]:
    """The SALib problem for a sampled design."""
    return {
        "num_vars": len(spec.vary),
        "names": [v.path for v in spec.vary],
        "bounds": [v.bounds() for v in spec.vary],
    }


def design_matrix(spec: SweepSpec) -> np.ndarray:
    """The sampled coordinates (points x varied fields); for a grid, level indices."""
    if spec.design == "grid":
        shape = [len(v.levels()) for v in spec.vary]
        return np.array(list(itertools.product(*(range(n) for n in shape))), dtype=float).reshape(-1, len(shape))
    from SALib.sample import latin, morris, sobol

    prob = problem(spec)
    if spec.design == "lhs":
        return latin.sample(prob, spec.samples, seed=spec.master_seed)
    if spec.design == "sobol":
        return sobol.sample(prob, spec.samples, calc_second_order=False, seed=spec.master_seed)
    return morris.sample(prob, spec.samples, num_levels=4, seed=spec.master_seed)


def design_points(spec: SweepSpec) -> list[dict[str, Any]]:
    """Each design point as ``{path: value}``."""
    matrix = design_matrix(spec)
    if spec.design == "grid":
        levels = [v.levels() for v in spec.vary]
        return [{v.path: levels[k][int(row[k])] for k, v in enumerate(spec.vary)} for row in matrix]
    return [{v.path: v.value(row[k]) for k, v in enumerate(spec.vary)} for row in matrix]


def seed_for(master: int, replicate: int) -> int:
    """The seed of a replicate: the same for every design point (common random numbers)."""
    return int(np.random.SeedSequence([master, replicate]).generate_state(1)[0])


@dataclass(frozen=True)
class Run:
    run_id: int
    point: int
    seed: int
    values: dict[str, Any]


def plan(spec: SweepSpec) -> list[Run]:
    """Every run of the sweep, numbered in a fixed order."""
    return list(iter_runs(spec, design_points(spec)))


def iter_runs(spec: SweepSpec, points: list[dict[str, Any]], skip: set[int] | None = None) -> Iterator[Run]:
    """The runs one at a time (point by point, seed by seed), leaving out those in ``skip``."""
    seeds = [seed_for(spec.master_seed, r) for r in range(spec.seeds)]
    for p, values in enumerate(points):
        for r, seed in enumerate(seeds):
            run_id = p * len(seeds) + r
            if not skip or run_id not in skip:
                yield Run(run_id, p, seed, values)


# --------------------------------------------------------------------------- running one chunk

_TREES: dict[str, SourcedDict] = {}  # parsed scenario files, per worker process
_SCENARIOS: dict[tuple[str, tuple[str, ...]], Scenario] = {}  # validated scenarios, per worker process
_KEEP_SCENARIOS = 8


def _scenario_for(path: str, overrides: Sequence[str]) -> Scenario:
    """Validate a scenario with overrides, parsing its file once per process.

    The runs of one design point differ only in their seed and come one after another, so the
    last few validated scenarios are kept and reused: a run only reads its scenario (the model
    copies what it changes), and validating talks-2026 costs about a sixth of running it.
    """
    key = (path, tuple(overrides))
    scenario = _SCENARIOS.get(key)
    if scenario is None:
        if path not in _TREES:
            _TREES[path] = load_sourced(Path(path).read_text(encoding="utf-8"), path)
        scenario = validate_tree(copy_tree(_TREES[path]), path, overrides)
        if len(_SCENARIOS) >= _KEEP_SCENARIOS:
            del _SCENARIOS[next(iter(_SCENARIOS))]  # the oldest
        _SCENARIOS[key] = scenario
    return scenario


def _override(path: str, value: Any) -> str:
    return f"{path}={json.dumps(value)}"


def result_row(run: Run, report: SweepReport | SettlementReport | None, error: str | None = None) -> dict[str, Any]:
    """One flat row per run: inputs, seed, outcome, terms and each principal's utility, from a
    settlement report (or the part of it a row needs, ``outcomes.sweep_report``)."""
    row: dict[str, Any] = {"run_id": run.run_id, "point": run.point, "seed": run.seed}
    for path, value in run.values.items():
        row[path] = value
    if report is None:
        row.update(outcome="error", error=error)
        return row
    row.update(
        outcome=report["outcome"],
        round=report["round"],
        ripe_round=report.get("ripe_round"),
        talks_opened=report.get("talks_opened"),
        walked_out=report.get("walked_out"),
        side_payments=round(sum((report.get("side_payments") or {}).values()), 4) + 0.0,
        error=None,
    )
    for issue, value in report["final_text"].items():
        row[f"terms.{issue}"] = report["terms"].get(issue)
        row[f"text.{issue}"] = value
    for actor, figures in report["actors"].items():
        if figures["role"] == "principal":
            row[f"utility.{actor}"] = figures["utility"]
            row[f"surplus.{actor}"] = figures["surplus"]
    for actor, ratified in (report.get("ratified") or {}).items():
        row[f"ratified.{actor}"] = ratified
    gaps = report.get("optimism_gap") or []
    row["optimism_gap.end"] = gaps[-1] if gaps else None
    return row


def run_one(scenario: Scenario, seed: int) -> SweepReport:
    """Run one conference as ``run_conference`` does, without the DataCollector and the round
    records, and report what a result row needs (``outcomes.sweep_report``)."""
    model = PeaceConference(scenario, collect=False, records=False, rng=seed)
    model.run_model()
    return sweep_report(model)


def run_chunk(scenario: str, overrides: Sequence[str], runs: Sequence[Run]) -> list[dict[str, Any]]:
    """Run a chunk of runs (in a worker); a run that fails becomes a row with its error."""
    rows = []
    for run in runs:
        try:
            spec = _scenario_for(scenario, [*overrides, *(_override(p, v) for p, v in run.values.items())])
            rows.append(result_row(run, run_one(spec, run.seed)))
        except Exception as exc:  # a failed run is recorded, the sweep goes on
            rows.append(result_row(run, None, f"{type(exc).__name__}: {exc}"))
    return rows


# --------------------------------------------------------------------------- results on disk


def write_part(out: Path, rows: list[dict[str, Any]]) -> Path:
    """Write one chunk's rows as a Parquet file, atomically (temporary name, then rename)."""
    import pyarrow as pa

    columns = list(dict.fromkeys(key for row in rows for key in row))  # every row's keys, in order
    table = pa.Table.from_pylist([{key: row.get(key) for key in columns} for row in rows])
    return _write_table(out, table, rows[0]["run_id"], rows[-1]["run_id"])


def _write_table(out: Path, table: Any, first: int, last: int) -> Path:
    """Write a table of rows as a part file, atomically: under a temporary name, flushed to disk,
    then renamed into place, so that a part is on disk whole or not at all."""
    import pyarrow.parquet as pq

    parts = out / PARTS
    parts.mkdir(parents=True, exist_ok=True)
    final = parts / f"part-{first:09d}-{last:09d}-{uuid.uuid4().hex[:8]}.parquet"
    tmp = parts / f".tmp-{final.name}"
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, final)
    return final


def compact(out: Path, at_least: int | None = None) -> int:
    """Merge the small part files into parts of up to ``MERGED_PART_ROWS`` rows, if there are at
    least ``at_least`` (default ``COMPACT_PARTS``) of them; returns how many were merged. Each
    merged part is written as any part is, and only then are the parts it holds deleted: a kill in
    between leaves some rows in two files, which ``finished_runs`` and ``load_results`` count once
    and the next compaction removes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sizes = {p: pq.read_metadata(p).num_rows for p in sorted((out / PARTS).glob("part-*.parquet"))}
    small = [p for p, n in sizes.items() if n < SMALL_PART_ROWS]
    if len(small) < max(COMPACT_PARTS if at_least is None else at_least, 2):
        return 0
    merged = 0
    batch: list[Path] = []
    rows = 0
    for k, part in enumerate(small):
        batch.append(part)
        rows += sizes[part]
        if rows >= MERGED_PART_ROWS or k == len(small) - 1:
            table = pa.concat_tables([pq.read_table(p) for p in batch], promote_options="default")
            ids = table.column("run_id").to_numpy()
            _, first_seen = np.unique(ids, return_index=True)  # a row written twice is kept once
            table = table.take(np.sort(first_seen))
            _write_table(out, table, int(ids.min()), int(ids.max()))
            for p in batch:
                p.unlink()
            merged += len(batch)
            batch, rows = [], 0
    return merged


def finished_runs(out: Path) -> set[int]:
    """Run ids already written, from whole part files (temporary files are discarded)."""
    import pyarrow.parquet as pq

    parts = out / PARTS
    done: set[int] = set()
    if not parts.is_dir():
        return done
    for tmp in parts.glob(".tmp-*"):
        tmp.unlink(missing_ok=True)
    for part in sorted(parts.glob("part-*.parquet")):
        done.update(pq.read_table(part, columns=["run_id"]).column("run_id").to_pylist())
    return done


def load_results(out: str | Path):
    """All finished runs of a sweep as a pandas DataFrame, ordered by run id."""
    import pandas as pd
    import pyarrow.parquet as pq

    parts = sorted((Path(out) / PARTS).glob("part-*.parquet"))
    if not parts:
        raise SweepError(f"{out}: no finished runs")
    frame = pd.concat([pq.read_table(p).to_pandas() for p in parts], ignore_index=True)
    frame = frame.sort_values("run_id", kind="stable").drop_duplicates("run_id")  # (see ``compact``)
    return frame.reset_index(drop=True)


def _manifest(out: Path, spec: SweepSpec) -> None:
    """Record the spec; a directory holding a different sweep is refused."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / MANIFEST
    wanted = spec.to_json()
    if path.exists():
        held = json.loads(path.read_text(encoding="utf-8"))
        same_file = os.path.realpath(held.get("scenario", "")) == os.path.realpath(wanted["scenario"])
        if not same_file or {**held, "scenario": ""} != {**wanted, "scenario": ""}:
            raise SweepError(f"{out} holds a different sweep ({path}); use another --out or delete it")
        return
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------- progress


class Progress:
    """A one-line progress bar on stderr: runs done, runs per second, time left."""

    def __init__(self, total: int, done: int, stream: Any = None, enabled: bool = True):
        self.total, self.done, self.start_done = total, done, done
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.started = time.perf_counter()
        self.last = 0.0

    def add(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if self.enabled and (now - self.last > 0.2 or self.done >= self.total):
            self.last = now
            self.stream.write("\r" + self.line(now) + ("\n" if self.done >= self.total else ""))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = (now or time.perf_counter()) - self.started
        rate = (self.done - self.start_done) / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else math.inf
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        eta = "?" if math.isinf(left) else time.strftime("%H:%M:%S", time.gmtime(left))
        return f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} runs  {rate:,.1f} runs/s  {eta} left"


# --------------------------------------------------------------------------- engines


def _chunks(runs: Iterable[Run], size: int) -> Iterator[list[Run]]:
    iterator = iter(runs)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _chunk_size(spec: SweepSpec, sample: list[Run]) -> int:
    """Runs per task so that a task takes about CHUNK_SECONDS."""
    start = time.perf_counter()
    run_chunk(spec.scenario, spec.overrides, sample)
    per_run = (time.perf_counter() - start) / max(len(sample), 1)
    return max(1, min(1000, int(CHUNK_SECONDS / max(per_run, 1e-4))))


def _run_local(
    spec: SweepSpec, chunks: Iterator[list[Run]], workers: int, on_rows: Callable[[list[dict]], None]
) -> None:
    """A process pool fed a few chunks at a time (memory stays flat however many runs there
    are); if a worker dies, a new pool takes over the chunks in flight."""
    if workers <= 1:
        for chunk in chunks:
            on_rows(run_chunk(spec.scenario, spec.overrides, chunk))
        return
    in_flight: list[list[Run]] = []  # submitted, not yet written
    for _attempt in range(5):
        try:
            # spawn, not fork: forking a process that runs threads (Parquet I/O) can deadlock
            context = multiprocessing.get_context("spawn")
            with cf.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = {pool.submit(run_chunk, spec.scenario, spec.overrides, c): c for c in in_flight}
                while True:
                    while len(futures) < 2 * workers and (more := next(chunks, [])):
                        futures[pool.submit(run_chunk, spec.scenario, spec.overrides, more)] = more
                        in_flight.append(more)
                    if not futures:
                        break
                    finished, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
                    for future in finished:
                        on_rows(future.result())
                        in_flight.remove(futures.pop(future))
            return
        except cf.process.BrokenProcessPool:
            print("\nsweep: a worker died; restarting the pool for the unfinished chunks", file=sys.stderr)
    raise SweepError("workers kept dying; the finished runs are kept: run the same command again to go on")


def _run_dask(
    spec: SweepSpec, chunks: Iterator[list[Run]], scheduler: str, on_rows: Callable[[list[dict]], None]
) -> None:
    """A Dask distributed cluster (workers started with ``dask worker ADDRESS``), fed a few
    chunks per worker at a time."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SweepError("--engine dask needs the dask extra: pip install 'peacesim[dask]'") from None
    with Client(scheduler) as client:
        window = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
        queue = as_completed()
        for chunk in itertools.islice(chunks, window):
            queue.add(client.submit(run_chunk, spec.scenario, spec.overrides, chunk, pure=False))
        for future in queue:
            on_rows(future.result())
            future.release()
            more = next(chunks, [])
            if more:
                queue.add(client.submit(run_chunk, spec.scenario, spec.overrides, more, pure=False))


# --------------------------------------------------------------------------- the entry point


def run_sweep(
    spec: SweepSpec,
    out: str | Path,
    *,
    workers: int = 2,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = True,
    chunk_size: int | None = None,
) -> Path:
    """Run (or finish) a sweep into ``out``; returns ``out``. See the module docstring."""
    out = Path(out)
    if engine not in ("local", "dask"):
        raise SweepError(f"engine {engine!r}: allowed local, dask")
    if engine == "dask" and not scheduler:
        raise SweepError("--engine dask needs --scheduler ADDRESS")
    _check(spec)
    points = design_points(spec)
    total = len(points) * spec.seeds
    _manifest(out, spec)
    done = finished_runs(out)
    bar = Progress(total, len(done), enabled=progress)
    if len(done) >= total:
        bar.add(0)
        compact(out)
        return out
    size = chunk_size or _chunk_size(spec, list(itertools.islice(iter_runs(spec, points, done), 3)))
    chunks = _chunks(iter_runs(spec, points, done), size)

    written = 0

    def on_rows(rows: list[dict[str, Any]]) -> None:
        nonlocal written
        write_part(out, rows)
        bar.add(len(rows))
        written += 1
        if written % COMPACT_PARTS == 0:
            compact(out)

    if engine == "dask":
        if not scheduler:
            raise SweepError("--engine dask needs --scheduler ADDRESS")
        _run_dask(spec, chunks, scheduler, on_rows)
    elif engine == "local":
        _run_local(spec, chunks, workers, on_rows)
    else:
        raise SweepError(f"engine {engine!r}: allowed local, dask")
    compact(out)
    return out


def _check(spec: SweepSpec) -> None:
    """Refuse a bad sweep before any run: the scenario with every extreme value must load.
    A numeric range on a whole-number field (``conference.max_rounds``) is marked integer."""
    probes: list[list[str]] = [[]]
    for k, v in enumerate(spec.vary):
        ends = list(v.values) if v.values is not None else [v.low, v.high]
        probes += [[_override(v.path, e)] for e in ends]
        if v.numeric and not v.integer:
            try:
                load_scenario(spec.scenario, [*spec.overrides, _override(v.path, (v.low or 0.0) + 0.5)])
            except ScenarioError as exc:
                if "a whole number" in str(exc):
                    spec.vary[k] = Vary(v.path, v.low, v.high, v.n, None, integer=True)
    for extra in probes:
        load_scenario(spec.scenario, [*spec.overrides, *extra])


def sweep(
    scenario: str | Path,
    vary: Iterable[str | Vary] = (),
    *,
    seeds: int = 1,
    design: str = "grid",
    samples: int = 64,
    overrides: Iterable[str] = (),
    master_seed: int = 0,
    out: str | Path | None = None,
    workers: int = 2,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
):
    """Run a sweep and return its results as a pandas DataFrame (one row per run).

    ``vary`` takes ``--vary`` strings (``"agents.RUS.rule.beta=0.2:0.8:4"``) or ``Vary``
    objects. Without ``out`` the results go to a temporary directory.
    """
    spec = SweepSpec(
        scenario=str(scenario),
        vary=[v if isinstance(v, Vary) else Vary.parse(v) for v in vary],
        seeds=seeds,
        design=design,
        samples=samples,
        overrides=list(overrides),
        master_seed=master_seed,
    )
    if out is None:
        import tempfile

        out = tempfile.mkdtemp(prefix="peacesim-sweep-")
    run_sweep(spec, out, workers=workers, engine=engine, scheduler=scheduler, progress=progress)
    return load_results(out)


__all__ = [
    "DESIGNS",
    "Progress",
    "SweepError",
    "SweepSpec",
    "Vary",
    "design_points",
    "compact",
    "finished_runs",
    "load_results",
    "plan",
    "result_row",
    "run_chunk",
    "run_sweep",
    "seed_for",
    "sweep",
    "write_part",
]
