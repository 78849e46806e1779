"""Backtesting forecasts against observed decisions (DEU III format)."""

import json
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.evaluate.backtest import BacktestError, backtest, read_deu, reference_forecasts, render, to_json

DEU = Path(__file__).resolve().parents[2] / "shared" / "data" / "validation" / "deu3_sample.tsv"

# two actors of equal weight at 0 and 100 on issue 1 (observed 50), at 0 and 40 on issue 2
# (observed 0, status quo 0); a third issue has no observed outcome and is skipped
SMALL = (
    '"isnr"\t"counvte"\t"pcom"\t"pfr"\t"scom"\t"sfr"\t"rp"\t"out"\n'
    '\t\t"1"\t"1"\t\t\t\t\n'
    '"i1"\t"QMV"\t0\t100\t50\t50\t\t50\n'
    '"i2"\t"Unanimity"\t0\t40\t100\t100\t0\t0\n'
    '"i3"\t"QMV"\t0\t100\t50\t50\t\t\n'
)


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.tsv"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_reading_the_table(small):
    decisions = read_deu(small)
    assert [d.id for d in decisions] == ["i1", "i2"]
    assert decisions[0].actors == ["com", "fr"] and decisions[0].capabilities == [1.0, 1.0]
    assert (decisions[0].unanimity, decisions[1].unanimity) == (False, True)
    assert decisions[1].reference == 0.0


def test_reference_forecasts_and_scores(small):
    assert reference_forecasts(read_deu(small)[0])["weighted_mean"] == 50.0
    result = backtest(small, protocols=["alternating_offers"])
    mean = result["models"]["weighted_mean"]
    # errors: |50 - 50| = 0 and |20 - 0| = 20
    assert mean == {"mae": 10.0, "hit_rate": 0.5, "n": 2}
    assert result["models"]["weighted_median"]["n"] == 2
    assert set(result["models"]) >= {"weighted_mean", "weighted_median", "nash_bargaining", "alternating_offers"}
    assert json.loads(to_json(result)) == {"models": result["models"]}
    assert "weighted_mean" in render(result)


def test_a_table_without_outcomes_is_refused(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text('"pcom"\t"scom"\n1\n2\t3\n', encoding="utf-8")
    with pytest.raises(BacktestError, match="no column 'out'"):
        read_deu(path)


def test_cli_json_and_plot(small, tmp_path, capsys):
    assert (
        main(
            [
                "backtest",
                str(small),
                "--format",
                "json",
                "--protocol",
                "alternating_offers",
                "--plot",
                str(tmp_path / "p.png"),
            ]
        )
        == 0
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed["models"]["weighted_mean"] == {"mae": 10.0, "hit_rate": 0.5, "n": 2}
    assert (tmp_path / "p.png").stat().st_size > 1000


@pytest.mark.skipif(not DEU.is_file(), reason="the DEU III sample is not beside the repository")
def test_the_deu_sample_is_scored_for_every_model():
    result = backtest(DEU, protocols=["alternating_offers"])
    assert result["decisions"] == 59
    for figures in result["models"].values():
        assert figures["n"] == 59 and 0 <= figures["mae"] <= 100 and 0 <= figures["hit_rate"] <= 1
