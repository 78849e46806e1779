"""The round-by-round narrative of a finished conference (``peacesim run --explain full``).

For every round of talks: who moved on which issues and why their concession rule made them
move (each rule explains itself: ``ConcessionRule.explain``), the text put on the table and by
whom, who accepted and who blocked it and why. Rounds of war before the talks are summed up.
A move is told only on the issues the actor states a position on, and only when it shows (a
change of at least 0.1 at one decimal); actors whose lines would read the same are told in one
line. No indented line is longer than ``WIDTH`` characters: a longer one goes on, indented, below.
(``simulator.report.brief`` tells the same run in a page: ``--explain``.)
"""

from __future__ import annotations

import textwrap

import numpy as np

from simulator.conference.agents import Mediator
from simulator.conference.model import PeaceConference
from simulator.core.calendar import label
from simulator.core.utility import own_utilities
from simulator.negotiation.rules import Move
from simulator.report.talks import closing, episode_entries, opening, partial_deal, partial_deal_entries

SHOWN_ISSUES = 3  # issues named per move; the rest are counted
WIDTH = 200  # the longest line of the full narrative
INDENT = "      "  # a long line goes on below, this far in


def wrap(line: str, width: int = WIDTH) -> list[str]:
    """``line`` as it is when it fits in ``width`` characters, else broken at spaces, the rest indented."""
    if len(line) <= width:
        return [line]
    return textwrap.wrap(line, width, subsequent_indent=INDENT, break_on_hyphens=False, break_long_words=False)


def shown(before: float, after: float) -> bool:
    """Whether a move shows at one decimal (84.74 -> 84.66 reads 84.7 -> 84.7: it does not)."""
    return f"{before:.1f}" != f"{after:.1f}"


def moves(
    before: np.ndarray,
    after: np.ndarray,
    issues: list[str],
    stated: np.ndarray | None = None,
    limit: int = SHOWN_ISSUES,
) -> str:
    """'TERR_LINE 50.0 -> 52.1, SANCTIONS 30.0 -> 31.0 (+2 more)', largest moves first; only the
    issues in ``stated`` (where the actor has a position; all without it), only moves that show."""
    change = np.abs(after - before)
    keep = [bool(stated is None or stated[k]) and shown(before[k], after[k]) for k in range(len(issues))]
    order = [int(k) for k in np.argsort(-change, kind="stable") if keep[k]]
    named = ", ".join(f"{issues[k]} {before[k]:.1f} -> {after[k]:.1f}" for k in order[:limit])
    more = len(order) - limit
    return named + (f" (+{more} more)" if more > 0 else "")


def listing(issues: list[str], text: list[float]) -> str:
    """'TERR_LINE 61.8, SANCTIONS 52.2': a text, issue by issue."""
    return ", ".join(f"{k} {v:.1f}" for k, v in zip(issues, text, strict=True))


def _values(model: PeaceConference, positions: np.ndarray) -> np.ndarray:
    return own_utilities(positions, model.ideals, model.saliences, model.form)


