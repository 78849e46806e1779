"""The story of a finished conference in a page (``peacesim run --explain``).

A reader who has five minutes gets the turning points, in the order of the rounds: when and why
the talks opened, when the conflict became ripe and what that changed, the scenario's events,
suspensions and partial deals, the first round each voting party accepted a text, each
principal's largest concession, then how the gap between the text and the principals' demands
closed (a short table), who blocked the last text and why, and the outcome. Every line is at most
``WIDTH`` characters. ``simulator.report.narrative`` tells every round (``--explain full``).
"""

from __future__ import annotations

import numpy as np

from simulator.conference.model import PeaceConference
from simulator.core.calendar import label
from simulator.report.narrative import before_talks, capital, ending, moves, wrap
from simulator.report.talks import OPENED_BY

WIDTH = 160  # the longest line of the brief
TABLE_ROWS = 8  # rounds in the table of the gap between the text and the principals' demands
RIPE = "both sides see a hurting stalemate and a text better than fighting on"


def brief(model: PeaceConference) -> str:
    """The run in a page, turning points first.

    >>> from simulator.api import run_conference
    >>> story = brief(run_conference("docs/examples/two-party.yaml").model).splitlines()
    >>> print(story[1])
    Round 1: talks open at the start, as the scenario convenes them; the conflict is ripe.
    >>> print(story[-1])
    AGREEMENT in round 5: X 50.0.
    """
    lines = ["The run in brief (peacesim run --explain full tells every round):"]
    start = model.talks_start
    if start is None or start > 1:
        lines.append(before_talks(model))
    turns = _talks(model) + _ripeness(model) + _votes(model) + _concessions(model)
    told = None
    for rnd, text in sorted(turns, key=lambda turn: turn[0]):  # stable: a round's lines keep their order
        lines.append(f"  {capital(text.lstrip())}" if rnd == told else f"{capital(label(model.calendar, rnd))}: {text}")
        told = rnd
    lines += _gap_table(model) + _blocked(model) + [ending(model)]
    return "".join(f"{part}\n" for line in lines for part in wrap(line, WIDTH))


def _talks(model: PeaceConference) -> list[tuple[int, str]]:
    """The spells of talks (opened, suspended), the scenario's events, partial deals, side payments."""
    turns: list[tuple[int, str]] = []
    ripe_round = model.ripe_round
    for e in model.episodes:
        verb = "reconvene" if e.opened_by == "reconvened" else "open"
        why = OPENED_BY.get(e.opened_by, e.opened_by)
        ripe = "" if e.opened_by == "ripe" else f"; {_ripe_then(e.opened, ripe_round)}"
        turns.append((e.opened, f"talks {verb} {why}{ripe}."))
        if e.closed is not None and e.ended == "suspended":
            who = f" by {e.left}" if e.left else ""
            turns.append((e.closed, f"talks suspended{who}" + (f": {e.why}." if e.why else ".")))
    issues = {issue.id: issue for issue in model.spec.issues}
    for d in model.partial_deals:
        meaning = f" ({issues[d.issue].meaning(d.value)})" if d.issue in issues else ""
        turns.append((d.round, f"partial deal: {d.issue} settled on its own at {d.value:.1f}{meaning}."))
    paid = False
    for r in model.history:
        if r.events:
            turns.append((r.round, f"event: {'; '.join(r.events)}."))
        if r.payments and not paid:
            paid = True
            promised = ", ".join(f"{a} {v:.3f}" for a, v in r.payments.items())
            turns.append((r.round, f"the mediator first promises side payments: {promised}."))
    return turns


def _ripe_then(opened: int, ripe_round: int | None) -> str:
    if ripe_round is None:
        return "the conflict is not ripe, and does not become ripe in this run"
    if ripe_round > opened:
        return f"the conflict is not yet ripe (it becomes ripe {_rounds(ripe_round - opened)} later)"
    if ripe_round == opened:
        return "the conflict is ripe"
    return f"the conflict has been ripe since round {ripe_round}"


def _ripeness(model: PeaceConference) -> list[tuple[int, str]]:
    """When the conflict became ripe after talks had opened, and what open-but-not-ripe means."""
    start, ripe = model.talks_start, model.ripe_round
    if start is None:
        return []
    if ripe is None:
        return [(start, f"never ripe: in no round do {RIPE}; the talks run because the scenario convenes them.")]
    if ripe <= start:
        return []
    return [
        (ripe, f"the conflict becomes ripe, {_rounds(ripe - start)} after the talks opened: {RIPE}."),
        (ripe, "open is not ripe: texts had been tabled and voted on since the talks opened, before the sides saw it so."),
    ]  # fmt: skip


