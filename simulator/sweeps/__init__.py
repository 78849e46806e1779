"""Scenario sweeps: many variants of a scenario, run in parallel, streamed to Parquet, resumable.

A sweep varies scenario fields (paths as in ``--set``) over a design: a full ``grid``, or a
Latin hypercube (``lhs``), Saltelli/Sobol (``sobol``) or Morris (``morris``) sample drawn by
SALib. Every design point is run with ``seeds`` seeds (``sobol`` and ``morris`` use one fixed
seed per point, so that noise does not inflate the sensitivity indices). See docs/sweeps.md.

- ``spec``: what to run (``Vary``, ``SweepSpec``, sweep files, ``SweepError``) and its check
  against the scenario;
- ``design``: the design points, their seeds and the numbered runs;
- ``run``: running chunks of runs on a process pool or a Dask cluster (``run_sweep``, ``sweep``);
- ``store``: the results folder (atomic part files, merging, resuming, ``load_results``);
- ``summary``: probabilities, distributions, plots and sensitivity indices of a finished sweep,
  with ``stats`` (the figures per value), ``text`` (the summary as text) and ``figures`` (the plots);
- ``ema``: a scenario as an EMA Workbench model, for scenario discovery with PRIM.

The package imports none of its modules here, so that ``import simulator.sweeps.spec`` loads
only what it needs.
"""
