"""Every field of a scenario file, declared once as a ``Param``: kind, default, bounds, allowed
values and a one-line meaning.

The validator (``simulator.scenario.validate``) reads its bounds, defaults and key lists here;
events and ``--set`` check the values they change against the same declarations
(``EVENT_TARGETS``); ``simulator.scenario.schema`` turns the tables into a JSON Schema and a
Markdown field table. The order of each table is the order the error messages list its keys in.
"""

from __future__ import annotations

from simulator.core.params import Param

ROLES = ("principal", "guarantor", "mediator", "observer")
UTILITY_FORMS = ("linear", "quadratic")
SALIENCE_FORMS = ("relative", "absolute")
SALIENCE_TOLERANCE = 1e-3  # a salience sum this close to 1 is normalised without a warning

# Settings blocks: validated like a rule's parameters, documented in docs/scenario-format.md and
# docs/war.md.
WAR_SETTINGS: dict[str, Param] = {
    "sides": Param("agents", [], "the two belligerents; default: the first two principals"),
    "territory": Param("float", 0.5, "share of the contested territory the first side holds at the start", 0.0, 1.0),
    "battle_step": Param("float", 0.01, "share of the contested territory that one round's battle moves", 0.0, 1.0),
    "true_capability": Param("agent_map", {}, "strength that decides battles, where it differs from the public capability (private information)", low=0.0),
    "aid": Param("agent_map", {}, "patrons' aid: strength added to a side in battle", low=0.0),
    "sanctions": Param("agent_map", {}, "cost per round added to a target's war cost", low=0.0, high=1.0),
    "reservation": Param("str", "fixed", "fixed: the scenario's walk-away values, lowered by war costs; lottery: Fearon's value of fighting on, from beliefs and costs", choices=("fixed", "lottery")),
    "horizon": Param("int", 50, "rounds of fighting a side expects ahead when it values fighting on (lottery)", 1, 100_000),
    "belief": Param("agent_map", {}, "a side's prior chance of winning a battle; default: the true chance (complete information)", 0.0, 1.0),
    "belief_strength": Param("float", 20.0, "weight of the prior beliefs, in battles", 0.01, 1e9),
    "misperception": Param("float", 0.0, "chance that a side misreads a battle's outcome", 0.0, 0.5),
    "power_shift": Param("agent_map", {}, "rise a side expects in its chance of winning within the horizon (lottery; either side, or both)", -1.0, 1.0),
    "shift_gains": Param("float", 1.0, "weight of a side's own expected rise in its value of fighting on (expected gains; 0 switches the effect off)", 0.0, 1.0),
    "shift_preventive": Param("float", 1.0, "weight of the other side's expected rise in a side's value of fighting on after a broken deal (the preventive motive, Fearon 1995, Powell 2006; 0 switches it off)", 0.0, 1.0),
    "escalation": Param("str", "none", "how sanctions and rearmament act on their target: spiral (grievance outruns cost) or deterrence", choices=("none", "spiral", "deterrence")),
    "rearmament": Param("agent_map", {}, "capability an agent adds each round by arming", 0.0, 1.0),
}  # fmt: skip
RIPENESS_SETTINGS: dict[str, Param] = {
    "horizon": Param("int", 20, "rounds within which a side would have to expect to win", 1, 100_000),
    "decisive": Param("float", 0.1, "territory gain within the horizon that counts as winning", 0.0, 1.0),
    "pain": Param("float", 0.0, "cumulative war cost above which a side is hurting", 0.0, 1000.0),
}
CONFERENCE_SETTINGS: dict[str, Param] = {
    "convene": Param("str", "start", "when talks open: start, round (convene_round), ripe (Zartman), mediator (once one side is ripe)", choices=("start", "round", "ripe", "mediator")),
    "convene_round": Param("int", 1, "the round talks open when convene is 'round'", 1, 100_000),
    "reconvene": Param("str", "convene", "after a walk-out: never (the talks are over) or convene (they reopen once the convening rule calls them again and every party that left expects more from talks than from fighting on)", choices=("never", "convene")),
    "reconvene_after": Param("int", 4, "rounds a suspension of the talks lasts at least", 1, 100_000),
    "credibility": Param("float", 1.0, "chance an agreed text holds without guarantees", 0.0, 1.0),
    "guarantee": Param("float", 0.0, "credibility added per unit of guarantor capability, as far as the text provides the guarantee (guarantee_issues)", 0.0, 100.0),
    "guarantee_issues": Param("issue_map", {}, "the issues on which a text provides the guarantee, each with the point where it leaves none: the guarantee is full at the far end of the scale and falls linearly to nothing there; empty: every text provides it in full", 0.0, 100.0),
    "win_sets": Param("str", "known", "known: negotiators will not sign below their win-set; unknown: they may, and ratification can fail", choices=("known", "unknown")),
    # theory lenses (simulator/negotiation/lenses.py) set these; each is neutral at its default
    "relative_gains": Param("float", 0.0, "weight k on relative gains (Grieco 1988; Snidal 1991; Powell 1991): a belligerent's text is worth u - k / (N - 1) * (rival's gain - own gain), N voters, the rival the other side of the war, gains over walk-away values", 0.0, 5.0),
    "influence_exponent": Param("float", 1.0, "capability is raised to this power in the weight of a party's offer in the mediator's draft (2: power decides more)", 0.0, 5.0),
    "amity": Param("float", 0.0, "weight on the gains of like-minded parties (collective identity, Wendt 1999); like-mindedness from ideal points (S-score)", 0.0, 5.0),
    "threat": Param("float", 0.0, "weight against the gains of parties whose ideals oppose its own (threat perception)", 0.0, 5.0),
    "agreement_value": Param("float", 0.0, "utility an agreement is worth in itself to every voter (institutions lower the cost of agreeing, Keohane 1984)", 0.0, 1.0),
}  # fmt: skip
MEDIATION_SETTINGS: dict[str, Param] = {
    "communicator": Param("float", 0.0, "share of the parties' misperception it removes", 0.0, 1.0),
    "formulator": Param("float", 0.0, "weight its drafts put on the Nash solution of what it believes", 0.0, 1.0),
    "leverage": Param("float", 0.0, "side payments it can promise, in utility, in all", 0.0, 10.0),
    "linkage": Param("bool", False, "compensates a party that loses an indivisible issue on the other issues"),
}
RED_LINE_SETTINGS: dict[str, Param] = {
    "issue": Param("issue", None, "the issue", required=True),
    "at": Param("float", None, "the point on the scale it has publicly refused to pass", 0.0, 100.0, required=True),
    "cost": Param("float", 0.1, "utility lost by passing it", 0.0, 1.0),
    "growth": Param("float", 0.0, "added cost per round (audience costs grow)", 0.0, 1.0),
}

