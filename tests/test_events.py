"""Scheduled events change capability, reservation, position, salience and war costs at their round.

Each test runs a small conference between two parties, A (ideal 0 on X and Y) and B (ideal 100),
with a mediator M, and compares the model's arrays round by round: an event takes effect in the
round it names and not before. Hardliners never move from their ideals and no one walks out unless
a test says so, so the texts are known in closed form.
"""

from __future__ import annotations

import pytest

from simulator import PeaceConference, run_conference
from simulator.scenario import load_scenario
from simulator.scenario.spec import ScenarioError

TEMPLATE = """\
name: two parties
issues:
  - id: X
    anchors: {{0: "A's ideal", 100: "B's ideal"}}
  - id: Y
    anchors: {{0: "A's ideal", 100: "B's ideal"}}
agents:
  - id: A
    role: principal
    capability: 1
    reservation: {r_a}
    rule: {rule}
    position: {position_a}
    salience: {salience_a}
  - id: B
    role: principal
    capability: 1
    reservation: 0.1
    rule: {rule}
    position: {{X: 100, Y: 100}}
    salience: {{X: 0.5, Y: 0.5}}
  - id: M
    role: mediator
    capability: 1
conference:
  protocol: {protocol}
  max_rounds: {max_rounds}
  walkout: {walkout}
  walkout_patience: {patience}
war:
  cost_per_round: {costs}
events:
{events}"""

SINGLE_TEXT = "single_text"
ALTERNATING = "{type: alternating_offers, first: A}"
ALLOWED_PATHS = (
    "agents.ID.capability, agents.ID.reservation, agents.ID.position.ISSUE, agents.ID.salience.ISSUE, "
    "war.cost_per_round.ID, war.aid.ID, war.sanctions.ID, war.true_capability.ID, war.power_shift.ID"
)


def scenario_text(events: str = "  []", **settings) -> str:
    values = {
        "r_a": 0.1,
        "rule": "hardliner",
        "position_a": "{X: 0, Y: 0}",
        "salience_a": "{X: 0.5, Y: 0.5}",
        "protocol": SINGLE_TEXT,
        "max_rounds": 10,
        "walkout": "[]",
        "patience": 3,
        "costs": "{}",
    }
    values.update(settings)
    return TEMPLATE.format(events=events, **values)


