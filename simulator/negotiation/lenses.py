"""Theory lenses: presets of the conference's settings that read the same scenario through
one tradition of International Relations (``peacesim run ... --lens realist``).

Each lens is one class with a docstring naming its sources, a ``classifier`` and its declared
``params``, registered in ``LENSES`` (as the concession rules are). A lens does not add
mechanisms of its own: it turns the scenario's neutral settings (``relative_gains``,
``influence_exponent``, ``amity``, ``threat``, ``agreement_value``, credibility, linkage,
walk-out patience) to the values its tradition argues for, as ``--set`` overrides, so a lensed
run is an ordinary scenario that validation, reports and sweeps treat like any other. Lenses
can be layered (``--lens liberal --lens constructivist``); later ones win where they overlap.

The pure functions below turn those settings into the weights a party puts on the others'
gains; the model adds ``regard @ surplus`` to what a text is worth to each party when it votes.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from simulator.core.params import Component, Param

if TYPE_CHECKING:
    from simulator.scenario.spec import Scenario

Array = np.ndarray


def affinity(ideals: Array, saliences: Array, stated: Array) -> Array:
    """How similar each pair of parties' stated preferences are, from -1 (opposite ideals) to 1
    (the same): preference similarity, not shared identity.

    An S-score (Signorino and Ritter 1999, "Tau-b or not tau-b", International Studies
    Quarterly 43(1)) over the issues both state a position on, each weighted by the pair's mean
    salience: ``1 - 2 * d`` with ``d`` the weighted mean distance between their ideals on the
    0-100 scale, over 100. Pairs with no issue in common score 0.

    >>> ideals = np.array([[0.0, 0.0], [100.0, 100.0], [0.0, 50.0]])
    >>> saliences = np.full((3, 2), 0.5)
    >>> affinity(ideals, saliences, np.ones((3, 2), dtype=bool)).round(2).tolist()
    [[1.0, -1.0, 0.5], [-1.0, 1.0, -0.5], [0.5, -0.5, 1.0]]
    """
    n = len(ideals)
    scores = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            common = stated[i] & stated[j]
            weight = (saliences[i] + saliences[j])[common] / 2.0
            if weight.sum() > 0:
                distance = float((weight * np.abs(ideals[i] - ideals[j])[common]).sum() / weight.sum()) / 100.0
                scores[i, j] = 1.0 - 2.0 * distance
    return scores


def rivalries(affinities: Array, sides: list[int]) -> Array:
    """``R[i, j]`` is True where party i's gains relative to party j convert into force, so that
    a realist i weighs them (Powell 1991: relative gains matter when force is at issue).

    With a war on the table (two ``war.sides``: by default the first two principals), the two sides are each other's rivals, and only
    they: a gain on the terms (the line, army limits, alignment) is a military advantage in the
    war they are fighting. A party that is not at war with anyone at the table weighs absolute
    gains only (force is not at issue for it). Without two sides, a party's rivals are the parties
    whose ideals oppose its own (affinity below 0): the opposing bloc.

    >>> a = np.array([[1.0, -0.4, 0.2], [-0.4, 1.0, -0.6], [0.2, -0.6, 1.0]])
    >>> rivalries(a, [0, 1]).astype(int).tolist()  # 0 and 1 at war; 2 is not
    [[0, 1, 0], [1, 0, 0], [0, 0, 0]]
    >>> rivalries(a, []).astype(int).tolist()  # no war: the opposed pairs
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    n = len(affinities)
    if len(sides) >= 2:
        rivals = np.zeros((n, n), dtype=bool)
        for i in sides:
            for j in sides:
                rivals[i, j] = i != j
        return rivals
    rivals = affinities < 0.0
    np.fill_diagonal(rivals, False)
    return rivals


