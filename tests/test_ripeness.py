"""Ripeness (Zartman 2000) pinned with numbers known by construction.

A conflict is ripe when both sides perceive a mutually hurting stalemate (each has paid at least
``pain`` and does not expect to gain ``decisive`` of the territory within the horizon) and a way
out exists: some text gives every principal more than fighting on, ``max_x min_i (u_i(x) - r_i) > 0``.
The way out is checked against closed forms and a brute-force grid computed here; the stalemate
and the round ripeness is declared at against hand-made wars whose costs and expectations are
scripted; the commitment problem's effective reservations against the indifference condition
``kappa u + (1 - kappa) r_after = r`` solved for u.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pytest
from builders import agent, scenario

from simulator import PeaceConference, load_scenario
from simulator.negotiation.frontiers import FrontierCache, option_grid
from simulator.negotiation.valuation import Valuation
from simulator.war.ripeness import Ripeness, RipenessTerms, best_surplus, hurting_stalemate

# --------------------------------------------------------------------------- the way out


def table(positions, saliences, issues=("X",), options=None, utility="linear", roles=None):
    """A model whose parties and frontiers ``best_surplus`` reads (positions and saliences per agent)."""
    roles = roles or ["principal"] * len(positions)
    agents = [
        agent(f"P{k}", role, dict(zip(issues, pos, strict=True)), dict(zip(issues, sal, strict=True)))
        for k, (role, pos, sal) in enumerate(zip(roles, positions, saliences, strict=True))
    ]
    data = scenario(agents, issues=issues, walkout=[])
    data["saliences"] = "absolute"
    data["conference"]["utility"] = utility
    for k, opts in (options or {}).items():
        data["issues"][issues.index(k)]["options"] = opts
    return PeaceConference(load_scenario(data), rng=0)


def surplus(model, floors, who=None):
    who = model.parties.principals if who is None else who
    return best_surplus(model.parties, model.frontiers, who, np.asarray(floors, dtype=float))


def linear_u(x, ideals, saliences):
    """u_i(x) = 1 - sum_k s_ik |x_k - y_ik| / 100, for a grid of texts x (texts x issues)."""
    return 1.0 - (np.abs(x[:, None, :] - ideals[None, :, :]) / 100.0 * saliences[None, :, :]).sum(axis=2)


def brute_force(ideals, saliences, floors, axes, form="linear"):
    """max over the grid's texts of min_i (u_i - floor_i), and the text that reaches it."""
    grid = np.array(list(itertools.product(*axes)), dtype=float)
    gap = np.abs(grid[:, None, :] - np.asarray(ideals, float)[None, :, :]) / 100.0
    power = 1.0 if form == "linear" else 2.0
    u = 1.0 - (gap**power * np.asarray(saliences, float)[None, :, :]).sum(axis=2)
    worst = (u - np.asarray(floors, float)[None, :]).min(axis=1)
    k = int(worst.argmax())
    return float(worst[k]), grid[k]


