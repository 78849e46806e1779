"""The importers read KTAB's SMP CSV and XML and the expected-utility CSV into scenarios that load
cleanly, write them back without losing anything, and refuse bad files with exact messages."""

from __future__ import annotations

import importlib
import importlib.util
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator import load_scenario
from simulator.io import (
    ImportFormatError,
    detect_format,
    import_file,
    parse_eu_csv,
    parse_ktab_csv,
    parse_ktab_xml,
    read_eu_csv,
    read_ktab_csv,
    read_ktab_xml,
    to_yaml,
    write_eu_csv,
    write_ktab_csv,
    write_ktab_xml,
)
from simulator.negotiation.protocols import PROTOCOLS

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "validation"

KTAB_3DIM_CSV = "ktab_dummyData_3Dim.csv"
KTAB_3DIM_XML = "ktab_dummyData_3Dim.xml"
KTAB_80 = "ktab_dummyData-a080.csv"
KTAB_160 = "ktab_dummyData-a160.csv"
EU = "bdm_scholz2011_eu_car_emissions.csv"
# file -> (format, protocol, actors, dimensions)
FILES = {
    KTAB_3DIM_CSV: ("ktab_csv", "spatial_pce", 7, 3),
    KTAB_3DIM_XML: ("ktab_xml", "spatial_pce", 7, 3),
    KTAB_80: ("ktab_csv", "spatial_pce", 80, 1),
    KTAB_160: ("ktab_csv", "spatial_pce", 160, 1),
    EU: ("eu_csv", "expected_utility", 10, 1),
}
WRITERS = {"ktab_csv": write_ktab_csv, "ktab_xml": write_ktab_xml, "eu_csv": write_eu_csv}

if importlib.util.find_spec("simulator.classic") is not None:  # registers expected_utility and spatial_pce
    importlib.import_module("simulator.classic")


@pytest.fixture
def data() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"validation data not found at {DATA}")
    return DATA


