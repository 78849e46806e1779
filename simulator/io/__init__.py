"""Read and write the input files of the classic bargaining models.

Three formats (described in ``docs/import.md``):

* KTAB's Spatial Model of Politics (SMP) CSV: a scenario line (name, description, number of
  actors, number of dimensions), a column header line (``Actor, Description, Power``, then a
  position and a salience column for each dimension), one line per actor. Positions and saliences
  are on a 0..100 scale; an actor's saliences total at most 100.
* KTAB's SMP XML: ``<Scenario>`` with ``name``, ``desc``, ``prngSeed``, optional
  ``ModelParameters``, ``Dimensions/dName`` and ``Actors/Actor`` (``name``, ``description``,
  ``capability``, ``Position/dCoord``, ``Salience/dSal``). The same data as the CSV.
* The usual expected-utility CSV (Bueno de Mesquita; Scholz, Calbert and Smith 2011): one issue,
  columns ``Actor, Capability, Position, Salience``, saliences in [0, 1].

``read_*`` return a scenario as a plain dict in the YAML format (``docs/scenario-format.md``), ready
for ``load_scenario``; ``write_*`` turn such a dict back into the file format. Reading and writing
round-trip: the same actors in the same order, with the same capabilities, positions and saliences.

Every actor becomes a ``principal`` (in the classic models every actor is a stakeholder with a
vote and a position that moves), nobody walks out, and ``saliences: absolute`` keeps each salience
as the importance of its issue on its own. KTAB saliences are percentages and are divided by 100
(as KTAB itself does on reading), exactly, in decimal; positions and capabilities are kept as
written.

The XML is parsed with the standard library's expat parser into ``xml.etree.ElementTree``
elements. A document type declaration is refused outright, so no entity can be declared and
nothing is expanded or fetched (KTAB files have none); only XML's predefined entities and
character references are read.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape

import yaml

KTAB_PROTOCOL = "spatial_pce"
EU_PROTOCOL = "expected_utility"
# KTAB SMP stops after at most 100 turns; the published expected-utility run has 10 rounds
KTAB_MAX_ROUNDS = 100
EU_MAX_ROUNDS = 10
EU_COLUMNS = ("Actor", "Capability", "Position", "Salience")
EU_ISSUE = "Position"
# KTAB's default model parameters, by their names in a <ModelParameters> block; peacesim's
# spatial_pce runs these, so a file asking for others is refused rather than run differently
KTAB_DEFAULTS = {
    "VictoryProbModel": "Linear",
    "VotingRule": "Prop",
    "PCEModel": "Conditional",
    "StateTransitions": "Deterministic",
    "BigRRange": "Mid",
    "BigRAdjust": "OneThird",
    "ThirdPartyCommit": "SemiCommit",
    "InterVecBrgn": "S2P2",
    "BargnModel": "InitOnlyInterp",
}
XML_ROOT_ATTRIBUTES = (
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="smpSchema.xsd"'
)
FORMATS = {
    "ktab_csv": "KTAB SMP CSV",
    "ktab_xml": "KTAB SMP XML",
    "eu_csv": "expected-utility CSV (Actor, Capability, Position, Salience)",
}

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class ImportFormatError(ValueError):
    """An input file could not be read; the message names the file, the line and what was expected."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {message}")


# --------------------------------------------------------------------------- reading: helpers


def _read_bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportFormatError(path, None, "no such file") from None
    except OSError as exc:
        raise ImportFormatError(path, None, f"cannot read: {exc.strerror}") from None


def _read_text(path: str | Path) -> str:
    data = _read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); expected a UTF-8 or ASCII file"
        ) from None


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """Non-blank lines as (line number, cells), cells stripped of spaces and enclosing quotes."""
    rows = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        cells = [c.strip() for c in next(csv.reader([line], skipinitialspace=True), [])]
        if any(cells):
            rows.append((number, cells))
    return rows


def _trim(cells: list[str]) -> list[str]:
    """Without the empty cells at the end (KTAB's files end their lines with a comma)."""
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _number(text: str) -> int | float | None:
    """A decimal number as written: ``4`` stays an int, ``4.0`` a float; anything else None."""
    if _INTEGER.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)
    return None


