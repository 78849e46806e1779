"""The narratives: the run in a page (``--explain``) and every round (``--explain full``), of small
scenarios whose every move is known and of the shipped Ukraine scenarios."""

from __future__ import annotations

import re

import pytest
from builders import two_party
from conftest import REPO

from simulator import load_scenario, run_conference
from simulator.cli import main
from simulator.negotiation.rules import RULES, Move
from simulator.report.brief import brief
from simulator.report.narrative import narrate


def story_of(tree: dict) -> list[str]:
    return narrate(run_conference(load_scenario(tree), seed=0).model).splitlines()


class TestHardlinerAgainstReciprocal:
    """A hardliner demanding 0.6 meets a tit-for-tat party: B returns A's one concession, then
    both hold, and the texts alternate between 40 and 58 until the deadline."""

    tree = two_party(rule_a={"type": "hardliner", "aspiration": 0.6}, rule_b={"type": "reciprocal"}, max_rounds=6)

    def test_first_round(self):
        story = story_of(self.tree)
        assert story[0] == (
            "Talks open in round 1 at the start, as the scenario convenes them; "
            "the conflict was ripe then (ripe in this very round)."
        )
        assert story[1:7] == [
            "Round 1",
            "  war: A holds 49.0%; walk-away values A 0.00, B 0.00",
            "  A moves on X 0.0 -> 40.0. hardliner: it demands 0.60 every round, whatever the others do",
            "  B moves on X 100.0 -> 98.0. reciprocal: it opens with a concession of 0.02 to break the ice, demanding 0.98",
            "  text on the table, tabled by A: X 40.0",
            "  accepted: A; rejected: B (worth 0.400 to it; demands 0.980)",
        ]

    def test_reciprocity_and_stalemate(self):
        story = story_of(self.tree)
        assert story[10] == (
            "  B moves on X 98.0 -> 58.0. reciprocal (mirror 1): the others conceded 0.400 on average last round, "
            "so it demands 0.58 (was 0.98)"
        )
        assert (
            story[16]
            == "  B holds its offer. reciprocal (mirror 1): the others conceded 0.000 on average last round, so it demands 0.58 (was 0.58)"
        )
        assert story[-1] == "NO AGREEMENT in round 6; blocked by A."
        assert sum(line.startswith("Round ") for line in story) == 6


def test_linear_concession_meets_in_the_middle():
    story = story_of(two_party(max_rounds=10))
    assert story[-2:] == ["  accepted: A, B", "AGREEMENT in round 5: X 50.0."]
    # both gave way by the same rule and reason: the reason once, then each one's move
    assert story[-6:-3] == [
        "  A, B: time_dependent (linear, beta 1): by talk round 5 of 10 it gives up 50.0% of the way from its ideal "
        "to the least it will accept, 0.00, so it demands 0.50 (was 0.60)",
        "      A moves on X 40.0 -> 50.0",
        "      B moves on X 60.0 -> 50.0",
    ]


def test_talks_convened_late_are_preceded_by_the_war():
    story = narrate(run_conference(REPO / "scenarios" / "ripeness.yaml", seed=0).model).splitlines()
    assert story[0] == "Rounds 1-37: fighting, no talks (UKR holds 81.0% -> 80.4%)."
    assert story[1] == (
        "Talks open in round 38 because the conflict became ripe for every side; "
        "the conflict was ripe then (ripe in this very round)."
    )
    assert story[2:4] == [
        "Round 38 (talk round 1 of 113)",
        "  war: UKR holds 80.4%; walk-away values UKR 0.56, RUS 0.77",
    ]


def test_every_rule_explains_itself():
    move = Move(round=3, horizon=10, before=0.9, after=0.8, reservation=0.2, ripe_since=2, others_conceded=0.05)
    for name, cls in RULES.items():
        text = cls().explain(move)
        assert text.startswith(f"{name}"), text
        assert cls.explain is not RULES["time_dependent"].__mro__[1].explain, f"{name} explains nothing of its own"


def test_cli_prints_the_full_narrative_after_the_report(capsys):
    assert main(["run", str(REPO / "docs" / "examples" / "two-party.yaml"), "--explain", "full"]) == 0
    out = capsys.readouterr().out
    report, story = out.split("\n\nTalks open in round 1 at the start")
    assert report.startswith("peacesim: two-party split")
    assert story.endswith("AGREEMENT in round 5: X 50.0.\n")
    assert "\nRound 5\n  war: A holds 47.0%; walk-away values A 0.00, B 0.00\n" in story


def test_cli_explain_alone_prints_the_run_in_brief(capsys):
    assert main(["run", str(REPO / "docs" / "examples" / "two-party.yaml"), "--explain"]) == 0
    out = capsys.readouterr().out
    report, story = out.split("\n\nThe run in brief (peacesim run --explain full tells every round):\n")
    assert report.startswith("peacesim: two-party split")
    assert story.splitlines()[:2] == [
        "Round 1: talks open at the start, as the scenario convenes them; the conflict is ripe.",
        "  A accepts a text for the first time (worth 0.900 to A, which demands 0.900; 1 of 2 voters have accepted one by now).",
    ]
    assert story.endswith("      5    2 of 2   0.500 / 0.500  0.500 / 0.500\nAGREEMENT in round 5: X 50.0.\n")


# --------------------------------------------------------------------------- the shipped Ukraine scenarios


