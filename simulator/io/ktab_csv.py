"""KTAB's Spatial Model of Politics (SMP) CSV, read and written.

A scenario line (name, description, number of actors, number of dimensions), a column header line
(``Actor, Description, Power``, then a position and a salience column for each dimension), one line
per actor. Positions and saliences are on a 0..100 scale; an actor's saliences total at most 100.
KTAB saliences are percentages and are divided by 100 (as KTAB itself does on reading), exactly, in
decimal; positions and capabilities are kept as written. A comma inside a text is written ``$$``
(KTAB's escape). Source: KAPSARC's KTAB, ``SMPLib`` CSV reader; see ``docs/import.md``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from simulator.io.common import (
    INTEGER,
    KTAB_MAX_ROUNDS,
    KTAB_PROTOCOL,
    Actor,
    ImportFormatError,
    bounded_number,
    csv_format,
    csv_rows,
    from_percent,
    ktab_anchors,
    plain,
    read_text,
    scenario_dict,
    scenario_table,
    to_percent,
    trim,
)

__all__ = ["parse_ktab_csv", "read_ktab_csv", "write_ktab_csv"]

Rows = list[tuple[int, list[str]]]


def read_ktab_csv(path: str | Path) -> dict[str, Any]:
    """Read a KTAB SMP CSV file into a scenario dict (protocol ``spatial_pce``)."""
    return parse_ktab_csv(read_text(path), path)


def parse_ktab_csv(text: str, path: str | Path = "<text>") -> dict[str, Any]:
    """A KTAB SMP CSV's text as a scenario dict; ``path`` names the source in error messages and
    gives the scenario its name when the file has none."""
    rows = csv_rows(text)
    if not rows:
        raise ImportFormatError(path, 1, "the file is empty; expected a KTAB SMP CSV (see docs/import.md)")
    for line, cells in rows:  # KTAB reads a line as a record: a quote cannot carry a cell over a line break
        if any("\n" in c or "\r" in c for c in cells):
            raise ImportFormatError(
                path, line, "a double quote is not closed on its line; expected every cell to end on the line it starts"
            )
    head = _scenario_line(rows, path)
    n_actors, n_dims = int(head[2]), int(head[3])
    header = _column_header(rows, path, n_dims)
    dimensions = [unescape(header[3 + 2 * k]) for k in range(n_dims)]
    actors = _actors(rows, path, n_actors, header)
    name = unescape(head[0]) or Path(path).stem
    return scenario_dict(name, unescape(head[1]), dimensions, actors, KTAB_PROTOCOL, KTAB_MAX_ROUNDS, ktab_anchors)


def unescape(text: str) -> str:
    """KTAB's CSV reader writes a comma inside a field as ``$$``."""
    return text.replace("$$", ",")


def _columns(n_dims: int) -> str:
    return f"Actor, Description, Power, then a position and a salience column for each of the {n_dims} dimensions"


def _scenario_line(rows: Rows, path: str | Path) -> list[str]:
    """The first line's cells, checked: name, description, number of actors, number of dimensions."""
    line, head = rows[0]
    head = trim(head)
    if len(head) != 4 or not INTEGER.fullmatch(head[2]) or not INTEGER.fullmatch(head[3]):
        hint = " (this looks like an expected-utility CSV)" if csv_format(rows) == "eu_csv" else ""
        raise ImportFormatError(
            path,
            line,
            f"expected the KTAB scenario line: name, description, number of actors, number of dimensions; "
            f"got {', '.join(head)!r}{hint}",
        )
    for value, counted, cell in ((int(head[2]), "actors", 3), (int(head[3]), "dimensions", 4)):
        if value < 1:
            raise ImportFormatError(path, line, f"number of {counted} (cell {cell}): got {value}; expected at least 1")
    return head


def _column_header(rows: Rows, path: str | Path, n_dims: int) -> list[str]:
    """The second line's cells, checked: one label per column, no dimension unnamed."""
    width = 3 + 2 * n_dims
    if len(rows) < 2:
        raise ImportFormatError(
            path, rows[0][0] + 1, f"missing the column header line; expected {width} columns ({_columns(n_dims)})"
        )
    line, header = rows[1]
    header = trim(header)
    if len(header) != width:
        raise ImportFormatError(path, line, f"expected {width} columns ({_columns(n_dims)}), got {len(header)}")
    for col in range(3, width):
        if not header[col]:
            what = "the name of dimension" if col % 2 else "the label of the salience column of dimension"
            raise ImportFormatError(path, line, f"column {col + 1}: {what} {(col - 1) // 2} is empty")
    return header