def _checked(
    path: str | Path, line: int | None, written: str, low: float, high: float | None, what: str
) -> int | float:
    """``written`` as a number in [low, high]; otherwise an error naming ``what`` and the line."""
    value = _number(written)
    if value is None or value < low or (high is not None and value > high):
        allowed = f"a number in [{low:g}, {high:g}]" if high is not None else f"a number >= {low:g}"
        raise ImportFormatError(path, line, f"{what}: got {written!r}; expected {allowed}")
    return value


def _from_percent(text: str) -> float:
    """``49.53`` -> ``0.4953``: an exact decimal shift, then one rounding to the nearest float."""
    return float(Decimal(text).scaleb(-2))


def _to_percent(value: float) -> str:
    """The inverse of ``_from_percent`` on floats: ``0.4953`` -> ``'49.53'``."""
    shifted = Decimal(repr(float(value))).scaleb(2).normalize()
    return format(shifted, "f")


def _plain(value: Any) -> str:
    """A number as it would be written in the file: ``4``, ``0.08``, ``1.0``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return str(value) if isinstance(value, int) else repr(float(value))


def _issue_id(name: str, taken: set[str], k: int) -> str:
    """An id usable in ``--set`` paths: letters, digits, ``_`` and ``-`` (``XYZ Position`` -> ``XYZ_Position``)."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or f"D{k + 1}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


@dataclass
class _Actor:
    id: str
    description: str
    capability: int | float
    positions: list[int | float]
    saliences: list[float]  # absolute, in [0, 1]


def _scenario(
    name: str,
    description: str,
    dimensions: list[str],
    actors: list[_Actor],
    protocol: str,
    max_rounds: int,
    anchors: Callable[[str, dict[str, int | float]], dict[int, str]],
) -> dict[str, Any]:
    taken: set[str] = set()
    ids = [_issue_id(d, taken, k) for k, d in enumerate(dimensions)]
    issues: list[dict[str, Any]] = []
    for k, (issue_id, dim) in enumerate(zip(ids, dimensions, strict=True)):
        issue: dict[str, Any] = {"id": issue_id}
        if dim != issue_id:
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
        conference={"protocol": protocol, "max_rounds": max_rounds, "walkout": []},
    )
    return out


def _ktab_anchors(dim: str, stated: dict[str, int | float]) -> dict[int, str]:
    """The ends of KTAB's 0..100 scale and its quarters, so the report's nearest anchor is near."""
    anchors = {point: f"{dim} = {point}" for point in (25, 50, 75)}
    anchors[0] = f"{dim} = 0 (low end of the KTAB 0-100 scale)"
    anchors[100] = f"{dim} = 100 (high end of the KTAB 0-100 scale)"
    return dict(sorted(anchors.items()))


def _eu_anchors(dim: str, stated: dict[str, int | float]) -> dict[int, str]:
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


def _ktab_unescape(text: str) -> str:
    return text.replace("$$", ",")  # KTAB's CSV reader writes a comma inside a field as $$


def _csv_kind(rows: list[tuple[int, list[str]]]) -> str | None:
    """``"eu_csv"``, ``"ktab_csv"`` or None, from the first two lines."""
    if not rows:
        return None
    first = rows[0][1]
    if "actor" in (c.lower() for c in first):
        return "eu_csv"
    if len(first) >= 4 and _INTEGER.fullmatch(first[2]) and _INTEGER.fullmatch(first[3]):
        return "ktab_csv"
    if len(rows) > 1 and rows[1][1] and rows[1][1][0].lower() == "actor":
        return "ktab_csv"
    return None


# --------------------------------------------------------------------------- KTAB CSV