class TestWayOut:
    def test_two_parties_one_issue_closed_form(self):
        # A at 0, B at 100: min(1 - x/100 - r_A, x/100 - r_B) peaks where the two meet,
        # at (1 - r_A - r_B) / 2 (x = 100 (1 - r_A + r_B) / 2)
        model = table([[0.0], [100.0]], [[1.0], [1.0]])
        assert surplus(model, [0.1, 0.3]) == pytest.approx(0.3, abs=1e-9)
        assert surplus(model, [0.5, 0.2]) == pytest.approx(0.15, abs=1e-9)
        # an empty range is reported as the (negative) shortfall, not clipped at zero
        assert surplus(model, [0.6, 0.6]) == pytest.approx(-0.1, abs=1e-9)

    def test_two_parties_asymmetric_saliences_match_a_grid(self):
        # A cares most for X, B for Y: trading X against Y gives both more than a split of each
        ideals = np.array([[0.0, 10.0], [100.0, 90.0]])
        saliences = np.array([[0.8, 0.2], [0.3, 0.7]])
        floors = [0.35, 0.2]
        model = table(ideals.tolist(), saliences.tolist(), issues=("X", "Y"))
        exact = surplus(model, floors)
        grid, _ = brute_force(ideals, saliences, floors, [np.arange(0, 100.5, 0.5)] * 2)
        # the grid misses the optimum by at most half a step on each issue (utility is 1-Lipschitz per 100)
        assert grid - 1e-12 <= exact <= grid + 0.25 * (0.8 + 0.7) / 100 + 1e-12
        # trading pays: splitting both issues at the midpoint gives min(0.5-0.35, 0.5-0.2) = 0.15 only
        assert exact > 0.15 + 0.1

    def test_three_principals_closed_form_uses_the_max_min_programme(self):
        # A at 0 (floor 0.2), B at 50 (floor 0), C at 100 (floor 0.1): A's and C's surpluses
        # 0.8 - x/100 and x/100 - 0.1 meet at x = 45, surplus 0.35 (B has 0.95 there)
        model = table([[0.0], [50.0], [100.0]], [[1.0]] * 3)
        assert surplus(model, [0.2, 0.0, 0.1]) == pytest.approx(0.35, abs=1e-7)
        # B's floor binds once it is high: the best text is then B's ideal when all can have it
        assert surplus(model, [0.0, 0.9, 0.0]) == pytest.approx(0.1, abs=1e-7)
        # no text satisfies all three: A's 0.4 - x/100 and C's x/100 - 0.6 meet at x = 50, at -0.1
        assert surplus(model, [0.6, 0.9, 0.6]) == pytest.approx(-0.1, abs=1e-7)

    @pytest.mark.parametrize(
        "floors", [[0.3, 0.25, 0.4], [0.55, 0.1, 0.2], [0.7, 0.7, 0.7], [0.0, 0.45, 0.05]], ids=str
    )
    def test_three_principals_two_issues_match_a_grid(self, floors):
        ideals = np.array([[0.0, 80.0], [90.0, 100.0], [40.0, 0.0]])
        saliences = np.array([[0.7, 0.3], [0.2, 0.8], [0.5, 0.5]])
        model = table(ideals.tolist(), saliences.tolist(), issues=("X", "Y"))
        exact = surplus(model, floors)
        grid, _ = brute_force(ideals, saliences, floors, [np.arange(0, 100.5, 0.5)] * 2)
        assert grid - 1e-9 <= exact <= grid + 0.25 * 1.0 / 100 + 1e-9

    def test_only_the_agents_asked_about_count(self):
        # a mediator at 100 with a floor no text meets is left out of the principals' way out
        model = table([[0.0], [100.0], [100.0]], [[1.0]] * 3, roles=["principal", "principal", "mediator"])
        floors = [0.1, 0.3, 5.0]
        assert surplus(model, floors) == pytest.approx(0.3, abs=1e-9)
        everyone = np.ones(3, dtype=bool)
        assert surplus(model, floors, everyone) == pytest.approx(-4.0, abs=1e-7)  # C's 1 - 5 at x = 100

    def test_a_principal_that_takes_no_deal_leaves_no_way_out(self):
        model = table([[0.0], [100.0]], [[1.0]] * 2)
        assert surplus(model, [0.1, np.inf]) == -np.inf
        model3 = table([[0.0], [50.0], [100.0]], [[1.0]] * 3)
        assert surplus(model3, [np.inf, 0.0, 0.0]) == -np.inf

    @pytest.mark.parametrize("n", [2, 3])
    def test_indivisible_issue_is_searched_over_its_options_only(self, n):
        # N is 0 or 100 only; D is divisible. The way out must hold N at an option.
        ideals = np.array([[0.0, 0.0], [100.0, 100.0], [0.0, 100.0]])[:n]
        saliences = np.array([[0.6, 0.4], [0.5, 0.5], [0.3, 0.7]])[:n]
        floors = np.array([0.3, 0.25, 0.2])[:n]
        model = table(ideals.tolist(), saliences.tolist(), issues=("N", "D"), options={"N": [0, 100]})
        exact = surplus(model, floors)
        on_options, _ = brute_force(ideals, saliences, floors, [[0.0, 100.0], np.arange(0, 100.5, 0.5)])
        free, _ = brute_force(ideals, saliences, floors, [np.arange(0, 100.5, 0.5)] * 2)
        assert on_options - 1e-9 <= exact <= on_options + 0.25 * 0.7 / 100 + 1e-9
        assert exact < free - 0.01  # the options cost both a way out they would have had

    def test_an_indivisible_issue_alone_closes_the_range_a_split_would_open(self):
        # Fearon's indivisibility: 0 or 100 gives one side 0, a split of 50 gives both 0.5 > 0.3
        model = table([[0.0], [100.0]], [[1.0]] * 2, options={"X": [0, 100]})
        assert surplus(model, [0.3, 0.3]) == pytest.approx(-0.3, abs=1e-9)
        assert surplus(table([[0.0], [100.0]], [[1.0]] * 2), [0.3, 0.3]) == pytest.approx(0.2, abs=1e-9)

    def test_quadratic_utilities_two_and_three_parties_match_a_grid(self):
        ideals = np.array([[0.0], [100.0], [30.0]])
        saliences = np.array([[1.0], [0.6], [1.0]])
        for n, floors in ((2, [0.5, 0.7]), (3, [0.5, 0.7, 0.6])):
            model = table(ideals[:n].tolist(), saliences[:n].tolist(), utility="quadratic")
            exact = surplus(model, floors)
            grid, _ = brute_force(ideals[:n], saliences[:n], floors, [np.arange(0, 100.01, 0.01)], form="quadratic")
            assert exact == pytest.approx(grid, abs=1e-4)

    def test_option_grid_is_every_combination_with_nan_on_divisible_issues(self):
        spec = SimpleNamespace(
            issues=[
                SimpleNamespace(options=[0, 100]),
                SimpleNamespace(options=None),
                SimpleNamespace(options=[1, 2, 3]),
            ]
        )
        grid = option_grid(spec)
        assert len(grid) == 6
        assert {(t[0], t[2]) for t in grid} == set(itertools.product([0.0, 100.0], [1.0, 2.0, 3.0]))
        assert all(np.isnan(t[1]) for t in grid)


