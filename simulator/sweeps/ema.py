"""A scenario as an EMA Workbench model, for scenario discovery with PRIM.

The EMA Workbench (Kwakkel 2017, "The Exploratory Modeling Workbench", Environmental Modelling
& Software 96) samples a model's uncertainties, runs the experiments and looks for the regions of
the inputs where an outcome of interest occurs: scenario discovery (Bryant and Lempert 2010,
"Thinking inside the box", Technological Forecasting and Social Change 77(1)) with the Patient
Rule Induction Method (Friedman and Fisher 1999, "Bump hunting in high-dimensional data").

``ema_model`` turns a scenario and ``--vary`` specifications into an EMA ``ReplicatorModel``:
each varied field is an uncertainty (a numeric range a ``RealParameter``, or an
``IntegerParameter`` on a whole-number field; a list of values a ``CategoricalParameter``); each
experiment is run with ``seeds`` replications, the seeds a sweep uses (common random numbers);
its outcomes are the shares of runs that ended in agreement, in breakdown and with the conflict
ripe, the mean round the run ended, and each principal's mean utility of the final text.
``experiments`` samples and runs them; ``find_box`` runs PRIM on them, or on a sweep's rows. A
run is the sweep's run (``sweeps.run.run_one``), so an experiment's replications are the rows a sweep
gives for the same values and seeds.

Needs the ``ema`` extra: ``pip install 'peacesim[ema]'``.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from simulator.scenario import load_scenario
from simulator.sweeps.check import checked_spec
from simulator.sweeps.design import seed_for
from simulator.sweeps.run import run_one, scenario_for
from simulator.sweeps.spec import SweepError, SweepSpec, Vary, override_text


def _workbench() -> Any:
    try:
        with warnings.catch_warnings():  # it warns on import about optional evaluators (ipyparallel)
            warnings.simplefilter("ignore", UserWarning)
            import ema_workbench
    except ImportError:
        raise SweepError("the EMA Workbench adapter needs the ema extra: pip install 'peacesim[ema]'") from None
    return ema_workbench


def run_experiment(scenario: str, overrides: Sequence[str], seed: int, **values: Any) -> dict[str, float]:
    """One run with the varied fields set to ``values``: what ``ema_model``'s outcomes average."""
    plain = {path: v.item() if isinstance(v, np.generic) else v for path, v in values.items()}  # (numpy ints)
    spec = scenario_for(scenario, [*overrides, *(override_text(path, value) for path, value in plain.items())])
    report = run_one(spec, seed)
    out = {
        "agreement": float(report["outcome"] == "agreement"),
        "breakdown": float(report["outcome"] == "breakdown"),
        "ripe": float(report.get("ripe_round") is not None),
        "round": float(report["round"]),
    }
    for actor, figures in report["actors"].items():
        if figures["role"] == "principal":
            out[f"utility.{actor}"] = float(figures["utility"])
    return out


def ema_name(path: str) -> str:
    """The EMA Workbench's name for a field or an outcome: a Python identifier.

    >>> ema_name("agents.RUS.salience.TERR_LINE")
    'agents_RUS_salience_TERR_LINE'
    """
    return re.sub(r"\W", "_", path)


def _uncertainty(ema: Any, vary: Vary) -> Any:
    # named as an identifier; the run receives the field's path (``variable_name``)
    name = ema_name(vary.path)
    if vary.values is not None:
        if not all(isinstance(v, str | int | float | bool) for v in vary.values):
            raise SweepError(f"--vary {vary.path}: the EMA Workbench takes categories that are numbers or words")
        return ema.CategoricalParameter(name, list(vary.values), variable_name=vary.path)
    assert vary.low is not None and vary.high is not None
    if vary.integer:
        return ema.IntegerParameter(name, int(vary.low), int(vary.high), variable_name=vary.path)
    return ema.RealParameter(name, vary.low, vary.high, variable_name=vary.path)


