"""The shipped scenarios agree with the research data they were generated from.

For ``scenarios/essay-2024.yaml`` and ``scenarios/talks-2026.yaml``:

* every agent position equals the data row its comment names (actor, issue, date), and the row's
  document, provenance, confidence and source ids match too;
* every source id cited anywhere in the file exists in ``sources.csv``;
* each agent's saliences sum to 1 (within 1e-9), over exactly the issues it has a position on;
* the files are what ``tools/build_scenarios.py`` writes today (so they are not stale or hand-edited).

The data lives outside the repository, in ``../shared/data/ukraine`` (the repository sits beside
``shared/`` in CI). Without it the whole module is skipped. Only ``yaml.safe_load`` is used, not the
simulator package.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import load_tool

REPO = Path(__file__).parents[1]
DATA = Path(__file__).parents[1].parent / "shared" / "data" / "ukraine"
SCENARIO_DIR = REPO / "scenarios"

if not DATA.is_dir():
    pytest.skip(
        f"research data folder not found at {DATA}: the scenario data checks need the repository to sit "
        "beside shared/data/ukraine",
        allow_module_level=True,
    )

# scenario file -> the data table its positions were copied from
SCENARIOS = {
    "essay-2024": "positions_timeseries.csv",
    "talks-2026": "actor_dimension_current.csv",
}

SOURCE_ID = re.compile(r"\bS\d{2}[a-z]?\b")
POSITION_LINE = re.compile(r"^      (?P<dim>[A-Z_]+): (?P<value>[0-9.]+)  # (?P<comment>.+)$")
# "<date> <document> (<provenance>, <confidence>[; flag]...)", written by tools/build_scenarios.py
ROW_COMMENT = re.compile(
    r"^(?P<date>\d{4}(?:-\d{2}){0,2}) (?P<document>.+) "
    r"\((?P<provenance>[a-z_ ]+), (?P<confidence>[a-z ]+)(?:; (?P<flags>[^()]*))?\)$"
)


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _ids(text: str) -> list[str]:
    return [s.strip() for s in text.split(";") if s.strip()]


def _date(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


@pytest.fixture(scope="module")
def sources() -> set[str]:
    return {row["source_id"].strip() for row in _read_csv("sources.csv")}


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[tuple[str, str, str], dict[str, Any]]]:
    """Each data table keyed by (actor, dimension, date), normalised to one shape."""
    out: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = {}
    ts: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in _read_csv("positions_timeseries.csv"):
        key = (r["actor"], r["dimension"], r["date"])
        assert key not in ts, f"positions_timeseries.csv has two rows for {key}"
        ts[key] = {
            "position": r["position"],
            "document": r["document"],
            "provenance": r["provenance"],
            "confidence": r["confidence"],
            "source_ids": _ids(r["source_ids"]),
            "interim": "interim" in (r["document"] + " " + r["note"]).lower(),
        }
    out["positions_timeseries.csv"] = ts
    cur: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in _read_csv("actor_dimension_current.csv"):
        if r["position_current"].strip():
            cur[(r["actor"], r["dimension"], r["as_of"])] = {
                "position": r["position_current"],
                "document": r["document"],
                "provenance": r["provenance"],
                "confidence": r["confidence"],
                "source_ids": _ids(r["source_ids"]),
                "interim": False,
            }
    out["actor_dimension_current.csv"] = cur
    return out


def _scenario(slug: str) -> tuple[str, dict[str, Any]]:
    path = SCENARIO_DIR / f"{slug}.yaml"
    assert path.is_file(), f"{path} is missing: run tools/build_scenarios.py"
    text = path.read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def _position_comments(text: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(agent, issue) -> (written value, comment) for every line inside an agent's ``position:`` block."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    agent = None
    in_position = False
    in_agents = False
    for line in text.splitlines():
        if not line.startswith(" ") and line.strip() and not line.startswith("#"):
            in_agents = line == "agents:"
            agent = None
            continue
        if not in_agents:
            continue
        if m := re.fullmatch(r"  - id: (\w+)", line):
            agent, in_position = m.group(1), False
        elif re.fullmatch(r"    \w+:.*", line):
            in_position = line.startswith("    position:")
        elif in_position and agent and not line.lstrip().startswith("#"):
            m = POSITION_LINE.match(line)
            assert m, f"unexpected line in {agent}'s positions: {line!r}"
            found[(agent, m.group("dim"))] = (m.group("value"), m.group("comment"))
    return found


@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_positions_match_their_data_rows(slug: str, tables: dict) -> None:
    text, doc = _scenario(slug)
    table_name = SCENARIOS[slug]
    assert table_name in text, f"{slug}: header does not name {table_name}"
    table = tables[table_name]
    comments = _position_comments(text)
    as_of = _date(doc["as_of"])
    checked = 0
    for agent in doc["agents"]:
        assert set(agent["sources"]) == set(agent["position"]), f"{slug} {agent['id']}: sources/positions"
        for dim, value in agent["position"].items():
            where = f"{slug} {agent['id']} {dim}"
            assert (agent["id"], dim) in comments, f"{where}: no provenance comment"
            written, comment = comments[(agent["id"], dim)]
            assert float(written) == float(value)
            m = ROW_COMMENT.match(comment)
            assert m, f"{where}: comment does not name a data row: {comment!r}"
            key = (agent["id"], dim, m.group("date"))
            assert key in table, f"{where}: no row {key} in {table_name}"
            row = table[key]
            assert not row["interim"], f"{where}: taken from an INTERIM row"
            assert float(row["position"]) == float(value), f"{where}: {value} != data {row['position']}"
            assert m.group("document") == " ".join(row["document"].split()), f"{where}: document differs"
            assert m.group("provenance") == (row["provenance"] or "provenance not given"), where
            assert m.group("confidence") == (row["confidence"] or "confidence not given"), where
            assert agent["sources"][dim] == row["source_ids"], f"{where}: sources differ from the row"
            is_proxy = "proxy: dated after as_of" in (m.group("flags") or "")
            assert is_proxy == (_date(m.group("date")) > as_of), f"{where}: proxy flag and date disagree"
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_cited_sources_exist(slug: str, sources: set[str]) -> None:
    text, doc = _scenario(slug)
    listed = {s for agent in doc["agents"] for ids in agent["sources"].values() for s in ids}
    cited = set(SOURCE_ID.findall(text))  # also the [Sxx] refs in anchors and role comments
    assert listed <= cited
    assert not cited - sources, f"{slug}: source ids not in sources.csv: {sorted(cited - sources)}"


@pytest.mark.parametrize("slug", sorted(SCENARIOS))
def test_saliences_sum_to_one(slug: str) -> None:
    _, doc = _scenario(slug)
    for agent in doc["agents"]:
        weights = agent["salience"]
        assert set(weights) == set(agent["position"]), f"{slug} {agent['id']}: salience issues"
        assert all(w >= 0 for w in weights.values())
        assert abs(sum(weights.values()) - 1) <= 1e-9, f"{slug} {agent['id']}: sum {sum(weights.values())}"


def test_shipped_files_are_current() -> None:
    module = load_tool("build_scenarios")
    data = module.read_data(DATA)
    for scenario in module.SCENARIOS:
        shipped = (SCENARIO_DIR / f"{scenario.slug}.yaml").read_text(encoding="utf-8")
        assert shipped == module.render(scenario, data), (
            f"scenarios/{scenario.slug}.yaml differs from the generator's output: "
            "run .venv/bin/python tools/build_scenarios.py"
        )
