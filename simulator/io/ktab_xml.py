"""KTAB's Spatial Model of Politics (SMP) XML, read and written.

``<Scenario>`` with ``name``, ``desc``, ``prngSeed``, optional ``ModelParameters``,
``Dimensions/dName`` and ``Actors/Actor`` (``name``, ``description``, ``capability``,
``Position/dCoord``, ``Salience/dSal``): the same data as the CSV (``simulator.io.ktab_csv``).

The XML is parsed with the standard library's expat parser into ``xml.etree.ElementTree``
elements, recording each element's line for the error messages (which ``defusedxml`` would lose).
A document type declaration is refused outright, so no entity can be declared and nothing is
expanded or fetched (KTAB files have none); only XML's predefined entities and character
references are read. The writer builds an element tree, as NetworkX's GraphML writer does.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from xml.parsers import expat

from simulator.io.common import (
    KTAB_MAX_ROUNDS,
    KTAB_PROTOCOL,
    Actor,
    ImportFormatError,
    bounded_number,
    from_percent,
    ktab_anchors,
    plain,
    read_bytes,
    scenario_dict,
    scenario_table,
    to_percent,
)

__all__ = ["parse_ktab_xml", "read_ktab_xml", "write_ktab_xml"]

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
XSI = "http://www.w3.org/2001/XMLSchema-instance"  # ElementTree writes it with its usual prefix, xsi
SCHEMA_LOCATION = "smpSchema.xsd"
# written by hand: ElementTree's own declaration uses single quotes, KTAB's files double ones
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
DOCTYPE_REFUSED = (
    "a document type declaration (<!DOCTYPE ...>) is not accepted; expected a KTAB SMP XML file without one"
)


class _Refused(Exception):
    def __init__(self, line: int):
        self.line = line


def element_tree(data: bytes | str, path: str | Path) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse with expat into ElementTree elements, recording each element's line; refuse DTDs."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        lines[builder.start(tag, attrs)] = parser.CurrentLineNumber

    def refuse(*_: Any) -> None:
        raise _Refused(parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise ImportFormatError(path, exc.line, DOCTYPE_REFUSED) from None
    except LookupError as exc:  # the declaration names an encoding Python does not know
        raise ImportFormatError(path, parser.CurrentLineNumber, f"{exc}; expected UTF-8") from None
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise ImportFormatError(path, exc.lineno, f"not well-formed XML: {message} (column {exc.offset + 1})") from None
    return builder.close(), lines


def text(el: ET.Element | None) -> str:
    """An element's text, stripped; empty for a missing element."""
    return "" if el is None else (el.text or "").strip()


def read_ktab_xml(path: str | Path) -> dict[str, Any]:
    """Read a KTAB SMP XML file into a scenario dict (protocol ``spatial_pce``)."""
    return parse_ktab_xml(read_bytes(path), path)


def parse_ktab_xml(data: bytes | str, path: str | Path = "<text>") -> dict[str, Any]:
    """A KTAB SMP XML document as a scenario dict; ``path`` names the source in error messages and
    gives the scenario its name when the document has none."""
    if not data.strip():
        raise ImportFormatError(path, 1, "the file is empty; expected a KTAB SMP XML <Scenario>")
    root, lines = element_tree(data, path)
    document = _Document(path, lines)
    if root.tag != "Scenario":
        raise document.error(root, f"the root element is <{root.tag}>; expected <Scenario>")
    document.check_model_parameters(root)
    dimensions = document.dimensions(root)
    actors_el = document.child(root, "Actors", "an <Actor> for each actor")
    actor_els = actors_el.findall("Actor")
    if not actor_els:
        raise document.error(actors_el, "<Actors> has no <Actor>; expected at least one")
    actors: list[Actor] = []
    seen: dict[str, int | None] = {}
    for el in actor_els:
        actors.append(document.actor(el, dimensions, seen))
    name = text(root.find("name")) or Path(path).stem
    return scenario_dict(
        name, text(root.find("desc")), dimensions, actors, KTAB_PROTOCOL, KTAB_MAX_ROUNDS, ktab_anchors
    )


