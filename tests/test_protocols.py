"""One test class per protocol and per agreement rule."""

import numpy as np
import pytest
from builders import agent, scenario, two_party

from simulator import PeaceConference, load_scenario, run_conference
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS


def test_every_protocol_cites_its_source():
    for name, protocol in PROTOCOLS.items():
        assert protocol.name == name
        assert protocol.__doc__ and "19" in protocol.__doc__
        assert "source" in protocol.classifier


class TestAlternatingOffers:
    def test_proposers_take_turns(self):
        model = PeaceConference(load_scenario(two_party(max_rounds=10)), rng=0)
        model.run_model()
        assert [r.proposer for r in model.history] == ["A", "B", "A", "B", "A"]

    def test_the_text_is_the_proposers_offer(self):
        model = PeaceConference(load_scenario(two_party(max_rounds=10)), rng=0)
        for _ in range(3):
            model.step()
            proposer = model.ids.index(model.history[-1].proposer)
            assert model.text.tolist() == model.offers[proposer].tolist()

    def test_linear_agents_settle_at_half_time(self):
        # A offers 10t, B accepts once t/10 >= 1 - t/10: round 5, at 50
        report = run_conference(load_scenario(two_party(max_rounds=10)), seed=0).report
        assert (report["outcome"], report["round"], report["terms"]["X"]) == ("agreement", 5, 50.0)

    def test_first_proposer_is_drawn_from_the_model_rng(self):
        data = two_party(protocol="alternating_offers")

        def first(seed):
            model = PeaceConference(load_scenario(data), rng=seed)
            return model.protocol.proposer(model)

        assert {first(seed) for seed in range(20)} == {"A", "B"}
        assert len({first(7) for _ in range(5)}) == 1

    def test_concedes_toward_the_others_weighted_offers(self):
        data = scenario(
            [
                agent("A", "principal", {"X": 0}),
                agent("B", "principal", {"X": 100}, capability=3.0),
                agent("C", "guarantor", {"X": 60}, capability=1.0),
            ],
            protocol={"type": "alternating_offers", "first": "A"},
        )
        model = PeaceConference(load_scenario(data), rng=0)
        assert model.protocol.target(model, 0).tolist() == pytest.approx([(3 * 100 + 60) / 4])


class TestSingleText:
    def mediated(self, **protocol):
        return scenario(
            [
                agent("A", "principal", {"X": 0, "Y": 0}, {"X": 0.8, "Y": 0.2}),
                agent("B", "principal", {"X": 100, "Y": 100}, {"X": 0.5, "Y": 0.5}, capability=2.0),
                agent("M", "mediator", {"X": 50, "Y": 50}),
            ],
            issues=("X", "Y"),
            protocol={"type": "single_text", **protocol},
            max_rounds=20,
        )

    def test_first_draft_is_the_capability_salience_weighted_mean_of_the_parties(self):
        model = PeaceConference(load_scenario(self.mediated()), rng=0)
        x = 100 * (2 * 0.5) / (0.8 + 2 * 0.5)
        y = 100 * (2 * 0.5) / (0.2 + 2 * 0.5)
        assert model.text.tolist() == pytest.approx([x, y])
        assert model.protocol.proposer(model) == "M"

    def test_mediator_defaults_to_the_agent_with_role_mediator(self):
        model = PeaceConference(load_scenario(self.mediated()), rng=0)
        assert model.protocol.mediator == "M"

    def test_revises_toward_the_critics(self):
        model = PeaceConference(load_scenario(self.mediated(responsiveness=0.5)), rng=0)
        before = model.protocol.draft(model, model.ideals)
        model.protocol.after_vote(model, np.array([False, True, False]))  # A rejected the draft
        after = model.protocol.draft(model, model.ideals)
        assert (after < before).all()  # A's ideal is 0 on both issues

    def test_settles_inside_the_parties_range_and_every_principal_accepts(self):
        result = run_conference(load_scenario(self.mediated()), seed=0)
        assert result.outcome == "agreement"
        assert all(0 <= v <= 100 for v in result.report["terms"].values())
        assert result.report["actors"]["A"]["accepted"] and result.report["actors"]["B"]["accepted"]
        assert result.report["actors"]["M"]["accepted"] is None  # mediators do not vote

    def test_noise_is_drawn_from_the_seeded_rng(self):
        data = self.mediated(noise=5.0)

        def texts(seed):
            model = PeaceConference(load_scenario(data), rng=seed)
            model.run_model()
            return [r.text for r in model.history]

        assert texts(1) == texts(1)
        assert texts(1) != texts(2)


def votes(*flags):
    return np.array(flags, dtype=bool)


class TestAgreementRules:
    ids = ["P1", "P2", "G1", "G2", "O"]
    principals = votes(1, 1, 0, 0, 0)
    guarantors = votes(0, 0, 1, 1, 0)
    caps = np.array([1.0, 1.0, 3.0, 1.0, 5.0])

    def decide(self, kind, yes, **params):
        return AGREEMENT_RULES[kind](**params).decide(yes, self.principals, self.guarantors, self.caps, self.ids)

    def test_unanimity_needs_every_voter_but_not_observers(self):
        assert self.decide("unanimity", votes(1, 1, 1, 1, 0)) == (True, [])
        assert self.decide("unanimity", votes(1, 1, 1, 0, 1)) == (False, ["G2"])

    def test_principals_plus_guarantor_quota(self):
        assert self.decide("principals_plus_guarantors", votes(1, 1, 1, 0, 0), quota=0.5) == (True, [])
        assert self.decide("principals_plus_guarantors", votes(1, 1, 1, 0, 0), quota=0.75) == (False, ["G2"])
        assert self.decide("principals_plus_guarantors", votes(1, 0, 1, 1, 0), quota=0.0) == (False, ["P2"])

    def test_weighted_quota_by_capability(self):
        # voters' weights 1, 1, 3, 1 -> yes from P1 and G1 is 4/6
        assert self.decide("weighted_quota", votes(1, 0, 1, 0, 0), quota=0.6) == (True, [])
        assert self.decide("weighted_quota", votes(1, 0, 1, 0, 0), quota=0.7) == (False, ["P2", "G2"])
        assert self.decide("weighted_quota", votes(1, 0, 1, 0, 0), quota=0.6, weights="equal") == (False, ["P2", "G2"])

    def test_weighted_quota_veto(self):
        assert self.decide("weighted_quota", votes(1, 0, 1, 1, 0), quota=0.5, veto=["P2"]) == (False, ["P2"])

    def test_agreement_rule_changes_the_outcome_of_a_run(self):
        base = scenario(
            [
                agent("A", "principal", {"X": 0}),
                agent("B", "principal", {"X": 100}),
                agent("G", "guarantor", {"X": 0}, rule="hardliner"),
            ],
            protocol={"type": "alternating_offers", "first": "A", "proposers": "principals"},
            agreement="unanimity",
        )
        assert run_conference(load_scenario(base), seed=0).outcome == "no_agreement"
        base["conference"]["agreement"] = {"type": "principals_plus_guarantors", "quota": 0.0}
        assert run_conference(load_scenario(base), seed=0).outcome == "agreement"
