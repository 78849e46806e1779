"""What a sweep's summary tells its reader (issue 14): the by-value tables with a header row, one
number format per kind, how agreements can outnumber ripe runs, the terms and the settlement round
(with its date) per value, plots split by the value of the varied field, and where they were written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from simulator.cli import main
from simulator.sweeps.figures import round_histogram, terms_histograms
from simulator.sweeps.run import run_sweep
from simulator.sweeps.spec import SweepSpec, Vary
from simulator.sweeps.store import load_results
from simulator.sweeps.text import prob, rounds, terms

TALKS = str(REPO / "scenarios" / "talks-2026.yaml")
TWO_PARTY = str(REPO / "docs" / "examples" / "two-party.yaml")


@pytest.fixture(scope="module")
def talks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """talks-2026 with Russia's concession rate at 0.2 and at 0.8: both settle at the June deadline
    (round 14) or just before it, before the conflict is ripe."""
    out = tmp_path_factory.mktemp("talks") / "s"
    run_sweep(SweepSpec(TALKS, [Vary.parse("agents.RUS.rule.beta=0.2,0.8")]), out, workers=1, progress=False)
    return out


def test_the_summary_says_how_agreements_outnumber_ripe_runs(talks, capsys):
    assert main(["summarize", str(talks), "--no-plots"]) == 0
    printed = capsys.readouterr().out
    assert "P(agreement) = 1.000  (95% CI 0.342 - 1.000)\n" in printed
    assert "P(ripe)      = 0.000  (95% CI 0.000 - 0.658): talks became an option (ripe) in 0 of 2 runs\n" in printed
    assert (
        "2 of 2 agreements came before ripeness: talks can open before it (e.g. at the start) and settle"
        " (e.g. at a known deadline)\n"
    ) in printed
    assert "round of settlement: median 13.5 (p10 13.1, p90 13.9)\n" in printed


def test_the_table_by_value_gives_the_round_with_its_date_and_the_terms(talks, capsys):
    assert main(["summarize", str(talks), "--no-plots"]) == 0
    printed = capsys.readouterr().out
    assert (
        "by agents.RUS.rule.beta (round: median over the agreements):\n"
        "  value  P(agreement)         95% CI  n  P(breakdown)  P(ripe)     round (date)\n"
        "    0.2         1.000  0.206 - 1.000  1         0.000    0.000  14 (2026-05-28)\n"
        "    0.8         1.000  0.206 - 1.000  1         0.000    0.000  13 (2026-05-21)\n"
    ) in printed
    # a Russia that concedes faster settles nearer Ukraine's end (0) of every scale
    assert "median terms of the agreements by agents.RUS.rule.beta:\n  issue            0.2   0.8\n" in printed
    assert "  TERR_STATUS     63.0  55.4\n" in printed
    assert "  issue           median   p10   p90\n  TERR_LINE         61.4  61.1  61.8\n" in printed


def test_summarize_prints_where_it_wrote_each_plot(talks, capsys):
    assert main(["summarize", str(talks)]) == 0
    printed = capsys.readouterr().out
    names = ["p_agreement_agents_RUS_rule_beta.png", "round_agents_RUS_rule_beta.png", "terms_agents_RUS_rule_beta.png"]
    assert "\nplots:\n" + "".join(f"  {talks / 'plots' / n}\n" for n in names) in printed
    assert printed.endswith("not predictions or recommendations.\n")
    for name in names:
        assert (talks / "plots" / name).read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in (talks / "plots").iterdir()) == sorted(names)


def test_sweep_prints_its_plots_too(tmp_path, capsys):
    out = tmp_path / "s"
    assert (
        main(
            ["sweep", TWO_PARTY, "--vary", "agents.A.reservation=0,0.4", "--out", str(out), "--workers", "1", "--quiet"]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert f"plots:\n  {out / 'plots' / 'p_agreement_agents_A_reservation.png'}\n" in printed


def test_the_histograms_are_split_by_the_value_of_the_varied_field(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = tmp_path / "s"
    run_sweep(SweepSpec(TWO_PARTY, [Vary.parse("agents.A.reservation=0:0.6:4")]), out, workers=1, progress=False)
    agreed = load_results(out).query("outcome == 'agreement'")
    figure = round_histogram(plt, agreed, "agents.A.reservation")
    # one panel per value, each with its own legend and its median dashed
    legends = [ax.get_legend().get_texts()[0].get_text() for ax in figure.axes if ax.get_legend()]
    assert legends == [f"agents.A.reservation = {v} (n=1)" for v in ("0.0", "0.2", "0.4", "0.6")]
    assert figure.axes[0].get_title() == "Round of settlement of the agreements by agents.A.reservation"
    figure = terms_histograms(plt, agreed, ["X"], "agents.A.reservation")
    assert [t.get_text() for t in figure.legends[0].get_texts()] == legends
    colours = {tuple(p.get_edgecolor()) for p in figure.axes[0].patches}
    assert len(colours) == 4  # one colour per value
    plt.close("all")


def test_one_number_format_per_kind():
    assert [prob(p) for p in (0.5, 0.58384, 1)] == ["0.500", "0.584", "1.000"]
    assert [rounds(r) for r in (7.0, 8.5, 5.63, None)] == ["7", "8.5", "5.6", "-"]
    assert [terms(t) for t in (63.43, 58.384, 64, None)] == ["63.4", "58.4", "64.0", "-"]


def test_a_sweep_of_seeds_only_pools_its_histograms(tmp_path, capsys):
    # nothing varied: one design point (the scenario), its seeds; the plots pool every run
    out = tmp_path / "s"
    mediated = str(REPO / "docs" / "examples" / "mediated.yaml")
    args = ["sweep", mediated, "--set", "conference.protocol.noise=2", "--seeds", "4", "--out", str(out)]
    assert main([*args, "--workers", "1", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "(grid): 4 of 4 runs\n" in printed and "\nby " not in printed
    assert f"plots:\n  {out / 'plots' / 'round.png'}\n  {out / 'plots' / 'terms.png'}\n" in printed
