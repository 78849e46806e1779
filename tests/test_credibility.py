"""Guarantee credibility from the terms of the text (issue 16).

A deal holds with chance kappa(x) = min(1, credibility + guarantee x (guarantors' capability) x
provision(x)), where provision(x) multiplies, over the scenario's ``guarantee_issues``, the share
of the way from each issue's void point to the far end of the scale that the text goes (0 at or
past the void point). The numbers below are computed by hand from that closed form.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simulator import ScenarioError, load_scenario, run_conference
from simulator.cli import main
from simulator.conference.model import PeaceConference
from simulator.core.utility import utilities
from simulator.negotiation.valuation import Valuation
from tests.test_demo_scenarios import SCENARIOS

ISSUES = ["TERR_LINE", "GUARANTEES", "ARMY_LIMITS"]
# commitment.yaml: base 0.3, guarantee 0.7, guarantors EU 0.6 + UK 0.35
BASE, GUARANTEE, BACKING = 0.3, 0.7, 0.95


def valuation(guarantee_issues: dict[str, float]) -> Valuation:
    guarantors = np.array([False, False, True, True])
    parties = SimpleNamespace(
        capabilities=np.array([0.45, 0.85, 0.6, 0.35]),
        guarantors=guarantors,
        issue_ids=ISSUES,
        reservations=np.zeros(4),
        revision=0,
    )
    settings = {"credibility": BASE, "guarantee": GUARANTEE, "guarantee_issues": guarantee_issues}
    return Valuation(settings, parties, SimpleNamespace(), SimpleNamespace())  # type: ignore[arg-type]


def kappa(text: list[float], guarantee_issues: dict[str, float] | None = None) -> float:
    declared = {"GUARANTEES": 75.0, "ARMY_LIMITS": 100.0} if guarantee_issues is None else guarantee_issues
    return valuation(declared).credibility(np.array(text))


class TestCredibilityFromTheText:
    def test_strong_guarantees_on_the_text_count_almost_in_full(self):
        # GUARANTEES 12 is 63 of the 75 points from the veto: 0.84; ARMY_LIMITS 10: 0.9
        # kappa = 0.3 + 0.7 x 0.95 x 0.84 x 0.9 = 0.3 + 0.665 x 0.756 = 0.80274
        assert kappa([50, 12, 10]) == pytest.approx(0.80274)
        assert kappa([50, 0, 0]) == pytest.approx(0.965)  # Article 5, no limits: the old figure

    def test_a_text_near_the_veto_gets_almost_no_guarantee(self):
        # GUARANTEES 72: 3 of 75 points left, 0.04; ARMY_LIMITS 60: 0.4
        # kappa = 0.3 + 0.665 x 0.016 = 0.31064 (it was 0.965 whatever the text)
        assert kappa([50, 72, 60]) == pytest.approx(0.31064)
        assert kappa([50, 75, 10]) == pytest.approx(BASE)  # at the veto: nothing
        assert kappa([50, 90, 0]) == pytest.approx(BASE)  # past it: nothing
        assert kappa([50, 12, 100]) == pytest.approx(BASE)  # an army disbanded: nothing to back

    def test_the_best_case_and_undeclared_issues_keep_the_full_guarantee(self):
        assert valuation({"GUARANTEES": 75.0}).credibility() == pytest.approx(0.965)  # no text: best case
        assert kappa([50, 100, 100], {}) == pytest.approx(0.965)  # no guarantee issue declared

    def test_a_void_point_below_the_middle_turns_the_scale_round(self):
        # void at 20: the guarantee is full at 100; 60 is half the way: 0.3 + 0.665 x 0.5
        assert kappa([50, 60, 0], {"GUARANTEES": 20.0}) == pytest.approx(0.6325)
        assert kappa([50, 10, 0], {"GUARANTEES": 20.0}) == pytest.approx(BASE)

    def test_each_text_is_discounted_by_its_own_credibility(self):
        model = PeaceConference(load_scenario(SCENARIOS / "commitment.yaml"), rng=0)
        model.step()
        parties = model.parties
        after = model.war.reservations(shifted=False)
        for text, k in (([50.0, 12.0, 10.0], 0.80274), ([50.0, 72.0, 60.0], 0.31064)):
            x = np.array(text)
            u = utilities(x, parties.ideals, parties.saliences, parties.form)
            expected = k * u + (1.0 - k) * after
            assert model.valuation.worth(x, 1).acceptance == pytest.approx(expected)


def test_a_text_past_the_veto_is_worth_what_it_is_worth_without_guarantors(capsys):
    # seed 0 ends on GUARANTEES 76.2, past the veto at 75: the guarantee adds nothing, and
    # Ukraine's reason for saying no is word for word the one it gives with guarantee 0
    lines = {}
    for name, extra in (("written", []), ("no guarantee", ["--set", "conference.guarantee=0"])):
        assert main(["run", str(SCENARIOS / "commitment.yaml"), *extra]) == 0
        lines[name] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("blocked by UKR")]
    assert lines["written"] == lines["no guarantee"]
    assert lines["written"][0].startswith("blocked by UKR: the text is worth 0.321 to it, below the 0.360")
    assert "GUARANTEES (text 76.2, its position 12)" in lines["written"][0]


def test_counting_the_guarantee_whatever_the_text_restores_the_old_deal():
    report = run_conference(
        SCENARIOS / "commitment.yaml", seed=0, overrides=["conference.guarantee_issues={}"], collect=False
    ).report
    assert report["outcome"] == "agreement" and report["round"] == 90
    assert report["final_text"]["GUARANTEES"] > 75  # a guarantee Russia could veto, counted in full


def test_guarantee_issues_must_name_issues_and_points(tmp_path):
    text = (SCENARIOS / "commitment.yaml").read_text(encoding="utf-8")
    bad = text.replace("guarantee_issues: {GUARANTEES: 75,", "guarantee_issues: {GUARANTEE: 175,")
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "conference.guarantee_issues.GUARANTEE" in message and "unknown issue 'GUARANTEE'" in message
