#!/usr/bin/env python3
"""Build the two shipped scenarios from the Russia-Ukraine research package.

Reads ``../shared/data/ukraine`` (relative to the repository root) and writes

* ``scenarios/essay-2024.yaml``: the international peace conference proposed in the essay
  "When Will Peace Talks Become an Option in the Russia-Ukraine War?", with positions as coded on or
  before 2024-03-31 (``positions_timeseries.csv``);
* ``scenarios/talks-2026.yaml``: the US-mediated talks as of 2026-02-26, with the latest coded
  position of every actor (``actor_dimension_current.csv``);
* ``scenarios/ukraine-2022.yaml``: the war from 2022-02-24 to the record's last date, with each actor's
  earliest coded position and every later row of ``positions_timeseries.csv`` as a dated event, so that
  a run can be set beside what happened.

Every scenario has a calendar (a round is a week), marks as separable the issues the record shows
settled on their own (``talks_episodes.csv`` partial deals) and carries the deadlines the record
documents as events (``DEADLINES``).

Positions, saliences, capabilities, source ids and issue anchors are copied from the data. Reservations,
concession rules, war costs and conference settings are modelling assumptions: they are all in the
ASSUMPTIONS block below and can be varied at run time with ``--set``.

The YAML is formatted by hand (not ``yaml.dump``) so that every value can carry a comment saying where
it came from. The output is deterministic: the same data gives the same bytes.

Usage (from the repository root)::

    .venv/bin/python tools/build_scenarios.py            # (re)write the three files
    .venv/bin/python tools/build_scenarios.py --check    # exit 1 if a shipped file is out of date

Standard library + PyYAML only (PyYAML is used solely to check that the output parses back to the
chosen values). ``dimensions.yaml`` is read line by line because the published file is not valid YAML
(see ``read_dimensions``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml

# =====================================================================================================
# ASSUMPTIONS (modelling choices, NOT data; every one of them can be varied with --set at run time)
# =====================================================================================================
# | what                      | value                                                            |
# |---------------------------|------------------------------------------------------------------|
# | concession rule           | UKR time_dependent beta 0.5 (Boulware)                           |
# |                           | RUS time_dependent beta 0.3 (Boulware)                           |
# |                           | USA time_dependent beta 1.5 (Conceder)                           |
# |                           | EU reciprocal; everyone else time_dependent beta 1.0 (linear)    |
# | reservation (round 0)     | principals UKR 0.45, RUS 0.45; everyone else 0.3                 |
# | war cost per round        | UKR 0.004, RUS 0.003                                             |
# | agreement rule            | principals_plus_guarantors, quota 0.5                            |
# | max_rounds / walkout      | 100 / UKR, RUS (ukraine-2022: max_rounds = the round of the      |
# |                           | record's last date); max_rounds is the horizon, not a deadline   |
# | calendar                  | from the as-of date (ukraine-2022: 2022-02-24); a round = 1 week |
# |                           | (the war settings: horizon 52 rounds = a year)                   |
# | protocol                  | single_text, mediator per scenario (TUR 2024, USA 2026)          |
# | mediator noise            | 2 points of error in reading each offer                          |
RULES: dict[str, dict[str, str | Decimal]] = {
    "UKR": {"type": "time_dependent", "beta": Decimal("0.5")},
    "RUS": {"type": "time_dependent", "beta": Decimal("0.3")},
    "USA": {"type": "time_dependent", "beta": Decimal("1.5")},
    "EU": {"type": "reciprocal"},
}
DEFAULT_RULE: dict[str, str | Decimal] = {"type": "time_dependent", "beta": Decimal("1.0")}
RESERVATIONS: dict[str, Decimal] = {"UKR": Decimal("0.45"), "RUS": Decimal("0.45")}
DEFAULT_RESERVATION = Decimal("0.3")
WAR_COST_PER_ROUND: dict[str, Decimal] = {"UKR": Decimal("0.004"), "RUS": Decimal("0.003")}
AGREEMENT: dict[str, str | Decimal] = {"type": "principals_plus_guarantors", "quota": Decimal("0.5")}
MAX_ROUNDS = 100
ROUND_DAYS = 7  # a round is 1 week (the calendar of every scenario written here)
# The war beside the table (issue: when do talks become an option). A round is about a week.
WAR_SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("reservation", "lottery", "value of fighting on = Fearon's lottery over beliefs, less a year of costs"),
    ("horizon", "52", "rounds (about a year) of fighting each side counts when it values fighting on"),
    (
        "battle_step",
        "0.0005",
        "territory one round's battle moves: ~0.8%/year at the true odds, as 18% -> 19% in 2024-25",
    ),
    ("belief", "{UKR: 0.45, RUS: 0.75}", "each side's prior chance of winning: both above the true odds (optimism)"),
    ("belief_strength", "20", "the priors weigh as much as 20 battles"),
)
RIPENESS = (
    ("horizon", "26", "a side expects to win if it expects, within half a year..."),
    ("decisive", "0.005", "... to gain 0.5% of Ukraine's territory"),
    ("pain", "0.05", "it hurts once the war has cost it 0.05 in utility since the scenario's start"),
)
MEDIATOR_NOISE = Decimal("2")
WALKOUT = ("UKR", "RUS")
# Short bloc labels (descriptive free text, not used for any computation).
BLOCS: dict[str, str] = {
    "UKR": "belligerent",
    "RUS": "belligerent",
    "USA": "US/NATO",
    "EU": "EU",
    "NATO": "NATO",
    "UK": "NATO",
    "POL": "EU/NATO",
    "BALT": "EU/NATO",
    "TUR": "NATO",
    "HUN": "EU/NATO",
    "CHN": "BRICS",
    "BRA": "BRICS",
    "VAT": "Holy See",
    "GULF": "Gulf states",
}
# =====================================================================================================
# THE RECORD'S CODING (data, read by the researcher; every entry is checked against the data files)
# =====================================================================================================
# Partial deals: each partial_deal row of talks_episodes.csv and the issue whose part it settled while
# the rest stayed open. Every such row must be listed, and its issue must be in its issues_on_table.
# dimensions.yaml's HUMANITARIAN merges prisoner exchange, grain/navigation and ZNPP; the data README
# codes energy-strike pauses HUMANITARIAN. An issue any of these settled is written `separable: true`.
PARTIAL_DEALS: dict[str, str] = {
    "TE01": "HUMANITARIAN",  # humanitarian corridors for civilian evacuation (3 Mar 2022)
    "TE04": "HUMANITARIAN",  # Black Sea Grain Initiative (the Russia-UN MoU never settled SANCTIONS)
    "TE18": "HUMANITARIAN",  # 30-day energy-strike moratorium (its Black Sea part hung on sanctions)
    "TE20": "HUMANITARIAN",  # 1,000-for-1,000 POW exchange
    "TE21": "HUMANITARIAN",  # exchange of wounded and young POWs; return of bodies
    "TE22": "HUMANITARIAN",  # exchange of at least 1,200 POWs each; bodies
    "TE32": "HUMANITARIAN",  # short pause in strikes on Kyiv and energy
    "TE33": "HUMANITARIAN",  # exchange of 314 POWs
}


@dataclass(frozen=True)
class Deadline:
    """A deadline the record documents: when it was reported, the date it sets, and its words in
    the sources (they must occur in the source's title in sources.csv)."""

    name: str
    reported: str  # the source's date: from then on the parties know it
    by: str  # the date the deadline sets, in the data's date convention
    words: str
    sources: tuple[str, ...]
    reading: str


DEADLINES: tuple[Deadline, ...] = (
    Deadline(
        name="US 'June deadline' for a settlement",
        reported="2026-02-16",
        by="2026-06",
        words="June deadline",
        sources=("S63",),
        reading="the source gives the month, not the day: 'June' is read as 2026-06-01, the data's "
        "convention for a year-month date (the talks must end by the round holding that day)",
    ),
)
# =====================================================================================================

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "ukraine"
DEFAULT_OUT = REPO / "scenarios"
# dimensions.yaml's convention for every dimension (its header comment), written on each issue as `scale:`
SCALE = "0 = closest to Ukraine's stated 2022 aims, 100 = closest to Russia's maximal demands"
DATA_CONVENTION = "# Convention (all dimensions): 0 = outcome most favourable to Ukraine's stated 2022 war aims,"
DATA_REL = "../shared/data/ukraine"  # as written in the file headers (relative to the repository root)
ESSAY_TITLE = "When Will Peace Talks Become an Option in the Russia-Ukraine War?"
ROLES = ("principal", "guarantor", "mediator", "observer")
SOURCE_ID_RE = re.compile(r"\bS\d{2}[a-z]?\b")
INTERIM_RE = re.compile(r"\binterim\b", re.IGNORECASE)
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Cast:
    """One actor's place in a scenario: role and the reason for it (one line, may cite source ids)."""

    actor: str
    role: str
    why: str


@dataclass(frozen=True)
class ScenarioSpec:
    slug: str
    name: str
    description: str
    as_of: str
    table: str  # data file the positions come from
    mediator: str
    cast: tuple[Cast, ...]
    intro: tuple[str, ...]  # header lines describing the scenario
    territory: str = "0.5"  # share of Ukraine's territory held by Ukraine at the as-of date
    territory_note: str = ""  # where that figure comes from
    earliest: bool = False  # positions: each actor's earliest row; later rows become events


ESSAY = ScenarioSpec(
    slug="essay-2024",
    name="Essay conference (positions as of March 2024)",
    description=(
        "An international peace conference of the kind proposed in the essay '" + ESSAY_TITLE + "' "
        "(Ukraine, Russia, the EU, NATO, the US and regional actors), with each actor's position as "
        "coded on or before 31 March 2024 and Turkey as mediator."
    ),
    as_of="2024-03-31",
    table="positions_timeseries.csv",
    mediator="TUR",
    territory="0.82",
    territory_note="Russia held about 18% of Ukraine in May 2024 (dimensions.yaml state variables, S13)",
    cast=(
        Cast("UKR", "principal", "belligerent; named in the essay's proposed conference"),
        Cast("RUS", "principal", "belligerent; named in the essay's proposed conference"),
        Cast(
            "USA",
            "guarantor",
            "named in the essay; weapons, intelligence and sanctions leverage (capabilities.csv leverage_basis)",
        ),
        Cast(
            "EU",
            "guarantor",
            "named in the essay; imposes sanctions on Russia and granted Ukraine candidate status in June 2022 (S46)",
        ),
        Cast(
            "NATO",
            "guarantor",
            "named in the essay; decides on Ukraine's membership (Vilnius communique, Jul 2023, S26)",
        ),
        Cast("POL", "guarantor", "regional actor the essay discusses as a frontline EU/NATO state"),
        Cast("BALT", "guarantor", "regional actors the essay discusses as frontline EU/NATO states"),
        Cast(
            "TUR",
            "mediator",
            "hosted the March 2022 Istanbul talks (S01, S02) and brokered the Black "
            "Sea Grain Initiative with the UN (S19, S20); offered on 8 Mar 2024 to host a summit "
            "including Russia (S49b)",
        ),
        Cast(
            "VAT",
            "observer",
            "humanitarian channel on children and prisoners (Zuppi mission from "
            "2023, S23); Pope Francis's March 2024 remarks are discussed in the essay (S25)",
        ),
        Cast("CHN", "observer", "not a party; published a 12-point position paper in Feb 2023 (S09)"),
    ),
    intro=(
        "Scenario: the international peace conference proposed in the essay",
        f'"{ESSAY_TITLE}"',
        "(participants named there: Ukraine, Russia, the EU, NATO, the US and relevant regional actors),",
        "with Turkey as mediator and each actor's position as coded on or before the as-of date.",
    ),
)

TALKS = ScenarioSpec(
    slug="talks-2026",
    name="US-mediated talks (February 2026)",
    description=(
        "US-mediated talks as of late February 2026, after the Abu Dhabi and Geneva trilateral rounds, "
        "with the latest coded position of each of the 14 actors in the research package."
    ),
    as_of="2026-02-26",
    table="actor_dimension_current.csv",
    mediator="USA",
    territory="0.81",
    territory_note="Russia held 'just over 19%' of Ukraine in November 2025 (dimensions.yaml state variables, S37)",
    cast=(
        Cast("UKR", "principal", "belligerent; party to the 2026 trilateral rounds (S63, S63b)"),
        Cast("RUS", "principal", "belligerent; party to the 2026 trilateral rounds (S63, S63b)"),
        Cast(
            "USA",
            "mediator",
            "led the 2025 shuttle diplomacy on the 28-point and 20-point texts "
            "(S36b, S39) and brokered the 2026 trilateral rounds in Abu Dhabi and Geneva (S63b, S63)",
        ),
        Cast(
            "EU",
            "guarantor",
            "European leaders' statement on guarantees and a multinational force "
            "(S43c); holds the immobilised Russian assets (S45b)",
        ),
        Cast(
            "UK",
            "guarantor",
            "co-leads the Coalition of the Willing; Paris Declaration on a post-ceasefire force (S42)",
        ),
        Cast("NATO", "guarantor", "alliance whose membership and posture are under negotiation (S28, S36b)"),
        Cast(
            "TUR",
            "guarantor",
            "listed as a guarantor in the 2022 Istanbul drafts (S01, S05b); hosted the 2025 Istanbul rounds (S33, S34)",
        ),
        Cast(
            "POL",
            "observer",
            "signatory of the European leaders' statements (S43); rules out Polish troops in Ukraine (S47b)",
        ),
        Cast(
            "BALT",
            "observer",
            "EU/NATO members outside the trilateral format; ask for Europe at the table (S48c)",
        ),
        Cast("HUN", "observer", "EU member with a veto on sanctions; opted out of the EUR90bn loan (S50, S45)"),
        Cast("CHN", "observer", "outside the talks; China-Brazil six common understandings (S11)"),
        Cast("BRA", "observer", "outside the talks; China-Brazil six common understandings (S11)"),
        Cast("VAT", "observer", "offered the Vatican as a venue (S24); humanitarian channel (S23)"),
        Cast(
            "GULF",
            "observer",
            "hosted the 2025 Jeddah and Riyadh meetings (S30, S31) and the 2026 "
            "Abu Dhabi rounds (S63b); Qatar mediated child returns (S66)",
        ),
    ),
    intro=(
        "Scenario: the US-mediated talks as they stood after the Abu Dhabi (Jan-Feb 2026) and Geneva",
        "(17-18 Feb 2026) trilateral rounds, with the latest coded position of every actor.",
    ),
)

UKRAINE_2022 = ScenarioSpec(
    slug="ukraine-2022",
    name="The war from 24 February 2022, with the record's positions as events",
    description=(
        "Ukraine, Russia and the 12 other actors of the research package from the first day of the "
        "full-scale invasion (24 February 2022) to the package's last date (February 2026): each actor "
        "starts at its earliest coded position, and every later coded position enters as an event in "
        "the week of its date, so that a run can be set beside what happened."
    ),
    as_of="2022-02-24",
    table="positions_timeseries.csv",
    mediator="TUR",
    earliest=True,
    cast=(
        Cast(
            "UKR", "principal", "belligerent; at the table in Belarus from 28 Feb 2022 (TE01) and Istanbul (S01, S02)"
        ),
        Cast(
            "RUS", "principal", "belligerent; at the table in Belarus from 28 Feb 2022 (TE01) and Istanbul (S01, S02)"
        ),
        Cast(
            "USA",
            "guarantor",
            "a P5 member, named among the guarantors in Ukraine's Istanbul proposal of 29 Mar 2022 (S01, S03)",
        ),
        Cast("UK", "guarantor", "a P5 member, named among the guarantors in Ukraine's Istanbul proposal (S01, S03)"),
        Cast("CHN", "guarantor", "a P5 member, named among the guarantors in Ukraine's Istanbul proposal (S01, S03)"),
        Cast("POL", "guarantor", "named among the guarantors in Ukraine's Istanbul proposal (S01, S03)"),
        Cast(
            "EU",
            "guarantor",
            "imposes sanctions on Russia and granted Ukraine candidate status in June 2022 (S46)",
        ),
        Cast("NATO", "guarantor", "decides on Ukraine's membership (Vilnius communique, Jul 2023, S26)"),
        Cast(
            "TUR",
            "mediator",
            "hosted the 29 Mar 2022 Istanbul round (S01, S02) and brokered the Black Sea Grain Initiative "
            "with the UN (S19, S20)",
        ),
        Cast("BALT", "observer", "EU/NATO members outside the talks; ask for Europe at the table (S48c)"),
        Cast("HUN", "observer", "EU member with a veto on sanctions (S50)"),
        Cast("BRA", "observer", "outside the talks; China-Brazil six common understandings (S11)"),
        Cast("VAT", "observer", "humanitarian channel on children and prisoners (Zuppi mission from 2023, S23)"),
        Cast(
            "GULF",
            "observer",
            "hosted the 2025 Jeddah and Riyadh meetings (S30, S31); Qatar mediated child returns (S66)",
        ),
    ),
    intro=(
        "Scenario: the war from the first day of the full-scale invasion, 24 February 2022, to the research",
        "package's last date, with every coded position change as a dated event.",
    ),
)

SCENARIOS = (ESSAY, TALKS, UKRAINE_2022)


# ----------------------------------------------------------------------------------------------------
# Reading the data
# ----------------------------------------------------------------------------------------------------
@dataclass
class Dimension:
    id: str
    name: str
    anchors: list[tuple[int, str]] = field(default_factory=list)
    merges: str = ""
    note: str = ""


@dataclass
class Data:
    dimensions: list[Dimension]
    dimensions_version: str
    timeseries: list[dict[str, str]]
    current: dict[tuple[str, str], dict[str, str]]
    capabilities: dict[str, dict[str, str]]
    sources: set[str]
    episodes: list[dict[str, str]] = field(default_factory=list)
    territory: list[dict[str, str]] = field(default_factory=list)
    source_titles: dict[str, str] = field(default_factory=dict)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


def read_dimensions(path: Path) -> tuple[list[Dimension], str]:
    """Parse dimensions.yaml line by line.

    The file is not valid YAML as published (some anchor texts start with a double quote or contain
    ': '), so ``yaml.safe_load`` rejects it. Its layout is regular, so each anchor's text is taken
    verbatim from the rest of its line. Any line that does not fit the layout is an error.
    """
    dims: list[Dimension] = []
    version = ""
    in_dims = False
    in_anchors = False
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):  # top-level key
            key, _, value = line.partition(":")
            if key == "version":
                version = value.strip()
            in_dims = key == "dimensions"
            in_anchors = False
            continue
        if not in_dims:
            continue
        if m := re.fullmatch(r"  - id: (\w+)", line):
            dims.append(Dimension(id=m.group(1), name=""))
            in_anchors = False
        elif dims and (m := re.fullmatch(r"    (name|merges|note): (.+)", line)):
            setattr(dims[-1], m.group(1), m.group(2).strip())
            in_anchors = False
        elif dims and line == "    anchors:":
            in_anchors = True
        elif dims and in_anchors and (m := re.fullmatch(r"      (\d+):\s+(.+)", line)):
            dims[-1].anchors.append((int(m.group(1)), m.group(2).strip()))
        else:
            raise SystemExit(f"{path}:{lineno}: unexpected line in dimensions: {line!r}")
    for d in dims:
        points = [p for p, _ in d.anchors]
        if not d.name or 0 not in points or 100 not in points or points != sorted(set(points)):
            raise SystemExit(f"{path}: dimension {d.id}: needs a name and sorted anchors incl. 0 and 100")
        if any(not 0 <= p <= 100 for p in points):
            raise SystemExit(f"{path}: dimension {d.id}: anchor outside 0..100")
    return dims, version