def read_ktab_csv(path: str | Path) -> dict[str, Any]:
    """Read a KTAB SMP CSV file into a scenario dict (protocol ``spatial_pce``)."""
    rows = _csv_rows(_read_text(path))
    if not rows:
        raise ImportFormatError(path, 1, "the file is empty; expected a KTAB SMP CSV (see docs/import.md)")

    line, head = rows[0]
    head = _trim(head)
    if len(head) != 4 or not _INTEGER.fullmatch(head[2]) or not _INTEGER.fullmatch(head[3]):
        hint = " (this looks like an expected-utility CSV)" if _csv_kind(rows) == "eu_csv" else ""
        raise ImportFormatError(
            path,
            line,
            f"expected the KTAB scenario line: name, description, number of actors, number of dimensions; "
            f"got {', '.join(head)!r}{hint}",
        )
    n_actors, n_dims = int(head[2]), int(head[3])
    for value, counted, cell in ((n_actors, "actors", 3), (n_dims, "dimensions", 4)):
        if value < 1:
            raise ImportFormatError(path, line, f"number of {counted} (cell {cell}): got {value}; expected at least 1")
    width = 3 + 2 * n_dims
    columns = f"Actor, Description, Power, then a position and a salience column for each of the {n_dims} dimensions"
    if len(rows) < 2:
        raise ImportFormatError(path, line + 1, f"missing the column header line; expected {width} columns ({columns})")

    line, header = rows[1]
    header = _trim(header)
    if len(header) != width:
        raise ImportFormatError(path, line, f"expected {width} columns ({columns}), got {len(header)}")
    dimensions = [_ktab_unescape(header[3 + 2 * k]) for k in range(n_dims)]
    for col in range(3, width):
        if not header[col]:
            what = "the name of dimension" if col % 2 else "the label of the salience column of dimension"
            raise ImportFormatError(path, line, f"column {col + 1}: {what} {(col - 1) // 2} is empty")

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
    actors: list[_Actor] = []
    seen: dict[str, int] = {}
    for line, cells in body:
        cells = _trim(cells)
        if len(cells) != width:
            raise ImportFormatError(path, line, f"expected {width} cells ({columns}), got {len(cells)}")
        actor = _ktab_unescape(cells[0])
        if not actor:
            raise ImportFormatError(path, line, "the actor name (column 1) is empty")
        if actor in seen:
            raise ImportFormatError(path, line, f"actor {actor!r} appears twice (first on line {seen[actor]})")
        seen[actor] = line

        def label(col: int, actor: str = actor) -> str:
            return f"actor {actor!r}, column {col + 1} ({header[col]})"

        capability = _checked(path, line, cells[2], 0.0, None, label(2))
        positions: list[int | float] = []
        saliences: list[float] = []
        total = Decimal(0)
        for k in range(n_dims):
            positions.append(_checked(path, line, cells[3 + 2 * k], 0.0, 100.0, label(3 + 2 * k)))
            written = cells[4 + 2 * k]
            _checked(path, line, written, 0.0, 100.0, label(4 + 2 * k))
            total += Decimal(written)
            saliences.append(_from_percent(written))
        if total > 100:
            raise ImportFormatError(
                path, line, f"actor {actor!r}: saliences total {total}; expected at most 100 (KTAB's limit)"
            )
        actors.append(_Actor(actor, _ktab_unescape(cells[1]), capability, positions, saliences))

    name = _ktab_unescape(head[0]) or Path(path).stem
    return _scenario(name, _ktab_unescape(head[1]), dimensions, actors, KTAB_PROTOCOL, KTAB_MAX_ROUNDS, _ktab_anchors)


# --------------------------------------------------------------------------- KTAB XML


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message