def ema_model(
    scenario: str | Path,
    vary: Iterable[str | Vary],
    *,
    seeds: int = 4,
    overrides: Iterable[str] = (),
    master_seed: int = 0,
    name: str = "peacesim",
) -> Any:
    """The scenario as an EMA ``ReplicatorModel`` over the fields in ``vary`` (``--vary`` strings,
    ranges or lists; a range's ``:N`` is ignored, the Workbench samples it). The fields are checked
    as a sweep checks them, before any run; ``overrides`` are ``--set`` strings applied to every run.

    Outcomes: ``p_agreement``, ``p_breakdown``, ``p_ripe``, ``round`` (the mean round the runs
    ended) and ``utility_ID`` for each principal, over the ``seeds`` replications. EMA names
    must be identifiers: a field's uncertainty is named ``ema_name(path)``
    (``agents_RUS_rule_beta``), and passes the path to the run.
    """
    ema = _workbench()
    varied = [v if isinstance(v, Vary) else Vary.parse(v) for v in vary]
    spec = SweepSpec(str(scenario), varied, seeds=seeds, overrides=list(overrides), master_seed=master_seed)
    if not spec.vary:  # (SweepSpec has already refused seeds below 1)
        raise SweepError("an EMA model needs at least one varied field (--vary)")
    spec = checked_spec(spec)  # a bad path or value is refused here, with the scenario's own message
    names = [ema_name(v.path) for v in spec.vary]
    if len(set(names)) < len(names):
        raise SweepError(f"fields {', '.join(v.path for v in spec.vary)}: two share the EMA name {names}")
    principals = [a.id for a in load_scenario(spec.scenario, spec.overrides).agents if a.role == "principal"]
    model = ema.ReplicatorModel(name, function=functools.partial(run_experiment, spec.scenario, tuple(spec.overrides)))
    model.uncertainties = [_uncertainty(ema, v) for v in spec.vary]
    model.replications = [{"seed": seed_for(master_seed, r)} for r in range(seeds)]
    mean = np.mean
    model.outcomes = [
        ema.ScalarOutcome("p_agreement", variable_name="agreement", function=mean),
        ema.ScalarOutcome("p_breakdown", variable_name="breakdown", function=mean),
        ema.ScalarOutcome("p_ripe", variable_name="ripe", function=mean),
        ema.ScalarOutcome("round", function=mean),
        *(ema.ScalarOutcome(ema_name(f"utility.{a}"), variable_name=f"utility.{a}", function=mean) for a in principals),
    ]
    return model


def experiments(model: Any, n: int, *, rng: int = 0) -> tuple[Any, dict[str, np.ndarray]]:
    """Run ``n`` experiments of an ``ema_model``, sampled by Latin hypercube with the seed ``rng``:
    EMA's ``(experiments, outcomes)``, the same for the same seed. They run in this process; for
    many runs on several cores (resumable, or on a cluster) run ``peacesim sweep --design lhs`` and
    give its rows to ``find_box``."""
    ema = _workbench()
    return ema.perform_experiments(model, scenarios=n, uncertainty_sampling_kwargs={"rng": rng})


def find_box(frame: Any, columns: Sequence[str], of_interest: Any, **prim_options: Any) -> Any:
    """PRIM's first box for the rows of ``frame`` (EMA's experiments, or a sweep's result rows)
    where ``of_interest`` (one boolean per row) holds, over the input ``columns``. ``prim_options``
    go to ``ema_workbench.analysis.prim.Prim`` (``peel_alpha``, ``mass_min``, ...). The box's
    ``box_lim`` holds its limits; ``coverage`` and ``density`` say how well it captures the rows
    of interest."""
    _workbench()
    from ema_workbench.analysis import prim

    inputs = frame[list(columns)].reset_index(drop=True)
    with warnings.catch_warnings():  # the Workbench's own use of a pandas keyword on its way out
        warnings.filterwarnings("ignore", message="The inplace keyword")
        return prim.Prim(inputs, np.asarray(of_interest, dtype=bool), **prim_options).find_box()
