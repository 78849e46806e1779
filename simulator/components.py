"""The composition root of the built-in components: importing this module registers every concession rule,
protocol (the classic models included), agreement rule and lens once, in one place.

Registration is explicit: a new component module gets one import line here (see docs/rules.md and
docs/adding-a-protocol.md). Within a registry, the order of these lines is the order in which
``peacesim protocols`` and the error messages list the components.
"""

# isort: off
from simulator.negotiation import agreement, lenses, rules  # noqa: F401
from simulator.negotiation.protocols import single_text  # noqa: F401
from simulator.negotiation.protocols import alternating_offers  # noqa: F401
from simulator.classic import models  # noqa: F401  (registers expected_utility and spatial_pce)
# isort: on
