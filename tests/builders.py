"""Small scenarios with known answers, built in code for the theory tests."""

from __future__ import annotations

from typing import Any


def agent(agent_id: str, role: str, position: dict[str, float], salience: dict[str, float] | None = None,
          rule: Any = "time_dependent", reservation: float = 0.0, capability: float = 1.0) -> dict[str, Any]:  # fmt: skip
    return {
        "id": agent_id,
        "role": role,
        "capability": capability,
        "reservation": reservation,
        "rule": rule,
        "position": position,
        "salience": salience or {k: 1.0 / len(position) for k in position},
    }


def scenario(
    agents: list[dict[str, Any]],
    issues: tuple[str, ...] = ("X",),
    protocol: Any = "alternating_offers",
    agreement: Any = "unanimity",
    max_rounds: int = 10,
    **conference: Any,
) -> dict[str, Any]:
    """A scenario whose talks end at a deadline every party knows, the horizon (``deadline``
    defaults to ``max_rounds``; pass ``deadline=0`` for none)."""
    conference.setdefault("deadline", max_rounds)
    return {
        "name": "test",
        "issues": [{"id": k, "anchors": {0: "A's ideal", 100: "B's ideal"}} for k in issues],
        "agents": agents,
        "conference": {"protocol": protocol, "agreement": agreement, "max_rounds": max_rounds, **conference},
    }


def two_party(
    rule_a: Any = "time_dependent",
    rule_b: Any = "time_dependent",
    r_a: float = 0.0,
    r_b: float = 0.0,
    max_rounds: int = 10,
    protocol: Any = None,
    **conference: Any,
) -> dict[str, Any]:
    """A (ideal 0) and B (ideal 100) bargain over one issue X."""
    return scenario(
        [
            agent("A", "principal", {"X": 0}, rule=rule_a, reservation=r_a),
            agent("B", "principal", {"X": 100}, rule=rule_b, reservation=r_b),
        ],
        protocol=protocol or {"type": "alternating_offers", "first": "A"},
        max_rounds=max_rounds,
        **conference,
    )