class TestFrontierBestFor:
    def test_best_for_is_the_most_a_text_worth_least_j_to_j_gives_i(self):
        # A (0, 0) weights X 0.8, B (100, 100) weights Y 0.7: grid over texts, keep those worth
        # at least least_j to B, take A's best
        ideals = np.array([[0.0, 0.0], [100.0, 100.0]])
        saliences = np.array([[0.8, 0.2], [0.3, 0.7]])
        model = table(ideals.tolist(), saliences.tolist(), issues=("X", "Y"))
        axis = np.arange(0, 100.5, 0.5)
        grid = np.array(list(itertools.product(axis, axis)))
        u = linear_u(grid, ideals, saliences)
        for least in (0.0, 0.2, 0.55, 0.9, 1.0):
            best = u[u[:, 1] >= least - 1e-12, 0].max()
            assert model.frontiers.best_for(0, 1, least) == pytest.approx(best, abs=0.003)
        assert model.frontiers.best_for(0, 1, 1.01) == -np.inf


# --------------------------------------------------------------------------- the hurting stalemate


class ScriptedWar:
    """A war whose costs and expectations are set by the test (sides 0 and 1)."""

    def __init__(self, costs, gains, sides=(0, 1), n=3):
        self.sides = list(sides)
        self.costs, self.gains = costs, gains  # per round: cost per side, expected gain per side
        self.cumulative = np.zeros(n)
        self.asked: list[tuple[int, int]] = []
        self.territory = 0.5
        self.round = 0

    def advance(self):
        self.round += 1
        for side in self.sides:
            self.cumulative[side] += self.costs[side]

    def expects_gain(self, side, horizon):
        self.asked.append((side, horizon))
        return self.gains(self.round)[side]

    def optimism_gap(self):
        return 0.0


