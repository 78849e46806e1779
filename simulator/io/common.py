"""What the three file formats share: the error, reading a file, CSV rows with their line numbers,
checked numbers, KTAB's percentages, and the scenario dict every reader builds.

Every reader returns a scenario as a plain dict in the YAML format (``docs/scenario-format.md``):
every actor a ``principal`` (in the classic models every actor is a stakeholder with a vote and a
position that moves), nobody walks out, and ``saliences: absolute`` keeps each salience as the
importance of its issue on its own.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

INTEGER = re.compile(r"[+-]?\d+")
DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")

# KTAB SMP (both its CSV and its XML): peacesim's protocol for it, and its turn limit
KTAB_PROTOCOL = "spatial_pce"
KTAB_MAX_ROUNDS = 100  # KTAB SMP stops after at most 100 turns


class ImportFormatError(ValueError):
    """An input file could not be read; the message names the file, the line and what was expected."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {message}")


# --------------------------------------------------------------------------- files


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; a missing or unreadable file is an ``ImportFormatError``."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportFormatError(path, None, "no such file") from None
    except OSError as exc:
        raise ImportFormatError(path, None, f"cannot read: {exc.strerror}") from None


def read_text(path: str | Path) -> str:
    """The file as UTF-8 text (a byte-order mark dropped); other bytes name their line."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); expected a UTF-8 or ASCII file"
        ) from None


# --------------------------------------------------------------------------- CSV and numbers


def csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """The non-blank records as (line number, cells), cells stripped of spaces and enclosing quotes.

    One ``csv.reader`` reads the whole text, so a quoted cell may hold a line break; a record's
    line number is the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    rows = []
    start = 1
    for record in reader:
        cells = [c.strip() for c in record]
        if any(cells):
            rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def trim(cells: list[str]) -> list[str]:
    """Without the empty cells at the end (KTAB's files end their lines with a comma)."""
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def csv_format(rows: list[tuple[int, list[str]]]) -> str | None:
    """``"eu_csv"``, ``"ktab_csv"`` or None, from the first two records."""
    if not rows:
        return None
    first = rows[0][1]
    if "actor" in (c.lower() for c in first):
        return "eu_csv"
    if len(first) >= 4 and INTEGER.fullmatch(first[2]) and INTEGER.fullmatch(first[3]):
        return "ktab_csv"
    if len(rows) > 1 and rows[1][1] and rows[1][1][0].lower() == "actor":
        return "ktab_csv"
    return None


def number(text: str) -> int | float | None:
    """A decimal number as written: ``4`` stays an int, ``4.0`` a float; anything else None."""
    if INTEGER.fullmatch(text):
        return int(text)
    if DECIMAL.fullmatch(text):
        return float(text)
    return None


def bounded_number(
    path: str | Path, line: int | None, written: str, low: float, high: float | None, what: str
) -> int | float:
    """``written`` as a number in [low, high]; otherwise an error naming ``what`` and the line."""
    value = number(written)
    if value is None or value < low or (high is not None and value > high):
        allowed = f"a number in [{low:g}, {high:g}]" if high is not None else f"a number >= {low:g}"
        raise ImportFormatError(path, line, f"{what}: got {written!r}; expected {allowed}")
    return value


def from_percent(text: str) -> float:
    """``49.53`` -> ``0.4953``: an exact decimal shift, then one rounding to the nearest float
    (KTAB divides its saliences by 100 on reading)."""
    return float(Decimal(text).scaleb(-2))


def to_percent(value: float) -> str:
    """The inverse of ``from_percent`` on floats: ``0.4953`` -> ``'49.53'``."""
    shifted = Decimal(repr(float(value))).scaleb(2).normalize()
    return format(shifted, "f")