def _actors(rows: Rows, path: str | Path, n_actors: int, header: list[str]) -> list[Actor]:
    """The actor lines, as many as the scenario line declares."""
    body = rows[2:]
    if len(body) > n_actors:
        raise ImportFormatError(
            path,
            body[n_actors][0],
            f"more actor lines than the {n_actors} declared on line {rows[0][0]}; expected {n_actors}",
        )
    if len(body) < n_actors:
        raise ImportFormatError(
            path,
            rows[0][0],
            f"declares {n_actors} actors but {len(body)} actor line{'s' * (len(body) != 1)} follow; "
            f"expected {n_actors}",
        )
    actors: list[Actor] = []
    seen: dict[str, int] = {}
    for line, cells in body:
        actors.append(_actor(path, line, trim(cells), header, seen))
    return actors


def _actor(path: str | Path, line: int, cells: list[str], header: list[str], seen: dict[str, int]) -> Actor:
    """One actor line: name, description, power, then a position and a salience per dimension.
    ``seen`` maps the actors read so far to their lines; this one is added."""
    width = len(header)
    n_dims = (width - 3) // 2
    if len(cells) != width:
        raise ImportFormatError(path, line, f"expected {width} cells ({_columns(n_dims)}), got {len(cells)}")
    actor = unescape(cells[0])
    if not actor:
        raise ImportFormatError(path, line, "the actor name (column 1) is empty")
    if actor in seen:
        raise ImportFormatError(path, line, f"actor {actor!r} appears twice (first on line {seen[actor]})")
    seen[actor] = line

    def value(col: int, high: float | None) -> int | float:
        return bounded_number(path, line, cells[col], 0.0, high, f"actor {actor!r}, column {col + 1} ({header[col]})")

    capability = value(2, None)
    positions: list[int | float] = []
    saliences: list[float] = []
    total = Decimal(0)
    for k in range(n_dims):
        positions.append(value(3 + 2 * k, 100.0))
        value(4 + 2 * k, 100.0)
        written = cells[4 + 2 * k]
        total += Decimal(written)
        saliences.append(from_percent(written))
    if total > 100:
        raise ImportFormatError(
            path, line, f"actor {actor!r}: saliences total {total}; expected at most 100 (KTAB's limit)"
        )
    return Actor(actor, unescape(cells[1]), capability, positions, saliences)


# --------------------------------------------------------------------------- writing


def escape(text: str) -> str:
    """A text as a KTAB CSV cell: a comma becomes ``$$``; a line break or a double quote cannot be written."""
    if any(c in text for c in '\n\r"'):
        raise ValueError(f"cannot write {text!r} in a KTAB CSV: line breaks and double quotes are not allowed")
    return text.replace(",", "$$")


def salience_label(dim: str) -> str:
    """KTAB ignores the salience columns' labels; follow the file's convention where it has one."""
    if re.fullmatch(r"Pstn\d+", dim):
        return "Sal" + dim[4:]
    if dim.endswith("Position"):
        return dim[: -len("Position")] + "Salience"
    return f"{dim} Salience"


def write_ktab_csv(scenario: dict[str, Any]) -> str:
    """A KTAB SMP CSV of the scenario: saliences as percentages, commas in text as ``$$``.

    Written by hand, not with ``csv.writer``: KTAB's reader knows no quoting, and every line ends
    with a comma as in KTAB's own files."""
    _, names, actors = scenario_table(scenario, "KTAB CSV")
    name = str(scenario.get("name", ""))
    desc = str(scenario.get("description", name))
    lines = [[escape(name), escape(desc), str(len(actors)), str(len(names))]]
    header = ["Actor", "Description", "Power"]
    for dim in names:
        header += [escape(dim), escape(salience_label(dim))]
    lines.append(header)
    for a in actors:
        cells = [escape(a.id), escape(a.description), plain(a.capability)]
        for p, s in zip(a.positions, a.saliences, strict=True):
            cells += [plain(p), to_percent(s)]
        lines.append(cells)
    return "".join(",".join(cells) + ",\n" for cells in lines)