def _parse_xml(data: bytes, path: str | Path) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse with expat into ElementTree elements, recording each element's line; refuse DTDs."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        lines[builder.start(tag, attrs)] = parser.CurrentLineNumber

    def refuse(*_: Any) -> None:
        raise _Refused(
            parser.CurrentLineNumber,
            "a document type declaration (<!DOCTYPE ...>) is not accepted; expected a KTAB SMP XML file without one",
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise ImportFormatError(path, exc.line, exc.message) from None
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise ImportFormatError(path, exc.lineno, f"not well-formed XML: {message} (column {exc.offset + 1})") from None
    return builder.close(), lines


def read_ktab_xml(path: str | Path) -> dict[str, Any]:
    """Read a KTAB SMP XML file into a scenario dict (protocol ``spatial_pce``)."""
    data = _read_bytes(path)
    if not data.strip():
        raise ImportFormatError(path, 1, "the file is empty; expected a KTAB SMP XML <Scenario>")
    root, lines = _parse_xml(data, path)

    def child(parent: ET.Element, tag: str, what: str) -> ET.Element:
        found = parent.find(tag)
        if found is None:
            raise ImportFormatError(path, lines.get(parent), f"<{parent.tag}> has no <{tag}>; expected {what}")
        return found

    def text(el: ET.Element | None) -> str:
        return "" if el is None else (el.text or "").strip()

    def number(el: ET.Element, low: float, high: float | None, what: str) -> int | float:
        return _checked(path, lines.get(el), text(el), low, high, what)

    if root.tag != "Scenario":
        raise ImportFormatError(path, lines.get(root), f"the root element is <{root.tag}>; expected <Scenario>")
    params = root.find("ModelParameters")
    if params is not None:
        for el in params:
            expected = KTAB_DEFAULTS.get(el.tag)
            if expected is None:
                raise ImportFormatError(
                    path,
                    lines.get(el),
                    f"unknown model parameter <{el.tag}>; expected one of {', '.join(KTAB_DEFAULTS)}",
                )
            if text(el) != expected:
                raise ImportFormatError(
                    path,
                    lines.get(el),
                    f"model parameter {el.tag} is {text(el)!r}; spatial_pce runs KTAB's defaults only: "
                    f"expected {expected!r} (or leave out <ModelParameters>)",
                )
    adjust = root.find("IdealAdjustment")
    if adjust is not None and len(adjust):
        raise ImportFormatError(
            path, lines.get(adjust), "<IdealAdjustment> is not supported; expected none (KTAB's default: no adjustment)"
        )

    dims_el = child(root, "Dimensions", "a <dName> for each dimension")
    dimensions = [text(d) for d in dims_el.findall("dName")]
    if not dimensions:
        raise ImportFormatError(path, lines.get(dims_el), "<Dimensions> has no <dName>; expected at least one")
    for d in dims_el.findall("dName"):
        if not text(d):
            raise ImportFormatError(path, lines.get(d), "empty <dName>; expected the dimension's name")
    n_dims = len(dimensions)

    actors_el = child(root, "Actors", "an <Actor> for each actor")
    actor_els = actors_el.findall("Actor")
    if not actor_els:
        raise ImportFormatError(path, lines.get(actors_el), "<Actors> has no <Actor>; expected at least one")
    actors: list[_Actor] = []
    seen: dict[str, int | None] = {}
    for el in actor_els:
        name_el = child(el, "name", "the actor's name")
        actor = text(name_el)
        if not actor:
            raise ImportFormatError(path, lines.get(name_el), "empty actor <name>; expected the actor's name")
        if actor in seen:
            raise ImportFormatError(
                path, lines.get(name_el), f"actor {actor!r} appears twice (first on line {seen[actor]})"
            )
        seen[actor] = lines.get(name_el)
        cap = number(child(el, "capability", "the actor's capability"), 0.0, None, f"actor {actor!r}, capability")
        vectors: dict[str, list[ET.Element]] = {}
        for block, item in (("Position", "dCoord"), ("Salience", "dSal")):
            block_el = child(el, block, f"a <{item}> for each of the {n_dims} dimensions")
            vectors[block] = block_el.findall(item)
            if len(vectors[block]) != n_dims:
                raise ImportFormatError(
                    path,
                    lines.get(block_el),
                    f"actor {actor!r}: <{block}> has {len(vectors[block])} <{item}>; "
                    f"expected {n_dims}, one per dimension",
                )
        positions = [
            number(p, 0.0, 100.0, f"actor {actor!r}, position on {dim}")
            for p, dim in zip(vectors["Position"], dimensions, strict=True)
        ]
        for s, dim in zip(vectors["Salience"], dimensions, strict=True):
            number(s, 0.0, 100.0, f"actor {actor!r}, salience on {dim}")
        saliences = [_from_percent(text(s)) for s in vectors["Salience"]]
        actors.append(_Actor(actor, text(el.find("description")), cap, positions, saliences))
    name = text(root.find("name")) or Path(path).stem
    return _scenario(name, text(root.find("desc")), dimensions, actors, KTAB_PROTOCOL, KTAB_MAX_ROUNDS, _ktab_anchors)


# --------------------------------------------------------------------------- expected-utility CSV


def read_eu_csv(path: str | Path) -> dict[str, Any]:
    """Read an expected-utility CSV (Actor, Capability, Position, Salience) into a scenario dict
    (protocol ``expected_utility``, one issue)."""
    rows = _csv_rows(_read_text(path))
    expected = f"the columns {', '.join(EU_COLUMNS)} (in any order)"
    if not rows:
        raise ImportFormatError(path, 1, f"the file is empty; expected a header line with {expected}")
    line, header = rows[0]
    header = _trim(header)
    wanted = {c.lower(): c for c in EU_COLUMNS}
    index: dict[str, int] = {}
    for k, label in enumerate(header):
        key = label.lower()
        if key not in wanted:
            hint = " (this looks like a KTAB SMP CSV)" if _csv_kind(rows) == "ktab_csv" else ""
            raise ImportFormatError(path, line, f"unknown column {label!r}; expected {expected}{hint}")
        if wanted[key] in index:
            raise ImportFormatError(path, line, f"column {label!r} appears twice; expected {expected}")
        index[wanted[key]] = k
    missing = [c for c in EU_COLUMNS if c not in index]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise ImportFormatError(path, line, f"missing column{'s' * (len(missing) > 1)} {names}; expected {expected}")
    if len(rows) < 2:
        raise ImportFormatError(path, line + 1, "no actor lines after the header; expected at least one")
    bounds = {"Capability": (0.0, None), "Position": (0.0, 100.0), "Salience": (0.0, 1.0)}
    actors: list[_Actor] = []
    seen: dict[str, int] = {}
    width = len(header)
    for line, cells in rows[1:]:
        cells = _trim(cells)
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
            column: _checked(path, line, cells[index[column]], low, high, f"actor {actor!r}, column {column}")
            for column, (low, high) in bounds.items()
        }
        actors.append(_Actor(actor, "", values["Capability"], [values["Position"]], [float(values["Salience"])]))
    return _scenario(Path(path).stem, "", [EU_ISSUE], actors, EU_PROTOCOL, EU_MAX_ROUNDS, _eu_anchors)