class _Document:
    """A parsed document's checks, each error naming the line of the element at fault."""

    def __init__(self, path: str | Path, lines: dict[ET.Element, int]):
        self.path = path
        self.lines = lines

    def error(self, el: ET.Element, message: str) -> ImportFormatError:
        return ImportFormatError(self.path, self.lines.get(el), message)

    def child(self, parent: ET.Element, tag: str, what: str) -> ET.Element:
        found = parent.find(tag)
        if found is None:
            raise self.error(parent, f"<{parent.tag}> has no <{tag}>; expected {what}")
        return found

    def number(self, el: ET.Element, low: float, high: float | None, what: str) -> int | float:
        return bounded_number(self.path, self.lines.get(el), text(el), low, high, what)

    def check_model_parameters(self, root: ET.Element) -> None:
        """Refuse model parameters other than KTAB's defaults, and an ideal-point adjustment."""
        params = root.find("ModelParameters")
        for el in [] if params is None else params:
            expected = KTAB_DEFAULTS.get(el.tag)
            if expected is None:
                raise self.error(el, f"unknown model parameter <{el.tag}>; expected one of {', '.join(KTAB_DEFAULTS)}")
            if text(el) != expected:
                raise self.error(
                    el,
                    f"model parameter {el.tag} is {text(el)!r}; spatial_pce runs KTAB's defaults only: "
                    f"expected {expected!r} (or leave out <ModelParameters>)",
                )
        adjust = root.find("IdealAdjustment")
        if adjust is not None and len(adjust):
            raise self.error(
                adjust, "<IdealAdjustment> is not supported; expected none (KTAB's default: no adjustment)"
            )

    def dimensions(self, root: ET.Element) -> list[str]:
        dims_el = self.child(root, "Dimensions", "a <dName> for each dimension")
        names = dims_el.findall("dName")
        if not names:
            raise self.error(dims_el, "<Dimensions> has no <dName>; expected at least one")
        for d in names:
            if not text(d):
                raise self.error(d, "empty <dName>; expected the dimension's name")
        return [text(d) for d in names]

    def actor(self, el: ET.Element, dimensions: list[str], seen: dict[str, int | None]) -> Actor:
        """One <Actor>; ``seen`` maps the actors read so far to their lines, and this one is added."""
        name_el = self.child(el, "name", "the actor's name")
        actor = text(name_el)
        if not actor:
            raise self.error(name_el, "empty actor <name>; expected the actor's name")
        if actor in seen:
            raise self.error(name_el, f"actor {actor!r} appears twice (first on line {seen[actor]})")
        seen[actor] = self.lines.get(name_el)
        cap = self.number(
            self.child(el, "capability", "the actor's capability"), 0.0, None, f"actor {actor!r}, capability"
        )
        n_dims = len(dimensions)
        vectors: dict[str, list[ET.Element]] = {}
        for block, item in (("Position", "dCoord"), ("Salience", "dSal")):
            block_el = self.child(el, block, f"a <{item}> for each of the {n_dims} dimensions")
            vectors[block] = block_el.findall(item)
            if len(vectors[block]) != n_dims:
                raise self.error(
                    block_el,
                    f"actor {actor!r}: <{block}> has {len(vectors[block])} <{item}>; "
                    f"expected {n_dims}, one per dimension",
                )
        positions = [
            self.number(p, 0.0, 100.0, f"actor {actor!r}, position on {dim}")
            for p, dim in zip(vectors["Position"], dimensions, strict=True)
        ]
        for s, dim in zip(vectors["Salience"], dimensions, strict=True):
            self.number(s, 0.0, 100.0, f"actor {actor!r}, salience on {dim}")
        saliences = [from_percent(text(s)) for s in vectors["Salience"]]
        return Actor(actor, text(el.find("description")), cap, positions, saliences)


# --------------------------------------------------------------------------- writing


def write_ktab_xml(scenario: dict[str, Any], *, seed: int | str = 0) -> str:
    """A KTAB SMP XML of the scenario (no <ModelParameters>: KTAB's defaults). The scenario format
    has no random seed, so ``<prngSeed>`` is ``seed``, written with 20 digits as KTAB does."""
    _, names, actors = scenario_table(scenario, "KTAB XML")
    seed_text = str(seed)
    if not seed_text.isdigit():
        raise ValueError(f"seed: got {seed!r}; expected a whole number >= 0")
    name = str(scenario.get("name", ""))
    root = ET.Element("Scenario", {f"{{{XSI}}}noNamespaceSchemaLocation": SCHEMA_LOCATION})
    _leaf(root, "name", name)
    _leaf(root, "desc", str(scenario.get("description", name)))
    _leaf(root, "prngSeed", seed_text.zfill(20))
    dimensions = ET.SubElement(root, "Dimensions")
    for dim in names:
        _leaf(dimensions, "dName", dim)
    actors_el = ET.SubElement(root, "Actors")
    for a in actors:
        actor = ET.SubElement(actors_el, "Actor")
        _leaf(actor, "name", a.id)
        _leaf(actor, "description", a.description)
        _leaf(actor, "capability", plain(a.capability))
        position = ET.SubElement(actor, "Position")
        for p in a.positions:
            _leaf(position, "dCoord", plain(p))
        salience = ET.SubElement(actor, "Salience")
        for s in a.saliences:
            _leaf(salience, "dSal", to_percent(s))
    ET.indent(root, space="  ")
    # an empty text stays <description></description>, as KTAB writes it
    return DECLARATION + ET.tostring(root, encoding="unicode", short_empty_elements=False) + "\n"


def _leaf(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value
