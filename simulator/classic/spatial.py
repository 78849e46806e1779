"""KTAB's Spatial Model of Politics (KAPSARC; Wise and Bankes 2015): pure maths on arrays.

Written from KTAB's C++ source with its default settings, not copied. The conference adapter is
``simulator.classic.models.SpatialPCE``.
"""

from __future__ import annotations

import numpy as np

from simulator.classic import BLOCK_ELEMENTS

Array = np.ndarray

_MIN_COALITION = 1e-8  # strength every coalition starts with in a PCE (KTAB Model::coalitions)
_MIN_CHALLENGE_COALITION = 1e-10  # the same in a challenge (KTAB probEduChlg)
_MIN_GAIN = 1e-5  # smallest expected gain worth a challenge (KTAB bestChallenge)
_MIN_WEIGHT = 1e-6  # added to a side's weight when a bargain is interpolated (KTAB interpBrgnSnPm)
_SAME_POSITION = 1e-3  # positions closer than this (on 0..1) are one option in the reported PCE
MIN_DELTA = 1e-4  # added to the first turn's change in the stopping ratio


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
    block = max(1, BLOCK_ELEMENTS // (m * m))
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
        """Per actor i: whom it challenges (-1: none), its chance of winning and its expected gain, seen
        by i; votes weigh capability x total salience; third parties vote semi-committed."""
        n, s_total = self.n, self.s.sum(axis=1)
        weight = self.c * s_total
        best_j, best_p, best_gain = np.full(n, -1), np.zeros(n), np.full(n, -1.0)
        everyone = np.arange(n)
        lost = 1.0 - self.d  # u = (1 - d)(1 + min(d, 1) R), built in place below
        capped = np.minimum(self.d, 1.0)
        block = max(1, BLOCK_ELEMENTS // 2 // (n * n))  # (a few such blocks are alive at once)
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
