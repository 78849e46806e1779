"""Classic bargaining models as conference protocols: they move every actor's position themselves.

``expected_utility`` is Bueno de Mesquita's expected-utility model as Scholz, Calbert and Smith
(2011) specify it and as their open replication runs it; ``spatial_pce`` is KAPSARC's KTAB Spatial
Model of Politics (SMP) with its default settings. Both set ``drives_positions``: each round of
talks the model calls ``advance(model)``, which

* moves ``model.offers`` (agents x issues, on the scenario's own scale) to the new positions, so
  the report's ``history[round][actor][issue]`` carries them, round 0 being the start;
* sets ``model.text`` to the model's forecast of the outcome;
* says whether the model's own stopping rule has fired (the run then ends as ``agreement``: the
  forecast is the model's settlement).

There are no votes, concession rules or walk-outs in these models. Every listed actor is a
stakeholder, as in the original models: mediators, guarantors and observers take part like the
principals, on the issues they have a position on. An actor with no position on any issue (no
salience anywhere) takes no part.

Saliences are used as the scenario gives them. The original data sets give each actor's salience
of each issue on its own, in [0, 1]: load them with ``saliences: absolute`` (with the default
``relative`` saliences an actor's saliences sum to 1, which changes both models).

Both are written from the specifications in their sources (Scholz et al. 2011 and the open
replication's code; KTAB's C++ source), not copied from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from simulator.core.params import Param
from simulator.core.solutions import weighted_mean
from simulator.negotiation.protocols import Protocol, register

if TYPE_CHECKING:
    from simulator.conference.model import PeaceConference

Array = np.ndarray

# largest temporary array (elements) in the cubic steps; bounds memory for large actor sets
_BLOCK_ELEMENTS = 2_000_000


def _forecast_mean(model: PeaceConference) -> Array:
    """Per issue, the capability x salience weighted mean of the current positions of the actors
    with a position there (the previous text, or 50, where nobody has one)."""
    fallback = model.text if model.text is not None else 50.0
    return weighted_mean(model.offers, model.saliences * model.has_position, model.capabilities, fallback)


# =========================================================================== expected utility


@dataclass(frozen=True)
class Move:
    """One actor's move in one round of the expected-utility model, on one issue."""

    round: int  # the conference round (its index in the report's history)
    issue: str
    actor: str
    kind: str  # "confrontation" (lost to other), "compromise" (with other), "capitulation" (to other)
    other: str
    eu_own: float  # the actor's expected utility of challenging the other, as it sees it
    eu_other: float  # the other's expected utility of challenging the actor, as the actor sees it
    position: float  # the actor's new position


def _first_smallest(keys: Array, allowed: Array) -> Array:
    """Per row, the first column among the allowed ones whose key is the smallest (keys within
    1e-12 of the smallest count as equal, so exact ties go to the first actor in order, whatever
    the last bit of the arithmetic); -1 where no column is allowed.

    >>> _first_smallest(np.array([[3.0, 1.0, 1.0], [2.0, 0.0, 5.0]]), np.array([[1, 1, 1], [1, 0, 1]], bool)).tolist()
    [1, 0]
    """
    masked = np.where(allowed, keys, np.inf)
    least = masked.min(axis=1, keepdims=True)
    near = allowed & (masked <= least + 1e-12 * np.maximum(1.0, np.abs(least)))
    return np.where(allowed.any(axis=1), np.argmax(near, axis=1), -1)


