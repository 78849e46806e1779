"""The conference as a whole: outcomes, walk-outs, reproducibility, data collection, the report."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import agent, scenario, two_party

from simulator import PeaceConference, load_scenario, run_conference
from simulator.conference.agents import Delegation, Mediator
from simulator.report import to_json, to_markdown, to_text

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


class TestOutcomes:
    def test_breakdown_when_fighting_on_beats_every_text_on_offer(self):
        # A's walk-away value 0.7 is above anything a hardliner B at 100 will offer it
        data = two_party(rule_b="hardliner", r_a=0.7, max_rounds=20, walkout_patience=3)
        result = run_conference(load_scenario(data), seed=0)
        assert (result.outcome, result.report["round"], result.report["walked_out"]) == ("breakdown", 3, "A")
        assert result.report["blocked"][0]["actor"] == "A"
        assert result.report["blocked"][0]["reason"].startswith("walked out: fighting on (reservation 0.700)")

    def test_no_walkout_while_some_text_beats_fighting(self):
        data = two_party(r_a=0.4, r_b=0.4, max_rounds=20)
        result = run_conference(load_scenario(data), seed=0)
        # a(t) = 0.4 + 0.6 (1 - t/20) first allows a deal once a <= 0.5: round 17, A proposes 100 (1 - a)
        assert (result.outcome, result.report["round"]) == ("agreement", 17)
        assert result.report["terms"]["X"] == pytest.approx(51.0)

    def test_war_costs_erode_the_walkaway_value_until_a_deal_beats_fighting(self):
        # B at 100 is a hardliner; A (reservation 0.9) cannot walk out only because the war costs it 0.1 a round
        data = two_party("time_dependent", "hardliner", r_a=0.9, max_rounds=30, walkout_patience=30)
        data["war"] = {"cost_per_round": {"A": 0.1}}
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        assert model.outcome == "agreement"
        assert model.reservations[0] == pytest.approx(0.0)
        data["war"] = {"cost_per_round": {"A": 0.0}}
        assert run_conference(load_scenario(data), seed=0).outcome == "breakdown"

    def test_only_listed_parties_may_walk_out(self):
        data = two_party(rule_b="hardliner", r_a=0.7, max_rounds=8, walkout=["B"])
        assert run_conference(load_scenario(data), seed=0).outcome == "no_agreement"

    def test_partial_deal_settles_a_separable_issue_while_the_rest_stays_open(self):
        data = scenario(
            [
                agent("A", "principal", {"X": 0, "Y": 0}, rule="hardliner"),
                agent("B", "principal", {"X": 2, "Y": 100}, rule="hardliner"),
            ],
            issues=("X", "Y"),
            max_rounds=6,
            protocol={"type": "alternating_offers", "first": "A"},
        )
        data["issues"][0]["separable"] = True
        model = PeaceConference(load_scenario(data), rng=0)
        model.run_model()
        # round 1: A tables its ideal (0, 0); B's offer on X (2) is within settle_tolerance (5) of it
        assert [(d.round, d.issue, d.value) for d in model.partial_deals] == [(1, "X", 0.0)]
        assert all(record.text[0] == 0.0 for record in model.history)  # X stays settled in every later text
        report = run_conference(load_scenario(data), seed=0).report
        assert (report["outcome"], report["round"]) == ("partial", 6)
        assert report["settled_issues"] == ["X"]
        assert list(report["terms"]) == ["X"]
        assert sorted(report["final_text"]) == ["X", "Y"]

    def test_converged_issues_are_no_deal_unless_separable(self):
        data = scenario(
            [
                agent("A", "principal", {"X": 0, "Y": 0}, rule="hardliner"),
                agent("B", "principal", {"X": 2, "Y": 100}, rule="hardliner"),
            ],
            issues=("X", "Y"),
            max_rounds=6,
            protocol={"type": "alternating_offers", "first": "A"},
        )
        report = run_conference(load_scenario(data), seed=0).report
        assert (report["outcome"], report["settled_issues"], report["terms"]) == ("no_agreement", [], {})

    def test_no_agreement_at_the_deadline_names_the_blockers(self):
        data = two_party("hardliner", "hardliner", max_rounds=4)
        report = run_conference(load_scenario(data), seed=0).report
        assert (report["outcome"], report["round"], report["terms"]) == ("no_agreement", 4, {})
        assert [b["actor"] for b in report["blocked"]] == ["A"]  # B tabled its own ideal in round 4
        assert "its biggest objection is X (text 100.0, its position 0)" in report["blocked"][0]["reason"]


class TestMesaModel:
    def test_agents_are_mesa_agents_by_role(self):
        model = PeaceConference(load_scenario(ROOT / "scenarios" / "talks-2026.yaml"), rng=0)
        mediators = model.agents_by_type[Mediator]
        assert [a.code for a in mediators] == ["USA"]
        assert len(model.agents_by_type[Delegation]) == 13

    def test_datacollector_records_every_round(self):
        model = PeaceConference(load_scenario(two_party(max_rounds=10)), rng=0)
        model.run_model()
        rounds = model.datacollector.get_model_vars_dataframe()
        agents = model.datacollector.get_agent_vars_dataframe()
        assert len(rounds) == 6  # the opening statement and 5 rounds
        assert rounds["text"].iloc[-1] == [50.0]
        assert list(agents.columns) == ["offer", "aspiration", "utility", "reservation"]
        assert len(agents) == 2 * 6

    def test_same_seed_same_run_different_seed_may_differ(self):
        data = two_party(protocol={"type": "single_text"}, max_rounds=30)
        data["agents"].append(agent("M", "mediator", {"X": 50}))
        data["conference"]["protocol"] = {"type": "single_text", "noise": 8.0}
        one = to_json(run_conference(load_scenario(data), seed=3).report)
        assert one == to_json(run_conference(load_scenario(data), seed=3).report)
        assert one != to_json(run_conference(load_scenario(data), seed=4).report)


class TestParts:
    """The model composes small parts; what they keep, and when they forget it."""

    def test_a_run_without_records_or_collection_ends_the_same(self):
        data = two_party(rule_b="hardliner", r_a=0.3, max_rounds=20)
        full = PeaceConference(load_scenario(data), rng=0)
        bare = PeaceConference(load_scenario(data), collect=False, records=False, rng=0)
        full.run_model()
        bare.run_model()
        assert (bare.outcome, bare.settled_round, bare.text.tolist()) == (
            full.outcome,
            full.settled_round,
            full.text.tolist(),
        )
        assert bare.history == [] and bare.course == [] and bare.datacollector.get_model_vars_dataframe().empty
        assert len(full.history) == full.settled_round and len(full.course) == full.round == 20

    def test_the_table_state_lives_in_its_parts(self):
        model = PeaceConference(load_scenario(two_party()), rng=0)
        model.step()
        assert model.offers is model.bargaining.offers and model.ids is model.parties.ids
        assert model.ripe_round is model.ripeness.ripe_round and model.outcome is model.end.outcome
        moved = model.offers + 1.0
        model.offers = moved  # a test may set the table (see test_rules)
        assert model.bargaining.offers is moved

    def test_an_event_that_moves_a_position_is_seen_by_every_cached_frontier(self):
        model = PeaceConference(load_scenario(two_party()), rng=0)
        before = model.frontiers.best_for(0, 1, 0.5)  # B keeps half of its utility: A gets the other half
        model.parties.change("B", "position", "X", 60.0)
        after = model.frontiers.best_for(0, 1, 0.5)  # B at 60 takes any text from 10 up: A gets 0.9
        assert (before, after) == (pytest.approx(0.5), pytest.approx(0.9))

    def test_agents_read_their_row_and_move_nothing_themselves(self):
        model = PeaceConference(load_scenario(two_party()), rng=0)
        model.step()
        a = model.delegations["A"]
        assert a.offer.tolist() == model.offers[0].tolist() and a.aspiration == model.aspirations[0]
        assert not hasattr(a, "concede")


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
class TestShippedScenarios:
    def test_runs_and_reports(self, path):
        report = run_conference(load_scenario(path), seed=0).report
        assert report["outcome"] in ("agreement", "partial", "no_agreement", "breakdown")
        spec = load_scenario(path)
        assert set(report["actors"]) == set(spec.agent_ids)
        assert set(report["terms"]) <= set(spec.issue_ids)
        for figures in report["actors"].values():
            expected = figures["utility"] + figures["side_payment"] - figures["reservation"]
            assert figures["surplus"] == pytest.approx(expected, abs=2e-4)
            assert 0.0 <= figures["distance_from_ideal"] <= 100.0
        assert 1 <= report["round"] <= spec.conference.max_rounds
        principals = [a.id for a in spec.agents if a.role == "principal"]
        if report["outcome"] == "agreement":
            assert set(report["terms"]) == set(spec.issue_ids)
            # individual rationality: no principal signs a text it values below fighting on (Fearon 1995)
            for actor in principals:
                figures = report["actors"][actor]
                assert figures["utility"] + figures["side_payment"] >= figures["reservation"] - 2e-4, actor
        elif report["outcome"] == "no_agreement":
            assert report["round"] == spec.conference.max_rounds  # talks ran to the end of the horizon
        elif report["outcome"] == "breakdown":
            assert report["walked_out"] in principals  # only a principal can break the talks off

    def test_same_seed_gives_byte_identical_json_across_processes(self, path):
        code = (
            "import sys; from simulator import run_conference; from simulator.report import to_json;"
            f"sys.stdout.write(to_json(run_conference({str(path)!r}, seed=11).report))"
        )
        outputs = []
        for hash_seed in ("1", "2"):
            env = {**os.environ, "PYTHONHASHSEED": hash_seed}
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
            outputs.append(done.stdout)
        assert outputs[0] == outputs[1]
        assert outputs[0] == to_json(run_conference(path, seed=11).report)


class TestReport:
    @pytest.fixture(scope="class")
    @classmethod
    def report(cls):
        data = two_party(max_rounds=10)
        data["agents"].append(agent("O", "observer", {"X": 70}))
        return run_conference(load_scenario(data), seed=5).report

    def test_json_keys_scripts_rely_on(self, report):
        parsed = json.loads(to_json(report))
        for key in ("outcome", "round", "terms", "actors", "blocked", "benchmarks", "distance", "rounds"):
            assert key in parsed
        assert parsed["terms"] == {"X": 50.0}
        assert parsed["actors"]["A"] == {
            "name": "A",
            "role": "principal",
            "capability": 1.0,
            "ideal": {"X": 0.0},
            "salience": {"X": 1.0},
            "rule": "time_dependent(beta=1, deadline=0, deadline_spread=0)",
            "utility": 0.5,
            "reservation": 0.0,
            "side_payment": 0.0,
            "surplus": 0.5,
            "distance_from_ideal": 50.0,
            "aspiration": 0.5,
            "accepted": True,
        }
        assert parsed["actors"]["O"]["accepted"] is None
        assert parsed["benchmarks"]["nash_bargaining"] == {"X": 50.0}
        assert parsed["distance"]["nash_bargaining"] == 0.0
        assert parsed["benchmarks"]["weighted_mean"] == {"X": pytest.approx((0 + 100 + 70) / 3, abs=0.01)}

    def test_text_report(self, report):
        text = to_text(report)
        assert "AGREEMENT in round 5 of 10" in text
        assert (
            "X                  50.0   50.0    56.7  midway between 0 and 100 (50.0 from each); 0: A's ideal; 100: B's ideal"
            in text
        )
        assert "Scale: 0 = A's ideal, 100 = B's ideal" in text.splitlines()
        assert "not a prediction or a recommendation" in text

    def test_markdown_report(self, report):
        md = to_markdown(report)
        assert md.startswith("# test\n")
        assert (
            "| X | 50.0 | 50.0 | 56.7 | midway between 0 and 100 (50.0 from each); 0: A's ideal; 100: B's ideal |" in md
        )
        assert "Scale: 0 = A's ideal, 100 = B's ideal" in md.splitlines()


def test_text_report_columns_fit_long_ids():
    data = two_party(max_rounds=10)
    data["agents"].append(agent("WATCHER_LONG", "observer", {"X": 70}))
    data["issues"][0]["id"] = "A_VERY_LONG_ISSUE_ID"
    for a in data["agents"]:
        a["position"] = {"A_VERY_LONG_ISSUE_ID": a["position"]["X"]}
        a["salience"] = {"A_VERY_LONG_ISSUE_ID": 1.0}
    text = to_text(run_conference(load_scenario(data), seed=0).report)
    assert "WATCHER_LONG observer" in text
    assert "A_VERY_LONG_ISSUE_ID     50.0" in text


def test_a_powerless_opponent_is_still_conceded_to():
    data = two_party(max_rounds=10)
    for a in data["agents"]:
        a["capability"] = 0.0
    report = run_conference(load_scenario(data), seed=0).report
    assert (report["outcome"], report["round"], report["terms"]) == ("agreement", 5, {"X": 50.0})


def test_nash_benchmark_is_null_on_issues_no_principal_weighs():
    data = two_party(max_rounds=10)
    data["issues"].append({"id": "Y", "anchors": {0: "none", 100: "all"}})
    data["agents"].append(agent("O", "observer", {"Y": 80}))
    report = run_conference(load_scenario(data), seed=0).report
    assert report["benchmarks"]["nash_bargaining"] == {"X": 50.0, "Y": None}
    assert report["distance"]["nash_bargaining"] == 0.0


def test_the_report_rounds_as_python_round_does_bit_for_bit():
    import math
    import random

    from simulator.report.settlement import _rounded

    rng = random.Random(7)
    for digits in (2, 4):
        ties = [(k + 0.5) / 10**digits for k in range(-3000, 3000)]
        values = [rng.uniform(-100.0, 100.0) for _ in range(20000)] + ties
        values += [math.nextafter(t, d) for t in ties for d in (-math.inf, math.inf)]
        values += [0.0, -0.0, -1e-9, 2.675, 1.005, 0.125, 1e12 + 0.5, 1e300, math.inf, -math.inf]
        expected = [round(v, digits) + 0.0 for v in values]
        got = _rounded(values, digits)
        assert [(g, math.copysign(1.0, g)) for g in got] == [(e, math.copysign(1.0, e)) for e in expected]
    rows = [[rng.uniform(0.0, 100.0) for _ in range(9)] for _ in range(50)]
    assert _rounded(rows, 2) == [[round(v, 2) + 0.0 for v in row] for row in rows]
