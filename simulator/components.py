"""The composition root of the built-in components: importing this module registers every concession rule,
protocol (the classic models included), agreement rule, lens and report format once, in one place.

Registration is explicit: a new component module gets one line here (docs/adding-a-rule.md,
docs/adding-a-protocol.md, docs/adding-a-format.md). Within a registry, the order of these lines is the
order in which ``peacesim rules`` / ``protocols`` and the error messages list the components.
"""

# isort: off
from simulator.negotiation import agreement, lenses  # noqa: F401
from simulator.negotiation.rules import time_dependent, reciprocal, hardliner, ripeness_gated, zeuthen  # noqa: F401
from simulator.negotiation.protocols import single_text  # noqa: F401
from simulator.negotiation.protocols import alternating_offers  # noqa: F401
from simulator.classic import models  # noqa: F401  (registers expected_utility and spatial_pce)

# isort: on
from simulator.report.formats import register_format

# report formats by module path: a renderer is imported on first use (matplotlib only for html)
register_format("text", "simulator.report.text:render", extension="txt")
register_format("markdown", "simulator.report.markdown:render", extension="md")
register_format("json", "simulator.report.json:render", extension="json")
register_format("html", "simulator.report.html:render", extension="html", embeds_narrative=True)