ISSUE_FIELDS: dict[str, Param] = {
    "id": Param("text", None, "unique among the issues", required=True),
    "name": Param("text", None, "shown in the report; default: the id"),
    "anchors": Param("point_map", None, "what points on the 0..100 scale mean; 0 and 100 must both be given", 0, 100, required=True),
    "options": Param("points", None, "the only points a text may take (an indivisible issue); stored sorted", 0.0, 100.0),
    "separable": Param("bool", False, "can be settled on its own while the other issues stay open (a partial deal)"),
    "scale": Param("text", "", "which end of the scale is whose, in one line (`0 = ..., 100 = ...`), shown in the report; default: the texts of anchors 0 and 100"),
}  # fmt: skip
AGENT_FIELDS: dict[str, Param] = {
    "id": Param("text", None, "unique among the agents", required=True),
    "name": Param("text", None, "shown in the report; default: the id"),
    "role": Param("choice", None, "who votes and concedes", choices=ROLES, required=True),
    "bloc": Param("text", "", "free text, not used in any computation"),
    "capability": Param("float", None, "weight of its vote, offer and ideal; only ratios matter", low=0.0, required=True),
    "reservation": Param("float", 0.0, "utility of walking away and fighting on, at the start", 0.0, 1.0),
    "rule": Param("component", "time_dependent", "its concession rule (peacesim rules)", of="rule"),
    "position": Param("issue_map", {}, "its ideal point on each issue; an issue left out: no stated position", 0.0, 100.0),
    "salience": Param("issue_map", {}, "weight of each issue in its utility; normalised to sum to 1", low=0.0),
    "sources": Param("issue_lists", {}, "the documents behind each position; not used in computation"),
    "ratification": Param("number_map", {}, "veto players at home and the utility each needs to ratify", 0.0, 1.0),
    "red_lines": Param("records", [], "public red lines (audience costs)", of=RED_LINE_SETTINGS),
    "mediation": Param("record", {}, "a mediator's means", of=MEDIATION_SETTINGS),
}  # fmt: skip
CONFERENCE_FIELDS: dict[str, Param] = {
    "protocol": Param("component", None, "how texts are proposed (peacesim protocols)", of="protocol", required=True),
    "agreement": Param("component", "unanimity", "who must say yes (peacesim agreements)", of="agreement rule"),
    "max_rounds": Param("int", 100, "the horizon: rounds the run looks ahead (not a deadline the parties know)", 1, 100_000),
    "deadline": Param("int", 0, "a round by which every party knows the talks must end (an ultimatum); 0: none is known", 0, 100_000),
    "walkout": Param("agents", None, "who may walk out (principals and guarantors); default: every principal"),
    "walkout_patience": Param("int", 3, "rounds a party stays below its reservation before it walks out", 1, 1000),
    "utility": Param("choice", "linear", "the form of the utility function", choices=UTILITY_FORMS),
    "settle_tolerance": Param("float", 5.0, "points within which offers count as agreed on an issue", 0.0, 100.0),
    **CONFERENCE_SETTINGS,
}  # fmt: skip
WAR_FIELDS: dict[str, Param] = {
    "cost_per_round": Param("agent_map", {}, "utility each agent's reservation loses per round of war", 0.0, 1.0),
    **WAR_SETTINGS,
}
EVENT_FIELDS: dict[str, Param] = {
    "round": Param("int", None, "the round it happens in, before that round's fighting", 1, 100_000, required=True),
    "name": Param("text", None, "shown in the report; default: event N"),
    "set": Param(
        "changes",
        None,
        "PATH: VALUE changes, for example agents.USA.capability: 0.5; required unless deadline is given",
    ),
    "deadline": Param(
        "int", None, "from this round on, every party knows the talks must end by this round (an ultimatum)", 1, 100_000
    ),
}
REFERENCE_OUTCOMES = ("agreement", "partial", "no_agreement", "breakdown")
PROVENANCE = ("src", "mem", "est")
REFERENCE_ISSUE_FIELDS: dict[str, Param] = {
    "outcome": Param("float", None, "the real outcome on the issue's scale", 0.0, 100.0, required=True),
    "outcome_text": Param("text", "", "what was agreed"),
    "prov": Param("choice", None, "provenance: src (a source), mem (memory), est (estimate)", choices=PROVENANCE, required=True),
    "sources": Param("ids", [], "source ids"),
    "implementation": Param("float", None, "the value actually implemented, where the data scores it", 0.0, 100.0),
}  # fmt: skip
REFERENCE_FIELDS: dict[str, Param] = {
    "outcome": Param("choice", None, "how the real talks ended", choices=REFERENCE_OUTCOMES, required=True),
    "outcome_type": Param("text", "", "the kind of settlement"),
    "outcome_text": Param("text", "", "what was agreed"),
    "dates": Param("text_map", {}, "dates of the case's events"),
    "implementation": Param("text", "", "how the settlement was carried out"),
    "sources": Param("ids", [], "source ids"),
    "issues": Param("issue_records", {}, "the real outcome on each issue", of=REFERENCE_ISSUE_FIELDS),
}  # fmt: skip
CALENDAR_FIELDS: dict[str, Param] = {
    "start": Param("date", None, "the date of the first round", required=True),
    "round": Param("duration", "1 week", "the length of a round: N days, weeks or months"),
}
TOP_FIELDS: dict[str, Param] = {
    "name": Param("text", None, "shown in the report; default: the file name without its extension"),
    "description": Param("text", "", "free text"),
    "as_of": Param("text", "", "the date the positions describe (free text; quote a date)"),
    "calendar": Param("record", None, "the date of the first round and the length of a round", of=CALENDAR_FIELDS),
    "saliences": Param("choice", "relative", "relative: shares of attention, normalised; absolute: each in [0, 1] as written", choices=SALIENCE_FORMS),
    "issues": Param("records", None, "the issues on the table, at least one", of=ISSUE_FIELDS, required=True),
    "agents": Param("records", None, "the delegations, at least one principal", of=AGENT_FIELDS, required=True),
    "conference": Param("record", None, "the conference rules", of=CONFERENCE_FIELDS, required=True),
    "war": Param("record", {}, "the war beside the talks", of=WAR_FIELDS),
    "ripeness": Param("record", {}, "when a stalemate hurts (Zartman)", of=RIPENESS_SETTINGS),
    "events": Param("records", [], "scheduled changes", of=EVENT_FIELDS),
    "reference": Param("record", None, "the real outcome of a historical case", of=REFERENCE_FIELDS),
}  # fmt: skip