def narrate(model: PeaceConference) -> str:
    """The story of a finished run, one paragraph per round of talks.

    >>> from simulator.api import run_conference
    >>> story = narrate(run_conference("docs/examples/two-party.yaml").model)
    >>> print(story.splitlines()[0])
    Talks open in round 1 at the start, as the scenario convenes them; the conflict was ripe then (ripe in this very round).
    >>> for line in story.splitlines()[3:6]:
    ...     print(line)
      A, B: time_dependent (linear, beta 1): by talk round 1 of 10 it gives up 10.0% of the way from its ideal to the least it will accept, 0.00, so it demands 0.90 (was 1.00)
          A moves on X 0.0 -> 10.0
          B moves on X 100.0 -> 90.0
    """
    course = {c.round: c for c in model.course}
    records = {r.round: r for r in model.history}
    start = model.talks_start
    horizon = model.max_rounds - (start or 1) + 1
    calendar = model.calendar
    episodes = episode_entries(model)
    opened = {e["opened"]: opening(calendar, e, model.ripe_round) for e in episodes}
    closed = {e["closed"]: line for e in episodes if (line := closing(calendar, e)) and e["ended"] == "suspended"}
    deals = partial_deal_entries(model)
    lines: list[str] = []
    if start is None or start > 1:
        lines.append(before_talks(model))
    for rnd in sorted(records):
        record = records[rnd]
        reservations, aspirations, worth = course[rnd].reservations, course[rnd].aspirations, course[rnd].worth
        before_aspirations = course[rnd - 1].aspirations if rnd - 1 in course else [1.0] * model.n_agents
        talk_round = rnd - (start or 1) + 1
        if rnd in opened:
            lines.append(opened.pop(rnd))
        notes = [] if calendar is None else [calendar.iso(rnd)]
        notes += [f"talk round {talk_round} of {horizon}"] if start and start > 1 else []
        header = f"Round {rnd}" + (f" ({'; '.join(notes)})" if notes else "")
        lines.append(header + (f" - events: {', '.join(record.events)}" if record.events else ""))
        if model.war.sides and len(model.territory) >= rnd:
            side = model.ids[model.war.sides[0]]
            walk = ", ".join(f"{model.ids[j]} {reservations[j]:.2f}" for j in model.principal_list)
            lines.append(f"  war: {side} holds {model.territory[rnd - 1]:.1%}; walk-away values {walk}")
        if model.classic:
            lines += _classic_moves(model, rnd)
        else:
            lines += _rule_moves(model, rnd, talk_round, reservations, aspirations, before_aspirations)
        tabled = f", tabled by {record.proposer}" if record.proposer else ""
        lines.append(f"  text on the table{tabled}: {listing(model.issue_ids, record.text)}")
        if record.payments:
            paid = ", ".join(f"{a} {v:.3f}" for a, v in record.payments.items())
            lines.append(f"  the mediator promises side payments: {paid}")
        if not model.classic:
            lines.append(_votes(model, record.yes, record.no, worth, aspirations))
        lines += [f"  {partial_deal(calendar, d)}" for d in deals if d["round"] == rnd]
        if rnd in closed:
            lines.append(closed.pop(rnd))
    # what no round of talks carried: talks that opened or closed in a round without a text, deals out of session
    lines += [*opened.values(), *closed.values()]
    lines += [partial_deal(calendar, d) for d in deals if d["round"] not in records]
    lines.append(ending(model))
    # the detail lines are kept to WIDTH; the sentences on the talks (shared with the report) stay whole
    return "".join(f"{part}\n" for line in lines for part in (wrap(line) if line.startswith(" ") else [line]))


def before_talks(model: PeaceConference) -> str:
    start, calendar = model.talks_start, model.calendar
    fought = (start - 1) if start else model.round
    dates = "" if calendar is None else f" ({calendar.iso(1)} to {calendar.iso(fought)})"
    text = (
        f"Rounds 1-{fought}{dates}: fighting, no talks"
        if fought > 1
        else f"{capital(label(calendar, 1))}: fighting, no talks"
    )
    if model.war.sides and model.territory:
        side = model.ids[model.war.sides[0]]
        text += f" ({side} holds {model.territory[0]:.1%} -> {model.territory[fought - 1]:.1%})"
    if model.ripe_round is not None and (start is None or model.ripe_round < start):
        text += f"; the conflict became ripe in {label(calendar, model.ripe_round)}"
    return text + "."  # (the next line tells how talks opened)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _rule_moves(
    model: PeaceConference,
    rnd: int,
    talk_round: int,
    reservations: list[float],
    aspirations: list[float],
    before_aspirations: list[float],
) -> list[str]:
    positions = model.positions_history
    before, after = positions[rnd - 1], positions[rnd]
    # what the reciprocal rules saw: the others' concessions in their own utility, last round
    conceded = np.zeros(model.n_agents)
    if rnd >= 2:
        conceded = np.maximum(_values(model, positions[rnd - 2]) - _values(model, positions[rnd - 1]), 0.0)
    floors = model.domestic.floors(np.array(reservations))  # what the rules concede toward
    known = model.ripeness.in_talk_rounds(model.events.deadline_at(rnd))  # as the rules read it that round
    war_paces = model.bargaining.war_deadlines(talk_round)
    said: dict[str, dict[str, list[str]]] = {}  # why -> what it did -> the actors who did it, in order
    held = []
    for agent in model.agents:
        if isinstance(agent, Mediator):
            continue
        i = agent.index
        others = model.voters.copy()
        others[i] = False
        move = Move(
            round=talk_round,
            horizon=known or float(war_paces[i]),  # the deadline it concedes against, short of its own
            before=before_aspirations[i],
            after=aspirations[i],
            reservation=float(floors[i]),
            ripe_since=int(model.ripe_since[i]),
            others_conceded=float(conceded[others].mean()) if others.any() else 0.0,
        )
        moved = moves(before[i], after[i], model.issue_ids, model.has_position[i])
        if moved:
            said.setdefault(agent.rule.explain(move), {}).setdefault(f"on {moved}", []).append(agent.code)
        elif model.principals[i]:  # why a party to the war holds matters; for the others a list will do
            said.setdefault(agent.rule.explain(move), {}).setdefault("hold", []).append(agent.code)
        else:
            held.append(agent.code)
    lines = [line for why, done in said.items() for line in _told(why, done)]
    if held:
        lines.append(f"  held their offers: {', '.join(held)}")
    return lines


