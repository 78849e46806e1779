"""The report formats (simulator/report/formats.py) and the typed reports (simulator/report/types.py).

* the registry: every format renders a real report through one signature, ``render(report, *,
  narrative=None) -> str``; unknown names are refused with the choices; a format registered by a
  function, a ``"module:function"`` string or the decorator is used by ``render``, ``ConferenceResult``
  and the command line; the renderers registered by name are imported on first use (matplotlib only
  for ``html``);
* the formats against the report they are given (JSON parses back to it; the narrative only where
  the format embeds it), and the text-table layout against widths computed here;
* the types: ``SettlementReport`` and ``SweepReport`` declare exactly the keys the reports have, in
  the JSON's order; ``run_conference`` adds ``reference`` (and ``settlement_report`` does not).
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from simulator import load_scenario, run_conference
from simulator.cli import main
from simulator.conference.model import PeaceConference
from simulator.report import EXTENSIONS, FORMATS, format_names, register_format, render
from simulator.report.reference import compare
from simulator.report.settlement import settlement_report, sweep_report
from simulator.report.tables import Column, text_table
from simulator.report.types import ActorFigures, SettlementReport, SweepReport

TWO_PARTY = "docs/examples/two-party.yaml"
CASE = "scenarios/history/camp_david_1978.yaml"


@pytest.fixture
def registry() -> Iterator[None]:
    """Formats registered by a test are removed afterwards."""
    saved = dict(FORMATS)
    yield
    FORMATS.clear()
    FORMATS.update(saved)


@pytest.fixture(scope="module")
def report() -> SettlementReport:
    return run_conference(REPO / TWO_PARTY, seed=0).report


def test_the_built_in_formats_and_their_extensions() -> None:
    assert dict(EXTENSIONS) == {"text": "txt", "markdown": "md", "json": "json", "html": "html"}
    assert format_names() == ["html", "json", "markdown", "text"]
    assert [name for name, f in FORMATS.items() if f.embeds_narrative] == ["html"]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_takes_the_report_and_a_keyword_narrative(name: str, report: SettlementReport) -> None:
    parameters = inspect.signature(FORMATS[name].load()).parameters
    assert list(parameters) == ["report", "narrative"]
    assert parameters["narrative"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["narrative"].default is None
    shown = render(report, name, narrative="Round 1: the <story>")
    assert isinstance(shown, str) and shown.endswith("\n")
    # the narrative is shown by the formats that say they embed it, and by no other
    assert ("the &lt;story&gt;" in shown or "the <story>" in shown) == FORMATS[name].embeds_narrative


def test_json_is_the_report_itself(report: SettlementReport) -> None:
    assert json.loads(render(report, "json")) == json.loads(json.dumps(report))
    assert list(json.loads(render(report, "json"))) == list(report)


def test_an_unknown_format_is_refused_with_the_choices(report: SettlementReport) -> None:
    with pytest.raises(ValueError) as caught:
        render(report, "pdf")
    assert str(caught.value) == "unknown report format 'pdf'; choose from html, json, markdown, text"


def shout(report: SettlementReport, *, narrative: str | None = None) -> str:
    return f"{report['outcome']}!\n".upper()


def test_a_format_registered_by_function_by_name_or_as_decorator(registry: None, report: SettlementReport) -> None:
    register_format("shout", shout, extension="txt")
    register_format("shout-by-name", "test_report_formats:shout", extension="shout")

    @register_format("shout-decorated", extension="txt")
    def decorated(report: SettlementReport, *, narrative: str | None = None) -> str:
        return shout(report)

    for name in ("shout", "shout-by-name", "shout-decorated"):
        assert render(report, name) == "AGREEMENT!\n"
    assert decorated(report) == "AGREEMENT!\n"  # the decorator returns the function itself
    assert EXTENSIONS["shout-by-name"] == "shout"


def test_the_command_line_offers_a_registered_format(
    registry: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    register_format("shout", shout, extension="shout")
    monkeypatch.chdir(REPO)
    assert main(["run", TWO_PARTY, "--format", "shout"]) == 0
    assert capsys.readouterr().out == "AGREEMENT!\n"
    assert main(["run", TWO_PARTY, "--format", "shout", "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.splitlines()[0] == str(tmp_path / "out" / "report.shout")
    assert (tmp_path / "out" / "report.shout").read_text(encoding="utf-8") == "AGREEMENT!\n"


def test_matplotlib_loads_only_for_the_html_format() -> None:
    script = (
        "import sys; from simulator import run_conference; from simulator.report import render; "
        f"report = run_conference({TWO_PARTY!r}).report; "
        "[render(report, f) for f in ('text', 'markdown', 'json')]; "
        "print('matplotlib' in sys.modules, 'simulator.report.html' in sys.modules); "
        "render(report, 'html'); print('matplotlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "True"]


def test_text_table_pads_every_cell_to_its_column() -> None:
    columns = [Column("name", 6), Column("n", 4, ">"), Column("note", gap="  ")]
    lines = text_table(columns, [("a", "1", "first"), ("bbbb", "22", "")], rstrip=True)
    assert lines == ["name     n  note", "a        1  first", "bbbb    22"]
    # without rstrip, a row is exactly as wide as its padded cells and gaps
    assert [len(line) for line in text_table(columns, [("a", "1", "x")])] == [6 + 4 + 2 + 4, 6 + 4 + 2 + 1]


def test_the_report_types_declare_exactly_the_report_keys_in_order(report: SettlementReport) -> None:
    declared = [k for k in SettlementReport.__annotations__ if k != "reference"]
    assert list(report) == declared
    assert SettlementReport.__optional_keys__ == frozenset({"reference"})
    for figures in report["actors"].values():
        assert list(figures) == list(ActorFigures.__annotations__)


def test_the_sweep_report_is_the_settlement_report_cut_down() -> None:
    model = PeaceConference(load_scenario(REPO / "scenarios/talks-2026.yaml"), rng=3)
    model.run_model()
    full, cut = settlement_report(model, 3), sweep_report(model)
    assert list(cut) == list(SweepReport.__annotations__)
    for key, value in cut.items():
        if key == "actors":
            for actor, figures in value.items():
                assert figures == {k: full["actors"][actor][k] for k in figures}  # type: ignore[literal-required]
        else:
            assert value == full[key]  # type: ignore[literal-required]


def test_run_conference_adds_the_comparison_with_reality() -> None:
    scenario = load_scenario(REPO / CASE)
    result = run_conference(scenario, seed=0, collect=False)
    assert list(result.report)[-1] == "reference"
    assert result.report["reference"] == compare(result.report, scenario)
    # settlement_report alone (the report layer) does not compare: the composition root does
    assert "reference" not in settlement_report(result.model, 0)
    assert "reference" not in run_conference(REPO / TWO_PARTY).report