def eu_probabilities(x: Array, w: Array, r: Array, scale: float) -> Array:
    """``P[a, b]``: the chance that the actor at ``x[a]`` wins a contest against ``x[b]``.

    Voter k backs a over b by ``w_k ((|x_k - x_b| / scale) ** r_k - (|x_k - x_a| / scale) ** r_k)``;
    P is the sum of the votes for a, divided (as in Scholz et al.'s code and the replication) by the
    sum of the absolute votes of every voter over every ordered pair of actors. Actors at the same
    position do not contest (P = 0).

    >>> eu_probabilities(np.array([0.0, 1.0]), np.array([1.0, 1.0]), np.ones(2), 1.0).tolist()
    [[0.0, 0.25], [0.25, 0.0]]
    """
    n = len(x)
    d = (np.abs(x[None, :] - x[:, None]) / scale) ** r[:, None]  # d[k, m]: voter k's distance to m
    # sum over a, b of |d[k, b] - d[k, a]|, from the sorted distances: 2 sum_i d_(i) (2i - n + 1)
    ranks = 2.0 * np.arange(n) - (n - 1)
    total = float(w @ (2.0 * (np.sort(d, axis=1) @ ranks)))
    if total <= 0:
        return np.zeros((n, n))
    votes = np.zeros((n, n))
    block = max(1, _BLOCK_ELEMENTS // (n * n))
    for k0 in range(0, n, block):
        dk = d[k0 : k0 + block]
        gain = dk[:, None, :] - dk[:, :, None]  # [k, a, b] = d[k, b] - d[k, a]: k's vote for a over b
        np.maximum(gain, 0.0, out=gain)
        votes += np.tensordot(w[k0 : k0 + block], gain, axes=1)
    p = votes / total
    p[x[:, None] == x[None, :]] = 0.0
    return p


def eu_matrices(x: Array, s: Array, p: Array, r: Array, q: float, scale: float) -> tuple[Array, Array]:
    """``A[i, j]``: i's expected utility of challenging j; ``B[i, j]``: j's expected utility of
    challenging i; both as i sees them, with i's risk exponent ``r_i``.

    The target resists with a chance equal to its salience; then the challenger wins with the
    chance ``p``. ``Us = 2 - 4 (0.5 - 0.5 d) ** r``, ``Uf = 2 - 4 (0.5 + 0.5 d) ** r``,
    ``Usq = 2 - 4 * 0.5 ** r`` with d the distance over the scale, and
    ``EU = s_j (p Us + (1 - p) Uf) + (1 - s_j) Us - q Usq``.
    """
    half = 0.5 * np.abs(x[:, None] - x[None, :]) / scale
    rr = r[:, None]
    success = 2.0 - 4.0 * np.maximum(0.5 - half, 0.0) ** rr
    failure = 2.0 - 4.0 * (0.5 + half) ** rr
    status_quo = 2.0 - 4.0 * 0.5**rr
    a = s[None, :] * (p * success + (1.0 - p) * failure) + (1.0 - s[None, :]) * success - q * status_quo
    pt = p.T
    b = s[:, None] * (pt * success + (1.0 - pt) * failure) + (1.0 - s[:, None]) * success - q * status_quo
    return a, b


def risk_exponents(x: Array, w: Array, s: Array, q: float, scale: float) -> Array:
    """Each actor's risk exponent in [0.5, 2], from its security level.

    With every exponent 1, an actor's danger is the sum of the expected utilities of every other
    actor challenging it; ``R = (2 danger - max - min) / (max - min)`` over the actors and
    ``r = (1 - R / 3) / (1 + R / 3)`` (Scholz et al. 2011, as their replication computes it).
    """
    ones = np.ones(len(x))
    a, _ = eu_matrices(x, s, eu_probabilities(x, w, ones, scale), ones, q, scale)
    danger = a.sum(axis=0) - np.diag(a)  # danger[k] = sum over j != k of EU(j challenges k)
    high, low = danger.max(), danger.min()
    if high - low <= 0:
        return ones
    big_r = (2.0 * danger - high - low) / (high - low)
    return (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)


def eu_round(
    x: Array,
    c: Array,
    s: Array,
    scale: float,
    q: float = 1.0,
    compromise: str = "replication",
    capitulation: bool = False,
) -> tuple[Array, list[tuple[int, str, int, float, float, float]]]:
    """One round on one issue: the new positions and the moves ``(i, kind, j, A_ij, B_ij, new x_i)``.

    Every actor weighs the offers of the others from its own view (risk exponent, from the
    positions at the start of the round): if j's challenge is worth more to j than i's to i and
    both are positive, i loses a confrontation to j and takes j's position; if i's challenge is
    worth less than nothing to i but j's is worth more to j than i's loss, i compromises and moves
    toward j by ``|A_ij / B_ij|`` of the way. A confrontation is preferred to a compromise (the
    one needing the smallest move, first in order on ties). Among compromises, ``replication``
    takes the one with the numerically lowest EU-weighted mean ``(|A| x_i + |B| x_j) / (|A| + |B|)``
    (Scholz et al.'s code, which the replication follows and which its logged run needs);
    ``smallest_move`` takes the one closest to x_i, as the paper states the rule. Capitulations
    (i's loss outweighs j's gain: i takes j's position) are offered only with ``capitulation``
    (the replication's test for them never holds). All actors move at once.
    """
    w = c * s
    r = risk_exponents(x, w, s, q, scale)
    a, b = eu_matrices(x, s, eu_probabilities(x, w, r, scale), r, q, scale)
    differ = x[:, None] != x[None, :]
    jx = np.broadcast_to(x[None, :], a.shape)
    xi = x[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        compromise_at = xi + (jx - xi) * np.abs(a / b)
    confront = differ & (b > a) & (a > 0)
    comp = differ & (b > 0) & (a < 0) & (b > np.abs(a))
    capit = differ & (b > 0) & (a < 0) & (b < np.abs(a)) if capitulation else np.zeros_like(differ)
    distance = np.abs(jx - xi)
    if compromise == "replication":
        with np.errstate(divide="ignore", invalid="ignore"):
            comp_key = (np.abs(a) * xi + np.abs(b) * jx) / (np.abs(a) + np.abs(b))
    else:
        comp_key = np.abs(compromise_at - xi)
    choices = [
        ("confrontation", _first_smallest(distance, confront), jx),
        ("compromise", _first_smallest(comp_key, comp), compromise_at),
        ("capitulation", _first_smallest(distance, capit), jx),
    ]
    new = x.copy()
    moves = []
    for i in range(len(x)):
        for kind, chosen, target in choices:
            j = int(chosen[i])
            if j >= 0:
                new[i] = target[i, j]
                moves.append((i, kind, j, float(a[i, j]), float(b[i, j]), float(new[i])))
                break
    return new, moves


@register
class ExpectedUtility(Protocol):
    """Bueno de Mesquita's expected-utility model (Bueno de Mesquita 1985, 1994), as specified by
    Scholz, Calbert and Smith (2011), "Unravelling Bueno De Mesquita's group decision model",
    Journal of Theoretical Politics 23(4), and run by their open replication (jmckib; dmasad).

    Each issue is bargained on its own, by the actors with a position on it. Each round every actor
    infers its risk attitude from its security level, weighs the challenges it could make and
    receive by expected utility (votes weighted by capability x salience decide contests; the
    target's salience is its chance of resisting), and takes the best offer it receives: it loses a
    confrontation (takes the winner's position) or compromises part of the way. All move at once.
    The forecast is the capability x salience weighted mean of the positions on each issue. The
    model runs ``rounds`` rounds (Scholz et al. run 10), then stops.
    """

    name = "expected_utility"
    drives_positions = True
    params = {
        "q": Param("float", 1.0, "weight of the status quo in the value of a challenge (Q)", low=0.0, high=1.0),
        "rounds": Param("int", 10, "rounds of challenges before the model stops", low=1, high=100_000),
        "compromise": Param(
            "str",
            "replication",
            "which compromise an actor takes: the lowest EU-weighted mean (the replication) or the smallest move",
            choices=("replication", "smallest_move"),
        ),
        "capitulation": Param("bool", False, "offer capitulations (the replication never does)"),
    }
    classifier = {
        "mediated": False,
        "texts_per_round": 1,
        "drives_positions": True,
        "source": "Scholz, Calbert and Smith 2011",
    }
    q: float
    rounds: int
    compromise: str
    capitulation: bool

    def open(self, model: PeaceConference) -> None:
        self.turn = 0
        self.moves: list[Move] = []
        # who bargains on each issue, and the issue's range, fixed from the starting positions
        self.members = [np.flatnonzero(model.has_position[:, k]) for k in range(model.n_issues)]
        self.scales = [float(np.ptp(model.offers[m, k])) if len(m) else 0.0 for k, m in enumerate(self.members)]
        model.text = _forecast_mean(model)

    def advance(self, model: PeaceConference) -> bool:
        self.turn += 1
        offers = model.offers.copy()
        for k, members in enumerate(self.members):
            if len(members) < 2 or self.scales[k] <= 0:
                continue
            new, moves = eu_round(
                model.offers[members, k],
                model.capabilities[members],
                model.saliences[members, k],
                self.scales[k],
                self.q,
                self.compromise,
                self.capitulation,
            )
            offers[members, k] = new
            for i, kind, j, eu_own, eu_other, position in moves:
                self.moves.append(
                    Move(
                        model.round,
                        model.issue_ids[k],
                        model.ids[members[i]],
                        kind,
                        model.ids[members[j]],
                        eu_own,
                        eu_other,
                        position,
                    )
                )
        model.offers = offers
        model.text = _forecast_mean(model)
        return self.turn >= self.rounds

    def target(self, model: PeaceConference, i: int) -> Array:
        return model.offers[i]

    def table(self, model: PeaceConference) -> Array:
        assert model.text is not None
        return model.text


# =========================================================================== KTAB's spatial model

_MIN_COALITION = 1e-8  # strength every coalition starts with in a PCE (KTAB Model::coalitions)
_MIN_CHALLENGE_COALITION = 1e-10  # the same in a challenge (KTAB probEduChlg)
_MIN_GAIN = 1e-5  # smallest expected gain worth a challenge (KTAB bestChallenge)
_MIN_WEIGHT = 1e-6  # added to a side's weight when a bargain is interpolated (KTAB interpBrgnSnPm)
_SAME_POSITION = 1e-3  # positions closer than this (on 0..1) are one option in the reported PCE
_MIN_DELTA = 1e-4  # added to the first turn's change in the stopping ratio


def _utility(d: Array, risk: Array | float) -> Array:
    """KTAB's utility of a distance d in [0, 1] under risk attitude R: ``(1 - d)(1 + d R)``
    (``(1 - d)(1 + R)`` past 1, reached only through rounding).

    >>> _utility(np.array([0.0, 0.5, 1.0]), 1.0).tolist()
    [1.0, 0.75, 0.0]
    """
    return (1.0 - d) * (1.0 + np.minimum(d, 1.0) * risk)


def _distances(ideals: Array, positions: Array, saliences: Array) -> Array:
    """``D[i, j]``: i's salience-weighted distance from its ideal to position j,
    ``sqrt(sum_k s_ik^2 (y_ik - x_jk)^2 / sum_k s_ik^2)``."""
    s2 = saliences * saliences
    gap = ideals[:, None, :] - positions[None, :, :]
    return np.sqrt(np.einsum("ijk,ik->ij", gap * gap, s2) / s2.sum(axis=1)[:, None])


def pce(utilities: Array, weights: Array) -> Array:
    """Probabilistic Condorcet election: the chance each option wins.

    Voters (rows of ``utilities``, options in the columns) vote in proportion to their utility
    difference times their weight; the coalition for a over b is ``1e-8 + sum of the positive
    votes``; a beats b with the chance ``C_ab / (C_ab + C_ba)`` (linear); conditional PCE: an
    option's chance is proportional to the product of its chances against every option.

    >>> pce(np.array([[1.0, 0.0], [1.0, 0.0]]), np.array([1.0, 1.0])).round(6).tolist()
    [1.0, 0.0]
    """
    voters, m = utilities.shape
    coalition = np.full((m, m), _MIN_COALITION)
    block = max(1, _BLOCK_ELEMENTS // (m * m))
    for k0 in range(0, voters, block):
        u = utilities[k0 : k0 + block]
        gain = u[:, :, None] - u[:, None, :]
        np.maximum(gain, 0.0, out=gain)
        coalition += np.tensordot(weights[k0 : k0 + block], gain, axes=1)
    beats = coalition / (coalition + coalition.T)
    np.fill_diagonal(beats, 0.5)
    log_p = np.log(beats).sum(axis=1)  # the product, in logs (no underflow)
    p = np.exp(log_p - log_p.max())
    return p / p.sum()


def _pce_batch(utilities: Array, weights: Array) -> Array:
    """``pce`` for a batch of elections: utilities (elections, voters, options) -> (elections, options)."""
    gain = utilities[:, :, :, None] - utilities[:, :, None, :]
    coalition = _MIN_COALITION + np.einsum("k,gkab->gab", weights, np.maximum(gain, 0.0))
    beats = coalition / (coalition + coalition.transpose(0, 2, 1))
    m = beats.shape[1]
    beats[:, np.arange(m), np.arange(m)] = 0.5
    log_p = np.log(beats).sum(axis=2)
    p = np.exp(log_p - log_p.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


def _round4(x: Array) -> Array:
    """KTAB rounds every bargain to 4 decimals (of the 0..1 scale): ``floor(0.5 + 1e4 x) / 1e4``."""
    return np.floor(0.5 + x * 10000.0) / 10000.0


class SpatialState:
    """What KTAB's SMP computes from one state: distances, risk attitudes and utilities.

    Positions are on 0..1; the ideals are the positions (KTAB's identity accommodation matrix).
    """

    def __init__(self, positions: Array, capabilities: Array, saliences: Array):
        self.x, self.c, self.s = positions, capabilities, saliences
        self.n = len(capabilities)
        self.d = _distances(positions, positions, saliences)
        # risk attitudes: a PCE over all n positions, risk-neutral utilities, capability votes;
        # the likeliest position gets R = 1 (risk averse), the least likely -1/2 (BigRRange Mid)
        p = pce(_utility(self.d, 0.0), capabilities)
        low, high = p.min(), p.max()
        self.risk = (3.0 * p - (high + 2.0 * low)) / (2.0 * (high - low)) if high > low else np.zeros(self.n)
        self.estimate = (2.0 * self.risk[:, None] + self.risk[None, :]) / 3.0  # h's view of i's R (OneThird)
        self.own = _utility(self.d, self.risk[:, None])  # own[a, j]: a's utility of j's position

    def challenges(self) -> tuple[Array, Array, Array]:
        """For each actor i: the actor j it challenges (-1 if none), i's chance of winning and
        i's expected gain. Contests are seen from i's perspective; votes weigh capability x total
        salience; third parties vote semi-committed, each against the principals' coalitions."""
        n, s_total = self.n, self.s.sum(axis=1)
        weight = self.c * s_total
        best_j, best_p, best_gain = np.full(n, -1), np.zeros(n), np.full(n, -1.0)
        everyone = np.arange(n)
        lost = 1.0 - self.d  # u = (1 - d)(1 + min(d, 1) R), built in place below
        capped = np.minimum(self.d, 1.0)
        block = max(1, _BLOCK_ELEMENTS // 2 // (n * n))  # (a few such blocks are alive at once)
        for h0 in range(0, n, block):
            hs = everyone[h0 : h0 + block]
            rows = np.arange(len(hs))
            u = capped[None, :, :] * self.estimate[hs][:, :, None]  # u[h, a, b]: to a of b, as h sees it
            u += 1.0
            u *= lost[None, :, :]
            u_ii = u[rows, hs, hs][:, None]
            u_ij = u[rows, hs, :]  # (h, j): to i of j
            u_ji = u[rows, :, hs]  # (h, j): to j of i
            u_jj = np.einsum("hjj->hj", u).copy()
            vote_i = weight[hs, None] * (u_ii - u_ij)
            vote_j = weight[None, :] * (u_ji - u_jj)
            for_i = _MIN_CHALLENGE_COALITION + np.maximum(vote_i, 0.0) + np.maximum(vote_j, 0.0)
            for_j = _MIN_CHALLENGE_COALITION + np.maximum(-vote_i, 0.0) + np.maximum(-vote_j, 0.0)
            # third parties t (axis 1) in the contest of i (axis 0) against j (axis 2)
            u_ti = u_ji[:, :, None]
            u_tt = u_jj[:, :, None]
            w_t = weight[None, :, None]
            vote = np.subtract(u_ti, u)  # t's own vote in the little contest of i and j
            vote *= w_t
            with_i = np.maximum(vote, 0.0)  # the chance the side t joins wins, if it joins i
            with_i += for_i[:, None, :]
            np.abs(vote, out=vote)
            vote += (for_i + for_j)[:, None, :]
            with_i /= vote
            # semi-commitment: t's gain from joining i rather than j,
            # with_i (u_tt - u_ti) + (1 - with_i) (u_tj - u_tt)
            third = np.subtract(u, u_tt, out=vote)
            shift = np.subtract(u_tt - u_ti, third, out=u)
            shift *= with_i
            third += shift
            third *= w_t
            third[rows, hs, :] = 0.0  # t = i
            third[:, everyone, everyone] = 0.0  # t = j
            for_i = for_i + np.maximum(third, 0.0, out=shift).sum(axis=1)
            np.negative(third, out=third)
            for_j = for_j + np.maximum(third, 0.0, out=third).sum(axis=1)
            p_win = for_i / (for_i + for_j)
            # expected gain over the status quo; the target resists with its total salience
            victory = 2.0 * u_ii
            contest = p_win * victory + (1.0 - p_win) * 2.0 * u_ij
            gain = (1.0 - s_total[None, :]) * victory + s_total[None, :] * contest - (u_ii + u_ij)
            gain[rows, hs] = -np.inf
            gain = np.where(gain > _MIN_GAIN, gain, -np.inf)
            j = np.argmax(gain, axis=1)  # the first of the best
            has = np.isfinite(gain[rows, j])
            best_j[hs] = np.where(has, j, -1)
            best_p[hs] = p_win[rows, j]
            best_gain[hs] = np.where(has, gain[rows, j], -1.0)
        return best_j, best_p, best_gain

    def step(self) -> Array:
        """One turn: challenges, the S2P2 bargains they lead to, and each actor's choice among the
        bargains it is part of (a PCE with capability votes; the first likeliest wins). All move at once."""
        n, x, s = self.n, self.x, self.s
        best_j, best_p, _ = self.challenges()
        initiators = np.flatnonzero(best_j >= 0)
        receivers = best_j[initiators]
        p = best_p[initiators][:, None]
        # S2P2: each side weighs by its salience squared times its chance squared, per issue
        w_i = s[initiators] ** 2 * p**2
        w_r = s[receivers] ** 2 * (1.0 - p) ** 2
        x_i, x_r = x[initiators], x[receivers]
        total = w_i + _MIN_WEIGHT + w_r
        at_i = _round4(((w_i + _MIN_WEIGHT) * x_i + w_r * x_r) / total)
        at_r = _round4((w_i * x_i + (_MIN_WEIGHT + w_r) * x_r) / total)
        # value of each bargain to every actor: its mean utility over the n positions it leaves
        value_i = _utility(_distances(x, at_i, s), self.risk[:, None])
        value_r = _utility(_distances(x, at_r, s), self.risk[:, None])
        all_positions = self.own.sum(axis=1)
        bargains = (all_positions[:, None] - self.own[:, initiators] - self.own[:, receivers] + value_i + value_r) / n
        status_quo = all_positions / n
        # each actor's bargains: the status quo, the one it proposed, those it received
        lists: list[list[int]] = [[] for _ in range(n)]
        for m, i in enumerate(initiators):
            lists[i].append(m)
        for m, j in enumerate(receivers):
            lists[j].append(m)
        by_length: dict[int, list[int]] = {}
        for k in range(n):
            if lists[k]:
                by_length.setdefault(len(lists[k]), []).append(k)
        new = x.copy()
        for actors in by_length.values():
            index = np.array([lists[k] for k in actors])
            options = np.concatenate(
                [
                    np.broadcast_to(status_quo[None, :, None], (len(actors), n, 1)),
                    bargains[:, index].transpose(1, 0, 2),
                ],
                axis=2,
            )
            choice = np.argmax(_pce_batch(options, self.c), axis=1)
            for k, chosen, row in zip(actors, choice.tolist(), index, strict=True):
                if chosen:
                    m = row[chosen - 1]
                    new[k] = at_i[m] if initiators[m] == k else at_r[m]
        return new

    def outcome_probabilities(self) -> tuple[Array, Array]:
        """KTAB's reported chances: a PCE over the distinct positions (within 1e-3), each actor
        voting its own utilities with its capability. Returns the distinct positions' indices
        (first occurrence) and their chances."""
        close = np.sqrt(((self.x[:, None, :] - self.x[None, :, :]) ** 2).sum(axis=2)) < _SAME_POSITION
        firsts: list[int] = []
        for i in range(self.n):
            if not any(close[i, f] for f in firsts):
                firsts.append(i)
        index = np.array(firsts)
        return index, pce(self.own[:, index], self.c)

    def forecast(self) -> Array:
        """The expected outcome: the distinct positions weighted by their chances (0..1 scale)."""
        index, p = self.outcome_probabilities()
        return p @ self.x[index]


@register
class SpatialPCE(Protocol):
    """KTAB's Spatial Model of Politics (KAPSARC, open source; Wise and Bankes 2015, "Non-spatial
    probabilistic Condorcet election methodology"), a descendant of Bueno de Mesquita's (1994)
    models, with KTAB's defaults.

    All issues are one space (positions scaled to 0..1, saliences as given). Each turn every actor
    infers its risk attitude from a probabilistic Condorcet election (PCE) over all positions,
    challenges the actor whose challenge gains it most (contests by proportional votes, linear
    victory probability, conditional PCE, third parties semi-committed), and makes an S2P2 bargain
    with it (interpolated by salience squared times chance squared, rounded to 4 decimals, only the
    initiator's view). Each actor then takes the bargain it is part of that wins a PCE among them
    (deterministic). The model stops after ``max_turns`` turns, or from turn ``min_turns`` on once
    the change in a turn is under ``tolerance`` of the change in the first. The forecast is the
    expected outcome: the actors' distinct positions weighted by their chances in KTAB's PCE.
    """

    name = "spatial_pce"
    drives_positions = True
    params = {
        "max_turns": Param("int", 100, "most turns before the model stops", low=1, high=100_000),
        "min_turns": Param("int", 2, "turns before the stopping test applies", low=1, high=100_000),
        "tolerance": Param(
            "float", 0.02, "stop once a turn's change is below this share of the first turn's", low=0.0, high=1.0
        ),
    }
    classifier = {
        "mediated": False,
        "texts_per_round": 1,
        "drives_positions": True,
        "source": "KTAB SMP (KAPSARC); Wise and Bankes 2015",
    }
    max_turns: int
    min_turns: int
    tolerance: float

    def open(self, model: PeaceConference) -> None:
        self.turn = 0
        self.changes: list[float] = []  # each turn's change, as a share of the first turn's
        self.members = np.flatnonzero(model.saliences.sum(axis=1) > 0)
        saliences = model.saliences[self.members]
        total = saliences.sum(axis=1, keepdims=True)
        self.saliences = saliences / np.maximum(total, 1.0)  # KTAB needs each actor's sum <= 1
        # an actor with no position on an issue (no salience there) starts at the weighted mean
        # of the stated positions; it does not care where it ends up there
        stated = weighted_mean(model.offers, model.saliences * model.has_position, model.capabilities)
        offers = model.offers.copy()
        rows = offers[self.members]
        offers[self.members] = np.where(model.has_position[self.members], rows, stated[None, :])
        model.offers = offers
        self.state = SpatialState(offers[self.members] / 100.0, model.capabilities[self.members], self.saliences)
        self.first_change: float | None = None
        model.text = self.forecast(model)

    def forecast(self, model: PeaceConference) -> Array:
        if len(self.members) == 0:
            return _forecast_mean(model)
        return self.state.forecast() * 100.0

    def advance(self, model: PeaceConference) -> bool:
        if len(self.members) < 2:
            return True
        self.turn += 1
        before = self.state.x
        after = self.state.step()
        change = float(np.sqrt(((after - before) ** 2).sum(axis=1)).sum())
        if self.first_change is None:
            self.first_change = change + _MIN_DELTA
        self.changes.append(change / self.first_change)
        self.state = SpatialState(after, self.state.c, self.saliences)
        offers = model.offers.copy()
        offers[self.members] = after * 100.0
        model.offers = offers
        model.text = self.forecast(model)
        return self.turn >= self.max_turns or (self.turn >= self.min_turns and self.changes[-1] < self.tolerance)

    def target(self, model: PeaceConference, i: int) -> Array:
        return model.offers[i]

    def table(self, model: PeaceConference) -> Array:
        assert model.text is not None
        return model.text


def describe_moves(moves: list[Move]) -> list[str]:
    """The moves as the replication logs them: ``Belgium compromises with France``."""
    words = {
        "confrontation": "loses confrontation to",
        "compromise": "compromises with",
        "capitulation": "capitulates to",
    }
    return [f"{m.actor} {words[m.kind]} {m.other}" for m in moves]


__all__ = ["ExpectedUtility", "Move", "SpatialPCE", "SpatialState", "describe_moves", "eu_round", "pce"]