class TestHurtingStalemate:
    terms = RipenessTerms(horizon=7, decisive=0.1, pain=0.05)

    def war(self, cumulative, gains):
        war = ScriptedWar({0: 0.0, 1: 0.0}, lambda _r: gains)
        war.cumulative[:2] = cumulative
        return war

    def test_both_thresholds_each_side_of_the_boundary(self):
        eps = 1e-9
        cases = [
            # costs borne, expected gain -> hurts
            ((0.05, 0.05 + eps), (0.0, 0.1 - eps), (True, True)),  # pain reached (>=), gain short of decisive
            ((0.05 - eps, 0.2), (0.0, 0.0), (False, True)),  # A has not yet paid enough
            ((0.2, 0.2), (0.1, 0.1 - eps), (False, True)),  # A expects exactly the decisive gain: counts on winning
            ((0.2, 0.2), (0.1 + eps, -0.3), (False, True)),
            ((0.0, 0.0), (0.0, 0.0), (False, False)),
        ]
        for cumulative, gains, expected in cases:
            war = self.war(cumulative, gains)
            out = hurting_stalemate(war, self.terms, 3)
            assert out.tolist() == [*expected, False], (cumulative, gains)
            assert sorted(war.asked) == [(0, 7), (1, 7)]  # each side looks over the ripeness horizon

    def test_no_pain_threshold_a_side_that_cannot_win_hurts_at_once(self):
        war = self.war((0.0, 0.0), (0.05, 0.5))
        out = hurting_stalemate(war, RipenessTerms(20, 0.1, 0.0), 2)
        assert out.tolist() == [True, False]


# --------------------------------------------------------------------------- ripeness, round by round


def scripted(convene="ripe", convene_round=1, pain=0.05, gains=None, floors=None, sides=(0, 1), n=3):
    """Three agents (sides 0 and 1 at 0 and 100, a mediator 2 at 50) on one issue; side 0 pays
    0.01 a round, side 1 0.02 (pain 0.05: side 1 hurts from round 3, side 0 from round 5)."""
    ideals = np.array([[0.0], [100.0], [50.0]])[:n]
    parties = SimpleNamespace(
        n_agents=n,
        principals=np.array([True, True, False][:n]),
        form="linear",
        ideals=ideals,
        saliences=np.ones((n, 1)),
        revision=0,
    )
    frontiers = FrontierCache(SimpleNamespace(issues=[SimpleNamespace(options=None)]), parties)
    war = ScriptedWar({0: 0.01, 1: 0.02}, gains or (lambda _r: (0.0, 0.0)), sides=sides, n=n)
    floor_at = floors or (lambda _r: np.array([0.2, 0.2, 0.0])[:n])
    valuation = SimpleNamespace(effective_reservations=lambda: np.asarray(floor_at(war.round), float))
    spec = SimpleNamespace(
        conference=SimpleNamespace(settings={"convene": convene, "convene_round": convene_round}),
        ripeness={"horizon": 10, "decisive": 0.1, "pain": pain},
    )
    return Ripeness(spec, parties, war, valuation, frontiers), war


def run_rounds(ripeness, war, rounds):
    """Each round: the battle, then the ripeness test; returns the rounds the talks were in session."""
    sessions = []
    for round_ in range(1, rounds + 1):
        war.advance()
        ripeness.update(round_)
        if ripeness.in_talks(round_):
            sessions.append(round_)
    return sessions


def run_rounds_from(ripeness, war, first, last):
    for round_ in range(first, last + 1):
        war.advance()
        ripeness.update(round_)