def regard_matrix(
    affinities: Array,
    voters: Array,
    relative_gains: float = 0.0,
    amity: float = 0.0,
    threat: float = 0.0,
    rivals: Array | None = None,
) -> Array:
    """W such that ``W @ surplus`` is what the others' gains add to (or take from) what a text is
    worth to each party. Only the voting parties' gains count; ``surplus`` is each party's
    utility of the text over its walk-away value.

    Relative gains: party i loses ``k / (N - 1)`` times the gap between each rival's gain and its
    own, ``U_i = u_i - k / (N - 1) * sum over rivals j of (s_j - s_i)``, with N the number of
    voting parties and the rivals from ``rivalries`` (default: the voters whose ideals oppose
    i's). Between two parties this is Grieco's (1988) ``U = V - k (W - V)``. With more actors,
    relative gains matter less (Snidal 1991): the gap with a rival weighs as one actor in the
    mean over the N - 1 others, ``k / (N - 1)`` (this form is assumed, not Snidal's equation).
    Only the pairs whose gains convert into force count (Powell 1991). Amity and threat (after Wendt 1999): i gains ``amity * a_ij`` of each
    similar-minded party's gain (a_ij > 0) and loses ``threat * |a_ij|`` of each opposed party's
    gain, averaged over the others.

    Two parties with opposite ideals; A gains 0.3 over its walk-away value, B 0.1:

    >>> a = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> voters = np.array([True, True])
    >>> surplus = np.array([0.3, 0.1])
    >>> (regard_matrix(a, voters, relative_gains=0.5) @ surplus).round(3).tolist()  # A is ahead by 0.2
    [0.1, -0.1]
    >>> (regard_matrix(a, voters, threat=0.5) @ surplus).round(3).tolist()  # each resents the other's gain
    [-0.05, -0.15]
    """
    n = len(voters)
    if rivals is None:
        rivals = rivalries(affinities, [])
    weights = np.zeros((n, n))
    for i in range(n):
        others = voters.copy()
        others[i] = False
        count = int(others.sum())
        if count == 0:
            continue
        a = affinities[i]
        compared = others & rivals[i]
        row = np.where(compared, -relative_gains, 0.0)
        row += np.where(others, amity * np.maximum(a, 0.0) - threat * np.maximum(-a, 0.0), 0.0)
        weights[i] = row / count
        weights[i, i] += relative_gains * int(compared.sum()) / count
    return weights


LENSES: dict[str, type[Lens]] = {}


def register(cls: type[Lens]) -> type[Lens]:
    """Class decorator: make a lens selectable with ``--lens NAME``."""
    LENSES[cls.name] = cls
    return cls


class Lens(Component):
    """Base class: ``overrides(scenario)`` returns the ``--set`` strings that apply the lens."""

    classifier: ClassVar[dict[str, Any]] = {}

    def overrides(self, scenario: Scenario) -> list[str]:
        raise NotImplementedError


@register
class Realist(Lens):
    """Realism: states care how they fare against others, and power decides who gets what.

    Grieco (1988), "Anarchy and the limits of cooperation", International Organization 42(3):
    under anarchy a state weighs relative gains, ``U = V - k (W - V)``, so a deal that helps a
    rival more is worth less, even if it helps the state too. Here W is the rival's gain (the
    other side of the war), weighted ``k / (N - 1)`` with N voting parties, as Snidal (1991),
    "Relative gains and the pattern of international cooperation", American Political Science
    Review 85(3), finds relative gains matter less with more actors; and only between the sides
    at war, where gains convert into military advantage (Powell 1991, "Absolute and relative
    gains in International Relations theory", American Political Science Review 85(4)). See
    ``regard_matrix`` and ``rivalries``. Waltz (1979), "Theory of
    International Politics", and Mearsheimer (2001), "The Tragedy of Great Power Politics":
    outcomes follow the distribution of capabilities, so the mediator's text weighs each party's
    offer by its capability raised to ``influence_exponent``.
    """

    name = "realist"
    params = {
        "relative_gains": Param("float", 0.5, "Grieco's k: weight on the others' gain over its own", low=0.0, high=5.0),
        "influence_exponent": Param(
            "float", 2.0, "capability's power in the weight of an offer in the draft", low=0.0, high=5.0
        ),
    }
    classifier = {"tradition": "realism", "source": "Grieco 1988; Waltz 1979; Mearsheimer 2001"}
    relative_gains: float
    influence_exponent: float

    def overrides(self, scenario: Scenario) -> list[str]:
        return [
            f"conference.relative_gains={self.relative_gains}",
            f"conference.influence_exponent={self.influence_exponent}",
        ]


