"""The ``peacesim`` command line, called in-process (``simulator.cli.main``) and once as installed."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL, edit_line

from simulator.cli import main
from simulator.conference.model import OUTCOMES
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES

SHIPPED = {"talks-2026.yaml": (14, 9), "essay-2024.yaml": (10, 9)}


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``peacesim ARGV`` in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- validate


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_validate_shipped_scenarios(capsys, repo_root, name):
    path = repo_root / "scenarios" / name
    agents, issues = SHIPPED[name]
    assert cli(capsys, "validate", path) == (0, f"{path}: valid ({agents} agents, {issues} issues)\n", "")


def test_validate_bad_file_lists_every_error_on_stderr(capsys, write_scenario):
    text = edit_line(edit_line(MINIMAL, 29, "salience", "salince"), 46, "[UKR, RUS]", "[UKR, OBS]")
    text = edit_line(text, 14, "time_dependent", "time_dependant")
    path = write_scenario(text)
    code, out, err = cli(capsys, "validate", path)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "peacesim: 4 errors in scenario:",
        f"  {path}:14: agents[0].rule.type: unknown rule 'time_dependant'; did you mean 'time_dependent'? "
        "Allowed: time_dependent, reciprocal, hardliner, ripeness_gated, zeuthen",
        f"  {path}:30: agents[1].salince: unknown key 'salince'; did you mean 'salience'? "
        "Allowed: id, name, role, bloc, capability, reservation, rule, position, salience, sources, ratification, red_lines, mediation",
        f"  {path}:21: agents[1].salience: a principal or guarantor needs a positive salience on at least one issue",
        f"  {path}:46: conference.walkout[1]: 'OBS' is an observer and has no vote to withdraw; "
        "allowed: principals and guarantors",
    ]


def test_validate_missing_file(capsys, tmp_path):
    path = tmp_path / "absent.yaml"
    assert cli(capsys, "validate", path) == (1, "", f"peacesim: 1 error in scenario:\n  {path}: no such file\n")


def test_validate_prints_normalisation_warnings_and_succeeds(capsys, write_scenario):
    path = write_scenario(edit_line(MINIMAL, 30, "0.5", "1.5"))
    assert cli(capsys, "validate", path) == (
        0,
        f"{path}: valid (4 agents, 2 issues)\n",
        f"warning: {path}:30: agents[1].salience: saliences sum to 2, normalised to sum to 1\n",
    )


def test_validate_with_set(capsys, write_scenario):
    path = write_scenario()
    code, out, err = cli(capsys, "validate", path, "--set", "agents.RUS.capability=-1", "--set", "agents.RSU.role=x")
    assert (code, out) == (1, "")
    assert err == (
        "peacesim: 1 error in scenario:\n"
        "  --set agents.RSU.role=x: agents has no entry with id 'RSU'; did you mean 'RUS'? Allowed: UKR, RUS, MED, OBS\n"
    )
    code, out, err = cli(capsys, "validate", path, "--set", "agents.RUS.capability=-1")
    assert err == (
        "peacesim: 1 error in scenario:\n"
        "  --set agents.RUS.capability=-1: agents[1].capability: got -1; allowed: a number >= 0.0\n"
    )
    assert cli(capsys, "validate", path, "--set", "agents.RUS.capability=0.1")[0] == 0


def test_validate_refuses_code_in_yaml(capsys, write_scenario, tmp_path):
    marker = tmp_path / "pwned"
    path = write_scenario(edit_line(MINIMAL, 1, "mini", f'!!python/object/apply:os.system ["touch {marker}"]'))
    code, out, err = cli(capsys, "validate", path)
    assert (code, out) == (1, "")
    assert "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'" in err
    assert not marker.exists()


# --------------------------------------------------------------------------- run


def test_run_json_has_the_documented_keys(capsys, write_scenario):
    path = write_scenario()
    code, out, err = cli(capsys, "run", path, "--format", "json", "--seed", "3")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert {"outcome", "round", "terms", "actors"} <= set(report)
    assert report["outcome"] in OUTCOMES
    assert isinstance(report["round"], int) and 1 <= report["round"] <= 20
    assert set(report["terms"]) <= {"TERR_LINE", "SANCTIONS"}
    assert list(report["actors"]) == ["UKR", "RUS", "MED", "OBS"]
    assert report["seed"] == 3
    assert report["source"] == str(path)


def test_run_shipped_scenario_json(capsys, repo_root):
    code, out, _ = cli(capsys, "run", repo_root / "scenarios" / "talks-2026.yaml", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert len(report["actors"]) == 14
    assert report["outcome"] in OUTCOMES


def test_same_seed_same_output(capsys, repo_root):
    path = repo_root / "scenarios" / "essay-2024.yaml"
    first = cli(capsys, "run", path, "--seed", "7", "--format", "json")
    assert first[0] == 0
    assert cli(capsys, "run", path, "--seed", "7", "--format", "json") == first


def test_run_text_and_markdown(capsys, write_scenario):
    path = write_scenario()
    code, out, _ = cli(capsys, "run", path)
    assert code == 0
    assert out.startswith("peacesim: mini  (seed 0)\n")
    assert "not a prediction" in out
    code, out, _ = cli(capsys, "run", path, "--format", "markdown")
    assert code == 0
    assert out.startswith("# mini\n")


def test_run_with_set(capsys, write_scenario):
    path = write_scenario()
    argv = ["run", path, "--format", "json", "--set", "conference.max_rounds=2", "--set", "agents.RUS.rule=hardliner",
            "--set", "agents.UKR.rule=hardliner"]  # fmt: skip
    code, out, _ = cli(capsys, *argv)
    report = json.loads(out)
    assert code == 0
    assert (report["max_rounds"], report["round"]) == (2, 2)
    assert report["actors"]["RUS"]["rule"].startswith("hardliner")
    assert report["overrides"] == ["conference.max_rounds=2", "agents.RUS.rule=hardliner", "agents.UKR.rule=hardliner"]


def test_run_bad_scenario_exits_1_without_a_report(capsys, write_scenario):
    path = write_scenario()
    code, out, err = cli(capsys, "run", path, "--set", "conference.max_rounds=0")
    assert (code, out) == (1, "")
    assert err == (
        "peacesim: 1 error in scenario:\n"
        "  --set conference.max_rounds=0: conference.max_rounds: got 0; allowed: a whole number in [1, 100000]\n"
    )


def test_run_out_writes_reports_and_csvs(capsys, write_scenario, tmp_path):
    out_dir = tmp_path / "results" / "run1"  # created with its parents
    code, out, err = cli(capsys, "run", write_scenario(), "--out", out_dir)
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["agents.csv", "report.json", "report.txt", "rounds.csv"]
    # the paths written, one a line, and not the report
    assert out.splitlines() == [
        str(out_dir / name) for name in ("report.txt", "report.json", "rounds.csv", "agents.csv")
    ]
    assert (out_dir / "report.txt").read_text(encoding="utf-8").startswith("peacesim: ")
    assert err == ""

    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    rounds = list(csv.DictReader((out_dir / "rounds.csv").open(encoding="utf-8")))
    assert list(rounds[0]) == ["round", "text", "accepted", "outcome", "territory", "optimism_gap", "ripe", "talks"]
    # one row for the opening and one per round played; the last row has the outcome
    assert [int(r["round"]) for r in rounds] == list(range(report["round"] + 1))
    assert rounds[-1]["outcome"] == report["outcome"]
    assert all(r["outcome"] == "" for r in rounds[:-1])

    agents = list(csv.DictReader((out_dir / "agents.csv").open(encoding="utf-8")))
    assert list(agents[0]) == ["Step", "AgentID", "offer", "aspiration", "utility", "reservation"]
    assert len(agents) == 4 * len(rounds)
    assert [a["AgentID"] for a in agents[:4]] == ["UKR", "RUS", "MED", "OBS"]
    assert {a["Step"] for a in agents} == {r["round"] for r in rounds}
    final = {a["AgentID"]: a for a in agents if a["Step"] == str(report["round"])}
    assert float(final["RUS"]["utility"]) == pytest.approx(report["actors"]["RUS"]["utility"], abs=1e-4)


def test_run_out_with_markdown_and_json(capsys, write_scenario, tmp_path):
    path = write_scenario()
    code, out, _ = cli(capsys, "run", path, "--format", "markdown", "--out", tmp_path / "md")
    assert code == 0
    assert out.splitlines()[0] == str(tmp_path / "md" / "report.md")
    assert (tmp_path / "md" / "report.md").read_text(encoding="utf-8") == cli(
        capsys, "run", path, "--format", "markdown"
    )[1]
    assert (tmp_path / "md" / "report.json").is_file()
    code, out, _ = cli(capsys, "run", path, "--format", "json", "--out", tmp_path / "js")
    assert sorted(p.name for p in (tmp_path / "js").iterdir()) == ["agents.csv", "report.json", "rounds.csv"]
    assert out == "".join(f"{tmp_path / 'js' / name}\n" for name in ("report.json", "rounds.csv", "agents.csv"))
    assert (tmp_path / "js" / "report.json").read_text(encoding="utf-8") == cli(
        capsys, "run", path, "--format", "json"
    )[1]


def test_run_out_with_html_prints_paths_not_the_page(capsys, write_scenario, tmp_path):
    code, out, _ = cli(capsys, "run", write_scenario(), "--format", "html", "--explain", "--out", tmp_path / "page")
    assert code == 0
    assert "<" not in out
    assert out.splitlines()[0] == str(tmp_path / "page" / "report.html")
    page = (tmp_path / "page" / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "The run in brief" in page  # the narrative is in the page


def test_run_out_with_explain_writes_the_narrative(capsys, write_scenario, tmp_path):
    code, out, _ = cli(capsys, "run", write_scenario(), "--explain", "full", "--out", tmp_path / "told")
    assert code == 0
    assert out.splitlines()[-1] == str(tmp_path / "told" / "narrative.txt")
    story = (tmp_path / "told" / "narrative.txt").read_text(encoding="utf-8")
    assert story.startswith("Talks open in round 1 at the start") and "\nRound 1\n  war: " in story


def test_explain_takes_short_or_full(capsys, write_scenario):
    path = write_scenario()
    short = cli(capsys, "run", path, "--explain")[1]
    assert cli(capsys, "run", path, "--explain", "short")[1] == short
    assert "The run in brief (peacesim run --explain full tells every round):" in short
    assert "\nRound 1\n  war: " in cli(capsys, "run", path, "--explain", "full")[1]
    with pytest.raises(SystemExit):
        cli(capsys, "run", path, "--explain", "long")


# --------------------------------------------------------------------------- registries and usage


@pytest.mark.parametrize(
    ("command", "registry"), [("rules", RULES), ("protocols", PROTOCOLS), ("agreements", AGREEMENT_RULES)]
)
def test_registry_listings(capsys, command, registry):
    code, out, err = cli(capsys, command)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    names = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    assert names == list(registry)
    params = [line.strip().split(":")[0] for line in lines if line.startswith("    ")]
    assert params == [p for cls in registry.values() for p in cls.params]
    for cls in registry.values():
        for name, param in cls.params.items():
            assert f"    {name}: {param.doc} ({param.describe()}; default {param.default!r})" in lines


def test_rules_listing_names_its_sources(capsys):
    out = cli(capsys, "rules")[1]
    assert "time_dependent: Time-dependent tactic of Faratin, Sierra and Jennings (1998)" in out
    assert "    beta: concession curve" in out


@pytest.mark.parametrize(
    "argv",
    [[], ["simulate", "x.yaml"], ["run"], ["run", "x.yaml", "--format", "pdf"], ["run", "x.yaml", "--seed", "a"]],
)
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage: peacesim" in capsys.readouterr().err


def test_module_docstring_lists_every_command():
    """``simulator.cli``'s docstring is its synopsis: every sub-command the parser knows is in it."""
    import argparse

    import simulator.cli

    (sub,) = [a for a in simulator.cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    synopsis = simulator.cli.__doc__ or ""
    listed = set(re.findall(r"^peacesim (\w+)", synopsis, re.M)) | set(re.findall(r"\| (\w+)", synopsis))
    assert set(sub.choices) == listed


# --------------------------------------------------------------------------- the installed entry point


def test_installed_entry_point(repo_root):
    exe = Path(sys.executable).parent / "peacesim"
    if not exe.is_file():
        pytest.skip(f"no peacesim script beside {sys.executable}")
    done = subprocess.run(
        [str(exe), "run", "scenarios/talks-2026.yaml", "--format", "json", "--set", "conference.max_rounds=5"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["source"] == "scenarios/talks-2026.yaml"
    assert report["max_rounds"] == 5
    assert report["overrides"] == ["conference.max_rounds=5"]
    assert report["outcome"] in OUTCOMES


class TestSchema:
    """``peacesim schema``: the JSON Schema an editor checks scenarios against."""

    def test_the_printed_schema_accepts_a_shipped_scenario_and_refuses_an_unknown_key(self, capsys):
        jsonschema = pytest.importorskip("jsonschema")
        assert main(["schema"]) == 0
        schema = json.loads(capsys.readouterr().out)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        text = (Path(__file__).resolve().parents[1] / "scenarios" / "talks-2026.yaml").read_text(encoding="utf-8")
        scenario = json.loads(json.dumps(yaml.safe_load(text), default=str))  # as an editor sees it: keys as text
        assert list(validator.iter_errors(scenario)) == []
        scenario["conference"]["max_round"] = 100  # a misspelt key
        assert [e.validator for e in validator.iter_errors(scenario)] == ["additionalProperties"]

    def test_output_writes_the_file_and_names_it(self, tmp_path, capsys):
        target = tmp_path / "scenario.schema.json"
        assert main(["schema", "--output", str(target)]) == 0
        assert capsys.readouterr().err == f"wrote {target}\n"
        assert json.loads(target.read_text(encoding="utf-8"))["title"] == "peacesim scenario"
