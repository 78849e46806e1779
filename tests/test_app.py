"""The browser app (``peacesim app``, simulator/app/): its helpers, its model, and its page
rendered with ``solara.render`` as Mesa's own SolaraViz tests do. The real-browser test is in
tests/test_browser.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import ipyvuetify as v
import ipywidgets as widgets
import pytest
import solara
from mesa.visualization.solara_viz import _check_model_params, split_model_params

from simulator import app
from simulator.api import run_conference
from simulator.cli import main
from simulator.conference.model import PeaceConference
from simulator.report import to_text
from simulator.report.settlement import settlement_report
from simulator.scenario import load_scenario

RIPENESS = "scenarios/ripeness.yaml"
TWO_PARTY = "docs/examples/two-party.yaml"
MOVED = "agents.UKR.salience.TERR_LINE"  # 0.38 in ripeness.yaml
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch, repo_root):
    monkeypatch.chdir(repo_root)
    monkeypatch.setenv(app.SCENARIO_ENV, "")  # restored after the test, also when serve() sets it
    monkeypatch.delenv(app.SCENARIO_ENV)


# --------------------------------------------------------------------------- scenarios and controls


def test_scenario_choices_are_the_yaml_files_under_scenarios_with_subfolders(tmp_path):
    (tmp_path / "scenarios" / "history").mkdir(parents=True)
    for name in ("b.yaml", "a.yml", "notes.txt", "history/vienna-1815.yaml"):
        (tmp_path / "scenarios" / name).write_text("name: x\n")
    assert app.scenario_choices(root=tmp_path) == [
        "scenarios/a.yml",
        "scenarios/b.yaml",
        "scenarios/history/vienna-1815.yaml",
    ]
    # a file given on the command line comes first, once
    assert app.scenario_choices("scenarios/b.yaml", root=tmp_path)[:2] == ["scenarios/b.yaml", "scenarios/a.yml"]
    assert app.scenario_choices("elsewhere/x.yaml", root=tmp_path)[0] == "elsewhere/x.yaml"
    assert len(app.scenario_choices("scenarios/b.yaml", root=tmp_path)) == 3


def test_initial_scenario_is_the_one_served_else_the_2026_talks(monkeypatch):
    assert app.initial_scenario() == "scenarios/talks-2026.yaml"
    monkeypatch.setenv(app.SCENARIO_ENV, TWO_PARTY)
    assert app.initial_scenario() == TWO_PARTY


def test_controls_cover_saliences_capability_reservation_rule_protocol_agreement():
    scenario, _ = app.load(RIPENESS)
    by_path = {c.path: c for c in app.controls(scenario)}
    for agent in ("UKR", "RUS", "USA"):
        for issue in ("TERR_LINE", "TERR_STATUS", "SANCTIONS"):
            control = by_path[f"agents.{agent}.salience.{issue}"]
            assert control.kind == "SliderFloat"
            assert control.value == round(scenario.agent(agent).salience[issue], 2)
        assert by_path[f"agents.{agent}.capability"].value == scenario.agent(agent).capability
    assert by_path[MOVED].value == 0.38
    # the war sets the two sides' walk-away values (lottery): no slider that would do nothing
    assert "agents.UKR.reservation" not in by_path and "agents.RUS.reservation" not in by_path
    assert by_path["agents.USA.reservation"].value == 0.0
    # the mediator drafts; it has no concession rule to choose
    assert "agents.USA.rule" not in by_path
    rule = by_path["agents.RUS.rule"]
    assert (rule.kind, rule.value) == ("Select", "ripeness_gated") and "hardliner" in rule.values
    assert by_path["agents.RUS.rule.beta"].value == 1.0
    assert by_path["conference.protocol"].value == "single_text"
    assert by_path["conference.agreement"].value == "unanimity"
    assert (by_path["conference.max_rounds"].kind, by_path["conference.max_rounds"].value) == ("SliderInt", 150)


def test_controls_are_grouped_by_actor_principals_first_then_the_conference():
    titles = [title for title, _ in app.sections("scenarios/talks-2026.yaml")]
    assert titles[:2] == ["UKR · Ukraine · principal", "RUS · Russia · principal"]
    roles = [title.rsplit(" · ", 1)[1] for title in titles[:-1]]
    assert roles == sorted(roles, key=["principal", "guarantor", "mediator", "observer"].index)
    assert roles.count("guarantor") == 4 and roles.count("mediator") == 1 and roles.count("observer") == 7
    assert titles[-1] == "Conference: protocol, agreement rule, horizon"
    scenario, _ = app.load("scenarios/talks-2026.yaml")
    everything = [c.path for c in app.controls(scenario)]
    assert [path for _, params in app.sections("scenarios/talks-2026.yaml") for path in params] == everything
    assert len(everything) == 146  # and the seed


def test_fixed_reservations_get_a_slider():
    scenario, _ = app.load(TWO_PARTY)
    paths = [c.path for c in app.controls(scenario)]
    assert "agents.A.reservation" in paths and "agents.A.rule.beta" in paths


def test_model_params_are_accepted_by_solaraviz():
    params = app.model_params(RIPENESS)
    inputs, fixed = split_model_params(params)
    assert fixed == {"source": RIPENESS}
    assert inputs["rng"]["type"] == "InputText"
    assert {p["type"] for p in inputs.values()} == {"InputText", "SliderFloat", "SliderInt", "Select"}
    _check_model_params(app.InteractiveConference.__init__, params)  # Mesa's own check: no error


# --------------------------------------------------------------------------- the model


SCENARIOS = sorted(
    str(p.relative_to(REPO)) for p in [*REPO.glob("scenarios/**/*.yaml"), *REPO.glob("docs/examples/*.yaml")]
)


@pytest.mark.parametrize("source", SCENARIOS)
def test_every_scenarios_controls_start_at_its_values(source):
    scenario, _ = app.load(source)
    for control in app.controls(scenario):
        if control.kind == "Select":
            assert control.value in control.values, control
        else:  # a slider that cannot show the value would move it on its own
            assert control.low <= control.value <= control.high, control
    model = app.InteractiveConference(**_defaults(source))
    assert (model.spec.overrides, model.problems) == ([], [])


def _defaults(source: str) -> dict:
    return {k: v["value"] for k, v in app.model_params(source).items() if isinstance(v, dict)} | {"source": source}


def test_untouched_controls_give_the_scenario_as_written():
    model = app.InteractiveConference(**_defaults(RIPENESS))
    assert model.spec.overrides == [] and model.problems == []
    model.run_model()
    assert to_text(settlement_report(model, model.seed)) == run_conference(RIPENESS, seed=0).render("text")


def test_a_moved_control_is_a_set_override_and_runs_as_the_cli_does():
    values = _defaults(RIPENESS) | {MOVED: 0.48, "rng": "3"}
    model = app.InteractiveConference(**values)
    assert model.spec.overrides == [f"{MOVED}=0.48"] and model.seed == 3
    assert any("normalised" in note for note in model.notes)  # the loader's warning is shown, not lost
    model.run_model()
    expected = run_conference(RIPENESS, seed=3, overrides=[f"{MOVED}=0.48"])
    assert to_text(settlement_report(model, model.seed)) == expected.render("text")
    assert expected.report["final_text"] != run_conference(RIPENESS, seed=3).report["final_text"]


def test_settings_that_do_not_validate_are_refused_and_the_rest_kept():
    model = app.InteractiveConference(
        TWO_PARTY,
        **{"agents.A.rule": "hardliner", "agents.A.rule.beta": 0.5, "agents.B.capability": 2.0, "agents.Z.x": 1},
    )
    assert model.applied == ["agents.A.rule=hardliner", "agents.B.capability=2"]
    assert model.spec.agent("A").rule.type == "hardliner" and model.spec.agent("B").capability == 2.0
    refused, unknown = model.problems
    assert refused.startswith("refused --set agents.A.rule.beta=0.5: ")
    assert "unknown parameter 'beta' of rule 'hardliner'" in refused
    assert unknown.startswith("agents.Z.x: not a setting of")


def test_switching_rule_protocol_and_agreement_rebuilds_the_scenario():
    values = {
        "agents.RUS.rule": "hardliner",
        "conference.protocol": "alternating_offers",
        "conference.agreement": "weighted_quota",
    }
    model = app.InteractiveConference(RIPENESS, **values)
    assert model.problems == []
    assert model.spec.agent("RUS").rule.type == "hardliner"
    assert (model.spec.conference.protocol.type, model.spec.conference.agreement.type) == (
        "alternating_offers",
        "weighted_quota",
    )


@pytest.mark.parametrize(
    ("typed", "seed", "problem"),
    [("7", 7, None), (" 12 ", 12, None), ("", None, None), ("seven", 0, "seed 'seven' is not a whole number; using 0")],
)
def test_the_seed_is_the_models_rng(typed, seed, problem):
    model = app.InteractiveConference(TWO_PARTY, rng=typed)
    assert model.seed == seed
    assert model.problems == ([problem] if problem else [])
    if seed is not None:
        assert model.rng.bit_generator.state == app.InteractiveConference(TWO_PARTY, rng=seed).rng.bit_generator.state


def test_mid_run_report_says_in_progress_and_a_finished_conference_stays_put():
    model = app.InteractiveConference(RIPENESS)
    for _ in range(3):
        model.step()
    report = app.live_report(model)
    assert report is not None and report["outcome"] is None
    text = app.report_text(model, report)
    assert "IN PROGRESS: round 3 of 150, no agreement yet" in text.splitlines()
    assert "NO AGREEMENT" not in text
    model.run_model()
    history = len(model.history)
    model.step()
    assert len(model.history) == history and model.outcome is not None
    assert app.report_text(model, app.live_report(model)) == to_text(settlement_report(model, model.seed))


# --------------------------------------------------------------------------- the page (solara.render)


def _render(monkeypatch, scenario: str):
    monkeypatch.setenv(app.SCENARIO_ENV, scenario)
    # the server wraps every page in an AppLayout, which holds the sidebar; so does this test
    _, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)
    return rc


def _report(rc) -> str:
    return rc.find(v.Html, tag="pre", class_="peacesim-report").widget.children[0]


def _plots(rc) -> list[bytes]:
    return [bytes(w.value) for w in rc.find(widgets.Image).widgets if "peacesim-plot" in w._dom_classes]


def _button(rc, label: str):
    return rc.find(v.Btn, children=[label]).widget


def test_page_shows_controls_figures_and_report(monkeypatch):
    rc = _render(monkeypatch, RIPENESS)
    labels = [w.label for w in rc.find(v.Slider).widgets]
    assert "UKR salience TERR_LINE" in labels and "RUS concession beta" in labels
    assert "USA walk-away value" in labels
    selects = {w.label: w.v_model for w in rc.find(v.Select).widgets}
    assert selects["scenario"] == RIPENESS
    assert (selects["protocol"], selects["agreement rule"], selects["UKR concession rule"]) == (
        "single_text",
        "unanimity",
        "ripeness_gated",
    )
    for label in ("Reset", "Step", "Run to the end"):
        _button(rc, label)
    images = _plots(rc)
    assert len(images) == 3 and all(png.startswith(b"\x89PNG") for png in images)  # positions, utilities, war
    assert "IN PROGRESS: round 0 of 150, no agreement yet" in _report(rc)


def _sections(rc) -> list[tuple[str, object]]:
    """The sidebar's sections: each header's text and whether it is open."""
    panels = rc.find(v.ExpansionPanels).widgets
    headers = [h.children[0] for h in rc.find(v.ExpansionPanelHeader).widgets]
    return list(zip(headers, [p.v_model for p in panels], strict=True))


def test_settings_are_in_collapsed_sections_by_actor(monkeypatch):
    rc = _render(monkeypatch, RIPENESS)
    assert _sections(rc) == [
        ("UKR · Ukraine · principal · 6 settings", None),
        ("RUS · Russia · principal · 6 settings", None),
        ("USA · United States · mediator · 5 settings", None),
        ("Conference: protocol, agreement rule, horizon · 3 settings", None),
    ]
    # the seed stays in view, above the sections
    seed = rc.find(v.TextField, label="seed").widget
    assert seed.v_model == "0"
    ukr = rc.find(v.ExpansionPanel).widgets[0]
    labels = [w.label for w in rc.find(v.Slider).widgets if w in ukr.children[1].children[0].children]
    assert labels == [f"UKR salience {issue}" for issue in ("TERR_LINE", "TERR_STATUS", "SANCTIONS")] + [
        "UKR capability",
        "UKR concession beta",
    ]


def test_a_moved_setting_redraws_nothing_until_reset_and_quickly(monkeypatch):
    import time

    rc = _render(monkeypatch, "scenarios/talks-2026.yaml")
    images = [id(w) for w in rc.find(widgets.Image).widgets]
    report = _report(rc)
    slider = rc.find(v.Slider, label="UKR salience TERR_LINE").widget
    started = time.perf_counter()
    slider.v_model = round(slider.v_model + 0.05, 2)
    assert time.perf_counter() - started < 0.5  # (about 0.03 s)
    assert [id(w) for w in rc.find(widgets.Image).widgets] == images and _report(rc) == report


def test_step_and_run_to_the_end_redraw_figures_and_report(monkeypatch):
    rc = _render(monkeypatch, RIPENESS)
    before = _plots(rc)
    _button(rc, "Step").click()
    assert "IN PROGRESS: round 1 of 150" in _report(rc)
    stepped = _plots(rc)
    assert stepped[0] != before[0]
    _button(rc, "Run to the end").click()
    assert _report(rc) == run_conference(RIPENESS, seed=0).render("text")
    assert all(a != b for a, b in zip(_plots(rc), stepped, strict=True))


def test_moved_slider_applies_on_reset(monkeypatch):
    rc = _render(monkeypatch, RIPENESS)
    rc.find(v.Slider, label="UKR salience TERR_LINE").widget.v_model = 0.48
    rc.find(v.Select, label="RUS concession rule").widget.v_model = "time_dependent"
    assert "overrides:" not in _report(rc)  # not until Reset rebuilds the conference
    _button(rc, "Reset").click()
    overrides = [f"{MOVED}=0.48", "agents.RUS.rule=time_dependent"]
    assert f"overrides: {'; '.join(overrides)}" in _report(rc)
    _button(rc, "Run to the end").click()
    assert _report(rc) == run_conference(RIPENESS, seed=0, overrides=overrides).render("text")


def test_refused_setting_is_shown_on_the_page(monkeypatch):
    rc = _render(monkeypatch, TWO_PARTY)
    rc.find(v.Select, label="A concession rule").widget.v_model = "hardliner"
    rc.find(v.Slider, label="A concession beta").widget.v_model = 0.5
    _button(rc, "Reset").click()
    errors = [w for w in rc.find(v.Alert).widgets if w.type == "error"]
    assert len(errors) == 1 and "refused --set agents.A.rule.beta=0.5" in str(errors[0].children)
    assert "overrides: agents.A.rule=hardliner" in _report(rc)


def test_picking_another_scenario_rebuilds_the_page(monkeypatch):
    rc = _render(monkeypatch, RIPENESS)
    rc.find(v.Select, label="scenario").widget.v_model = "scenarios/two-level.yaml"
    rc.find(v.Html, tag="pre", class_="peacesim-report").wait_for()
    assert _report(rc).startswith(f"peacesim: {app.load('scenarios/two-level.yaml')[0].name}  (seed 0)")
    assert "UKR salience TERR_LINE" in [w.label for w in rc.find(v.Slider).widgets]


def test_without_a_war_the_war_panel_says_so(monkeypatch):
    rc = _render(monkeypatch, TWO_PARTY)
    assert len(_plots(rc)) == 3
    # a classic model forecasts a decision: no war is fought beside it
    rc.find(v.Select, label="protocol").widget.v_model = "expected_utility"
    _button(rc, "Reset").click()
    assert len(_plots(rc)) == 2
    infos = [str(w.children) for w in rc.find(v.Alert).widgets]
    assert any("nothing to draw: no war in this scenario" in text for text in infos)


def test_a_scenario_that_does_not_load_is_reported_on_the_page(monkeypatch, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: broken\nissues: []\n")
    rc = _render(monkeypatch, str(bad))
    (error,) = [str(w.children) for w in rc.find(v.Alert).widgets if w.type == "error"]
    assert f"{bad} cannot be used: " in error and "agents" in error
    assert rc.find(v.Select, label="scenario").widget.v_model == str(bad)  # another can still be picked
    rc.find(v.Select, label="scenario").widget.v_model = RIPENESS
    rc.find(v.Html, tag="pre", class_="peacesim-report").wait_for()


# --------------------------------------------------------------------------- serving


def test_offline_assets_are_installed_and_used():
    assert app.configure_offline() == []
    import solara.server.settings as server_settings
    import solara.settings

    assert solara.settings.assets.proxy is True  # the page asks this server, not the CDN
    assert server_settings.telemetry.mixpanel_enable is False
    folder = app.offline_assets()
    assert folder is not None
    # every front-end file the page template names is in the local folder
    template = Path(solara.__file__).parent / "server" / "templates" / "solara.html.j2"
    text = template.read_text()
    assert "@widgetti/solara-vuetify-app@10.1.1/" in text
    for asset in ("requirejs@2.3.6/require.js", "font-awesome@4.5.0/css/font-awesome.min.css"):
        assert (folder / asset).is_file(), asset


def test_serve_runs_solara_on_the_page_offline(monkeypatch):
    import solara.__main__

    calls = []
    monkeypatch.setattr(solara.__main__.run, "main", lambda **kwargs: calls.append(kwargs))
    app.serve(RIPENESS, host="127.0.0.1", port=8123, open_browser=False)
    (call,) = calls
    args = call["args"]
    assert args[0] == "simulator.app" and args[args.index("--port") + 1] == "8123"
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert {"--no-open", "--production", "--no-check-version"} <= set(args)
    assert os.environ[app.SCENARIO_ENV] == RIPENESS


def test_cli_app_refuses_a_bad_scenario(capsys):
    assert main(["app", "no/such.yaml", "--no-browser"]) == 1
    assert "no/such.yaml: no such file" in capsys.readouterr().err


def test_cli_app_passes_its_options_to_serve(monkeypatch):
    calls = []
    monkeypatch.setattr(app, "serve", lambda *a, **k: calls.append((a, k)))
    assert main(["app", TWO_PARTY, "--host", "0.0.0.0", "--port", "9000", "--no-browser"]) == 0
    assert calls == [((TWO_PARTY,), {"host": "0.0.0.0", "port": 9000, "open_browser": False})]


def test_other_commands_do_not_load_solara():
    code = "import sys, simulator.cli; print('solara' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_why_card_tells_the_last_rounds_mid_run_and_at_the_end():
    from simulator.app import last_rounds

    model = PeaceConference(load_scenario(REPO / "docs" / "examples" / "two-party.yaml"), rng=0)
    assert last_rounds(model) == "no round of talks yet"
    model.step()
    model.step()
    story = last_rounds(model)
    assert story.startswith("Talks open in round 1 at the start") and "\nRound 1\n" in story and "\nRound 2\n" in story
    assert story.endswith("In progress: round 2 of 10.")
    model.run_model()
    story = last_rounds(model)
    assert story.startswith("Round 3\n") and story.endswith("AGREEMENT in round 5: X 50.0.")