def plain(value: Any) -> str:
    """A number as it would be written in the file: ``4``, ``0.08``, ``1.0``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return str(value) if isinstance(value, int) else repr(float(value))


# --------------------------------------------------------------------------- the scenario dict


@dataclass
class Actor:
    """One actor as the file formats hold it."""

    id: str
    description: str
    capability: int | float
    positions: list[int | float]
    saliences: list[float]  # absolute, in [0, 1]


Anchors = Callable[[str, dict[str, int | float]], dict[int, str]]


def issue_id(name: str, taken: set[str], k: int) -> str:
    """An id usable in ``--set`` paths: letters, digits, ``_`` and ``-`` (``XYZ Position`` -> ``XYZ_Position``)."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or f"D{k + 1}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def scenario_dict(
    name: str,
    description: str,
    dimensions: list[str],
    actors: list[Actor],
    protocol: str,
    max_rounds: int,
    anchors: Anchors,
) -> dict[str, Any]:
    """The scenario dict of a file's data, keys in the order ``peacesim import`` writes them."""
    taken: set[str] = set()
    ids = [issue_id(d, taken, k) for k, d in enumerate(dimensions)]
    issues: list[dict[str, Any]] = []
    for k, (id_, dim) in enumerate(zip(ids, dimensions, strict=True)):
        issue: dict[str, Any] = {"id": id_}
        if dim != id_:
            issue["name"] = dim
        issue["anchors"] = anchors(dim, {a.id: a.positions[k] for a in actors})
        issues.append(issue)
    agents: list[dict[str, Any]] = []
    for a in actors:
        agent: dict[str, Any] = {"id": a.id}
        if a.description and a.description != a.id:
            agent["name"] = a.description
        agent.update(
            role="principal",
            capability=a.capability,
            position=dict(zip(ids, a.positions, strict=True)),
            salience=dict(zip(ids, a.saliences, strict=True)),
        )
        agents.append(agent)
    out: dict[str, Any] = {"name": name}
    if description and description != name:
        out["description"] = description
    out.update(
        saliences="absolute",
        issues=issues,
        agents=agents,
        # a decision the actors know must be taken by the last round (the classic models ignore it)
        conference={"protocol": protocol, "max_rounds": max_rounds, "deadline": max_rounds, "walkout": []},
    )
    return out


def ktab_anchors(dim: str, stated: dict[str, int | float]) -> dict[int, str]:
    """The ends of KTAB's 0..100 scale and its quarters, so the report's nearest anchor is near."""
    anchors = {point: f"{dim} = {point}" for point in (25, 50, 75)}
    anchors[0] = f"{dim} = 0 (low end of the KTAB 0-100 scale)"
    anchors[100] = f"{dim} = 100 (high end of the KTAB 0-100 scale)"
    return dict(sorted(anchors.items()))


def scenario_table(scenario: dict[str, Any], what: str) -> tuple[list[str], list[str], list[Actor]]:
    """Issue ids, issue names and the actors of a scenario dict, checked for writing a ``what``."""
    if scenario.get("saliences") != "absolute":
        raise ValueError(
            f"cannot write a {what}: the scenario's saliences are relative (shares of attention); "
            "expected saliences: absolute"
        )
    issues = scenario.get("issues") or []
    ids = [str(i["id"]) for i in issues]
    names = [str(i.get("name", i["id"])) for i in issues]
    actors = []
    for agent in scenario.get("agents") or []:
        position, salience = agent.get("position", {}), agent.get("salience", {})
        for issue in ids:
            if issue not in position or issue not in salience:
                raise ValueError(
                    f"cannot write a {what}: agent {agent['id']!r} has no position or salience on issue {issue!r}; "
                    "expected both on every issue"
                )
        actors.append(
            Actor(
                str(agent["id"]),
                str(agent.get("name", agent["id"])),
                agent["capability"],
                [position[k] for k in ids],
                [salience[k] for k in ids],
            )
        )
    if not ids or not actors:
        raise ValueError(f"cannot write a {what}: expected at least one issue and one agent")
    return ids, names, actors