def event(round_: int, changes: dict[str, object], name: str | None = None) -> str:
    lines = [f"  - round: {round_}"]
    if name:
        lines.append(f"    name: {name}")
    lines.append("    set:")
    lines += [f"      {path}: {value}" for path, value in changes.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def conference(write_scenario):
    """``conference(events, **settings)``: a fresh PeaceConference (seed 0) for a two-party scenario."""

    def build(events: str = "  []", **settings) -> PeaceConference:
        return PeaceConference(load_scenario(write_scenario(scenario_text(events, **settings))), rng=0)

    return build


def trace(model: PeaceConference, rounds: int, read) -> list:
    """``read(model)`` after each of the first ``rounds`` rounds."""
    out = []
    for _ in range(rounds):
        model.step()
        out.append(read(model))
    return out


# --------------------------------------------------------------------------- each kind of change


def test_the_two_party_scenario_is_quiet_without_events(conference):
    model = conference()
    texts = trace(model, 5, lambda m: [float(v) for v in m.text])
    assert texts == [[50.0, 50.0]] * 5
    assert model.capabilities.tolist() == [1.0, 1.0, 1.0]
    assert [r.events for r in model.history] == [[]] * 5


def test_capability_changes_at_its_round_and_moves_the_mediators_text(conference):
    model = conference(event(3, {"agents.A.capability": 0.25}))
    assert model.capabilities[0] == 1.0  # not at construction
    rounds = trace(model, 5, lambda m: (float(m.capabilities[0]), float(m.text[0])))
    # the draft is the capability-weighted mean of the offers: 50, then (0.25 * 0 + 1 * 100) / 1.25
    assert rounds == [(1.0, 50.0), (1.0, 50.0), (0.25, 80.0), (0.25, 80.0), (0.25, 80.0)]
    assert model.capabilities[1] == 1.0


def test_reservation_changes_at_its_round(conference):
    model = conference(event(3, {"agents.A.reservation": 0.6}))
    assert trace(model, 4, lambda m: float(m.reservations[0])) == [0.1, 0.1, 0.6, 0.6]
    assert model.reservations[1] == 0.1


def test_reservation_event_is_the_new_start_for_the_war_costs(conference):
    model = conference(event(3, {"agents.A.reservation": 0.6}), costs="{A: 0.05}")
    values = trace(model, 5, lambda m: round(float(m.reservations[0]), 10))
    assert values[:2] == [0.05, 0.0]  # 0.1 falls by 0.05 a round and stops at zero
    assert values[2] == 0.6
    assert values[3:] == [0.55, 0.5]


@pytest.mark.parametrize("when", [4, 8])
def test_reservation_event_makes_a_principal_walk_out(conference, when):
    # Boulware bargainers: nobody concedes much before the deadline (20 rounds). A can expect B to
    # give way at most to B's reservation 0.1, a text worth 0.9 to A. Once fighting on is worth
    # 0.95 to A, it holds out for walkout_patience (2) rounds and walks out. (B, with A's new
    # reservation, has no bargaining range either; only A may walk out, so the test is about A.)
    settings = {"rule": "{type: time_dependent, beta: 0.2}", "protocol": ALTERNATING, "max_rounds": 20,
                "walkout": "[A]", "patience": 2}  # fmt: skip
    model = conference(event(when, {"agents.A.reservation": 0.95}, name="A's stakes rise"), **settings)
    model.run_model()
    assert model.outcome == "breakdown"
    assert model.walked_out == "A"
    assert model.settled_round == when + 1
    assert model.history[when - 1].events == ["A's stakes rise"]

    control = conference(**settings)
    control.run_model()
    assert control.outcome != "breakdown"
    assert control.walked_out is None


def test_walkout_is_in_the_report(write_scenario):
    settings = {"rule": "{type: time_dependent, beta: 0.2}", "protocol": ALTERNATING, "max_rounds": 20,
                "walkout": "[A]", "patience": 2}  # fmt: skip
    path = write_scenario(scenario_text(event(4, {"agents.A.reservation": 0.95}), **settings))
    report = run_conference(path, seed=0).report
    assert (report["outcome"], report["round"], report["walked_out"]) == ("breakdown", 5, "A")
    assert [b["actor"] for b in report["blocked"]] == ["A"]
    assert report["blocked"][0]["reason"].startswith("walked out: fighting on (reservation 0.950)")


def test_position_changes_at_its_round_and_a_hardliner_follows_it(conference):
    model = conference(event(3, {"agents.A.position.X": 30}), protocol=ALTERNATING)
    rounds = trace(model, 4, lambda m: (float(m.ideals[0, 0]), [float(v) for v in m.text]))
    # A tables its offer in rounds 1 and 3, B in rounds 2 and 4
    assert rounds == [(0.0, [0.0, 0.0]), (0.0, [100.0, 100.0]), (30.0, [30.0, 0.0]), (30.0, [100.0, 100.0])]


def test_position_on_an_issue_without_one(conference):
    model = conference(event(2, {"agents.A.position.Y": 40}), position_a="{X: 0}", salience_a="{X: 1, Y: 0}")
    assert model.has_position[0].tolist() == [True, False]
    assert trace(model, 2, lambda m: (m.has_position[0].tolist(), float(m.ideals[0, 1]))) == [
        ([True, False], 50.0),  # no position: the model's placeholder, unused
        ([True, True], 40.0),
    ]


def test_salience_changes_at_its_round_and_is_renormalised(conference):
    model = conference(event(3, {"agents.A.salience.X": 3}))
    rounds = trace(model, 4, lambda m: (m.saliences[0].tolist(), [float(v) for v in m.text]))
    assert [r[0] for r in rounds[:2]] == [[0.5, 0.5], [0.5, 0.5]]
    for saliences, _ in rounds[2:]:
        assert saliences == pytest.approx([3 / 3.5, 0.5 / 3.5])
        assert sum(saliences) == pytest.approx(1.0, abs=1e-12)
    # the mediator weighs each party's offer on an issue by its salience there: X moves toward A
    assert rounds[1][1] == [50.0, 50.0]
    assert rounds[2][1] == pytest.approx([700 / 19, 700 / 9])
    assert model.saliences[1].tolist() == [0.5, 0.5]


def test_salience_set_to_zero(conference):
    model = conference(event(2, {"agents.A.salience.Y": 0}))
    assert trace(model, 2, lambda m: m.saliences[0].tolist()) == [[0.5, 0.5], [1.0, 0.0]]


def test_war_cost_changes_at_its_round(conference):
    model = conference(event(3, {"war.cost_per_round.A": 0.05, "war.cost_per_round.B": 0.02}),
                       r_a=0.5, costs="{A: 0.01}")  # fmt: skip
    rounds = trace(model, 5, lambda m: (m.war.cost[:2].tolist(), float(m.reservations[0])))
    assert [cost for cost, _ in rounds] == [[0.01, 0.0]] * 2 + [[0.05, 0.02]] * 3
    reservations = [r for _, r in rounds]
    assert reservations[0] - reservations[1] == pytest.approx(0.01)  # the old cost
    assert reservations[3] - reservations[4] == pytest.approx(0.05)  # the new cost
    assert float(model.reservations[1]) < 0.1  # B pays now too


# --------------------------------------------------------------------------- timing and bookkeeping


def test_event_names_are_recorded_in_the_round_they_fire(write_scenario):
    events = event(2, {"agents.A.capability": 0.5}, name="aid cut") + event(4, {"agents.B.capability": 0.5})
    result = run_conference(write_scenario(scenario_text(events, max_rounds=5)), seed=0)
    assert [r.events for r in result.model.history] == [[], ["aid cut"], [], ["event 1"], []]
    rounds = result.report["rounds"]
    assert [r.get("events") for r in rounds] == [None, ["aid cut"], None, ["event 1"], None]


def test_events_in_one_round_all_apply_and_events_are_sorted(conference, write_scenario):
    events = (
        event(5, {"agents.B.capability": 0.3}, name="late")
        + event(2, {"agents.A.capability": 0.5}, name="first")
        + event(2, {"agents.A.reservation": 0.4, "agents.B.position.X": 90}, name="second")
    )
    scenario = load_scenario(write_scenario(scenario_text(events)))
    assert [(e.round, e.name) for e in scenario.events] == [(2, "first"), (2, "second"), (5, "late")]
    model = conference(events)
    trace(model, 2, lambda m: None)
    assert (float(model.capabilities[0]), float(model.reservations[0]), float(model.ideals[1, 0])) == (0.5, 0.4, 90.0)
    assert model.history[1].events == ["first", "second"]
    assert model.capabilities[1] == 1.0  # "late" has not fired yet


def test_event_at_round_one_applies_in_the_first_round_not_before(conference):
    model = conference(event(1, {"agents.A.capability": 0.25}))
    assert model.capabilities[0] == 1.0
    model.step()
    assert model.capabilities[0] == 0.25
    assert model.text.tolist() == [80.0, 80.0]


def test_event_after_the_last_round_never_fires(conference):
    model = conference(event(6, {"agents.A.capability": 0.25}), max_rounds=5)
    model.run_model()
    assert model.round == 5
    assert model.capabilities[0] == 1.0
    assert all(r.events == [] for r in model.history)


def test_the_scenario_is_not_changed_by_a_run(write_scenario):
    scenario = load_scenario(write_scenario(scenario_text(event(2, {"agents.A.capability": 0.25}))))
    model = PeaceConference(scenario, rng=0)
    model.run_model()
    assert model.capabilities[0] == 0.25
    assert scenario.agent("A").capability == 1.0
    again = PeaceConference(scenario, rng=0)
    assert again.capabilities[0] == 1.0


def test_events_can_be_scheduled_with_set(write_scenario):
    path = write_scenario(scenario_text())
    override = "events=[{round: 3, set: {agents.A.capability: 0.25}}]"
    result = run_conference(path, seed=0, overrides=[override])
    assert result.model.capabilities[0] == 0.25
    assert result.model.history[2].events == ["event 0"]


# --------------------------------------------------------------------------- refused events


def line_of(text: str, fragment: str) -> int:
    assert text.count(fragment) == 1, fragment
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "agents.A.capabilty",
            0.5,
            "an event cannot change 'capabilty'; did you mean 'capability'? "
            "Allowed: capability, reservation, position, salience",
        ),
        (
            "agents.A.rule.beta",
            0.5,
            "an event cannot change 'rule'; allowed: capability, reservation, position, salience",
        ),
        ("agents.A.role", 1, "an event cannot change 'role'; allowed: capability, reservation, position, salience"),
        ("conference.max_rounds", 5, f"cannot change 'conference.max_rounds'; allowed: {ALLOWED_PATHS}"),
        ("war.cost.A", 0.1, f"cannot change 'war.cost.A'; allowed: {ALLOWED_PATHS}"),
        ("agents.A", 0.1, f"cannot change 'agents.A'; allowed: {ALLOWED_PATHS}"),
        ("agents.A.salience", 0.5, f"cannot change 'agents.A.salience'; allowed: {ALLOWED_PATHS}"),
        ("agents.A.salience.X.Y", 0.5, f"cannot change 'agents.A.salience.X.Y'; allowed: {ALLOWED_PATHS}"),
        ("agents.A.capability.X", 0.5, f"cannot change 'agents.A.capability.X'; allowed: {ALLOWED_PATHS}"),
        ("agents.C.capability", 0.5, "no agent 'C'; allowed: A, B, M"),
        ("war.cost_per_round.Q", 0.1, "no agent 'Q'; allowed: A, B, M"),
        ("agents.A.salience.Z", 0.5, "unknown issue 'Z'; allowed: X, Y"),
        ("agents.A.position.XX", 50, "unknown issue 'XX'; did you mean 'X'? Allowed: X, Y"),
        ("agents.A.reservation", 1.5, "got 1.5; allowed: a number in [0.0, 1.0]"),
        ("agents.A.position.X", 101, "got 101; allowed: a number in [0.0, 100.0]"),
        ("agents.A.salience.X", -1, "got -1; allowed: a number >= 0.0"),
        ("agents.A.capability", "high", "got 'high'; allowed: a number >= 0.0"),
        ("agents.A.capability", "true", "got True; allowed: a number >= 0.0"),
        ("war.cost_per_round.A", 2, "got 2; allowed: a number in [0.0, 1.0]"),
    ],
)
def test_bad_event_change_is_refused_with_what_is_allowed(write_scenario, path, value, message):
    text = scenario_text(event(2, {path: value}))
    file = write_scenario(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    line = line_of(text, f"      {path}: ")
    assert info.value.errors == [f"{file}:{line}: events[0].set.{path}: {message}"]


def test_bad_event_fields(write_scenario):
    text = scenario_text(
        "  - round: 0\n    set: {agents.A.capability: 1}\n"
        "  - name: no round\n    sett: {agents.A.capability: 1}\n"
        "  - round: 2\n    set: {}\n"
    )
    file = write_scenario(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    first = line_of(text, "  - round: 0")
    assert info.value.errors == [
        f"{file}:{first}: events[0].round: got 0; allowed: a whole number in [1, 100000]",
        f"{file}:{first + 3}: events[1].sett: unknown key 'sett'; did you mean 'set'? Allowed: round, name, set, deadline",
        f"{file}:{first + 2}: events[1].round: is required",
        f"{file}:{first + 2}: events[1].set: expected a mapping of PATH: VALUE, for example agents.USA.capability: 0.5 "
        "(or give the event a deadline)",
        f"{file}:{first + 5}: events[2].set: expected a mapping of PATH: VALUE, for example agents.USA.capability: 0.5 "
        "(or give the event a deadline)",
    ]


def test_events_must_be_a_list(write_scenario):
    text = scenario_text("  round: 2")
    file = write_scenario(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    assert info.value.errors == [
        f"{file}:{line_of(text, '  round: 2')}: events: expected a list of events, got a mapping"
    ]
