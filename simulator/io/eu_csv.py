"""The expected-utility CSV, read and written.

The usual input of Bueno de Mesquita's expected utility model as specified by Scholz, Calbert and
Smith (2011, "Unravelling Bueno De Mesquita's group decision model", Journal of Theoretical
Politics 23(4)): one issue, columns ``Actor, Capability, Position, Salience`` in any order,
saliences in [0, 1]. Values are kept as written; see ``docs/import.md``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from simulator.io.common import (
    Actor,
    ImportFormatError,
    bounded_number,
    csv_format,
    csv_rows,
    plain,
    read_text,
    scenario_dict,
    scenario_table,
    trim,
)

__all__ = ["parse_eu_csv", "read_eu_csv", "write_eu_csv"]

EU_PROTOCOL = "expected_utility"
EU_MAX_ROUNDS = 10  # the published expected-utility run has 10 rounds
EU_COLUMNS = ("Actor", "Capability", "Position", "Salience")
EU_ISSUE = "Position"
BOUNDS = {"Capability": (0.0, None), "Position": (0.0, 100.0), "Salience": (0.0, 1.0)}


def read_eu_csv(path: str | Path) -> dict[str, Any]:
    """Read an expected-utility CSV (Actor, Capability, Position, Salience) into a scenario dict
    (protocol ``expected_utility``, one issue) named after the file."""
    return parse_eu_csv(read_text(path), path)


def parse_eu_csv(text: str, path: str | Path = "<text>") -> dict[str, Any]:
    """An expected-utility CSV's text as a scenario dict; ``path`` names the source in error
    messages, and its stem names the scenario."""
    rows = csv_rows(text)
    expected = f"the columns {', '.join(EU_COLUMNS)} (in any order)"
    if not rows:
        raise ImportFormatError(path, 1, f"the file is empty; expected a header line with {expected}")
    line, header = rows[0]
    header = trim(header)
    index = _column_index(rows, path, header, expected)
    if len(rows) < 2:
        raise ImportFormatError(path, line + 1, "no actor lines after the header; expected at least one")
    actors: list[Actor] = []
    seen: dict[str, int] = {}
    width = len(header)
    for line, cells in rows[1:]:
        cells = trim(cells)
        if len(cells) != width:
            raise ImportFormatError(
                path, line, f"expected {width} cells, one per column of the header, got {len(cells)}"
            )
        actor = cells[index["Actor"]]
        if not actor:
            raise ImportFormatError(path, line, "the Actor cell is empty; expected the actor's name")
        if actor in seen:
            raise ImportFormatError(path, line, f"actor {actor!r} appears twice (first on line {seen[actor]})")
        seen[actor] = line
        values = {
            column: bounded_number(path, line, cells[index[column]], low, high, f"actor {actor!r}, column {column}")
            for column, (low, high) in BOUNDS.items()
        }
        actors.append(Actor(actor, "", values["Capability"], [values["Position"]], [float(values["Salience"])]))
    return scenario_dict(Path(path).stem, "", [EU_ISSUE], actors, EU_PROTOCOL, EU_MAX_ROUNDS, eu_anchors)


def _column_index(
    rows: list[tuple[int, list[str]]], path: str | Path, header: list[str], expected: str
) -> dict[str, int]:
    """Each of ``EU_COLUMNS`` to its place in the header; unknown, repeated or missing columns are errors."""
    line = rows[0][0]
    wanted = {c.lower(): c for c in EU_COLUMNS}
    index: dict[str, int] = {}
    for k, label in enumerate(header):
        key = label.lower()
        if key not in wanted:
            hint = " (this looks like a KTAB SMP CSV)" if csv_format(rows) == "ktab_csv" else ""
            raise ImportFormatError(path, line, f"unknown column {label!r}; expected {expected}{hint}")
        if wanted[key] in index:
            raise ImportFormatError(path, line, f"column {label!r} appears twice; expected {expected}")
        index[wanted[key]] = k
    missing = [c for c in EU_COLUMNS if c not in index]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise ImportFormatError(path, line, f"missing column{'s' * (len(missing) > 1)} {names}; expected {expected}")
    return index


def eu_anchors(dim: str, stated: dict[str, int | float]) -> dict[int, str]:
    """The ends of the 0..100 scale in the file's units, and each whole-number position stated
    in the file with the actors stating it (``7: Position = 7, stated by Belgium, Ireland, Greece``)."""
    anchors = {0: f"{dim} = 0 (units of the source file, not rescaled)", 100: f"{dim} = 100 (units of the source file)"}
    by_point: dict[int, list[str]] = {}
    for actor, value in stated.items():
        if float(value).is_integer():
            by_point.setdefault(int(value), []).append(actor)
    for point, actors in by_point.items():
        shown = ", ".join(actors[:4]) + (f" and {len(actors) - 4} more" if len(actors) > 4 else "")
        base = anchors.get(point, f"{dim} = {point}")
        anchors[point] = f"{base}, stated by {shown}"
    return dict(sorted(anchors.items()))


def write_eu_csv(scenario: dict[str, Any]) -> str:
    """An expected-utility CSV (Actor, Capability, Position, Salience) of a one-issue scenario."""
    ids, _, actors = scenario_table(scenario, "expected-utility CSV")
    if len(ids) != 1:
        raise ValueError(
            f"cannot write an expected-utility CSV: the scenario has {len(ids)} issues; expected exactly one"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EU_COLUMNS)
    for a in actors:
        writer.writerow([a.id, plain(a.capability), plain(a.positions[0]), plain(a.saliences[0])])
    return buffer.getvalue()
