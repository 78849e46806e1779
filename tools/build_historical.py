#!/usr/bin/env python3
"""Build the historical-case scenarios from the research package's backtest cases.

Reads ``../shared/data/ukraine/historical_cases.yaml`` (relative to the repository root) and writes
``scenarios/history/<case id>.yaml`` for every case with enough numeric data (see ``usable``): the
parties as principals, the mediator (if the data names one) as a mediator agent, the case's dimensions
as issues, each party's opening position, and a ``reference:`` section holding the real outcome. Runs
of these files put the simulated settlement beside the real one (``simulator/report/reference.py``,
``peacesim history``, docs/history.md).

What the data does not give (saliences, capabilities, reservations, concession rules, the conference
rules) is set by ONE rule for every case, in the ASSUMPTIONS block below. Nothing is chosen case by
case to fit the real outcome: the comparison is out of sample. The only per-case coding is the reading
of the data's own words in CODING (which roles the mediator played, who sits at the table), each with
the words it rests on, which must occur in the data.

Usage (from the repository root)::

    .venv/bin/python tools/build_historical.py            # (re)write every file
    .venv/bin/python tools/build_historical.py --check    # exit 1 if a file is out of date or extra

Standard library + PyYAML; the YAML writing helpers and the dimensions.yaml reader come from
``tools/build_scenarios.py``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_scenarios import num, one_line, quote, read_dimensions, wrap_comment  # noqa: E402

# =====================================================================================================
# ASSUMPTIONS: one rule for every case (modelling choices, NOT data, and NOT fitted to the outcomes)
# =====================================================================================================
# | what               | value                                  | why                                          |
# |--------------------|----------------------------------------|----------------------------------------------|
# | saliences          | equal over the case's issues (1/n)     | the data has none; equal weights favour no   |
# |                    |                                        | issue and no party                           |
# | capability         | 1 for every party and the mediator     | the data has none; parties count equally     |
# | utility            | quadratic loss                         | with equal saliences a linear loss makes the |
# |                    |                                        | Nash solution a whole segment (the solver    |
# |                    |                                        | would pick a text by the order of the issues |
# |                    |                                        | in the file); a quadratic loss makes it one  |
# |                    |                                        | point, and is the usual spatial-model loss   |
# | reservation        | 0.3 for every party                    | tools/build_scenarios.py's value for actors  |
# |                    |                                        | without an estimate of their own             |
# | concession rule    | time_dependent, beta 1 (linear)        | build_scenarios.py's default rule            |
# | protocol           | single_text (noise 2, responsiveness   | the data names a mediator or host; noise as  |
# |                    | 0.25) with a mediator; else            | in the shipped scenarios; without one the    |
# |                    | alternating_offers (first proposer     | parties table texts in turn                  |
# |                    | drawn from the seed)                   |                                              |
# | agreement rule     | unanimity                              | the real texts needed every party's consent  |
# | max_rounds         | 100 (walk-out: every party, default)   | as in the shipped scenarios                  |
# | deadline           | 100, known to every party              | no war is modelled, so without a known       |
# |                    |                                        | deadline nothing would press a party to      |
# |                    |                                        | concede; the end of the horizon, as the      |
# |                    |                                        | rules read it before the horizon and the     |
# |                    |                                        | deadline were told apart (issue 12)          |
# | calendar           | starts on the first date the case's    | the real calendar; the shortest unit puts    |
# |                    | `dates` give; a round is 1 day, 1 week | the most rounds in the talks, and fitting    |
# |                    | or 1 month: the shortest in which the  | the horizon lets a run reach the real end.   |
# |                    | talks (first date to the end of its    | Where the data gives only the signing, no    |
# |                    | range, or to the next date) fit in     | span to fit: 1 week, the round of the        |
# |                    | max_rounds; 1 week where the data      | Ukraine scenarios (see calendar_of)          |
# |                    | gives only the signing date            |                                              |
# | mediator roles     | communicator 1 for every mediator;     | Touval and Zartman's three roles, read off   |
# |                    | formulator 0.5 where the data has it   | the data's description of the mediator (see  |
# |                    | formulate or draft the texts; leverage | CODING); one value per role for every case   |
# |                    | 0.1 where it mentions side payments or |                                              |
# |                    | coercion                               |                                              |
# | war                | not modelled (no costs, battle_step 0) | the data has no battlefield series for these |
# |                    |                                        | cases                                        |
# | opening positions  | party A at A_open, B at B_open; where  | the data file's header: 0 = opening position |
# |                    | the data gives none, A at 0 and B at   | of party A, 100 = of party B unless stated   |
# |                    | 100, marked est                        |                                              |
SALIENCE = "equal"
CAPABILITY = Decimal("1")
UTILITY = "quadratic"
RESERVATION = Decimal("0.3")
RULE = "{type: time_dependent, beta: 1}"
NOISE = Decimal("2")
AGREEMENT = "unanimity"
MAX_ROUNDS = 100
ROLE_SETTINGS: dict[str, tuple[str, Decimal]] = {  # mediator role -> (mediation key, value)
    "communicator": ("communicator", Decimal("1")),
    "formulator": ("formulator", Decimal("0.5")),
    "manipulator": ("leverage", Decimal("0.1")),
}
ASSUMPTIONS_TEXT = (
    "Uniform assumptions, the same for every historical case and not fitted to its outcome "
    "(tools/build_historical.py, ASSUMPTIONS): equal saliences over the issues, capability 1 for every "
    "party and the mediator, reservation 0.3, time_dependent concession (beta 1), quadratic loss, "
    "unanimity, 100 rounds with a deadline at round 100 known to every party, no war costs; single_text with noise 2 when the data names a mediator or host "
    "(communicator 1; formulator 0.5 and leverage 0.1 only where the data describes formulating or side "
    "payments and coercion), alternating offers otherwise; opening positions missing in the data at 0 "
    "(party A) and 100 (party B), marked est."
)


@dataclass(frozen=True)
class Coding:
    """The reading of a case's own words: the scenario's name, which roles its mediator played (beyond
    communicator, which every mediator plays) and the data's words that reading rests on, and the
    actors the data names besides parties A and B (not seated: their positions are not coded)."""

    name: str
    roles: tuple[str, ...]
    basis: str  # words of the data (must occur in the case's text)
    reading: str  # what those words are taken to mean


CODING: dict[str, Coding] = {
    "korea_armistice_1953": Coding(
        "Korean War armistice talks (1951-1953)", (), "none (Neutral Nations",
        "no mediator: the two commands negotiated directly, so the parties table texts in turn",
    ),
    "camp_david_1978": Coding(
        "Camp David (1978)", ("formulator", "manipulator"), "active, formulative, with side payments",
        "the US drafted the texts (formulator) and offered side payments (manipulator)",
    ),
    "dayton_1995": Coding(
        "Dayton (1995)", ("manipulator",), "external coercion + great-power mediator",
        "a great-power mediator backed by coercion (manipulator); the data does not say it drafted the texts",
    ),
    "good_friday_1998": Coding(
        "Good Friday Agreement (1998)", (), "independent chair",
        "an independent chair (communicator only)",
    ),
    "minsk_i_2014": Coding(
        "Minsk I (2014)", (), "OSCE (Tagliavini) in Trilateral Contact Group",
        "the OSCE as facilitator in the contact group (communicator only)",
    ),
    "minsk_ii_2015": Coding(
        "Minsk II (2015)", (), "Germany, France (Normandy); OSCE",
        "the data names the mediators but not their style (communicator only)",
    ),
    "istanbul_2022_failed": Coding(
        "Istanbul talks (2022)", (), "host: Turkey",
        "Turkey hosted the talks (communicator only)",
    ),
    "black_sea_grain_initiative_2022": Coding(
        "Black Sea Grain Initiative (2022)", ("formulator",), "two mirror documents",
        "each side signed a text with Turkey and the UN, not with each other: the mediators held the texts "
        "(formulator)",
    ),
    "riyadh_black_sea_energy_2025": Coding(
        "Riyadh Black Sea and energy talks (2025)", ("formulator",), "US (separate statements)",
        "the US issued the outcome as its own statements with each side (formulator)",
    ),
}  # fmt: skip
# =====================================================================================================

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "ukraine"
DEFAULT_OUT = REPO / "scenarios" / "history"
DATA_REL = "../shared/data/ukraine"
SOURCE_ID_RE = re.compile(r"\bS\d{2}[a-z]?\b")
MEDIATOR_KEYS = ("mediator", "mediators", "host")  # where the data names a mediator or host
NO_AGREEMENT_RE = re.compile(r"^\s*no (agreement|deal)\b", re.IGNORECASE)
RANGE_RE = re.compile(r"\((\d+)\s*-\s*(\d+)\)")
PROV_RANK = {"mem": 0, "est": 1, "src": 2}  # weakest first: mem is the weakest (data README)


# ----------------------------------------------------------------------------------------------------
# Reading the data
# ----------------------------------------------------------------------------------------------------
def read_sources(folder: Path) -> set[str]:
    with (folder / "sources.csv").open(encoding="utf-8", newline="") as fh:
        return {row["source_id"].strip() for row in csv.DictReader(fh)}


def ids_in(*texts: Any) -> list[str]:
    """Source ids cited in the texts, in order of first appearance."""
    out: list[str] = []
    for text in texts:
        for found in SOURCE_ID_RE.findall(str(text or "")):
            if found not in out:
                out.append(found)
    return out


def as_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(as_text(v) for v in value)
    return one_line(str(value))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def case_text(case: dict[str, Any]) -> str:
    """Every text of a case, flattened (to check that a coding's words occur in the data)."""
    if isinstance(case, dict):
        return " ".join(f"{k}: {case_text(v)}" for k, v in case.items())
    if isinstance(case, list):
        return " ".join(case_text(v) for v in case)
    return as_text(case)


def outcome_prov(prov: Any) -> str:
    """The provenance of an outcome score, from the data's prov text: the weakest class it names
    for the outcome (parts about A_open or B_open are left out); est when it names none.

    >>> outcome_prov("src"), outcome_prov("src; score est"), outcome_prov("src/mem"), outcome_prov(None)
    ('src', 'est', 'mem', 'est')
    >>> outcome_prov("src; A_open est"), outcome_prov("mem/est")
    ('src', 'mem')
    """
    parts = [p for p in re.split(r";", str(prov or "")) if not re.search(r"\b[AB]_open\b", p)]
    found = [w for p in parts for w in re.findall(r"\b(src|mem|est)\b", p)]
    return min(found, key=PROV_RANK.__getitem__) if found else "est"


# ----------------------------------------------------------------------------------------------------
# One case as a scenario
# ----------------------------------------------------------------------------------------------------
@dataclass
class Position:
    value: Decimal
    prov: str
    sources: list[str]
    note: str


@dataclass
class IssueSpec:
    id: str
    name: str | None
    anchors: list[tuple[int, str]]
    positions: dict[str, Position]  # party letter -> opening position
    outcome: Decimal | None = None
    outcome_text: str = ""
    prov: str = ""
    data_prov: str = ""
    sources: list[str] = field(default_factory=list)
    implementation: Decimal | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class CaseSpec:
    id: str
    coding: Coding
    parties: dict[str, str]  # A, B -> the data's text
    not_seated: list[tuple[str, str]]  # (key in the data, text)
    mediator: str | None
    issues: list[IssueSpec]
    left_out: list[str]  # dimensions without enough numbers
    outcome: str
    reference: dict[str, Any]
    lessons: str
    as_of: str
    calendar: tuple[str, str, str]  # (start ISO date, round length, why)


def usable(case: dict[str, Any]) -> tuple[bool, str]:
    """A case is built if it has at least two dimensions with a numeric outcome, or (a case without
    agreement) numeric positions of both parties on at least two dimensions."""
    if "state_as_of_2026-02" in case:
        return False, "ongoing (the data keeps it for forecasting tests only)"
    dims = case.get("dimensions") or {}
    scored = [k for k, d in dims.items() if isinstance(d, dict) and is_number(d.get("outcome"))]
    if len(scored) >= 2:
        return True, ""
    positions = case.get("positions") or {}
    placed = [k for k, p in positions.items() if isinstance(p, dict) and all(is_number(v) for v in p.values())]
    if NO_AGREEMENT_RE.match(str(case.get("outcome", ""))) and len(placed) >= 2:
        return True, ""
    return False, f"{len(scored)} dimension(s) with a numeric outcome and {len(placed)} with numeric positions"


def mediator_of(case: dict[str, Any]) -> str | None:
    """The data's mediator (``mediator``, or ``mediator``/``mediators``/``host`` under ``parties``)."""
    found = [("mediator", case.get("mediator"))] + [(k, case.get("parties", {}).get(k)) for k in MEDIATOR_KEYS]
    for key, text in found:
        if text and not str(text).lower().startswith("none"):
            return as_text(text) if key != "host" else f"host: {as_text(text)}"
    return None


def scale_of(dim: dict[str, Any]) -> tuple[int, int] | None:
    """A raw scale stated in the data (``scale: "raw % ... (0-70)"``), to be mapped onto 0..100."""
    m = RANGE_RE.search(str(dim.get("scale", "")))
    return (int(m.group(1)), int(m.group(2))) if m else None


def mapped(raw: Decimal, scale: tuple[int, int]) -> Decimal:
    low, high = scale
    return ((raw - low) * 100 / (high - low)).quantize(Decimal("0.01")).normalize()


def opening(dim: dict[str, Any], party: str, prov_text: str) -> Position:
    """Party A's or B's opening position on a case dimension, with its provenance."""
    key, end = (f"{party}_open", 0 if party == "A" else 100)
    given = dim.get(key)
    if not is_number(given):
        why = f"not in the data; {end} = {party}'s opening by the file's convention"
        if given is not None:  # the ids it may cite support that text, not the conventional value
            why = f"the data gives {as_text(given)!r}, not a number; {end} = {party}'s opening by convention"
        return Position(Decimal(end), "est", [], why)
    value = Decimal(str(given))
    if re.search(rf"\b{key} est\b", prov_text):
        return Position(value, "est", [], f"{key} {num(value)}, marked '{key} est' in the data")
    endpoint = dim.get(int(value)) if value in (0, 100) else None
    cited = ids_in(endpoint)
    if endpoint and "[mem" in str(endpoint):
        return Position(value, "mem", cited, f"{key} {num(value)}; the endpoint text is marked mem")
    if cited:
        return Position(value, "src", cited, f"{key} {num(value)}; the endpoint text cites {', '.join(cited)}")
    return Position(value, "est", [], f"{key} {num(value)}; the endpoint text cites no source (researcher's coding)")


def dimension_issue(issue: str, dim: dict[str, Any], parties: dict[str, str]) -> IssueSpec:
    prov_text = str(dim.get("prov", "") or "")
    scale = scale_of(dim)
    spec = IssueSpec(issue, None, [], {})
    if scale:
        low, high = scale
        spec.name = f"{issue}: {as_text(dim['scale'])}, mapped onto 0-100 (points = (raw - {low}) x 100/{high - low})"
        spec.anchors = [
            (0, f"raw {low}: A's opening by the file's convention (the data: {as_text(dim.get('A_open'))})"),
            (100, f"raw {high}: B's opening by the file's convention (the data: {as_text(dim.get('B_open'))})"),
        ]
        plan = dim.get("reference_plan")
        m = re.search(r"(\d+)\s*%", str(plan or ""))
        if m:
            point = int(mapped(Decimal(m.group(1)), scale).to_integral_value())
            spec.anchors.insert(1, (point, f"raw {m.group(1)}: pre-talks reference plan, {as_text(plan)}"))
        spec.positions = {party: opening(dim, party, prov_text) for party in ("A", "B")}
        spec.notes.append(f"scale: the data's raw scale {low}-{high} is mapped onto 0-100 (the format has no ranges)")
    else:
        for end, party in ((0, "A"), (100, "B")):
            text = dim.get(end)
            if text:
                spec.anchors.append((end, as_text(text)))
            else:
                spec.anchors.append(
                    (end, f"opening position of party {party} ({parties[party]}); no endpoint text in the data, "
                          f"the file's convention: {end} = {party}'s opening")
                )  # fmt: skip
        spec.positions = {party: opening(dim, party, prov_text) for party in ("A", "B")}
    if is_number(dim.get("outcome")):
        raw = Decimal(str(dim["outcome"]))
        spec.outcome = mapped(raw, scale) if scale else raw
        text = as_text(dim.get("outcome_text", ""))
        if scale:
            text = (text + "; " if text else "") + f"raw {num(raw)} on the data's {scale[0]}-{scale[1]} scale"
        spec.outcome_text = text
        spec.prov = outcome_prov(prov_text or None)
        spec.data_prov = prov_text
        spec.sources = ids_in(dim.get("outcome_text"), prov_text)
        if is_number(dim.get("implementation")):
            spec.implementation = Decimal(str(dim["implementation"]))
    return spec


def build_case(case: dict[str, Any], dims_file: Path) -> CaseSpec:
    cid = case["id"]
    coding = CODING.get(cid)
    if coding is None:
        raise SystemExit(f"historical_cases.yaml: case {cid} has numbers but no entry in CODING")
    flat = case_text(case)
    if coding.basis not in flat:
        raise SystemExit(f"CODING {cid}: the words {coding.basis!r} do not occur in the case")
    parties_node = case.get("parties", {})
    parties = {k: as_text(parties_node[k]) for k in ("A", "B")}
    not_seated = [(k, as_text(v)) for k, v in parties_node.items() if k not in ("A", "B") and k not in MEDIATOR_KEYS]
    issues: list[IssueSpec] = []
    left_out: list[str] = []
    if case.get("dimensions"):
        for issue, dim in case["dimensions"].items():
            if not is_number(dim.get("outcome")):
                left_out.append(f"{issue} (no numeric outcome)")
                continue
            issues.append(dimension_issue(issue, dim, parties))
    else:  # positions on the simulator's own dimensions (Istanbul 2022)
        dimensions, _ = read_dimensions(dims_file)
        by_id = {d.id: d for d in dimensions}
        scale_sources = ids_in(case.get("scale"))
        names = {"A": "UKR", "B": "RUS"}
        for issue, pos in case["positions"].items():
            d = by_id[issue]
            spec = IssueSpec(issue, d.name, list(d.anchors), {})
            for party, code in names.items():
                spec.positions[party] = Position(
                    Decimal(str(pos[code])), "src", scale_sources, f"{code} in the 15 Apr 2022 draft as reported"
                )
            issues.append(spec)
    no_deal = bool(NO_AGREEMENT_RE.match(str(case.get("outcome", ""))))
    outcome_text = "; ".join(
        f"{label}{as_text(case[key])}"
        for key, label in (("outcome_notes", ""), ("performance", "performance: "))
        if case.get(key)
    )
    reference = {
        "outcome_type": as_text(case.get("outcome_type", "")),
        "outcome_text": outcome_text,
        "dates": {str(k): as_text(v) for k, v in (case.get("dates") or {}).items()},
        "implementation": as_text(case.get("implementation", "")),
        "sources": ids_in(
            *(case.get("source") or []), case.get("outcome_type"), outcome_text, case.get("implementation")
        ),
    }
    first_date = next(iter(reference["dates"].values()), "")
    return CaseSpec(
        id=cid,
        coding=coding,
        parties=parties,
        not_seated=not_seated,
        mediator=mediator_of(case),
        issues=issues,
        left_out=left_out,
        outcome="no_agreement" if no_deal else "agreement",
        reference=reference,
        lessons=as_text(case.get("lessons_for_model", "")),
        as_of=first_date.split("..")[0].split(" ")[0],
        calendar=calendar_of(reference["dates"]),
    )


UNIT_DAYS = (("day", 1), ("week", 7))


def range_end(start: dt.date, tail: str) -> dt.date:
    """The last day of a range written ``YYYY-MM-DD..DD`` or ``YYYY-MM-DD..YYYY-MM-DD``.

    >>> range_end(dt.date(1995, 11, 1), "21"), range_end(dt.date(2025, 3, 23), "2025-04-02")
    (datetime.date(1995, 11, 21), datetime.date(2025, 4, 2))
    """
    return start.replace(day=int(tail)) if re.fullmatch(r"\d{1,2}", tail) else dt.date.fromisoformat(tail)


def calendar_of(dates: dict[str, str]) -> tuple[str, str, str]:
    """The case's real calendar: its first date, and a round length fitting the talks' span.

    The span runs from the first date to the end of its range (``1995-11-01..21``) or, for a single
    date, to the next date the data gives. The round is the shortest of a day, a week and a month in
    which the span fits within ``MAX_ROUNDS`` rounds. A case whose first date is its signing has no
    span in the data: a round of 1 week, as in the Ukraine scenarios.

    >>> calendar_of({"talks": "1995-11-01..21", "signed_paris": "1995-12-14"})[:2]
    ('1995-11-01', '1 day')
    >>> calendar_of({"talks_open": "1951-07-10", "signed": "1953-07-27"})[:2]
    ('1951-07-10', '1 month')
    >>> calendar_of({"signed": "1998-04-10", "referendums": "1998-05-22"})[:2]
    ('1998-04-10', '1 week')
    """
    (key, first), *rest = dates.items()
    head, _, tail = first.partition("..")
    start = dt.date.fromisoformat(head.split(" ")[0])
    if key == "signed":
        why = (
            f"the data gives no date for the opening of the talks, only the signing ({start}): the calendar "
            "starts there, with a round of 1 week as in the Ukraine scenarios (no span in the data to fit)"
        )
        return start.isoformat(), "1 week", why
    end_key, end = (key, range_end(start, tail)) if tail else (rest[0][0], dt.date.fromisoformat(rest[0][1]))
    days = (end - start).days + 1
    span = f"{key} {start} to {end_key} {end} in the data: {days} days"
    for unit, size in UNIT_DAYS:
        if math.ceil(days / size) <= MAX_ROUNDS:
            return start.isoformat(), f"1 {unit}", f"{span}, within {MAX_ROUNDS} rounds of a {unit}"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months > MAX_ROUNDS:
        raise SystemExit(f"talks of {months} months do not fit in {MAX_ROUNDS} rounds of a month")
    return start.isoformat(), "1 month", f"{span} ({months} months), more than {MAX_ROUNDS} rounds of a week"


# ----------------------------------------------------------------------------------------------------
# Writing YAML by hand (every value with a comment saying where it came from)
# ----------------------------------------------------------------------------------------------------
def salience_text(n: int) -> str:
    """Equal weights to 4 decimals; the loader divides by their sum (within 0.001 of 1, no warning)."""
    return num(Decimal(1 / n).quantize(Decimal("0.0001")))


def mediation_of(spec: CaseSpec) -> dict[str, Decimal]:
    roles = ("communicator", *spec.coding.roles)
    return {ROLE_SETTINGS[r][0]: ROLE_SETTINGS[r][1] for r in ROLE_SETTINGS if r in roles}


def header(spec: CaseSpec, sources: set[str]) -> list[str]:
    est_open = [f"{i.id} ({party})" for i in spec.issues for party, p in i.positions.items() if p.prov == "est"]
    mem_open = [f"{i.id} ({party})" for i in spec.issues for party, p in i.positions.items() if p.prov == "mem"]
    by_prov = {k: [i.id for i in spec.issues if i.outcome is not None and i.prov == k] for k in PROV_RANK}
    paras = [
        f"Historical case: {spec.coding.name} ({spec.id} in {DATA_REL}/historical_cases.yaml).",
        f"Generated by tools/build_historical.py from {DATA_REL} (relative to the repository root). Do not edit "
        "by hand: change the data or the generator and run it again (--check tells whether this file is current).",
        "",
        "What comes from the data:",
        "* the parties A and B (principals), the mediator, the issues (the case's dimensions), the meaning of "
        "their endpoints (anchors 0 and 100), the parties' opening positions and the real outcome "
        "(reference:). The data scores each dimension 0-100 from the opening position of party A (0) to that "
        "of party B (100) unless stated; its outcome is the signed text, not its implementation, unless noted.",
        "* provenance of every value (src = found in a source, ids in sources.csv; mem = background knowledge "
        "not found in the sources at hand, verify before publishing; est = the researcher's coding judgement).",
        "",
        "What is assumed (one rule for every case, not fitted to this case's outcome; vary it with --set):",
        f"* {ASSUMPTIONS_TEXT}",
        f"* mediator: {spec.coding.reading} (the data: {spec.coding.basis!r})."
        if spec.mediator
        else f"* no mediator: {spec.coding.reading} (the data: {spec.coding.basis!r}).",
        "",
        "Caveats:",
    ]
    for key, text in spec.not_seated:
        paras.append(
            f"* not seated: {key} = {text!r}. The data codes no positions for it (the scales run from A's "
            "opening to B's), so it cannot bargain in the model."
        )
    if est_open:
        paras.append(
            f"* opening positions marked est (missing in the data, or placed without a cited source): {', '.join(est_open)}."
        )
    if mem_open:
        paras.append(f"* opening positions resting on mem (unverified background knowledge): {', '.join(mem_open)}.")
    for k, label in (("mem", "mem (the weakest: verify before publishing)"), ("est", "est (coding judgement)")):
        if by_prov[k]:
            paras.append(f"* real outcomes with provenance {label}: {', '.join(by_prov[k])}.")
    for issue in spec.issues:
        paras += [f"* {issue.id}: {note}." for note in issue.notes]
    if spec.left_out:
        paras.append(f"* dimensions of the case left out: {', '.join(spec.left_out)}.")
    if spec.outcome == "no_agreement":
        paras.append("* the real talks ended without agreement: there is no real value per issue to compare with.")
    if spec.lessons:
        paras.append(f"* the data's note on the case (lessons_for_model; not used by the model): {spec.lessons}")
    paras += [
        "",
        "Outcomes of runs on this file are model results under these assumptions, set beside the historical "
        "record to measure the model's error. They are not predictions and do not judge the settlement.",
    ]
    for ids in [p.sources for i in spec.issues for p in i.positions.values()] + [i.sources for i in spec.issues]:
        check_ids(ids, sources, spec.id)
    check_ids(spec.reference["sources"], sources, spec.id)
    out: list[str] = []
    for para in paras:
        if not para:
            out.append("#")
        elif para.startswith("* "):
            out += wrap_comment(para[2:], "", first="* ", rest="  ")
        else:
            out += wrap_comment(para, "")
    return out


def check_ids(ids: list[str], sources: set[str], where: str) -> None:
    missing = sorted(set(ids) - sources)
    if missing:
        raise SystemExit(f"{where}: source ids not in sources.csv: {missing}")


def flow_ids(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def render(spec: CaseSpec, sources: set[str]) -> str:
    out = header(spec, sources)
    description = (
        f"{spec.coding.name}: {spec.parties['A']} (A) and {spec.parties['B']} (B)"
        + (f", with {spec.mediator} as mediator." if spec.mediator else ", without a mediator.")
        + f" The real outcome is in reference:. {ASSUMPTIONS_TEXT}"
    )
    out += [
        "",
        f"name: {quote(spec.coding.name)}",
        f"description: {quote(description)}",
        f"as_of: {quote(spec.as_of)}  # the first date the data gives for the case",
        "",
        *wrap_comment(f"The real calendar (ASSUMPTIONS in the generator): {spec.calendar[2]}.", ""),
        f"calendar: {{start: {spec.calendar[0]}, round: {spec.calendar[1]}}}",
        "",
        "# The case's dimensions. Anchors 0 and 100 are the data's endpoint texts (0 = A's opening, 100 = B's).",
        "issues:",
    ]
    for issue in spec.issues:
        out.append(f"  - id: {issue.id}")
        if issue.name:
            out.append(f"    name: {quote(issue.name)}")
        out.append("    anchors:")
        out += [f"      {point}: {quote(text)}" for point, text in issue.anchors]
    n = len(spec.issues)
    mediation = mediation_of(spec)
    out += ["", "agents:"]
    for party in ("A", "B"):
        out += [
            f"  - id: {party}",
            f"    name: {quote(spec.parties[party])}",
            f"    role: principal  # party {party} in the data",
            f"    capability: {num(CAPABILITY)}  # assumption (uniform)",
            f"    reservation: {num(RESERVATION)}  # assumption (uniform)",
            f"    rule: {RULE}  # assumption (uniform)",
            "    position:",
        ]
        for issue in spec.issues:
            p = issue.positions[party]
            out.append(f"      {issue.id}: {num(p.value)}  # {p.prov}: {one_line(p.note)}")
        out.append(f"    salience:  # assumption (uniform): equal, 1/{n} each")
        out += [f"      {issue.id}: {salience_text(n)}" for issue in spec.issues]
        out.append("    sources:")
        out += [f"      {issue.id}: {flow_ids(issue.positions[party].sources)}" for issue in spec.issues]
    if spec.mediator:
        settings = ", ".join(f"{k}: {num(v)}" for k, v in mediation.items())
        out += [
            "  - id: MED",
            f"    name: {quote(spec.mediator)}",
            "    role: mediator  # the data's mediator or host; no positions (the data codes none)",
            f"    capability: {num(CAPABILITY)}  # assumption (uniform)",
            f"    mediation: {{{settings}}}  # roles read off the data: {one_line(spec.coding.basis)}",
        ]
    protocol = (
        f"{{type: single_text, mediator: MED, noise: {num(NOISE)}}}"
        if spec.mediator
        else "{type: alternating_offers}  # first proposer drawn from the seed"
    )
    out += [
        "",
        "# Conference settings: the uniform assumptions (ASSUMPTIONS in the generator).",
        "conference:",
        f"  protocol: {protocol}",
        f"  agreement: {AGREEMENT}",
        f"  max_rounds: {MAX_ROUNDS}",
        f"  deadline: {MAX_ROUNDS}  # every party knows the talks end by then (the uniform assumption)",
        f"  utility: {UTILITY}",
        "",
        "# The war beside the table is not modelled (no battlefield series in the data): no costs, no battles.",
        "war:",
        "  battle_step: 0",
        "",
        "# The real outcome, compared with the simulated settlement (simulator/report/reference.py); not used in the run.",
        "reference:",
        f"  outcome: {spec.outcome}",
    ]
    ref = spec.reference
    for key in ("outcome_type", "outcome_text", "implementation"):
        if ref[key]:
            out.append(f"  {key}: {quote(ref[key])}")
    if ref["dates"]:
        out.append("  dates:")
        out += [f"    {k}: {quote(v)}" for k, v in ref["dates"].items()]
    out.append(f"  sources: {flow_ids(ref['sources'])}")
    scored = [i for i in spec.issues if i.outcome is not None]
    if scored:
        out.append("  issues:")
    for issue in scored:
        assert issue.outcome is not None
        out += [f"    {issue.id}:", f"      outcome: {num(issue.outcome)}"]
        if issue.outcome_text:
            out.append(f"      outcome_text: {quote(issue.outcome_text)}")
        data_prov = f'the data\'s prov: "{one_line(issue.data_prov)}"' if issue.data_prov else "no prov in the data"
        out.append(f"      prov: {issue.prov}  # {data_prov}")
        out.append(f"      sources: {flow_ids(issue.sources)}")
        if issue.implementation is not None:
            out.append(f"      implementation: {num(issue.implementation)}  # the data's score of what was implemented")
    text = "\n".join(out) + "\n"
    _self_check(text, spec)
    return text


def _self_check(text: str, spec: CaseSpec) -> None:
    """The written text must load back to the values chosen above."""
    doc = yaml.safe_load(text)
    assert [i["id"] for i in doc["issues"]] == [i.id for i in spec.issues]
    for agent in doc["agents"][:2]:
        assert agent["position"] == {i.id: i.positions[agent["id"]].value for i in spec.issues}
        assert abs(sum(agent["salience"].values()) - 1) < 1e-3
    assert doc["calendar"] == {"start": dt.date.fromisoformat(spec.calendar[0]), "round": spec.calendar[1]}
    reference = doc["reference"]
    assert reference["outcome"] == spec.outcome
    for issue in spec.issues:
        if issue.outcome is not None:
            assert reference["issues"][issue.id]["outcome"] == issue.outcome
            assert 0 <= issue.outcome <= 100, f"{spec.id} {issue.id}: outcome {issue.outcome} outside 0..100"


# ----------------------------------------------------------------------------------------------------
def build_all(data: Path) -> tuple[dict[str, str], dict[str, str]]:
    """``({case id: YAML text}, {skipped case id: reason})``."""
    cases = yaml.safe_load((data / "historical_cases.yaml").read_text(encoding="utf-8"))["cases"]
    sources = read_sources(data)
    built: dict[str, str] = {}
    skipped: dict[str, str] = {}
    for case in cases:
        ok, why = usable(case)
        if not ok:
            skipped[case["id"]] = why
            continue
        built[case["id"]] = render(build_case(case, data / "dimensions.yaml"), sources)
    unused = sorted(set(CODING) - set(built))
    if unused:
        raise SystemExit(f"CODING has entries for cases that are not built: {unused}")
    return built, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"data folder not found: {args.data}", file=sys.stderr)
        return 2
    built, skipped = build_all(args.data)
    stale: list[str] = []
    for cid, text in built.items():
        path = args.out / f"{cid}.yaml"
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(f"out of date: {path}")
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        print(f"wrote {path}")
    extra = sorted(p for p in args.out.glob("*.yaml") if p.stem not in built) if args.out.is_dir() else []
    stale += [f"not generated (remove it): {p}" for p in extra]
    if not args.check:
        for cid, why in skipped.items():
            print(f"skipped {cid}: {why}")
    for line in stale:
        print(line, file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