class TestRipeRound:
    def test_ripe_once_both_hurt_and_the_conference_convenes_then(self):
        ripeness, war = scripted()
        sessions = run_rounds(ripeness, war, 8)
        # side 1 hurts from round 3 (0.06 >= 0.05), side 0 from round 5 (0.05 >= 0.05)
        assert ripeness.ripe_round == 5
        assert ripeness.talks_start == 5 and sessions == [5, 6, 7, 8]
        assert ripeness.ripe_since.tolist() == [1, 1, 1]  # all perceive it from the first talk round
        assert ripeness.ripe_for_all
        assert ripeness.talk_round(4) == 0 and ripeness.talk_round(5) == 1 and ripeness.talk_round(8) == 4

    def test_a_side_that_still_expects_to_win_delays_ripeness(self):
        # side 1 expects to gain 0.1 (decisive) of the territory until round 7
        ripeness, war = scripted(gains=lambda r: (0.0, 0.1 if r < 7 else 0.0999))
        run_rounds(ripeness, war, 10)
        assert ripeness.ripe_round == 7 and ripeness.talks_start == 7

    def test_no_way_out_delays_ripeness_until_the_range_opens(self):
        # floors 0.6 and 0.6 leave no text (best surplus -0.1) until round 9, when side 0's drops to 0.3
        ripeness, war = scripted(floors=lambda r: [0.6 if r < 9 else 0.3, 0.6, 0.0])
        run_rounds(ripeness, war, 12)
        assert ripeness.ripe_round == 9

    def test_a_range_of_exactly_zero_is_no_way_out(self):
        # floors 0.5 and 0.5: one text (x = 50) leaves both exactly indifferent
        ripeness, war = scripted(floors=lambda r: [0.5, 0.5 if r < 6 else 0.499, 0.0])
        run_rounds(ripeness, war, 8)
        assert ripeness.ripe_round == 6

    def test_a_mediator_convenes_once_one_side_hurts(self):
        ripeness, war = scripted(convene="mediator")
        run_rounds(ripeness, war, 8)
        assert ripeness.talks_start == 3 and ripeness.ripe_round == 5
        # side 1 perceived it from round 3 = talk round 1; side 0 and the mediator from round 5 = talk round 3
        assert ripeness.ripe_since.tolist() == [3, 1, 3]

    def test_talks_from_the_start_record_when_each_agent_perceives_it(self):
        ripeness, war = scripted(convene="start")
        assert ripeness.talks_start == 1 and ripeness.in_talks(1)
        run_rounds(ripeness, war, 8)
        assert ripeness.ripe_round == 5
        assert ripeness.ripe_since.tolist() == [5, 3, 5]

    def test_a_fixed_round_convenes_whatever_the_ripeness(self):
        ripeness, war = scripted(convene="round", convene_round=2, pain=1.0)
        sessions = run_rounds(ripeness, war, 6)
        assert sessions == [2, 3, 4, 5, 6] and ripeness.ripe_round is None
        assert ripeness.ripe_since.tolist() == [-1, -1, -1]

    def test_never_ripe_never_convened(self):
        ripeness, war = scripted(pain=1.0)
        assert run_rounds(ripeness, war, 20) == [] and ripeness.ripe_round is None
        assert ripeness.talks_start is None and not ripeness.in_talks(20)

    def test_both_sides_must_perceive_it_in_the_same_round(self):
        # two agents, both at war, no pain threshold: side 0 cannot win in round 1 only, side 1 in
        # round 2 only; neither perception makes it ripe alone, nor do the two add up across rounds;
        # from round 4 neither expects to win
        gains = {1: (0.0, 0.5), 2: (0.5, 0.0), 3: (0.5, 0.5)}
        ripeness, war = scripted(pain=0.0, gains=lambda r: gains.get(r, (0.0, 0.0)), n=2)
        run_rounds(ripeness, war, 3)
        assert ripeness.ripe_round is None and ripeness.talks_start is None
        run_rounds_from(ripeness, war, 4, 5)
        assert ripeness.ripe_round == 4 and ripeness.talks_start == 4

    def test_without_a_war_ripeness_is_the_way_out_alone(self):
        ripeness, war = scripted(sides=(), floors=lambda r: [0.6 if r < 4 else 0.3, 0.6, 0.0])
        run_rounds(ripeness, war, 6)
        assert ripeness.ripe_round == 4 and ripeness.ripe_since.tolist() == [1, 1, 1]

    def test_the_way_out_is_tested_against_the_effective_reservations_of_the_round(self):
        ripeness, war = scripted(floors=lambda r: [0.2 if r % 2 else 0.7, 0.4, 0.0], pain=1.0)
        open_ = []
        for round_ in range(1, 5):
            war.advance()
            ripeness.update(round_)
            open_.append(ripeness.way_out)
        assert open_ == [True, False, True, False]  # 1 - 0.2 - 0.4 > 0, 1 - 0.7 - 0.4 < 0


# --------------------------------------------------------------------------- credibility


def valuation(credibility, guarantee, r, after, capabilities=(1.0, 1.0, 2.0, 0.5), guarantors=(2, 3)):
    n = len(capabilities)
    roles = np.zeros(n, dtype=bool)
    roles[list(guarantors)] = True
    parties = SimpleNamespace(
        capabilities=np.array(capabilities), guarantors=roles, reservations=np.array(r, dtype=float), revision=0
    )
    war = SimpleNamespace(reservations=lambda shifted=True: np.array(after, dtype=float))
    domestic = SimpleNamespace(floors=lambda values: np.asarray(values, dtype=float).copy())
    settings = {"credibility": credibility, "guarantee": guarantee}
    return Valuation(settings, parties, war, domestic)