def load_clean(source: dict[str, Any] | Path) -> Any:
    """``load_scenario`` with every warning an error. A classic protocol not registered yet is
    replaced by ``alternating_offers`` for the check (the written default stays)."""
    tree = source if isinstance(source, dict) else yaml.safe_load(source.read_text(encoding="utf-8"))
    protocol = tree["conference"]["protocol"]
    overrides = [] if protocol in PROTOCOLS else ["conference.protocol=alternating_offers"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scenario = load_scenario(source, overrides)
    assert scenario.warnings == []
    return scenario


def cells(text: str) -> list[list[str]]:
    """A CSV's cells, read independently of the importer: split on commas, spaces and quotes
    stripped, trailing empty cells dropped, blank lines skipped."""
    out = []
    for line in text.splitlines():
        row = [c.strip().strip('"').strip() for c in line.split(",")]
        while row and not row[-1]:
            row.pop()
        if row:
            out.append(row)
    return out


def same_cell(a: str, b: str) -> bool:
    """Equal as text, or as decimal numbers (``64.00`` is ``64.0``)."""
    try:
        return Decimal(a) == Decimal(b)
    except ArithmeticError:
        return a == b


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("name", FILES)
def test_each_file_imports_and_loads_without_warnings(data: Path, name: str) -> None:
    fmt, protocol, n_actors, n_dims = FILES[name]
    assert detect_format(data / name) == fmt
    scenario = import_file(data / name)
    assert scenario["saliences"] == "absolute"
    rounds = 100 if fmt != "eu_csv" else 10
    assert scenario["conference"] == {"protocol": protocol, "max_rounds": rounds, "deadline": rounds, "walkout": []}
    assert len(scenario["agents"]) == n_actors and len(scenario["issues"]) == n_dims
    assert {a["role"] for a in scenario["agents"]} == {"principal"}
    loaded = load_clean(scenario)
    assert len(loaded.agents) == n_actors and len(loaded.issues) == n_dims
    for issue in loaded.issues:  # the ends, and KTAB's quarters or the positions stated in the EU file
        assert set(issue.anchors) == ({0, 4, 7, 10, 100} if fmt == "eu_csv" else {0, 25, 50, 75, 100})


def test_80_and_160_actor_files_have_their_actors_in_order(data: Path) -> None:
    for name, n in ((KTAB_80, 80), (KTAB_160, 160)):
        scenario = read_ktab_csv(data / name)
        ids = [a["id"] for a in scenario["agents"]]
        assert ids == [f"Act-{1000 + k}" for k in range(1, n + 1)]
        assert scenario["issues"] == [
            {
                "id": "XYZ_Position",
                "name": "XYZ Position",
                "anchors": {
                    0: "XYZ Position = 0 (low end of the KTAB 0-100 scale)",
                    25: "XYZ Position = 25",
                    50: "XYZ Position = 50",
                    75: "XYZ Position = 75",
                    100: "XYZ Position = 100 (high end of the KTAB 0-100 scale)",
                },
            }
        ]
    last = read_ktab_csv(data / KTAB_160)["agents"][-1]  # Act-1160,  Desc-1160,  0.63,  48.46,  26
    assert last == {
        "id": "Act-1160",
        "name": "Desc-1160",
        "role": "principal",
        "capability": 0.63,
        "position": {"XYZ_Position": 48.46},
        "salience": {"XYZ_Position": 0.26},
    }


def test_ktab_values_are_copied_and_saliences_divided_by_100(data: Path) -> None:
    scenario = read_ktab_csv(data / KTAB_3DIM_CSV)
    assert scenario["name"] == "DummyData_3Dim"
    assert scenario["description"] == "Dummy scenario to test reading format"
    assert [i["id"] for i in scenario["issues"]] == ["Pstn1", "Pstn2", "Pstn3"]
    actor = scenario["agents"][2]  # SActor-02, Random Spatial Actor, 129.643, 82.45, 48.47, 90.89, 13.55, 0.07, 34.62
    assert actor == {
        "id": "SActor-02",
        "name": "Random Spatial Actor",
        "role": "principal",
        "capability": 129.643,
        "position": {"Pstn1": 82.45, "Pstn2": 90.89, "Pstn3": 0.07},
        "salience": {"Pstn1": 0.4847, "Pstn2": 0.1355, "Pstn3": 0.3462},
    }


def test_csv_and_xml_forms_of_the_same_ktab_data_give_the_same_scenario(data: Path) -> None:
    assert read_ktab_csv(data / KTAB_3DIM_CSV) == read_ktab_xml(data / KTAB_3DIM_XML)


def test_eu_values_are_kept_as_written(data: Path) -> None:
    scenario = read_eu_csv(data / EU)
    assert scenario["name"] == "bdm_scholz2011_eu_car_emissions"
    assert [a["id"] for a in scenario["agents"]] == [
        "Netherlands", "Belgium", "Luxembourg", "Germany", "France", "Italy", "UK", "Ireland", "Denmark", "Greece",
    ]  # fmt: skip
    denmark = scenario["agents"][8]
    assert denmark == {
        "id": "Denmark",
        "role": "principal",
        "capability": 0.05,
        "position": {"Position": 4},
        "salience": {"Position": 1.0},
    }
    assert isinstance(denmark["position"]["Position"], int)  # years on the source's 0..10 scale, not rescaled
    assert scenario["issues"][0]["anchors"] == {
        0: "Position = 0 (units of the source file, not rescaled)",
        4: "Position = 4, stated by Netherlands, Luxembourg, Germany, Denmark",
        7: "Position = 7, stated by Belgium, Ireland, Greece",
        10: "Position = 10, stated by France, Italy, UK",
        100: "Position = 100 (units of the source file)",
    }


# --------------------------------------------------------------------------- YAML


@pytest.mark.parametrize("name", FILES)
def test_yaml_text_loads_and_says_where_it_came_from(data: Path, name: str, tmp_path: Path) -> None:
    scenario = import_file(data / name)
    text = to_yaml(scenario, source=data / name)
    lines = text.splitlines()
    assert lines[0] == f"# Imported from {data / name} by peacesim import; see docs/import.md."
    assert "# Outcomes of a run are model results under these assumptions, not predictions." in lines
    assert yaml.safe_load(text) == scenario
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    assert len(load_clean(path).agents) == FILES[name][2]


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", FILES)
def test_import_export_import_gives_the_same_scenario(data: Path, name: str, tmp_path: Path) -> None:
    fmt = FILES[name][0]
    scenario = import_file(data / name)
    exported = tmp_path / name  # the same file name: the EU format takes the scenario's name from it
    exported.write_text(WRITERS[fmt](scenario), encoding="utf-8")
    assert import_file(exported) == scenario


def test_eu_csv_export_is_the_original_text(data: Path) -> None:
    original = (data / EU).read_text(encoding="utf-8")
    assert write_eu_csv(read_eu_csv(data / EU)) == original


def test_ktab_xml_export_is_the_original_text_given_its_seed(data: Path) -> None:
    original = (data / KTAB_3DIM_XML).read_text(encoding="utf-8-sig")  # without the byte-order mark
    seed = "03707583219545544125"  # the scenario format has no seed; the rest is carried
    assert f"<prngSeed>{seed}</prngSeed>" in original
    assert write_ktab_xml(read_ktab_xml(data / KTAB_3DIM_XML), seed=seed) == original
    assert write_ktab_xml(read_ktab_csv(data / KTAB_3DIM_CSV), seed=seed) == original
    assert "<prngSeed>00000000000000000000</prngSeed>" in write_ktab_xml(read_ktab_xml(data / KTAB_3DIM_XML))


@pytest.mark.parametrize("name", [KTAB_3DIM_CSV, KTAB_80, KTAB_160])
def test_ktab_csv_export_has_the_original_cells(data: Path, name: str) -> None:
    """Cell by cell, numbers compared as decimals (the files pad and fix decimals: ' 64.00').
    The third column's label (Power or Influence) is not data: KTAB skips it, and we write Power."""
    original = cells((data / name).read_text(encoding="utf-8"))
    exported = cells(write_ktab_csv(read_ktab_csv(data / name)))
    assert len(exported) == len(original)
    assert exported[1][2] == "Power" and original[1][2] in ("Power", "Influence")
    exported[1][2] = original[1][2]
    for row_out, row_in in zip(exported, original, strict=True):
        assert len(row_out) == len(row_in), (row_out, row_in)
        for a, b in zip(row_out, row_in, strict=True):
            assert same_cell(a, b), (a, b, row_in)


def test_an_eu_scenario_exports_to_ktab_and_back(data: Path, tmp_path: Path) -> None:
    scenario = read_eu_csv(data / EU)
    path = tmp_path / "eu.csv"
    path.write_text(write_ktab_csv(scenario), encoding="utf-8")
    back = read_ktab_csv(path)
    for a, b in zip(back["agents"], scenario["agents"], strict=True):
        assert (a["id"], a["capability"], a["position"], a["salience"]) == (
            b["id"],
            b["capability"],
            b["position"],
            b["salience"],
        )


def test_writers_refuse_what_the_format_cannot_hold(data: Path) -> None:
    ktab = read_ktab_csv(data / KTAB_3DIM_CSV)
    with pytest.raises(ValueError) as info:
        write_eu_csv(ktab)
    assert str(info.value) == "cannot write an expected-utility CSV: the scenario has 3 issues; expected exactly one"
    relative = {**ktab, "saliences": "relative"}
    with pytest.raises(ValueError) as info:
        write_ktab_csv(relative)
    assert str(info.value) == (
        "cannot write a KTAB CSV: the scenario's saliences are relative (shares of attention); "
        "expected saliences: absolute"
    )
    partial = {**ktab, "agents": [{**ktab["agents"][0], "position": {"Pstn1": 50}}]}
    with pytest.raises(ValueError) as info:
        write_ktab_xml(partial)
    assert str(info.value) == (
        "cannot write a KTAB XML: agent 'SActor-00' has no position or salience on issue 'Pstn2'; "
        "expected both on every issue"
    )


# --------------------------------------------------------------------------- errors


def error(path: Path, read: Any = import_file) -> str:
    with pytest.raises(ImportFormatError) as info:
        read(path)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_eu_csv_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path, "eu.csv", "Actor,Capability,Position\nA,0.5,4\n")
    assert error(path) == (
        f"{path}:1: missing column 'Salience'; expected the columns Actor, Capability, Position, Salience (in any order)"
    )