# What an event (or a sweep) may change, with the bounds of the field it changes: agent fields
# (agents.ID.FIELD[.ISSUE]) and war fields given per agent (war.FIELD.ID).
AGENT_EVENT_FIELDS: dict[str, Param] = {
    name: AGENT_FIELDS[name] for name in ("capability", "reservation", "position", "salience")
}
WAR_EVENT_FIELDS: dict[str, Param] = {
    name: WAR_FIELDS[name] for name in ("cost_per_round", "aid", "sanctions", "true_capability", "power_shift")
}
EVENT_TARGETS = (
    "agents.ID.capability, agents.ID.reservation, agents.ID.position.ISSUE, agents.ID.salience.ISSUE, "
    + ", ".join(f"war.{name}.ID" for name in WAR_EVENT_FIELDS)
)


def field_at(steps: list[str | int]) -> Param | None:
    """The declaration of the field a ``--set`` path (split by ``split_path``) leads to, or
    ``None`` where it depends on the file (a rule's parameters depend on its type).

    >>> field_at(["conference", "max_rounds"]).kind, field_at(["agents", "RUS", "position", "X"]).high
    ('int', 100.0)
    """
    fields: dict[str, Param] | None = TOP_FIELDS
    field = None
    position = 0
    while position < len(steps):
        step = steps[position]
        if fields is None or not isinstance(step, str) or step not in fields:
            return None
        field = fields[step]
        position += 1
        if field.kind == "records":  # the next step is an index or an id
            position += 1
        if field.kind in ("issue_map", "agent_map", "number_map") and position < len(steps):
            position += 1
            return Param("float", None, field.doc, field.low, field.high) if position == len(steps) else None
        fields = field.of if field.kind in ("record", "records") else None
    return field