# --------------------------------------------------------------------------- dispatch and YAML


def detect_format(path: str | Path) -> str:
    """``"ktab_csv"``, ``"ktab_xml"`` or ``"eu_csv"``: by the extension, and for a CSV by its first lines."""
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        raise ImportFormatError(path, None, "is a scenario already; run or validate it directly")
    if suffix == ".xml":
        return "ktab_xml"
    text = _read_text(path)
    if suffix != ".csv" and text.lstrip().startswith("<"):
        return "ktab_xml"
    rows = _csv_rows(text)
    if not rows:
        raise ImportFormatError(
            path, 1, "the file is empty; expected a KTAB SMP CSV or XML, or an expected-utility CSV"
        )
    kind = _csv_kind(rows)
    if kind is None:
        raise ImportFormatError(
            path,
            rows[0][0],
            f"cannot tell the format from the first line {', '.join(rows[0][1])!r}; expected a KTAB SMP CSV "
            "(scenario name, description, number of actors, number of dimensions), a header "
            f"{','.join(EU_COLUMNS)} (expected-utility CSV) or a KTAB SMP XML <Scenario>",
        )
    return kind


READERS = {"ktab_csv": read_ktab_csv, "ktab_xml": read_ktab_xml, "eu_csv": read_eu_csv}


def import_file(path: str | Path) -> dict[str, Any]:
    """Read any of the three formats (see ``detect_format``) into a scenario dict."""
    return READERS[detect_format(path)](path)


def to_yaml(scenario: dict[str, Any], source: str | Path | None = None) -> str:
    """The scenario as YAML text (``yaml.safe_dump``, keys in the dict's order), after a header
    comment saying where it was imported from and that outcomes are model results."""
    conference = scenario.get("conference") or {}
    protocol = conference.get("protocol")
    if protocol == KTAB_PROTOCOL:
        xml = source is not None and Path(source).suffix.lower() == ".xml"
        kind = FORMATS["ktab_xml" if xml else "ktab_csv"]
        saliences = "saliences\n# (the file's percentages divided by 100, as KTAB does)"
    else:
        kind = FORMATS["eu_csv"] if protocol == EU_PROTOCOL else "a model input file"
        saliences = "saliences"
    header = [
        f"# Imported from {source if source is not None else kind} by peacesim import; see docs/import.md.",
        f"# Format: {kind}.",
        f"# Copied from the file: the actors, their capabilities, positions and {saliences}.",
        "# Import defaults, not in the file: every actor a principal, nobody walks out,",
        f"# protocol {protocol}, max_rounds {conference.get('max_rounds')}; change them here or with --set.",
        "# Outcomes of a run are model results under these assumptions, not predictions.",
    ]
    # block style, except the agents' leaf mappings (position: {X: 50}); each top-level key is
    # dumped on its own, in order
    body = "".join(
        yaml.safe_dump(
            {key: value},
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=None if key == "agents" else False,
            width=1000,
        )
        for key, value in scenario.items()
    )
    return "\n".join(header) + "\n" + body