def test_eu_csv_unknown_column(tmp_path: Path) -> None:
    path = write(tmp_path, "eu.csv", "Actor,Capability,Postion,Salience\nA,0.5,4,0.5\n")
    assert error(path) == (
        f"{path}:1: unknown column 'Postion'; expected the columns Actor, Capability, Position, Salience (in any order)"
    )


def test_eu_csv_non_numeric_value_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "eu.csv", "Actor,Capability,Position,Salience\nA,0.5,4,0.5\n\nB,0.5,seven,0.5\n")
    assert error(path) == f"{path}:4: actor 'B', column Position: got 'seven'; expected a number in [0, 100]"


def test_eu_csv_salience_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, "eu.csv", "actor, capability, position, salience\nA, 0.5, 4, 80\n")
    assert error(path) == f"{path}:2: actor 'A', column Salience: got '80'; expected a number in [0, 1]"


def test_eu_csv_short_line_and_duplicate_actor(tmp_path: Path) -> None:
    path = write(tmp_path, "eu.csv", "Actor,Capability,Position,Salience\nA,0.5,4\n")
    assert error(path) == f"{path}:2: expected 4 cells, one per column of the header, got 3"
    path = write(tmp_path, "eu.csv", "Actor,Capability,Position,Salience\nA,0.5,4,1\nA,0.5,4,1\n")
    assert error(path) == f"{path}:3: actor 'A' appears twice (first on line 2)"


