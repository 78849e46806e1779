"""Running a sweep: runs grouped into chunks, run by a process pool or a Dask cluster, streamed to disk.

Runs are grouped into chunks of about ``CHUNK_SECONDS`` each; a pool of worker processes (or a
Dask cluster) is fed a few chunks at a time, so memory stays flat however many runs there are,
and each finished chunk is written as one part file (``store``). Each row carries its seed; the
same sweep gives the same rows whatever the number of workers. Progress is shown by tqdm.
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from simulator.conference.model import PeaceConference
from simulator.core.yamlsource import copy_tree, load_sourced
from simulator.report.settlement import sweep_report
from simulator.report.types import SettlementReport, SweepReport
from simulator.scenario import SourcedDict, validate_tree
from simulator.scenario.spec import Scenario
from simulator.sweeps.check import checked_spec
from simulator.sweeps.design import Run, design_points, iter_runs
from simulator.sweeps.spec import ENGINES, SweepError, SweepSpec, Vary, override_text
from simulator.sweeps.store import PartWriter, compact, finished_runs, load_results, record_manifest

CHUNK_SECONDS = 0.75  # per task: long enough that a pool's overhead is small, short enough to lose little

RowsSink = Callable[[list[dict[str, Any]]], None]

# --------------------------------------------------------------------------- running one chunk

_TREES: dict[str, SourcedDict] = {}  # parsed scenario files, per worker process
_SCENARIOS: dict[tuple[str, tuple[str, ...]], Scenario] = {}  # validated scenarios, per worker process
_KEEP_SCENARIOS = 8


def scenario_for(path: str, overrides: Sequence[str]) -> Scenario:
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


def result_row(run: Run, report: SweepReport | SettlementReport | None, error: str | None = None) -> dict[str, Any]:
    """One flat row per run: inputs, seed, outcome, terms and each principal's utility, from a
    settlement report (or the part of it a row needs, ``report.settlement.sweep_report``)."""
    row: dict[str, Any] = {"run_id": run.run_id, "point": run.point, "seed": run.seed}
    for path, value in run.values.items():
        row[path] = value
    if report is None:
        row.update(outcome="error", error=error)
        return row
    row.update(
        outcome=report["outcome"],
        round=report["round"],
        settled_date=report.get("settled_date"),
        ripe_round=report.get("ripe_round"),
        ripe_date=report.get("ripe_date"),
        talks_opened=report.get("talks_opened"),
        talks_start_date=report.get("talks_start_date"),
        episodes=len(report.get("episodes") or []),
        partial_deals=len(report.get("partial_deals") or []),
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
    records, and report what a result row needs (``report.settlement.sweep_report``)."""
    model = PeaceConference(scenario, collect=False, records=False, rng=seed)
    model.run_model()
    return sweep_report(model)


def run_chunk(scenario: str, overrides: Sequence[str], runs: Sequence[Run]) -> list[dict[str, Any]]:
    """Run a chunk of runs (in a worker); a run that fails becomes a row with its error."""
    rows = []
    for run in runs:
        try:
            spec = scenario_for(scenario, [*overrides, *(override_text(p, v) for p, v in run.values.items())])
            rows.append(result_row(run, run_one(spec, run.seed)))
        except Exception as exc:  # a failed run is recorded, the sweep goes on
            rows.append(result_row(run, None, f"{type(exc).__name__}: {exc}"))
    return rows


# --------------------------------------------------------------------------- engines


def chunks_of(runs: Iterable[Run], size: int) -> Iterator[list[Run]]:
    """The runs in lists of ``size`` (the last one shorter)."""
    iterator = iter(runs)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def measured_chunk_size(spec: SweepSpec, sample: list[Run]) -> int:
    """Runs per task so that a task takes about CHUNK_SECONDS."""
    start = time.perf_counter()
    run_chunk(spec.scenario, spec.overrides, sample)
    per_run = (time.perf_counter() - start) / max(len(sample), 1)
    return max(1, min(1000, int(CHUNK_SECONDS / max(per_run, 1e-4))))


def run_local(spec: SweepSpec, chunks: Iterator[list[Run]], workers: int, on_rows: RowsSink) -> None:
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
                        # in flight before it is submitted: if the pool has broken since the
                        # last wait, submit raises, and the chunk taken from the iterator
                        # must go to the next pool, not be lost
                        in_flight.append(more)
                        futures[pool.submit(run_chunk, spec.scenario, spec.overrides, more)] = more
                    if not futures:
                        break
                    finished, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
                    for future in finished:
                        on_rows(future.result())
                        in_flight.remove(futures.pop(future))
            return
        except cf.process.BrokenProcessPool:
            tqdm.write("sweep: a worker died; restarting the pool for the unfinished chunks", file=sys.stderr)
    raise SweepError("workers kept dying; the finished runs are kept: run the same command again to go on")


def run_dask(spec: SweepSpec, chunks: Iterator[list[Run]], scheduler: str, on_rows: RowsSink) -> None:
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


# --------------------------------------------------------------------------- the entry points


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
    """Run (or finish) a sweep into ``out``; returns ``out``. Runs already on disk are skipped,
    so running the same sweep again finishes an interrupted one (see ``store``)."""
    out = Path(out)
    if engine not in ENGINES:
        raise SweepError(f"engine {engine!r}: allowed {', '.join(ENGINES)}")
    if engine == "dask" and not scheduler:
        raise SweepError("--engine dask needs --scheduler ADDRESS")
    spec = checked_spec(spec)
    points = design_points(spec)
    total = len(points) * spec.seeds
    record_manifest(out, spec)
    done = finished_runs(out)
    with tqdm(total=total, initial=len(done), unit="run", disable=not progress) as bar:
        if len(done) < total:
            size = chunk_size or measured_chunk_size(spec, list(itertools.islice(iter_runs(spec, points, done), 3)))
            chunks = chunks_of(iter_runs(spec, points, done), size)
            writer = PartWriter(out)

            def on_rows(rows: list[dict[str, Any]]) -> None:
                writer.write(rows)
                bar.update(len(rows))

            if engine == "dask":
                assert scheduler is not None  # (refused above)
                run_dask(spec, chunks, scheduler, on_rows)
            else:
                run_local(spec, chunks, workers, on_rows)
    compact(out)
    return out


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
) -> Any:
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
        out = tempfile.mkdtemp(prefix="peacesim-sweep-")
    run_sweep(spec, out, workers=workers, engine=engine, scheduler=scheduler, progress=progress)
    return load_results(out)