def _votes(model: PeaceConference) -> list[tuple[int, str]]:
    """The first round each voting party accepted a text (a principal's with the worth and its demand)."""
    first: dict[str, int] = {}
    for r in model.history:
        for code in r.yes:
            first.setdefault(code, r.round)
    course = {c.round: c for c in model.course}
    voters = [model.ids[i] for i in model.voter_list]
    turns = []
    for rnd in sorted(set(first.values())):
        who = [code for code in voters if first.get(code) == rnd]
        so_far = sum(1 for code in voters if code in first and first[code] <= rnd)
        notes = [f"{so_far} of {len(voters)} voters have accepted one by now"]
        for code in who:
            i = model.ids.index(code)
            worth = course[rnd].worth
            if model.principals[i] and worth is not None:
                notes.append(f"worth {worth[i]:.3f} to {code}, which demands {course[rnd].aspirations[i]:.3f}")
        verb = "accepts" if len(who) == 1 else "accept"
        turns.append((rnd, f"{', '.join(who)} {verb} a text for the first time ({'; '.join(notes[1:] + notes[:1])})."))
    return turns  # fmt: skip


def _concessions(model: PeaceConference) -> list[tuple[int, str]]:
    """Each principal's first concession (the round its demand first falls) and its largest in one
    round, with the issues it moved most then."""
    turns = []
    course = [c for c in model.course if c.round < len(model.positions_history)]
    for i in model.principal_list:
        drops = {
            course[k].round: course[k - 1].aspirations[i] - course[k].aspirations[i] for k in range(1, len(course))
        }
        drops = {rnd: drop for rnd, drop in drops.items() if drop >= 0.001}
        if not drops:
            continue
        first, largest = min(drops), max(drops, key=lambda rnd: drops[rnd])
        for rnd, what in sorted({first: "first concession", largest: "largest concession in one round"}.items()):
            turns.append((rnd, _concession(model, i, rnd, what, drops[rnd])))
    return turns


def _concession(model: PeaceConference, i: int, rnd: int, what: str, drop: float) -> str:
    before, after = model.positions_history[rnd - 1][i], model.positions_history[rnd][i]
    on = moves(before, after, model.issue_ids, model.has_position[i], limit=2)
    demand = next(c.aspirations[i] for c in model.course if c.round == rnd)
    told = f"{model.ids[i]}'s {what}: its demand falls {demand + drop:.3f} -> {demand:.3f}"
    return told + (f", on {on}." if on else ".")


def _gap_table(model: PeaceConference) -> list[str]:
    """A few rounds of talks: how many voters accepted, and per principal the text's worth / its demand."""
    records = model.history
    worth_known = [r for r in records if (entry := _entry(model, r.round)) is not None and entry.worth is not None]
    if not worth_known or not model.principal_list:
        return []
    step = max(1, int(np.ceil(len(worth_known) / TABLE_ROWS)))
    shown = worth_known[::step]
    if shown[-1] is not worth_known[-1]:
        shown = shown[:-1] + [worth_known[-1]] if len(shown) >= TABLE_ROWS else shown + [worth_known[-1]]
    codes = [model.ids[i] for i in model.principal_list]
    dated = model.calendar is not None
    head = "  round" + ("  date      " if dated else "") + "  accepted" + "".join(f"  {c:>13}" for c in codes)
    lines = ["How the gap closed: the text on the table, worth to each principal / what it demands:", head]
    n_voters = len(model.voter_list)
    for r in shown:
        entry = _entry(model, r.round)
        assert entry is not None and entry.worth is not None
        cells = "".join(f"  {entry.worth[i]:>5.3f} / {entry.aspirations[i]:.3f}" for i in model.principal_list)
        date = f"  {model.calendar.iso(r.round)}" if model.calendar is not None else ""
        lines.append(f"  {r.round:>5}{date}  {len(r.yes):>3} of {n_voters:<2}{cells}")
    return lines


def _entry(model: PeaceConference, rnd: int):  # noqa: ANN202 (a CourseEntry or None)
    for c in model.course:
        if c.round == rnd:
            return c
    return None


def _blocked(model: PeaceConference) -> list[str]:
    """Who turned down the last text, and whether it beat fighting on for them."""
    if not model.history or model.outcome in (None, "agreement"):
        return []
    last = model.history[-1]
    entry = _entry(model, last.round)
    if not last.no or entry is None or entry.worth is None:
        return []
    lines = [f"The last text, in {label(model.calendar, last.round)}, is turned down by {', '.join(last.no)}:"]
    for code in last.no:
        i = model.ids.index(code)
        worth, demand, walk = entry.worth[i], entry.aspirations[i], entry.reservations[i]
        beats = "more" if worth > walk else "less"
        short = f", {demand - worth:.3f} more" if demand > worth else ""
        rule = model.delegations[code].rule.describe()
        lines.append(
            f"  {code}: the text is worth {worth:.3f} to it, {beats} than fighting on ({walk:.3f}), "
            f"but its rule, {rule}, still demands {demand:.3f}{short}."
        )
    return lines


def _rounds(n: int) -> str:
    return f"{n} round{'s' if n != 1 else ''}"
