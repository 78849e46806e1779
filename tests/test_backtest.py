"""Backtesting forecasts against observed decisions (DEU III format)."""

import csv
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


# unequal weights: com (capability 1) and fr (capability 3). Issue 1: 0 and 100 at salience 50
# each: weights 0.5 and 1.5, mean 75, median 100, observed 60. Issue 2: 20 (salience 100) and 60
# (salience 50): weights 1 and 1.5, mean (20 + 90) / 2.5 = 44, median 60, observed 40.
UNEQUAL = (
    '"isnr"\t"counvte"\t"pcom"\t"pfr"\t"scom"\t"sfr"\t"rp"\t"out"\n'
    '\t\t"1"\t"3"\t\t\t\t\n'
    '"i1"\t"QMV"\t0\t100\t50\t50\t\t60\n'
    '"i2"\t"QMV"\t20\t60\t100\t50\t\t40\n'
)


def test_scores_with_unequal_weights_by_hand(tmp_path):
    path = tmp_path / "unequal.tsv"
    path.write_text(UNEQUAL, encoding="utf-8")
    result = backtest(path, protocols=["alternating_offers"])
    # mean: errors |75 - 60| = 15 and |44 - 40| = 4 (a hit); median: |100 - 60| = 40 and |60 - 40| = 20
    assert result["models"]["weighted_mean"] == {"mae": 9.5, "hit_rate": 0.5, "n": 2}
    assert result["models"]["weighted_median"] == {"mae": 30.0, "hit_rate": 0.0, "n": 2}
    assert [f for _, f, _ in result["forecasts"]["weighted_mean"]] == pytest.approx([75.0, 44.0])


def independent_scores(path):
    """The weighted mean's and the weighted median's MAE and hit rate on a DEU table, read here with
    the csv module: weight = capability x salience (a missing salience counts 50); the median as the
    minimiser of sum w |x - m| (the midpoint of the minimisers when they form an interval)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    header = [h.strip('"') for h in rows[0]]
    actors = [h[1:] for h in header if h.startswith("p") and "s" + h[1:] in header]

    def number(cell):
        cell = cell.strip().strip('"')
        try:
            return float(cell)
        except ValueError:
            return None

    caps = {a: number(rows[1][header.index("p" + a)]) or 0.0 for a in actors}
    errors = {"mean": [], "median": []}
    for row in rows[2:]:
        if not any(c.strip() for c in row) or number(row[header.index("out")]) is None:
            continue
        cells = []
        for a in actors:
            x, s = number(row[header.index("p" + a)]), number(row[header.index("s" + a)])
            if x is not None:
                cells.append((x, caps[a] * (50.0 if s is None else s) / 100.0))
        if len(cells) < 2:
            continue
        out = number(row[header.index("out")])
        total = sum(w for _, w in cells)
        errors["mean"].append(abs(sum(x * w for x, w in cells) / total - out))
        cost = {m: sum(w * abs(x - m) for x, w in cells) for m, _ in cells if _ > 0}
        best = min(cost.values())
        argmins = sorted(m for m, c in cost.items() if c <= best + 1e-9 * max(1.0, best))
        errors["median"].append(abs((argmins[0] + argmins[-1]) / 2 - out))
    return {
        k: {"mae": round(sum(e) / len(e), 3), "hit_rate": round(sum(v < 10 for v in e) / len(e), 3), "n": len(e)}
        for k, e in errors.items()
    }


@pytest.mark.skipif(not DEU.is_file(), reason="the DEU III sample is not beside the repository")
def test_the_deu_sample_is_scored_for_every_model():
    result = backtest(DEU, protocols=["alternating_offers"])
    assert result["decisions"] == 59
    for figures in result["models"].values():
        assert figures["n"] == 59 and 0 <= figures["mae"] <= 100 and 0 <= figures["hit_rate"] <= 1
    expected = independent_scores(DEU)
    assert result["models"]["weighted_mean"] == expected["mean"]
    assert result["models"]["weighted_median"] == expected["median"]