@pytest.fixture(scope="module")
def ukraine():
    """The finished models of essay-2024 and talks-2026, seed 0."""
    return {
        name: run_conference(REPO / "scenarios" / f"{name}.yaml", seed=0).model for name in ("essay-2024", "talks-2026")
    }


@pytest.mark.parametrize("name", ["essay-2024", "talks-2026"])
def test_the_brief_reads_in_five_minutes(ukraine, name):
    lines = brief(ukraine[name]).splitlines()
    assert len(lines) < 60
    assert max(len(line) for line in lines) <= 160
    assert lines[0] == "The run in brief (peacesim run --explain full tells every round):"


def test_the_brief_of_talks_that_open_before_ripeness_and_end_blocked(ukraine):
    lines = brief(ukraine["essay-2024"]).splitlines()
    assert lines[1] == (
        "Round 1 (2024-03-31): talks open at the start, as the scenario convenes them; "
        "the conflict is not yet ripe (it becomes ripe 20 rounds later)."
    )
    ripe = lines.index(
        "Round 21 (2024-08-18): the conflict becomes ripe, 20 rounds after the talks opened: "
        "both sides see a hurting stalemate and a text better than fighting on."
    )
    assert lines[ripe + 1].startswith("  Open is not ripe: texts had been tabled and voted on since the talks opened")
    assert (
        "Round 27 (2024-09-29): USA accepts a text for the first time (1 of 7 voters have accepted one by now)."
        in lines
    )
    assert "  round  date        accepted            UKR            RUS" in lines
    assert "    100  2026-02-22    5 of 7   0.595 / 0.692  0.726 / 0.770" in lines
    assert "The last text, in round 100 (2026-02-22), is turned down by UKR, RUS:" in lines
    assert any(
        line.startswith(
            "  UKR: the text is worth 0.595 to it, more than fighting on (0.368), but its rule, time_dependent(beta=0.5"
        )
        for line in lines
    )  # noqa: E501
    assert lines[-1] == "NO AGREEMENT in round 100 (2026-02-22); blocked by UKR, RUS."


def test_the_brief_of_talks_never_ripe_with_a_partial_deal(ukraine):
    lines = brief(ukraine["talks-2026"]).splitlines()
    assert lines[1:4] == [
        "Round 1 (2026-02-26): talks open at the start, as the scenario convenes them; "
        "the conflict is not ripe, and does not become ripe in this run.",
        "  Event: US 'June deadline' for a settlement.",
        "  Never ripe: in no round do both sides see a hurting stalemate and a text better than fighting on; "
        "the talks run because the scenario convenes them.",
    ]
    assert (
        "Round 12 (2026-05-14): UKR accepts a text for the first time "
        "(worth 0.598 to UKR, which demands 0.538; 4 of 6 voters have accepted one by now)."
    ) in lines
    assert any(
        line.startswith("Round 13 (2026-05-21): partial deal: HUMANITARIAN settled on its own at 27.5")
        for line in lines
    )
    assert any(
        line.startswith("  RUS's largest concession in one round: its demand falls 0.734 -> 0.644") for line in lines
    )
    assert lines[-2].startswith("AGREEMENT in round 14 (2026-05-28): TERR_LINE 65.3,")


MOVE = re.compile(r"^\s+(?P<who>[A-Z, ]+?) (?:each move|moves) on (?P<moves>.*?)(?:\.\s|\.$|$)")
STEP = re.compile(r"(?P<issue>[A-Z_]+) (?P<before>-?[\d.]+) -> (?P<after>-?[\d.]+)")


@pytest.mark.parametrize("name", ["essay-2024", "talks-2026"])
def test_the_full_narrative_tells_only_moves_that_show_on_stated_issues(ukraine, name):
    model = ukraine[name]
    lines = narrate(model).splitlines()
    assert max(len(line) for line in lines) <= 200
    told = 0
    for line in lines:
        m = MOVE.match(line)
        if not m:
            continue
        for step in STEP.finditer(m["moves"]):
            told += 1
            assert step["before"] != step["after"], line  # no 'RUS moves on ACCOUNTABILITY 84.7 -> 84.7'
            for who in m["who"].split(", "):
                k = model.issue_ids.index(step["issue"])
                assert model.has_position[model.ids.index(who), k], f"{who} has no position on {step['issue']}: {line}"
    assert told > 100


def test_the_full_narrative_groups_actors_that_did_the_same(ukraine):
    lines = narrate(ukraine["talks-2026"]).splitlines()
    assert (
        lines[9]
        == "      UK moves on SANCTIONS 5.0 -> 12.5, TERR_STATUS 0.0 -> 6.1, ARMY_LIMITS 10.0 -> 16.0 (+5 more)"
    )
    assert lines[7].startswith(
        "  UK, NATO, TUR, POL, BALT, HUN, CHN, BRA, VAT, GULF: time_dependent (linear, beta 1): by talk round 1"
    )
    # under one reason, no two actors' moves read the same: they are one line
    assert (
        "      TUR, CHN each move on SANCTIONS 63.0 -> 56.2, ACCOUNTABILITY 63.2 -> 58.5, ALIGNMENT 79.2 -> 77.3 (+4 more)"
        in lines
    )
    for text in "\n".join(lines).split("\n  "):
        said = [
            re.sub(r"^\s+[A-Z, ]+? (moves|each move) ", "", line)
            for line in text.splitlines()
            if line.startswith("      ")
        ]
        assert len(said) == len(set(said)), text
