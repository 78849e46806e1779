"""The round-by-round narrative (``--explain``) of small scenarios whose every move is known."""

from __future__ import annotations

from builders import two_party
from conftest import REPO

from simulator import load_scenario, run_conference
from simulator.cli import main
from simulator.negotiation.rules import RULES, Move
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
            "  accepted: A; rejected: B (the text is worth 0.400 to it; it demands 0.980)",
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
    assert "by talk round 5 of 10 it gives up 50.0% of the way" in story[-5]


def test_talks_convened_late_are_preceded_by_the_war():
    story = narrate(run_conference(REPO / "scenarios" / "ripeness.yaml", seed=0).model).splitlines()
    assert story[0] == "Rounds 1-37: fighting, no talks (UKR holds 81.0% -> 80.4%)."
    assert story[1] == (
        "Talks open in round 38 because the conflict became ripe for every side; "
        "the conflict was ripe then (ripe in this very round)."
    )
    assert story[2] == "Round 38 (talk round 1 of 113)"


def test_every_rule_explains_itself():
    move = Move(round=3, horizon=10, before=0.9, after=0.8, reservation=0.2, ripe_since=2, others_conceded=0.05)
    for name, cls in RULES.items():
        text = cls().explain(move)
        assert text.startswith(f"{name}"), text
        assert cls.explain is not RULES["time_dependent"].__mro__[1].explain, f"{name} explains nothing of its own"


def test_cli_prints_the_narrative_after_the_report(capsys):
    assert main(["run", str(REPO / "docs" / "examples" / "two-party.yaml"), "--explain"]) == 0
    out = capsys.readouterr().out
    report, story = out.split("\n\nTalks open in round 1 at the start")
    assert report.startswith("peacesim: two-party split")
    assert story.endswith("AGREEMENT in round 5: X 50.0.\n")