def read_data(folder: Path) -> Data:
    dims, version = read_dimensions(folder / "dimensions.yaml")
    if DATA_CONVENTION not in (folder / "dimensions.yaml").read_text(encoding="utf-8"):
        raise SystemExit(f"{folder}/dimensions.yaml: the scale convention changed; check SCALE in this tool")
    current: dict[tuple[str, str], dict[str, str]] = {}
    for row in read_csv(folder / "actor_dimension_current.csv"):
        key = (row["actor"], row["dimension"])
        if key in current:
            raise SystemExit(f"actor_dimension_current.csv: duplicate row {key}")
        current[key] = row
    capabilities = {row["actor"]: row for row in read_csv(folder / "capabilities.csv")}
    titles = {row["source_id"].strip(): row["what_it_supports"] for row in read_csv(folder / "sources.csv")}
    return Data(
        dims,
        version,
        read_csv(folder / "positions_timeseries.csv"),
        current,
        capabilities,
        set(titles),
        episodes=read_csv(folder / "talks_episodes.csv"),
        territory=read_csv(folder / "territory_timeseries.csv"),
        source_titles=titles,
    )


def split_ids(text: str) -> list[str]:
    return [s.strip() for s in text.split(";") if s.strip()]


def date_key(text: str) -> dt.date:
    """Order a data date; a year-only or year-month date counts as its first day.

    >>> date_key("2024"), date_key("2025-03"), date_key("2024-03-12")
    (datetime.date(2024, 1, 1), datetime.date(2025, 3, 1), datetime.date(2024, 3, 12))
    """
    m = DATE_RE.match(text.strip())
    if not m:
        raise ValueError(f"unreadable date {text!r}")
    year, month, day = m.groups()
    return dt.date(int(year), int(month or 1), int(day or 1))


