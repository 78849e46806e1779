"""Figures (``--plots``) and the self-contained HTML report (``--format html``)."""

from __future__ import annotations

import base64
import re

import pytest
from conftest import REPO

from simulator import run_conference
from simulator.cli import main
from simulator.report.html import render as render_html
from simulator.report.plots import figures, positions_figure, war_figure

PNG = b"\x89PNG\r\n\x1a\n"
TWO_PARTY = REPO / "docs" / "examples" / "two-party.yaml"


@pytest.fixture(scope="module")
def report():
    return run_conference(TWO_PARTY, seed=0).report


def test_positions_figure_draws_each_actor_and_the_text(report):
    axes = positions_figure(report).axes
    lines = {line.get_label(): line for line in axes[0].lines if not line.get_label().startswith("_")}
    assert set(lines) == {"A", "B", "text on the table"}
    assert list(lines["A"].get_ydata()) == [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]  # round 0 .. 5
    assert list(lines["text on the table"].get_xdata()) == [1, 2, 3, 4, 5]
    assert list(lines["text on the table"].get_ydata()) == [10.0, 80.0, 30.0, 60.0, 50.0]


def test_war_figure_only_when_a_war_is_modelled(report):
    assert war_figure(report) is not None
    assert war_figure({**report, "territory": {}}) is None
    assert set(figures({**report, "territory": {}})) == {"positions", "terms", "utilities"}


def test_cli_writes_png_files(tmp_path, capsys):
    assert main(["run", str(TWO_PARTY), "--plots", str(tmp_path / "figs")]) == 0
    names = sorted(p.name for p in (tmp_path / "figs").iterdir())
    assert names == ["positions.png", "terms.png", "utilities.png", "war.png"]
    for path in (tmp_path / "figs").iterdir():
        assert path.read_bytes().startswith(PNG) and path.stat().st_size > 10_000
    assert "wrote " in capsys.readouterr().err


def test_html_report_is_self_contained(report):
    page = render_html(report, narrative="Round 1\n  A moves <first>")
    images = re.findall(r'<img alt="(\w+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)">', page)
    assert [name for name, _ in images] == ["positions", "terms", "utilities", "war"]
    for _, data in images:
        assert base64.b64decode(data).startswith(PNG)
    assert "AGREEMENT in round 5 of 10" in page
    assert '<td>X</td><td class="num">50.0</td>' in page
    assert "Round 1\n  A moves &lt;first&gt;" in page  # the narrative, escaped
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing fetched from elsewhere
    assert "not a prediction or a recommendation" in page


def test_cli_html_format(tmp_path, capsys):
    assert main(["run", str(TWO_PARTY), "--format", "html", "--explain"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and page.count("<img ") == 4
    assert "<summary>the narrative</summary>" in page
    assert main(["run", str(TWO_PARTY), "--format", "html", "--explain", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == str(tmp_path / "report.html")  # the paths, not the page
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == page


def test_html_report_of_a_historical_case_sets_simulated_beside_real():
    page = run_conference(REPO / "scenarios" / "history" / "dayton_1995.yaml", seed=0).render("html")
    assert "<h2>Simulated vs real</h2>" in page
    assert '<td>brcko</td><td class="num">46.4</td><td class="num">50.0</td><td class="num">-3.6</td>' in page
    assert "mean absolute error: 25.1 points over 6 issues" in page


def test_figures_of_a_report_made_mid_run():
    from simulator import load_scenario
    from simulator.conference.model import PeaceConference
    from simulator.report.settlement import settlement_report

    model = PeaceConference(load_scenario(TWO_PARTY), rng=0)
    for _ in range(3):
        model.step()
    report = settlement_report(model)
    assert report["outcome"] is None
    assert (
        positions_figure(report)._suptitle.get_text()
        == "two-party split: positions over the rounds (round 3, in progress; shaded: in talks)"
    )
    assert set(figures(report)) == {"positions", "terms", "utilities", "war"}


UKRAINE_SCALE = "0 = closest to Ukraine's stated 2022 aims, 100 = closest to Russia's maximal demands"


@pytest.fixture(scope="module")
def talks():
    return run_conference(REPO / "scenarios" / "talks-2026.yaml", seed=0).report


def test_the_two_principals_have_distinct_colours_from_a_fixed_palette(talks):
    axes = positions_figure(talks).axes
    colour = {line.get_label(): line.get_color() for line in axes[0].lines}
    # the principals first: Okabe and Ito's blue and vermillion, not two shades of blue
    assert (colour["UKR"], colour["RUS"]) == ("#0072B2", "#D55E00")
    actors = [a for a in talks["actors"] if a in colour]
    assert len({colour[a] for a in actors}) == len(actors)  # 14 actors, 14 colours
    war = war_figure(talks).axes
    costs = {line.get_label(): line.get_color() for line in war[1].lines if not line.get_label().startswith("_")}
    assert costs == {"UKR": "#0072B2", "RUS": "#D55E00"}


def test_the_positions_axis_says_what_0_and_100_mean(talks, report):
    # one scale for every issue: said once, beside the figure
    figure = positions_figure({**talks, "scale": {issue: UKRAINE_SCALE for issue in talks["final_text"]}})
    assert figure._supylabel.get_text() == (
        "position: 0 = closest to Ukraine's stated 2022 aims; 100 = closest to Russia's maximal demands"
    )
    assert {ax.get_ylabel() for ax in figure.axes if ax.get_title()} == {""}
    # scales that differ: on each issue's axis, shortened (sources and remarks dropped)
    scale = {issue: UKRAINE_SCALE for issue in talks["final_text"]}
    scale["TERR_LINE"] = (
        "0 = Russian forces withdraw to Ukraine's 1991 borders incl. Crimea (Peace Formula pt 5-6; EUCO 2023)"
        " [S06,S07,S44], 100 = Ukraine withdraws from all of Donetsk, Luhansk, Zaporizhzhia, Kherson [S13,S33]"
    )
    axes = positions_figure({**talks, "scale": scale}).axes
    assert axes[0].get_title() == "TERR_LINE" and axes[0].get_ylabel() == (
        "100 = Ukraine withdraws from all of Donetsk, Luhansk…\n0 = Russian forces withdraw to Ukraine's 1991…"
    )
    assert (
        axes[1].get_ylabel() == "100 = closest to Russia's maximal demands\n0 = closest to Ukraine's stated 2022 aims"
    )
    unscaled = {key: value for key, value in report.items() if key != "scale"}  # a report saved before scales
    assert positions_figure(unscaled).axes[0].get_ylabel() == "position (0-100)"


def test_the_war_plot_scales_territory_to_the_range_that_moved(talks):
    held = [100 * share for share in talks["course"]["territory"]]
    assert max(held) - min(held) < 0.5  # 81% to about 80.8%: a flat line on a 0-100% axis
    ax = war_figure(talks).axes[0]
    low, high = ax.get_ylim()
    assert min(held) - 0.3 < low < min(held) and max(held) < high < max(held) + 0.3
    assert ax.get_ylabel() == "% of the territory held by UKR"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "81.0%" in labels and all(label.endswith("%") for label in labels if label)


def test_the_war_plot_before_the_first_round():
    from simulator import load_scenario
    from simulator.conference.model import PeaceConference
    from simulator.report.settlement import settlement_report

    report = settlement_report(PeaceConference(load_scenario(REPO / "scenarios" / "talks-2026.yaml"), rng=0))
    low, high = war_figure(report).axes[0].get_ylim()  # no round yet: the territory held at the start
    assert low < 100 * report["territory"]["UKR"] < high and high - low < 1