KTAB_CSV = (
    "Tiny,A test,2,2,\n"
    "Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,\n"
    "A,first,10,20,50,30,40,\n"
    "B,second,5,80,60,70,30,\n"
)


def test_a_small_ktab_csv_reads(tmp_path: Path) -> None:
    scenario = read_ktab_csv(write(tmp_path, "tiny.csv", KTAB_CSV))
    assert scenario["agents"][1]["salience"] == {"Pstn1": 0.6, "Pstn2": 0.3}
    assert scenario["agents"][1]["position"] == {"Pstn1": 80, "Pstn2": 70}


def test_ktab_csv_non_numeric_value_names_its_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "k.csv", KTAB_CSV.replace("80,60", "80,high"))
    assert error(path) == f"{path}:4: actor 'B', column 5 (Sal1): got 'high'; expected a number in [0, 100]"


def test_ktab_csv_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path, "k.csv", KTAB_CSV.replace("Pstn2,Sal2,", "Pstn2,"))
    assert error(path) == (
        f"{path}:2: expected 7 columns (Actor, Description, Power, then a position and a salience column "
        "for each of the 2 dimensions), got 6"
    )
    path = write(tmp_path, "k.csv", KTAB_CSV.replace("A,first,10,20,50,30,40,", "A,first,10,20,50,30"))
    assert error(path) == (
        f"{path}:3: expected 7 cells (Actor, Description, Power, then a position and a salience column "
        "for each of the 2 dimensions), got 6"
    )


def test_ktab_csv_actor_count_must_match(tmp_path: Path) -> None:
    path = write(tmp_path, "k.csv", KTAB_CSV.replace("Tiny,A test,2,2", "Tiny,A test,3,2"))
    assert error(path) == f"{path}:1: declares 3 actors but 2 actor lines follow; expected 3"
    path = write(tmp_path, "k.csv", KTAB_CSV.replace("Tiny,A test,2,2", "Tiny,A test,1,2"))
    assert error(path) == f"{path}:4: more actor lines than the 1 declared on line 1; expected 1"


