"""peacesim: a peace-conference negotiation simulator built on Mesa.

>>> from simulator import load_scenario, run_conference
>>> result = run_conference(load_scenario("scenarios/talks-2026.yaml"), seed=1)
>>> result.outcome in ("agreement", "partial", "no_agreement", "breakdown")
True
"""

from simulator.api import ConferenceResult, run_conference
from simulator.model import PeaceConference
from simulator.scenario import Scenario, ScenarioError, ScenarioWarning, load_scenario
from simulator.sweeps import load_results, sweep

__all__ = [
    "ConferenceResult",
    "PeaceConference",
    "Scenario",
    "ScenarioError",
    "ScenarioWarning",
    "load_results",
    "load_scenario",
    "run_conference",
    "sweep",
]
