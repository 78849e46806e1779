"""peacesim: a peace-conference negotiation simulator built on Mesa.

>>> from simulator import load_scenario, run_conference
>>> result = run_conference(load_scenario("scenarios/talks-2026.yaml"), seed=1)
>>> result.outcome in ("agreement", "partial", "no_agreement", "breakdown")
True
"""

from simulator import components  # noqa: F401  (registers the built-in components)
from simulator.api import ConferenceResult, run_conference
from simulator.conference.model import PeaceConference
from simulator.scenario import load_scenario
from simulator.scenario.spec import Scenario, ScenarioError, ScenarioWarning
from simulator.sweeps.run import sweep
from simulator.sweeps.store import load_results

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