# --------------------------------------------------------------------------- writing


def _table(scenario: dict[str, Any], what: str) -> tuple[list[str], list[str], list[_Actor]]:
    """Issue ids, issue names and the actors of a scenario dict, checked for export."""
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
            _Actor(
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


def _ktab_text(text: str) -> str:
    if any(c in text for c in '\n\r"'):
        raise ValueError(f"cannot write {text!r} in a KTAB CSV: line breaks and double quotes are not allowed")
    return text.replace(",", "$$")


def _salience_label(dim: str) -> str:
    """KTAB ignores the salience columns' labels; follow the file's convention where it has one."""
    if re.fullmatch(r"Pstn\d+", dim):
        return "Sal" + dim[4:]
    if dim.endswith("Position"):
        return dim[: -len("Position")] + "Salience"
    return f"{dim} Salience"


def write_ktab_csv(scenario: dict[str, Any]) -> str:
    """A KTAB SMP CSV of the scenario: saliences as percentages, commas in text as ``$$``."""
    _, names, actors = _table(scenario, "KTAB CSV")
    name = str(scenario.get("name", ""))
    desc = str(scenario.get("description", name))
    lines = [f"{_ktab_text(name)},{_ktab_text(desc)},{len(actors)},{len(names)},"]
    header = ["Actor", "Description", "Power"]
    for dim in names:
        header += [_ktab_text(dim), _ktab_text(_salience_label(dim))]
    lines.append(",".join(header) + ",")
    for a in actors:
        cells = [_ktab_text(a.id), _ktab_text(a.description), _plain(a.capability)]
        for p, s in zip(a.positions, a.saliences, strict=True):
            cells += [_plain(p), _to_percent(s)]
        lines.append(",".join(cells) + ",")
    return "\n".join(lines) + "\n"


def write_ktab_xml(scenario: dict[str, Any], *, seed: int | str = 0) -> str:
    """A KTAB SMP XML of the scenario (no <ModelParameters>: KTAB's defaults). The scenario format
    has no random seed, so ``<prngSeed>`` is ``seed``, written with 20 digits as KTAB does."""
    _, names, actors = _table(scenario, "KTAB XML")
    seed_text = str(seed)
    if not seed_text.isdigit():
        raise ValueError(f"seed: got {seed!r}; expected a whole number >= 0")
    name = str(scenario.get("name", ""))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<Scenario {XML_ROOT_ATTRIBUTES}>",
        f"  <name>{escape(name)}</name>",
        f"  <desc>{escape(str(scenario.get('description', name)))}</desc>",
        f"  <prngSeed>{seed_text.zfill(20)}</prngSeed>",
        "  <Dimensions>",
        *(f"    <dName>{escape(d)}</dName>" for d in names),
        "  </Dimensions>",
        "  <Actors>",
    ]
    for a in actors:
        out += [
            "    <Actor>",
            f"      <name>{escape(a.id)}</name>",
            f"      <description>{escape(a.description)}</description>",
            f"      <capability>{_plain(a.capability)}</capability>",
            "      <Position>",
            *(f"        <dCoord>{_plain(p)}</dCoord>" for p in a.positions),
            "      </Position>",
            "      <Salience>",
            *(f"        <dSal>{_to_percent(s)}</dSal>" for s in a.saliences),
            "      </Salience>",
            "    </Actor>",
        ]
    out += ["  </Actors>", "</Scenario>"]
    return "\n".join(out) + "\n"


def write_eu_csv(scenario: dict[str, Any]) -> str:
    """An expected-utility CSV (Actor, Capability, Position, Salience) of a one-issue scenario."""
    ids, _, actors = _table(scenario, "expected-utility CSV")
    if len(ids) != 1:
        raise ValueError(
            f"cannot write an expected-utility CSV: the scenario has {len(ids)} issues; expected exactly one"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EU_COLUMNS)
    for a in actors:
        writer.writerow([a.id, _plain(a.capability), _plain(a.positions[0]), _plain(a.saliences[0])])
    return buffer.getvalue()
