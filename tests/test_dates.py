"""Rounds as dates in every output: the JSON report's date keys, the text headline, the narrative's
lines when talks open, a sweep's row. Dates are worked out here with datetime arithmetic, not with
the simulator's Calendar."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from builders import two_party
from conftest import REPO

from simulator import load_scenario, run_conference
from simulator.conference.records import Episode, PartialDeal
from simulator.report import render
from simulator.report.narrative import narrate
from simulator.report.settlement import settlement_report
from simulator.report.talks import opening
from simulator.sweeps.run import sweep

START = dt.date(2026, 2, 26)
WEEKLY = {"start": "2026-02-26", "round": "1 week"}
RIPENESS = REPO / "scenarios" / "ripeness.yaml"


def week(r: int) -> str:
    """Round r of a weekly calendar from START: r - 1 weeks on (round 0 is the start too)."""
    return (START + dt.timedelta(days=7 * max(r - 1, 0))).isoformat()


def weekly_two_party() -> dict:
    return {**two_party(max_rounds=10), "calendar": dict(WEEKLY)}


class TestJsonReport:
    def test_every_round_key_has_its_date(self):
        report = json.loads(render(run_conference(load_scenario(weekly_two_party()), seed=0).report, "json"))
        assert report["calendar"] == {"start": "2026-02-26", "round": "1 week"}
        assert (report["round"], report["settled_date"]) == (5, "2026-03-26")  # the offers meet in round 5
        assert report["horizon_date"] == week(10) == "2026-04-30"
        assert report["ripe_date"] == week(report["ripe_round"])
        assert report["talks_start_date"] == week(report["talks_opened"]) == "2026-02-26"
        assert report["dates"] == {str(r): week(r) for r in range(6)}  # rounds 0 to the last round run
        assert [(e["round"], e["date"]) for e in report["rounds"]] == [(r, week(r)) for r in range(1, 6)]
        assert report["course"]["date"] == [week(r) for r in report["course"]["round"]]
        assert report["episodes"] == [
            {
                "opened": 1,
                "opened_date": "2026-02-26",
                "opened_by": "start",
                "ripe": True,
                "closed": 5,
                "closed_date": "2026-03-26",
                "ended": "agreement",
                "left": None,
                "why": "",
            }
        ]
        assert report["partial_deals"] == []

    def test_months_keep_to_the_end_of_a_short_month(self):
        tree = {**two_party(max_rounds=10), "calendar": {"start": "2026-01-31", "round": "1 month"}}
        report = run_conference(load_scenario(tree), seed=0).report
        assert report["dates"] == {
            "0": "2026-01-31",
            "1": "2026-01-31",
            "2": "2026-02-28",
            "3": "2026-03-31",
            "4": "2026-04-30",
            "5": "2026-05-31",
        }
        assert report["horizon_date"] == "2026-10-31"

    def test_without_a_calendar_dates_are_null_or_empty(self):
        report = run_conference(load_scenario(two_party(max_rounds=10)), seed=0).report
        assert report["calendar"] is None and report["dates"] == {}
        for key in ("settled_date", "horizon_date", "ripe_date", "talks_start_date"):
            assert report[key] is None, key
        assert report["course"] is not None and report["course"]["date"] is None
        assert all(entry["date"] is None for entry in report["rounds"])
        assert report["episodes"][0]["opened_date"] is None and report["episodes"][0]["closed_date"] is None

    def test_a_partial_deal_carries_its_date_and_the_meaning_of_its_value(self):
        result = run_conference(load_scenario(weekly_two_party()), seed=0)
        result.model.partial_deals.append(PartialDeal(round=3, issue="X", value=80.0))
        report = settlement_report(result.model)
        # the issue's anchors are 0 "A's ideal" and 100 "B's ideal": 80 lies between them, nearer 100
        meaning = "between 0 and 100, nearer 100 (20.0 from it, 80.0 from 0); 100: B's ideal; 0: A's ideal"
        assert report["partial_deals"] == [
            {"round": 3, "date": "2026-03-12", "issue": "X", "value": 80.0, "meaning": meaning}
        ]
        text = render(report, "text")
        assert f"  Partial deal in round 3 (2026-03-12): X settled at 80.0 ({meaning})." in text.splitlines()


class TestTextReport:
    def test_headline_and_round_length(self):
        lines = render(run_conference(load_scenario(weekly_two_party()), seed=0).report, "text").splitlines()
        assert "AGREEMENT in round 5 (2026-03-26) of 10 (horizon 2026-04-30)" in lines
        assert "  A round is 1 week; round 1 begins 2026-02-26." in lines
        assert "  Talks ended in agreement in round 5 (2026-03-26)." in lines

    def test_without_a_calendar_the_headline_names_rounds_only(self):
        lines = render(run_conference(load_scenario(two_party(max_rounds=10)), seed=0).report, "text").splitlines()
        assert "AGREEMENT in round 5 of 10" in lines
        assert not any("round is" in line for line in lines)

    def test_markdown_and_html_have_a_talks_section(self):
        report = run_conference(load_scenario(weekly_two_party()), seed=0).report
        assert "- A round is 1 week; round 1 begins 2026-02-26." in render(report, "markdown").splitlines()
        assert "<h2>Talks</h2>" in render(report, "html")


class TestTalksOpening:
    """How talks opened reads differently: before ripeness, because a mediator pushed, once ripe."""

    @pytest.mark.parametrize("convene", ["start", "round", "mediator"])
    def test_talks_that_open_before_ripeness(self, convene):
        overrides = ["calendar.start=2026-02-26", f"conference.convene={convene}", "conference.convene_round=5"]
        result = run_conference(RIPENESS, seed=0, overrides=overrides)
        episode, ripe = result.report["episodes"][0], result.report["ripe_round"]
        assert (episode["opened_by"], episode["ripe"]) == (convene, False)
        assert ripe is not None and ripe > episode["opened"]  # the war makes it ripe later in this scenario
        opened, later = episode["opened"], ripe - episode["opened"]
        why = {
            "start": "at the start, as the scenario convenes them",
            "round": "in the round the scenario sets for them",
            "mediator": "because a mediator brought the sides to the table once one side was hurting",
        }[convene]
        before = " (talks before ripeness)" if convene != "mediator" else ""
        line = (
            f"Talks open in round {opened} ({week(opened)}) {why}; the conflict was not yet ripe: it became ripe in "
            f"round {ripe} ({week(ripe)}), {later} rounds later{before}."
        )
        assert line in narrate(result.model).splitlines()
        assert f"  {line}" in render(result.report, "text").splitlines()

    def test_talks_that_open_once_ripe(self):
        result = run_conference(RIPENESS, seed=0, overrides=["calendar.start=2026-02-26"])
        ripe = result.report["ripe_round"]
        story = narrate(result.model).splitlines()
        assert story[1] == (
            f"Talks open in round {ripe} ({week(ripe)}) because the conflict became ripe for every side; "
            "the conflict was ripe then (ripe in this very round)."
        )
        assert story[0].startswith(f"Rounds 1-{ripe - 1} ({week(1)} to {week(ripe - 1)}): fighting, no talks")
        assert story[2].startswith(f"Round {ripe} ({week(ripe)}; talk round 1 of ")

    def test_ripe_before_the_talks_counts_the_rounds_since(self):
        episode = {"opened": 12, "opened_by": "mediator", "ripe": True}
        assert opening(None, episode, 9) == (
            "Talks open in round 12 because a mediator brought the sides to the table once one side was hurting; "
            "the conflict was ripe then (since round 9, 3 rounds earlier)."
        )

    def test_suspended_and_reconvened_talks(self):
        result = run_conference(load_scenario(weekly_two_party()), seed=0)
        model = result.model
        first = model.episodes[0]
        first.closed, first.ended, first.left, first.why = 2, "suspended", "B", "it expects nothing better from talks"
        model.episodes.append(Episode(opened=4, opened_by="reconvened", ripe=True, closed=5, ended="agreement"))
        lines = render(settlement_report(model), "text").splitlines()
        assert "  Talks suspended by B in round 2 (2026-03-05): it expects nothing better from talks." in lines
        assert any(line.startswith("  Talks reconvene in round 4 (2026-03-19) after a suspension; ") for line in lines)
        story = narrate(model).splitlines()
        assert "Talks suspended by B in round 2 (2026-03-05): it expects nothing better from talks." in story


def test_a_sweep_row_has_the_date_columns(tmp_path):
    scenario = tmp_path / "weekly.yaml"
    scenario.write_text(yaml.safe_dump(weekly_two_party()), encoding="utf-8")
    frame = sweep(scenario, ["agents.A.reservation=0,0.2"], seeds=1, out=tmp_path / "s", workers=1)
    for _, row in frame.iterrows():
        report = run_conference(load_scenario(str(scenario), [f"agents.A.reservation={row['agents.A.reservation']}"]),
                                seed=int(row["seed"])).report  # fmt: skip
        assert row["settled_date"] == week(report["round"])
        assert row["ripe_date"] == week(report["ripe_round"])
        assert row["talks_start_date"] == week(report["talks_opened"])
        assert (row["episodes"], row["partial_deals"]) == (len(report["episodes"]), 0)