def test_ktab_csv_salience_total_at_most_100(tmp_path: Path) -> None:
    path = write(tmp_path, "k.csv", KTAB_CSV.replace("80,60,70,30", "80,60,70,40.5"))
    assert error(path) == f"{path}:4: actor 'B': saliences total 100.5; expected at most 100 (KTAB's limit)"


def test_ktab_csv_position_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, "k.csv", KTAB_CSV.replace("A,first,10,20", "A,first,10,120"))
    assert error(path) == f"{path}:3: actor 'A', column 4 (Pstn1): got '120'; expected a number in [0, 100]"


def test_ktab_csv_commas_in_text_travel_as_double_dollars(tmp_path: Path) -> None:
    scenario = read_ktab_csv(write(tmp_path, "k.csv", KTAB_CSV.replace("first", "first$$ and best")))
    assert scenario["agents"][0]["name"] == "first, and best"
    assert "A,first$$ and best,10," in write_ktab_csv(scenario)


EU_CSV = "Actor,Capability,Position,Salience\nA,1,4,0.8\nB,2,7,0.5\n"


def test_parsers_read_text_without_a_file() -> None:
    """``parse_*`` take the text; the name given stands for the file in messages and names the EU scenario."""
    assert parse_ktab_csv(KTAB_CSV)["agents"][1]["salience"] == {"Pstn1": 0.6, "Pstn2": 0.3}
    assert parse_ktab_xml(KTAB_XML)["name"] == "Tiny"
    assert parse_eu_csv(EU_CSV, "talks.csv")["name"] == "talks"
    with pytest.raises(ImportFormatError) as info:
        parse_eu_csv(EU_CSV.replace("0.5", "1.5"), "talks.csv")
    assert str(info.value) == "talks.csv:3: actor 'B', column Salience: got '1.5'; expected a number in [0, 1]"


def test_an_eu_csv_cell_may_hold_a_quoted_line_break_and_the_lines_count_on() -> None:
    """RFC 4180: a quoted cell may span lines; the next record's line number is its physical line."""
    text = 'Actor,Capability,Position,Salience\n"A\nnorth",1,4,0.8\nB,2,7,x\n'
    with pytest.raises(ImportFormatError) as info:
        parse_eu_csv(text, "eu.csv")
    assert str(info.value) == "eu.csv:4: actor 'B', column Salience: got 'x'; expected a number in [0, 1]"
    scenario = parse_eu_csv(text.replace(",x", ",0.5"), "eu.csv")
    assert [a["id"] for a in scenario["agents"]] == ["A\nnorth", "B"]
    assert parse_eu_csv(write_eu_csv(scenario), "eu.csv") == scenario


def test_ktab_csv_quote_left_open_names_its_line(tmp_path: Path) -> None:
    """KTAB reads one record per line, so a quote that runs on past its line is a mistake."""
    path = write(tmp_path, "k.csv", KTAB_CSV.replace("A,first,", 'A,"first,'))
    assert error(path) == (
        f"{path}:3: a double quote is not closed on its line; expected every cell to end on the line it starts"
    )


def test_csv_of_unknown_layout(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "name,power,stance\nA,1,2\n")
    assert error(path) == (
        f"{path}:1: cannot tell the format from the first line 'name, power, stance'; expected a KTAB SMP CSV "
        "(scenario name, description, number of actors, number of dimensions), a header "
        "Actor,Capability,Position,Salience (expected-utility CSV) or a KTAB SMP XML <Scenario>"
    )


def test_reading_one_format_with_the_other_reader_says_so(data: Path) -> None:
    assert error(data / EU, read_ktab_csv).endswith("(this looks like an expected-utility CSV)")
    assert error(data / KTAB_80, read_eu_csv).endswith("(this looks like a KTAB SMP CSV)")


def test_missing_file_and_scenario_file(tmp_path: Path) -> None:
    assert error(tmp_path / "none.csv") == f"{tmp_path / 'none.csv'}: no such file"
    path = write(tmp_path, "s.yaml", "name: x\n")
    assert error(path) == f"{path}: is a scenario already; run or validate it directly"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "eu.csv"
    path.write_bytes(b"Actor,Capability,Position,Salience\nM\xfcnchen,1,4,0.5\n")
    assert error(path) == f"{path}:2: not UTF-8 text (byte 0xfc); expected a UTF-8 or ASCII file"