@register
class Liberal(Lens):
    """Liberal institutionalism: institutions make cooperation cheaper and more durable.

    Keohane (1984), "After Hegemony": institutions lower transaction costs and monitor
    compliance, so an agreement is worth ``agreement_value`` in itself, and they enforce it,
    closing ``enforcement`` of the gap between the scenario's credibility and 1 (Walter 2002,
    "Committing to Peace": third-party enforcement). Axelrod and Keohane (1985), "Achieving
    cooperation under anarchy", World Politics 38(1): issue linkage (every mediator compensates
    losses on indivisible issues on the others) and a longer shadow of the future (parties wait
    ``patience`` times as long before walking out). Parties weigh absolute gains only.

    Where the scenario's credibility is already 1, no one walks out and no issue is indivisible
    (talks-2026), enforcement, patience and linkage change nothing, and the lens is exactly
    ``agreement_value``.
    """

    name = "liberal"
    params = {
        "agreement_value": Param("float", 0.02, "utility an agreement is worth in itself", low=0.0, high=1.0),
        "enforcement": Param("float", 0.5, "share of the credibility gap institutions close", low=0.0, high=1.0),
        "patience": Param("float", 2.0, "factor on the rounds a party waits before walking out", low=1.0, high=100.0),
    }
    classifier = {"tradition": "liberal institutionalism", "source": "Keohane 1984; Axelrod and Keohane 1985"}
    agreement_value: float
    enforcement: float
    patience: float

    def overrides(self, scenario: Scenario) -> list[str]:
        conference = scenario.conference
        credibility = float(conference.settings.get("credibility", 1.0))
        sets = [
            f"conference.agreement_value={self.agreement_value}",
            f"conference.credibility={round(credibility + self.enforcement * (1.0 - credibility), 6)}",
            f"conference.walkout_patience={math.ceil(conference.walkout_patience * self.patience)}",
            "conference.relative_gains=0",
        ]
        sets += [f"agents.{a.id}.mediation.linkage=true" for a in scenario.agents if a.role == "mediator"]
        return sets


@register
class Constructivist(Lens):
    """A constructivist-inspired lens: whose gains a party welcomes or resents, read from how
    alike their stated preferences are.

    Wendt (1992), "Anarchy is what states make of it", International Organization 46(2), and
    Wendt (1999), "Social Theory of International Politics": interests follow identities, so a
    party values the gains of those it identifies with (``amity``) and resents the gains of
    those it sees as a threat (``threat``). Hopf (1998), "The promise of constructivism in IR
    theory", International Security 23(1). The model stands in for identity with preference
    similarity: an S-score of the scenario's ideal points (``affinity``). It has no norms, and
    no identity that changes through interaction; only an event that moves an ideal changes it.
    """

    name = "constructivist"
    params = {
        "amity": Param("float", 0.5, "weight on the gains of parties with similar preferences", low=0.0, high=5.0),
        "threat": Param(
            "float", 0.5, "weight against the gains of parties with opposed preferences", low=0.0, high=5.0
        ),
    }
    classifier = {"tradition": "constructivism", "source": "Wendt 1992; Wendt 1999; Hopf 1998"}
    amity: float
    threat: float

    def overrides(self, scenario: Scenario) -> list[str]:
        return [f"conference.amity={self.amity}", f"conference.threat={self.threat}"]


def lens_overrides(scenario: Scenario, names: list[str]) -> list[str]:
    """The ``--set`` strings of the named lenses, in order, for this scenario."""
    sets: list[str] = []
    for name in names:
        if name not in LENSES:
            raise ValueError(f"unknown lens {name!r}; choose from {', '.join(LENSES)}")
        sets += LENSES[name]().overrides(scenario)
    return sets
