"""``peacesim rules | protocols | agreements``: list a registry's components and their parameters."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from typing import Any

from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES

# command -> (registry, what its help calls the entries)
REGISTRIES: dict[str, tuple[dict[str, Any], str]] = {
    "rules": (RULES, "concession rules"),
    "protocols": (PROTOCOLS, "protocols"),
    "agreements": (AGREEMENT_RULES, "agreement rules"),
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    for name, (registry, what) in REGISTRIES.items():
        parser = sub.add_parser(name, help=f"list the {what} and their parameters")
        parser.set_defaults(func=partial(command, registry))


def command(registry: dict[str, Any], args: argparse.Namespace) -> int:
    sys.stdout.write(listing(registry))
    return 0


def listing(registry: dict[str, Any]) -> str:
    """Each component's name and the first paragraph of its docstring, then its parameters."""
    lines = []
    for name, cls in registry.items():
        doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        lines.append(f"{name}: {' '.join(doc.split())}")
        for pname, p in cls.params.items():
            lines.append(f"    {pname}: {p.doc} ({p.describe()}; default {p.default!r})")
    return "\n".join(lines) + "\n"