def is_interim(row: dict[str, str]) -> bool:
    return bool(INTERIM_RE.search(row["document"]) or INTERIM_RE.search(row["note"]))


# ----------------------------------------------------------------------------------------------------
# Choosing one data row per actor and issue
# ----------------------------------------------------------------------------------------------------
@dataclass
class Cell:
    """One position written into a scenario, with the data row it came from."""

    dim: str
    position: Decimal
    date: str
    document: str
    provenance: str
    confidence: str
    source_ids: list[str]
    note: str
    salience_raw: Fraction
    flags: list[str] = field(default_factory=list)


def decimal_of(text: str, what: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except ArithmeticError as exc:  # decimal.InvalidOperation
        raise SystemExit(f"not a number for {what}: {text!r}") from exc


def salience_of(data: Data, actor: str, dim: str) -> Fraction:
    row = data.current.get((actor, dim))
    if row is None or not row["salience_est"].strip():
        raise SystemExit(f"no salience_est for {actor} {dim} in actor_dimension_current.csv")
    value = Fraction(row["salience_est"].strip())
    if value < 0:
        raise SystemExit(f"negative salience_est for {actor} {dim}")
    return value


def cells_from_timeseries(data: Data, actor: str, as_of: str) -> list[Cell]:
    """Latest non-interim row dated on or before ``as_of``; else the earliest later row (a proxy)."""
    cutoff = date_key(as_of)
    cells = []
    for dim in data.dimensions:
        rows = [
            r
            for r in data.timeseries
            if r["actor"] == actor and r["dimension"] == dim.id and r["position"].strip() and not is_interim(r)
        ]
        if not rows:
            continue
        before = [r for r in rows if date_key(r["date"]) <= cutoff]
        flags = []
        if before:
            best = max(date_key(r["date"]) for r in before)
            chosen = [r for r in before if date_key(r["date"]) == best]
        else:
            best = min(date_key(r["date"]) for r in rows)
            chosen = [r for r in rows if date_key(r["date"]) == best]
            flags.append("proxy: dated after as_of")
        if len(chosen) != 1:
            raise SystemExit(f"positions_timeseries.csv: {len(chosen)} rows tie for {actor} {dim.id} {best}")
        row = chosen[0]
        if DATE_RE.match(row["date"]) and row["date"].count("-") < 2:
            flags.append(f"date {row['date']} read as {date_key(row['date']).isoformat()}")
        cells.append(
            Cell(
                dim=dim.id,
                position=decimal_of(row["position"], f"{actor} {dim.id}"),
                date=row["date"],
                document=row["document"],
                provenance=row["provenance"],
                confidence=row["confidence"],
                source_ids=split_ids(row["source_ids"]),
                note=row["note"],
                salience_raw=salience_of(data, actor, dim.id),
                flags=flags,
            )
        )
    return cells


def cells_from_current(data: Data, actor: str, as_of: str) -> list[Cell]:
    cells = []
    for dim in data.dimensions:
        row = data.current.get((actor, dim.id))
        if row is None or not row["position_current"].strip():
            continue
        if date_key(row["as_of"]) > date_key(as_of):
            raise SystemExit(f"actor_dimension_current.csv: {actor} {dim.id} dated after {as_of}")
        cells.append(
            Cell(
                dim=dim.id,
                position=decimal_of(row["position_current"], f"{actor} {dim.id}"),
                date=row["as_of"],
                document=row["document"],
                provenance=row["provenance"],
                confidence=row["confidence"],
                source_ids=split_ids(row["source_ids"]),
                note=row["note"],
                salience_raw=salience_of(data, actor, dim.id),
            )
        )
    return cells


def position_rows(data: Data, actor: str, dim: str) -> list[dict[str, str]]:
    """The actor's non-interim rows on an issue, oldest first (ties are an error)."""
    rows = [
        r
        for r in data.timeseries
        if r["actor"] == actor and r["dimension"] == dim and r["position"].strip() and not is_interim(r)
    ]
    rows.sort(key=lambda r: date_key(r["date"]))
    dates = [date_key(r["date"]) for r in rows]
    if len(set(dates)) != len(dates):
        raise SystemExit(f"positions_timeseries.csv: two rows on one date for {actor} {dim}")
    return rows


def cell_of(data: Data, actor: str, dim: str, row: dict[str, str], flags: list[str]) -> Cell:
    if DATE_RE.match(row["date"]) and row["date"].count("-") < 2:
        flags = [*flags, f"date {row['date']} read as {date_key(row['date']).isoformat()}"]
    return Cell(
        dim=dim,
        position=decimal_of(row["position"], f"{actor} {dim}"),
        date=row["date"],
        document=row["document"],
        provenance=row["provenance"],
        confidence=row["confidence"],
        source_ids=split_ids(row["source_ids"]),
        note=row["note"],
        salience_raw=salience_of(data, actor, dim),
        flags=flags,
    )


def cells_from_earliest(data: Data, actor: str, as_of: str) -> list[Cell]:
    """The earliest non-interim row per issue (a proxy when dated after ``as_of``)."""
    cells = []
    for dim in data.dimensions:
        rows = position_rows(data, actor, dim.id)
        if rows:
            late = date_key(rows[0]["date"]) > date_key(as_of)
            cells.append(cell_of(data, actor, dim.id, rows[0], ["proxy: dated after as_of"] if late else []))
    return cells


# ----------------------------------------------------------------------------------------------------
# The calendar, partial deals, deadlines and dated events
# ----------------------------------------------------------------------------------------------------
def round_on(start: str, day: dt.date) -> int:
    """The round (of ROUND_DAYS days, round 1 beginning on ``start``) whose days contain ``day``; 1 before.

    >>> round_on("2022-02-24", dt.date(2022, 3, 2)), round_on("2022-02-24", dt.date(2022, 3, 3))
    (1, 2)
    """
    return max((day - date_key(start)).days // ROUND_DAYS + 1, 1)


def record_end(data: Data) -> dt.date:
    """The last date in the record (positions, talks episodes, territory)."""
    dates = [r["date"] for r in data.timeseries] + [r["date"] for r in data.territory]
    dates += [r[k] for r in data.episodes for k in ("start", "end") if r[k].strip()]
    return max(date_key(d) for d in dates)


def scenario_end(spec: ScenarioSpec, data: Data) -> dt.date:
    """What the scenario knows of the record: up to its as-of date, or all of it (ukraine-2022)."""
    return record_end(data) if spec.earliest else date_key(spec.as_of)


def partial_deals(data: Data, until: dt.date) -> dict[str, list[dict[str, str]]]:
    """Issue -> the partial_deal episodes (started by ``until``) that settled part of it on its own."""
    rows = {r["episode_id"]: r for r in data.episodes if r["outcome"] == "partial_deal"}
    if set(rows) != set(PARTIAL_DEALS):
        raise SystemExit(f"PARTIAL_DEALS must list the partial_deal rows of talks_episodes.csv: {sorted(rows)}")
    out: dict[str, list[dict[str, str]]] = {}
    for eid, issue in PARTIAL_DEALS.items():
        if issue not in rows[eid]["issues_on_table"].split(";"):
            raise SystemExit(f"PARTIAL_DEALS: {issue} is not on the table of {eid}")
        check_ids(split_ids(rows[eid]["source_ids"]), data, f"talks_episodes.csv {eid}")
        if date_key(rows[eid]["start"]) <= until:
            out.setdefault(issue, []).append(rows[eid])
    return out


def episode_note(row: dict[str, str]) -> str:
    ids = ", ".join(split_ids(row["source_ids"])) or "no source id"
    return one_line(
        f"{row['episode_id']} {row['start']} {row['name']}: {row['partial_agreements']} ({ids}; {row['provenance']})"
    )


def known_deadlines(spec: ScenarioSpec, data: Data) -> list[tuple[Deadline, int, int]]:
    """(deadline, round announced, deadline round) for the deadlines reported by the scenario's end."""
    out = []
    for d in DEADLINES:
        check_ids(d.sources, data, f"deadline {d.name}")
        for sid in d.sources:
            if d.words not in data.source_titles[sid]:
                raise SystemExit(f"deadline {d.name}: {d.words!r} is not in what {sid} supports")
        if date_key(d.reported) <= scenario_end(spec, data):
            out.append((d, round_on(spec.as_of, date_key(d.reported)), round_on(spec.as_of, date_key(d.by))))
    return out


@dataclass
class PositionEvent:
    round: int
    date: str
    actor: str
    document: str
    cells: list[Cell]


def position_events(data: Data, actors: list[str], start: str) -> list[PositionEvent]:
    """Every non-interim row after each actor's earliest one on the issue, grouped by date, actor, document."""
    found: dict[tuple[dt.date, str, str], PositionEvent] = {}
    for actor in actors:
        for dim in data.dimensions:
            for row in position_rows(data, actor, dim.id)[1:]:
                key = (date_key(row["date"]), actor, row["document"])
                if key not in found:
                    found[key] = PositionEvent(round_on(start, key[0]), row["date"], actor, row["document"], [])
                found[key].cells.append(cell_of(data, actor, dim.id, row, []))
    order = {a: i for i, a in enumerate(actors)}
    return [found[k] for k in sorted(found, key=lambda k: (k[0], order[k[1]], k[2]))]


def territory_start(data: Data) -> tuple[Decimal, str]:
    """Ukraine's share from the earliest row of territory_timeseries.csv, and its note."""
    row = min(data.territory, key=lambda r: date_key(r["date"]))
    share = decimal_of(row["share_pct"], "territory share_pct")
    ids = ", ".join(split_ids(row["source_ids"])) or "no source id"
    note = (
        f"Russia held {num(share)}% on {row['date']} ({row['basis']}; {row['measure']}; "
        f"territory_timeseries.csv earliest row, {ids}, {row['provenance']}, {row['confidence']})"
    )
    return (Decimal(100) - share) / 100, one_line(note)


def normalise(raw: list[Fraction]) -> list[int]:
    """Weights in thousandths summing to exactly 1000; the remainder goes on the largest (first if tied).

    >>> normalise([Fraction(1), Fraction(1), Fraction(1)])
    [334, 333, 333]
    """
    total = sum(raw, Fraction(0))
    if total <= 0:
        raise SystemExit("saliences sum to zero")
    # exact round-half-up of 1000 * w / total (Fractions, so no float error)
    milli = [math.floor(Fraction(1000) * w / total + Fraction(1, 2)) for w in raw]
    largest = max(range(len(milli)), key=lambda i: (milli[i], -i))
    milli[largest] += 1000 - sum(milli)
    if milli[largest] < 0:
        raise SystemExit("salience normalisation failed")
    return milli


# ----------------------------------------------------------------------------------------------------
# Writing YAML by hand
# ----------------------------------------------------------------------------------------------------
def num(value: Decimal | int) -> str:
    """Minimal decimal digits: 48 not 48.0, 0.3 not 0.30.

    >>> num(Decimal("48.0")), num(Decimal("0.30")), num(Decimal("100")), num(Decimal("0.004"))
    ('48', '0.3', '100', '0.004')
    """
    d = Decimal(value).normalize()
    text = format(d, "f")
    return "0" if text in ("-0", "") else text


def flow(mapping: dict[str, str | Decimal]) -> str:
    """A one-line YAML mapping of plain words and numbers.

    >>> flow({"type": "time_dependent", "beta": Decimal("1.0")})
    '{type: time_dependent, beta: 1}'
    """
    parts = []
    for key, value in mapping.items():
        if isinstance(value, Decimal):
            parts.append(f"{key}: {num(value)}")
        elif re.fullmatch(r"[a-z_]+", value):
            parts.append(f"{key}: {value}")
        else:
            parts.append(f"{key}: {quote(value)}")
    return "{" + ", ".join(parts) + "}"


def milli_text(m: int) -> str:
    return num(Decimal(m) / 1000)


def quote(text: str) -> str:
    """A YAML double-quoted scalar that loads back to exactly ``text``."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif (
            code < 0x20
            or code == 0x7F
            or 0x80 <= code <= 0x9F
            or ch in "\u2028\u2029\ufeff"
            or 0xD800 <= code <= 0xDFFF
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def one_line(text: str) -> str:
    """Text safe inside a YAML comment (single line, no surrounding blanks)."""
    return " ".join(text.split())


def wrap_comment(text: str, indent: str, width: int = 100, first: str = "", rest: str = "") -> list[str]:
    """Comment lines of at most ``width`` characters (longer single words stay whole)."""
    words = one_line(text).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        lead = first if not lines else rest
        if current and len(indent) + 2 + len(lead) + len(current) + 1 + len(word) > width:
            lines.append(lead + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append((first if not lines else rest) + current)
    return [f"{indent}# {line}".rstrip() for line in lines]


def provenance_comment(cell: Cell) -> str:
    """``<date> <document> (<provenance>, <confidence>[; <flag>]...)``: the row this value came from."""
    extra = [cell.provenance or "provenance not given", cell.confidence or "confidence not given"]
    tail = ", ".join(extra)
    if cell.flags:
        tail += "; " + "; ".join(cell.flags)
    return one_line(f"{cell.date} {cell.document} ({tail})")


def actor_name(data: Data, actor: str) -> str:
    names = sorted({r["actor_name"] for r in data.timeseries if r["actor"] == actor and r["actor_name"]})
    if len(names) != 1:
        raise SystemExit(f"positions_timeseries.csv: actor {actor} has names {names}")
    return names[0]


def capability_of(data: Data, actor: str) -> tuple[Decimal, str]:
    row = data.capabilities.get(actor)
    if row is None or not row["cap_conflict_est"].strip():
        raise SystemExit(f"capabilities.csv: no cap_conflict_est for {actor}")
    return decimal_of(row["cap_conflict_est"], f"capability {actor}"), row["cap_conflict_basis"]


def check_ids(ids: Iterable[str], data: Data, where: str) -> None:
    missing = sorted(set(ids) - data.sources)
    if missing:
        raise SystemExit(f"{where}: source ids not in sources.csv: {missing}")


def render(spec: ScenarioSpec, data: Data) -> str:
    pick = cells_from_timeseries if spec.table == "positions_timeseries.csv" else cells_from_current
    if spec.earliest:
        pick = cells_from_earliest
    cast = []
    left_out = []
    for c in spec.cast:
        if c.role not in ROLES:
            raise SystemExit(f"{spec.slug}: bad role {c.role}")
        check_ids(SOURCE_ID_RE.findall(c.why), data, f"{spec.slug} role note for {c.actor}")
        cells = pick(data, c.actor, spec.as_of)
        if cells:
            cast.append((c, cells))
        else:
            left_out.append(c.actor)
    ids = {c.actor for c, _ in cast}
    if spec.mediator not in ids or next(c for c, _ in cast if c.actor == spec.mediator).role != "mediator":
        raise SystemExit(f"{spec.slug}: mediator {spec.mediator} missing or not in role mediator")
    for actor in (*WALKOUT, *WAR_COST_PER_ROUND):
        if actor not in ids:
            raise SystemExit(f"{spec.slug}: {actor} is needed by the settings but has no positions")

    all_cells = [(c.actor, cell) for c, cells in cast for cell in cells]
    proxies = [f"{a} {x.dim} ({x.date})" for a, x in all_cells if any(f.startswith("proxy") for f in x.flags)]
    coarse = [f"{a} {x.dim} ({x.date})" for a, x in all_cells if x.date.count("-") < 2]
    memory = [f"{a} {x.dim}" for a, x in all_cells if x.provenance == "memory_unverified"]
    unsourced = [f"{a} {x.dim}" for a, x in all_cells if not x.source_ids]
    estimates = [f"{a} {x.dim}" for a, x in all_cells if x.provenance == "estimate"]

    as_of_note = "the as-of date"
    paras: list[str] = [
        *spec.intro,
        "",
        f"As-of date: {spec.as_of}.",
        f"Generated by tools/build_scenarios.py from {DATA_REL} (relative to the repository "
        "root). Do not edit by hand: change the data or the generator and run it again.",
        "",
        "What comes from the data:",
    ]
    if spec.earliest:
        paras += [
            f"* positions: {DATA_REL}/positions_timeseries.csv. For each actor and issue, the earliest "
            "row, leaving out rows marked INTERIM (interim ceasefire acceptances, not settlement positions; "
            "see the data README). Most are dated after the start (the record's first coded texts are the "
            'Istanbul ones of March-April 2022): their comments say "proxy: dated after as_of". A '
            'year-only or year-month date is read as its first day ("2024" = 2024-01-01).',
            "* events: every later non-interim row is an event that sets agents.ACTOR.position.ISSUE in the "
            "round (week) holding its date, one event per actor, date and document, its rows named in the "
            "comments above it. Issues without any row are omitted.",
            "* each position's comment: <date> <document> (<provenance>, <confidence>[; flags]), naming "
            'the data row (actor, issue, date) it was copied from; a "coding note" line above it '
            "repeats that row's note.",
            f"* saliences: the researcher's estimates (salience_est in {DATA_REL}/"
            "actor_dimension_current.csv). The package has no dated salience series, so the current "
            "estimates are used throughout.",
            f"* territory: the earliest row of {DATA_REL}/territory_timeseries.csv. Later rows are not "
            "events: the format cannot set the territory; the model's battles move it.",
        ]
    elif spec.table == "positions_timeseries.csv":
        paras += [
            f"* positions: {DATA_REL}/positions_timeseries.csv. For each actor and issue, the latest row "
            f"dated on or before {spec.as_of}, leaving out rows marked INTERIM (interim ceasefire "
            "acceptances, not settlement positions; see the data README). A year-only or year-month date "
            'is read as its first day ("2024" = 2024-01-01, so it counts as on or before '
            f"{as_of_note}). Where an actor has no such row on an issue but has later ones, the earliest "
            'later row is used and its comment says "proxy: dated after as_of". Issues without any row '
            "are omitted.",
            "* each position's comment: <date> <document> (<provenance>, <confidence>[; flags]), naming "
            'the data row (actor, issue, date) it was copied from; a "coding note" line above it '
            "repeats that row's note.",
            f"* saliences: the researcher's estimates (salience_est in {DATA_REL}/"
            "actor_dimension_current.csv). The package has no dated salience series, so the current "
            "estimates are used for 2024 too.",
        ]
    else:
        paras += [
            f"* positions: {DATA_REL}/actor_dimension_current.csv, the latest position per actor and "
            'issue (it leaves out INTERIM rows and keeps a few documented overrides; see the "coding '
            'note" lines). Issues where the actor has no coded position are omitted: those cells are '
            "blank in the data, not neutral.",
            "* each position's comment: <date> <document> (<provenance>, <confidence>), naming the data "
            "row (actor, issue, as_of) it was copied from.",
            "* saliences: the researcher's estimates (salience_est in the same file).",
        ]
    paras += [
        "* salience normalisation: over the issues on which the agent has a position, rounded to 3 "
        "decimals, with the rounding remainder put on the largest weight so that each agent's written "
        "weights sum to exactly 1. The raw estimate is in each line's comment.",
        f"* capabilities: cap_conflict_est from {DATA_REL}/capabilities.csv (an estimate in the data, "
        "not dated to the as-of date). NATO's value stands for the institution; the data README says "
        "not to add it to the capabilities of its members.",
        f'* issues and anchors: {DATA_REL}/dimensions.yaml (version "{data.dimensions_version}"). Anchor '
        f"texts are copied verbatim with their [Sxx] source ids. {SCALE}.",
        f"* sources: the source_ids of each data row; every id is listed in {DATA_REL}/sources.csv.",
        f"* separable issues: an issue is marked separable where {DATA_REL}/talks_episodes.csv records a "
        "partial deal on it (settled on its own while the rest stayed open), started by "
        f"{scenario_end(spec, data).isoformat()}; the episodes are named in the issue's comment.",
        deadline_para(spec, data),
        "",
        "What is assumed (modelling choices, not data; vary them with --set):",
        "* reservations, concession rules, war costs per round and the conference settings (protocol, "
        "agreement rule, max_rounds, walkout); see the ASSUMPTIONS block at the top of "
        "tools/build_scenarios.py. Roles are a design choice of the scenario; each has a one-line reason "
        "in its comment.",
        f"* the calendar: round 1 begins on {spec.as_of}, a round is a week (the war settings count 52 "
        "rounds as a year). max_rounds is the horizon of the run (how far we look), not a deadline the "
        "parties know.",
        "",
        "Outcomes of runs on this file are model results under these inputs and assumptions. They are "
        "not predictions, and they do not recommend or endorse any settlement.",
        "",
        "Caveats from the data:",
    ]
    if left_out:
        paras.append(f"* left out for having no coded position on any issue: {', '.join(left_out)}.")
    else:
        paras.append("* every actor listed below has at least one coded position; none was left out.")
    if proxies and spec.earliest:
        first = {a: min((x for b, x in all_cells if b == a), key=lambda x: date_key(x.date)).date for a, _ in all_cells}
        per_actor = [f"{a} ({sum(1 for b, x in all_cells if b == a and x.flags)}, from {first[a]})" for a in first]
        paras.append(
            f"* {len(proxies)} starting positions are dated after the start (the record codes no earlier text; "
            f"each comment gives its row): {', '.join(per_actor)}."
        )
    elif proxies:
        paras.append(f"* {len(proxies)} positions are proxies dated after the as-of date: {', '.join(proxies)}.")
    if coarse:
        paras.append(f"* year-only or year-month dates: {', '.join(coarse)}.")
    if memory:
        paras.append(
            f"* resting on memory_unverified rows (the weakest; no source at hand confirms them): {', '.join(memory)}."
        )
    if estimates:
        paras.append(f"* provenance 'estimate' (no stated position found): {', '.join(estimates)}.")
    if unsourced:
        paras.append(f"* data rows without a source id (written as sources: []): {', '.join(unsourced)}.")
    paras.append(f"* leaked and second-hand texts, salience and capability estimates: see {DATA_REL}/uncertainties.md.")
    h: list[str] = []
    for para in paras:
        if not para:
            h.append("#")
        elif para.startswith("* "):
            h += wrap_comment(para[2:], "", first="* ", rest="  ")
        else:
            h += wrap_comment(para, "")

    out = list(h)
    deals = partial_deals(data, scenario_end(spec, data))
    out += [
        "",
        f"name: {quote(spec.name)}",
        f"description: {quote(spec.description)}",
        f"as_of: {quote(spec.as_of)}",
        "",
        "# A round is a week from the as-of date (the war settings count 52 rounds as a year).",
        f"calendar: {{start: {spec.as_of}, round: 1 week}}",
        "",
        f"# The 9 issue dimensions of {DATA_REL}/dimensions.yaml, in that file's order.",
        "issues:",
    ]
    for d in data.dimensions:
        out.append(f"  - id: {d.id}")
        if d.merges:
            out += wrap_comment(f"merges: {d.merges}", "    ")
        if d.note:
            out += wrap_comment(f"note (dimensions.yaml): {d.note}", "    ")
        out.append(f"    name: {quote(d.name)}")
        if d.id in deals:
            out.append("    # settled on its own while the rest stayed open (talks_episodes.csv partial deals):")
            for row in deals[d.id]:
                out += wrap_comment(episode_note(row), "    ", first="- ", rest="  ")
            out.append("    separable: true")
        out.append(f"    scale: {quote(SCALE)}")
        out.append("    anchors:")
        for point, text in d.anchors:
            out.append(f"      {point}: {quote(text)}")

    out += ["", "agents:"]
    for c, cells in cast:
        cap, cap_basis = capability_of(data, c.actor)
        out.append(f"  - id: {c.actor}")
        out.append(f"    name: {quote(actor_name(data, c.actor))}")
        out.append(f"    role: {c.role}  # {one_line(c.why)}")
        out.append(f"    bloc: {quote(BLOCS[c.actor])}")
        cap_note = "cap_conflict_est" + (f": {one_line(cap_basis)}" if cap_basis.strip() else "")
        out.append(f"    capability: {num(cap)}  # {cap_note}")
        out.append(f"    reservation: {num(RESERVATIONS.get(c.actor, DEFAULT_RESERVATION))}  # assumption")
        out.append(f"    rule: {flow(RULES.get(c.actor, DEFAULT_RULE))}  # assumption")
        out.append("    position:")
        for cell in cells:
            if not 0 <= cell.position <= 100:
                raise SystemExit(f"{spec.slug}: {c.actor} {cell.dim} position {cell.position} outside 0..100")
            if cell.note.strip():
                out += wrap_comment(f"coding note: {cell.note}", "      ")
            out.append(f"      {cell.dim}: {num(cell.position)}  # {provenance_comment(cell)}")
        out.append("    salience:  # salience_est (researcher estimate), normalised; raw value in comments")
        for cell, m in zip(cells, normalise([x.salience_raw for x in cells]), strict=True):
            raw = num(Decimal(cell.salience_raw.numerator) / Decimal(cell.salience_raw.denominator))
            out.append(f"      {cell.dim}: {milli_text(m)}  # raw {raw}")
        out.append("    sources:")
        for cell in cells:
            check_ids(cell.source_ids, data, f"{spec.slug} {c.actor} {cell.dim}")
            out.append(f"      {cell.dim}: [{', '.join(cell.source_ids)}]")

    costs = ", ".join(f"{a}: {num(v)}" for a, v in WAR_COST_PER_ROUND.items())
    max_rounds = round_on(spec.as_of, record_end(data)) if spec.earliest else MAX_ROUNDS
    territory, territory_note = (spec.territory, spec.territory_note)
    if spec.earliest:
        share, territory_note = territory_start(data)
        territory = num(share)
    out += [
        "",
        "# Conference settings: modelling assumptions (see the ASSUMPTIONS block in the generator).",
        "conference:",
        "  # noise: points of error in the mediator's reading of each party's offer, so seeds matter",
        f"  protocol: {{type: single_text, mediator: {spec.mediator}, noise: {num(MEDIATOR_NOISE)}}}",
        f"  agreement: {flow(AGREEMENT)}",
        *wrap_comment(
            "the horizon of the run (how far we look), not a deadline the parties know"
            + (f": the round of the record's last date, {record_end(data).isoformat()}" if spec.earliest else ""),
            "  ",
        ),
        f"  max_rounds: {max_rounds}",
        f"  walkout: [{', '.join(WALKOUT)}]",
        "",
        "# The war beside the table. Costs, odds and beliefs are modelling assumptions, not data;",
        "# capabilities (cap_conflict_est) set the true odds of each round's battle.",
        "war:",
        "  # utility each side loses per round of continued fighting",
        f"  cost_per_round: {{{costs}}}",
        "  sides: [UKR, RUS]",
        *wrap_comment(f"share of Ukraine's territory that Ukraine holds: {territory_note}", "  "),
        f"  territory: {territory}",
        *(f"  # {note}\n  {key}: {value}" for key, value, note in WAR_SETTINGS),
        "",
        "# Zartman's ripeness test, run every round (modelling assumptions; see docs/war.md).",
        "ripeness:",
        *(f"  # {note}\n  {key}: {value}" for key, value, note in RIPENESS),
        *event_lines(spec, data, [c.actor for c, _ in cast]),
    ]
    text = "\n".join(out) + "\n"
    _self_check(text, spec, data, cast)
    return text


def deadline_para(spec: ScenarioSpec, data: Data) -> str:
    known = known_deadlines(spec, data)
    if not known:
        listed = "; ".join(f"{d.name}, reported {d.reported} ({', '.join(d.sources)})" for d in DEADLINES)
        return f"* known deadlines: none reported by {spec.as_of} (the record's: {listed})."
    names = "; ".join(f"{d.name} ({', '.join(d.sources)})" for d, _, _ in known)
    return f"* known deadlines: events with deadline: ROUND, from the record: {names}. No source, no deadline."


def event_lines(spec: ScenarioSpec, data: Data, actors: list[str]) -> list[str]:
    """The events block: known deadlines, then (ukraine-2022) the dated position changes."""
    blocks: list[tuple[int, list[str]]] = []
    for d, announced, by in known_deadlines(spec, data):
        out: list[str] = []
        quoted = "; ".join(f"{sid}: {data.source_titles[sid]}" for sid in d.sources)
        out += wrap_comment(
            f"Known deadline, reported {d.reported} ({quoted}). {d.reading[0].upper() + d.reading[1:]}.", "  "
        )
        when = "before the start: round 1" if date_key(d.reported) < date_key(spec.as_of) else f"round {announced}"
        out += [
            f"  - round: {announced}  # reported {d.reported} ({when})",
            f"    name: {quote(d.name)}",
            f"    deadline: {by}  # the round holding {date_key(d.by).isoformat()}",
        ]
        blocks.append((announced, out))
    if spec.earliest:
        for e in position_events(data, actors, spec.as_of):
            out = [
                f"  - round: {e.round}",
                f"    name: {quote(one_line(f'{e.actor}: {e.document} ({e.date})'))}",
                "    set:",
            ]
            for cell in e.cells:
                check_ids(cell.source_ids, data, f"{spec.slug} event {e.actor} {cell.dim}")
                out.append(
                    f"      agents.{e.actor}.position.{cell.dim}: {num(cell.position)}  # "
                    f"[{', '.join(cell.source_ids)}] {provenance_comment(cell)}"
                )
            blocks.append((e.round, out))
    lines = [line for _, block in sorted(blocks, key=lambda b: b[0]) for line in block]
    return ["", "# Dated events from the record (see the header), in round order.", "events:", *lines] if lines else []


def _self_check(text: str, spec: ScenarioSpec, data: Data, cast: list[tuple[Cast, list[Cell]]]) -> None:
    """The written text must load back to the values chosen above."""
    doc = yaml.safe_load(text)
    assert doc["as_of"] == spec.as_of
    assert [i["id"] for i in doc["issues"]] == [d.id for d in data.dimensions]
    for issue, d in zip(doc["issues"], data.dimensions, strict=True):
        assert issue["name"] == d.name and issue["anchors"] == dict(d.anchors)
    for agent, (c, cells) in zip(doc["agents"], cast, strict=True):
        assert agent["id"] == c.actor
        assert agent["position"] == {x.dim: x.position for x in cells}
        assert sum(Decimal(str(v)) for v in agent["salience"].values()) == 1
        assert agent["sources"] == {x.dim: x.source_ids for x in cells}


# ----------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"data folder not found: {args.data}", file=sys.stderr)
        return 2
    data = read_data(args.data)
    stale = []
    for spec in SCENARIOS:
        text = render(spec, data)
        path = args.out / f"{spec.slug}.yaml"
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        print(f"wrote {path}")
    for path in stale:
        print(f"out of date: {path}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