KTAB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Tiny</name>
  <desc>A test</desc>
  <prngSeed>1</prngSeed>
  <Dimensions>
    <dName>Tax</dName>
  </Dimensions>
  <Actors>
    <Actor>
      <name>A</name>
      <description>first</description>
      <capability>10</capability>
      <Position>
        <dCoord>20</dCoord>
      </Position>
      <Salience>
        <dSal>50</dSal>
      </Salience>
    </Actor>
  </Actors>
</Scenario>
"""


def test_a_small_ktab_xml_reads_from_any_extension(tmp_path: Path) -> None:
    scenario = import_file(write(tmp_path, "tiny.txt", KTAB_XML))
    assert scenario["agents"][0]["position"] == {"Tax": 20}
    assert scenario["agents"][0]["salience"] == {"Tax": 0.5}


def test_ktab_xml_non_numeric_value_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "k.xml", KTAB_XML.replace("<dCoord>20</dCoord>", "<dCoord>twenty</dCoord>"))
    assert error(path) == f"{path}:15: actor 'A', position on Tax: got 'twenty'; expected a number in [0, 100]"


def test_ktab_xml_missing_element_and_wrong_count(tmp_path: Path) -> None:
    path = write(tmp_path, "k.xml", KTAB_XML.replace("<capability>10</capability>", ""))
    assert error(path) == f"{path}:10: <Actor> has no <capability>; expected the actor's capability"
    path = write(tmp_path, "k.xml", KTAB_XML.replace("<dSal>50</dSal>", "<dSal>50</dSal><dSal>5</dSal>"))
    assert error(path) == f"{path}:17: actor 'A': <Salience> has 2 <dSal>; expected 1, one per dimension"


def test_ktab_xml_not_well_formed(tmp_path: Path) -> None:
    path = write(tmp_path, "k.xml", KTAB_XML.replace("</Position>", "</Positio>"))
    assert error(path) == f"{path}:16: not well-formed XML: mismatched tag (column 9)"


def test_ktab_xml_in_an_unknown_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "k.xml", KTAB_XML.replace('encoding="UTF-8"', 'encoding="UTF-9"'))
    assert error(path) == f"{path}:1: unknown encoding: UTF-9; expected UTF-8"


def test_ktab_xml_with_an_entity_declaration_is_refused(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;">\n]>\n'
    path = write(tmp_path, "k.xml", bomb + KTAB_XML.split("\n", 1)[1].replace("Tiny", "&lol2;"))
    assert error(path) == (
        f"{path}:2: a document type declaration (<!DOCTYPE ...>) is not accepted; "
        "expected a KTAB SMP XML file without one"
    )


def test_ktab_xml_model_parameters_other_than_the_defaults_are_refused(tmp_path: Path) -> None:
    params = "<ModelParameters>\n<VotingRule>Cubic</VotingRule>\n</ModelParameters>\n  <Dimensions>"
    path = write(tmp_path, "k.xml", KTAB_XML.replace("  <Dimensions>", params, 1))
    assert error(path) == (
        f"{path}:7: model parameter VotingRule is 'Cubic'; spatial_pce runs KTAB's defaults only: "
        "expected 'Prop' (or leave out <ModelParameters>)"
    )
    defaults = "<ModelParameters>\n<VotingRule>Prop</VotingRule>\n</ModelParameters>\n  <Dimensions>"
    path = write(tmp_path, "k.xml", KTAB_XML.replace("  <Dimensions>", defaults, 1))
    assert read_ktab_xml(path)["name"] == "Tiny"


def test_ktab_csv_empty_dimension_name(tmp_path: Path) -> None:
    path = write(tmp_path, "k.csv", KTAB_CSV.replace("Pstn2,Sal2", ",Sal2"))
    assert error(path) == f"{path}:2: column 6: the name of dimension 2 is empty"
