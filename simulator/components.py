"""The composition root of the built-in components: importing this module registers every concession rule,
protocol (the classic models included), agreement rule, lens and report format once, in one place.

Registration is explicit: a new component module gets one import line here (see docs/rules.md).
"""

from simulator import classic  # noqa: F401  (registers expected_utility and spatial_pce)
from simulator.negotiation import agreement, lenses, protocols, rules  # noqa: F401
from simulator.report.formats import register_format

# the rules register in this order, the order `peacesim rules` and the scenario errors list them in
from simulator.negotiation.rules import time_dependent, reciprocal, hardliner, ripeness_gated, zeuthen  # noqa: F401  # isort: skip

# report formats by module path: a renderer is imported on first use (matplotlib only for html)
register_format("text", "simulator.report.text:render", extension="txt")
register_format("markdown", "simulator.report.markdown:render", extension="md")
register_format("json", "simulator.report.json:render", extension="json")
register_format("html", "simulator.report.html:render", extension="html", embeds_narrative=True)