class TestCredibility:
    def test_guarantees_add_per_unit_of_guarantor_capability_up_to_certainty(self):
        r = [0.4, 0.3, 0.0, 0.0]
        # guarantors 2 and 3 bring 2.5 capability: 0.3 + 0.1 x 2.5 = 0.55
        assert valuation(0.3, 0.1, r, r).credibility() == pytest.approx(0.55)
        assert valuation(0.3, 0.0, r, r).credibility() == pytest.approx(0.3)
        assert valuation(0.3, 0.5, r, r).credibility() == 1.0  # 0.3 + 1.25, capped
        assert valuation(1.4, 0.0, r, r).credibility() == 1.0
        assert valuation(0.3, 0.1, r, r, guarantors=(0,)).credibility() == pytest.approx(0.4)

    @pytest.mark.parametrize(("base", "guarantee"), [(0.5, 0.0), (0.25, 0.0), (0.3, 0.1), (0.8, 0.04)])
    def test_effective_reservation_makes_the_deal_worth_fighting_on(self, base, guarantee):
        # a deal worth u holds with chance kappa, else the side fights on from r_after:
        # it is worth kappa u + (1 - kappa) r_after, and beats fighting on (r) from the u that
        # solves kappa u + (1 - kappa) r_after = r. A side whose position improves (r_after > r)
        # is not deterred: its floor stays r.
        r = np.array([0.4, 0.3, 0.2, 0.1])
        after = np.array([0.25, 0.5, 0.2, 0.0])
        model = valuation(base, guarantee, r, after)
        kappa = min(1.0, base + guarantee * 2.5)
        effective = model.effective_reservations()
        for i in range(4):
            if after[i] < r[i]:
                u = (r[i] - (1.0 - kappa) * after[i]) / kappa
                assert kappa * u + (1.0 - kappa) * after[i] == pytest.approx(r[i])
                assert effective[i] == pytest.approx(u)
                assert effective[i] > r[i]
            else:
                assert effective[i] == pytest.approx(r[i])
        # hand numbers at kappa = 0.5: 0.4 + (0.4 - 0.25) = 0.55, 0.1 + 0.1 = 0.2
        if kappa == 0.5:
            assert effective.tolist() == pytest.approx([0.55, 0.3, 0.2, 0.2])

    def test_certain_deals_keep_the_reservations_and_hopeless_ones_close_the_range(self):
        r, after = [0.4, 0.3, 0.2, 0.1], [0.25, 0.5, 0.2, 0.0]
        assert valuation(1.0, 0.0, r, after).effective_reservations().tolist() == r
        # kappa = 0: no deal holds; a side that would lose ground takes none, the others keep r
        assert valuation(0.0, 0.0, r, after).effective_reservations().tolist() == [np.inf, 0.3, 0.2, np.inf]

    def test_lower_credibility_raises_the_floor_of_the_declining_side(self):
        r, after = [0.4, 0.3, 0.0, 0.0], [0.2, 0.3, 0.0, 0.0]
        floors = [valuation(k, 0.0, r, after).effective_reservations()[0] for k in (1.0, 0.8, 0.5, 0.2)]
        assert floors == sorted(floors) and floors[0] == 0.4 and floors[-1] == pytest.approx(0.4 + 4 * 0.2)


def test_credibility_closes_the_way_out_a_full_credibility_leaves_open():
    # A at 0 and B at 100 with r = 0.3 each: the range [0.3, 0.7] is open under certain deals; B's
    # position after a broken deal is 0.1, so at kappa = 0.5 B needs 0.3 + 0.2 = 0.5 and A 0.3:
    # still open (0.2 spare: surplus 0.1); at kappa = 0.25, B needs 0.3 + 3 x 0.2 = 0.9: closed
    model = table([[0.0], [100.0]], [[1.0]] * 2)
    for kappa, expected in ((1.0, 0.2), (0.5, 0.1), (0.25, -0.1)):
        floors = valuation(kappa, 0.0, [0.3, 0.3], [0.3, 0.1], (1.0, 1.0), ()).effective_reservations()
        assert surplus(model, floors) == pytest.approx(expected, abs=1e-9)
