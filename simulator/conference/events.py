"""Scheduled events: changes to the parties or the war that the scenario sets for given rounds."""

from __future__ import annotations

from simulator.negotiation.parties import Parties
from simulator.scenario.spec import Change, EventSpec, Scenario
from simulator.war.conflict import War


class Events:
    """The scenario's events by round, applied to the parties and the war as their rounds come."""

    def __init__(self, scenario: Scenario, parties: Parties, war: War) -> None:
        self.parties, self.war = parties, war
        self.initial_deadline = scenario.conference.deadline
        self.ultimatums = [(e.round, e.deadline) for e in scenario.events if e.deadline is not None]  # in round order
        self.by_round: dict[int, list[EventSpec]] = {}
        for event in scenario.events:
            self.by_round.setdefault(event.round, []).append(event)

    def apply(self, round_: int, after_battle: bool) -> list[str]:
        """Changes scheduled for this round: those that shape the fighting before the battle;
        a new walk-away value after it, so that it is the value in force during the round.
        Returns the names of the round's events."""
        fired = []
        for event in self.by_round.get(round_, []):
            for change in event.changes:
                if (change.target[-1] == "reservation") == after_battle:
                    self.apply_change(change)
            fired.append(event.name)
        return fired

    def deadline_at(self, round_: int) -> int:
        """The round every party knows, in round ``round_``, the talks end by (0: none): the
        scenario's, or the latest ultimatum announced by then."""
        known = self.initial_deadline
        for announced, deadline in self.ultimatums:
            if announced > round_:
                break
            known = deadline
        return known

    def apply_change(self, change: Change) -> None:
        """Apply one scheduled change (validated at load time) to the running conference."""
        ids = self.parties.ids
        if change.target[0] == "war":
            _, what, agent_id = change.target
            self.war.change(what, ids.index(agent_id), change.value)
            return
        _, agent_id, what, *issue = change.target
        if what == "reservation":
            self.war.value[ids.index(agent_id)] = change.value
        self.parties.change(agent_id, what, issue[0] if issue else None, change.value)
