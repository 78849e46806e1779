"""The design of a sweep: its points (a grid, or a sample drawn by SALib), their seeds, its runs.

A full ``grid`` takes every combination of the fields' levels; ``lhs`` (a Latin hypercube),
``sobol`` (Saltelli's sample for Sobol' indices) and ``morris`` (Morris trajectories) are drawn
by SALib (Herman and Usher 2017, "SALib: an open-source Python library for sensitivity
analysis", JOSS 2(9)) with the sweep's master seed. Replicate r of every point gets the same
seed (common random numbers), so two points differ only by the fields varied.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator.sweeps.spec import SweepSpec


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
        grid = list(itertools.product(*(range(n) for n in shape)))  # nothing varied: one point, the scenario
        return np.array(grid, dtype=float).reshape(len(grid), len(shape))
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
    """One run of a sweep: its number, its design point, its seed and the varied fields' values."""

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