def _told(why: str, done: dict[str, list[str]]) -> list[str]:
    """The actors with one reason: 'A moves on X 0.0 -> 10.0. why' on one line if it fits, else
    the reason on the next line; when they moved differently, the reason once, then each move."""
    if len(done) > 1:
        who = ", ".join(code for codes in done.values() for code in codes)
        return [f"  {who}: {why}"] + [f"{INDENT}{_did(codes, what)}" for what, codes in done.items()]
    (what, codes), *_ = done.items()
    line = f"  {_did(codes, what)}. {why}"
    return [line] if len(line) <= WIDTH else [f"  {_did(codes, what)}.", f"{INDENT}{why}"]


def _did(codes: list[str], what: str) -> str:
    """'UKR moves on X 1.0 -> 2.0', 'EU, UK each move on ...', 'RUS holds its offer', 'A, B hold their offers'."""
    who = ", ".join(codes)
    if what == "hold":
        return f"{who} holds its offer" if len(codes) == 1 else f"{who} each hold their offer"
    return f"{who} moves {what}" if len(codes) == 1 else f"{who} each move {what}"


def _classic_moves(model: PeaceConference, rnd: int) -> list[str]:
    before, after = model.positions_history[rnd - 1], model.positions_history[rnd]
    name = model.protocol.name
    lines = []
    for i, code in enumerate(model.ids):
        moved = moves(before[i], after[i], model.issue_ids, model.has_position[i])
        if moved:
            lines.append(f"  {code} moves on {moved} ({name}: the model's challenges and responses)")
    return lines or [f"  no position moved ({name})"]


def _votes(
    model: PeaceConference, yes: list[str], no: list[str], worth: list[float] | None, aspirations: list[float]
) -> str:
    """'  accepted: A; rejected: B (worth 0.400 to it; demands 0.980)': what the text is worth to each
    who turned it down, and what it demands."""
    text = f"  accepted: {', '.join(yes) or 'nobody'}"
    if no and worth is not None:
        index = model.ids.index
        reasons = [f"{a} (worth {worth[index(a)]:.3f} to it; demands {aspirations[index(a)]:.3f})" for a in no]
        text += f"; rejected: {', '.join(reasons)}"
    return text


def ending(model: PeaceConference) -> str:
    calendar = model.calendar
    if model.outcome is None:  # told mid-run (the app tells the story so far)
        horizon = "" if calendar is None else f" (horizon {calendar.iso(model.max_rounds)})"
        return f"In progress: {label(calendar, model.round)} of {model.max_rounds}{horizon}."
    outcome = model.outcome.replace("_", " ").upper()
    text = f"{outcome} in {label(calendar, model.settled_round or model.round)}"
    if model.outcome == "agreement":
        assert model.text is not None
        text += f": {listing(model.issue_ids, model.text.tolist())}"
    elif model.walked_out:
        text += f": {model.walked_out} walked out (fighting on was worth more than any text it could expect)"
    elif model.blockers:
        text += f"; blocked by {', '.join(model.blockers)}"
    if model.ratified and not all(model.ratified.values()):
        failed = [a for a, ok in model.ratified.items() if not ok]
        text += f"; not ratified by {', '.join(failed)}"
    return text + "."
