"""A power shift's two effects, pinned by hand from the formula in ``War.reservations``.

For side i (p_i its belief, s_i its own expected rise, s_j the other side's, L_i its utility of
the other side's ideal, c_i its cost of a round, H the horizon, g = ``shift_gains``,
P = ``shift_preventive``)::

    r_i       = q + (1 - q) L_i - c_i H    with q = p_i + g s_i            (expected gains)
    r_after_i = q + (1 - q) L_i - c_i H    with q = p_i + g s_i - P s_j    (the preventive motive)

and a deal that holds with chance kappa must be worth ``r_i + (1 - kappa) / kappa (r_i - r_after_i)``
to i (Fearon 1995; Powell 2006). The mirror: swap the sides' data and the shift, and the numbers swap.
"""

import re
from pathlib import Path

import pytest
import yaml
from builders import agent, scenario

from simulator import PeaceConference, load_scenario
from simulator.cli import main

H = 20
FIRST = {"id": "A", "position": {"X": 0, "Y": 0}, "salience": {"X": 0.8, "Y": 0.2}, "belief": 0.6, "cost": 0.004}
SECOND = {"id": "B", "position": {"X": 100, "Y": 40}, "salience": {"X": 0.5, "Y": 0.5}, "belief": 0.45, "cost": 0.006}
# L_A = u_A(B's ideal) = 1 - (0.8 x 100 + 0.2 x 40) / 100 = 0.12; L_B = u_B(A's ideal) = 1 - (0.5 x 100 + 0.5 x 40) / 100 = 0.3
LOSS = {"A": 0.12, "B": 0.3}


def lottery(q: float, loss: float, cost: float) -> float:
    return q + (1 - q) * loss - cost * H


# by hand, shift 0.1 for A (g = P = 1):
R_A = lottery(0.6 + 0.1, 0.12, 0.004)  # 0.7 + 0.3 x 0.12 - 0.08 = 0.656
R_B = lottery(0.45, 0.3, 0.006)  # 0.45 + 0.55 x 0.3 - 0.12 = 0.495
R_AFTER_B = lottery(0.45 - 0.1, 0.3, 0.006)  # 0.35 + 0.65 x 0.3 - 0.12 = 0.425


def game(shift: dict[str, float], mirror: bool = False, max_rounds: int = 1, **settings: float) -> dict:
    """A and B at war over X and Y; with ``mirror`` A takes B's data and B takes A's."""
    first, second = (SECOND, FIRST) if mirror else (FIRST, SECOND)
    sides = [dict(first, id="A"), dict(second, id="B")]
    data = scenario(
        [agent(d["id"], "principal", d["position"], d["salience"]) for d in sides],
        issues=("X", "Y"),
        protocol={"type": "alternating_offers", "first": "A"},
        max_rounds=max_rounds,
        walkout=[],
    )
    data["war"] = {
        "sides": ["A", "B"],
        "reservation": "lottery",
        "horizon": H,
        "cost_per_round": {d["id"]: d["cost"] for d in sides},
        "belief": {d["id"]: d["belief"] for d in sides},
        "belief_strength": 1e9,  # a few battles move the beliefs by ~1e-9: the report's 3 decimals hold
        "power_shift": shift,
        **settings,
    }
    return data


def war(data: dict):
    return PeaceConference(load_scenario(data), rng=0).war


def test_the_hand_numbers() -> None:
    assert (round(R_A, 9), round(R_B, 9), round(R_AFTER_B, 9)) == (0.656, 0.495, 0.425)


class TestTwoEffects:
    def test_a_shift_for_a_raises_a_now_and_lowers_b_after_a_broken_deal(self) -> None:
        w = war(game({"A": 0.1}))
        assert w.reservations().tolist() == pytest.approx([R_A, R_B], abs=1e-12)
        assert w.reservations(shifted=False).tolist() == pytest.approx([R_A, R_AFTER_B], abs=1e-12)

    def test_without_expected_gains_a_counts_no_rise_and_b_still_fears_it(self) -> None:
        w = war(game({"A": 0.1}, shift_gains=0.0))
        assert w.reservations().tolist() == pytest.approx([lottery(0.6, 0.12, 0.004), R_B], abs=1e-12)  # 0.568
        assert w.reservations(shifted=False)[1] == pytest.approx(R_AFTER_B, abs=1e-12)

    def test_without_the_preventive_motive_b_fears_nothing(self) -> None:
        w = war(game({"A": 0.1}, shift_preventive=0.0))
        assert w.reservations().tolist() == pytest.approx([R_A, R_B], abs=1e-12)
        assert w.reservations(shifted=False).tolist() == pytest.approx([R_A, R_B], abs=1e-12)

    def test_half_weights_count_half_the_shift(self) -> None:
        w = war(game({"A": 0.1}, shift_gains=0.5, shift_preventive=0.5))
        assert w.reservations(shifted=False).tolist() == pytest.approx(
            [lottery(0.65, 0.12, 0.004), lottery(0.45 - 0.05, 0.3, 0.006)], abs=1e-12
        )

    def test_the_preventive_term_in_the_effective_reservation(self) -> None:
        data = game({"A": 0.1})
        data["conference"]["credibility"] = 0.5  # kappa 0.5: (1 - kappa) / kappa = 1
        model = PeaceConference(load_scenario(data), rng=0)
        floors = model.valuation.effective_reservations()
        # B: 0.495 + 1 x (0.495 - 0.425) = 0.565; A loses nothing to the shift: 0.656
        assert floors.tolist() == pytest.approx([R_A, R_B + (R_B - R_AFTER_B)], abs=1e-12)
        assert floors[1] == pytest.approx(0.565, abs=1e-12)


class TestMirror:
    def test_a_shift_for_b_is_the_mirror_image(self) -> None:
        shifted_a = war(game({"A": 0.1}))
        shifted_b = war(game({"B": 0.1}, mirror=True))
        for after in (False, True):
            a_first = shifted_a.reservations(shifted=not after).tolist()
            b_first = shifted_b.reservations(shifted=not after).tolist()
            assert b_first == a_first[::-1]  # exactly, bit for bit
        assert shifted_b.reservations().tolist() == pytest.approx([R_B, R_A], abs=1e-12)
        assert shifted_b.reservations(shifted=False).tolist() == pytest.approx([R_AFTER_B, R_A], abs=1e-12)

    def test_both_sides_rising_each_counts_its_own_and_fears_the_others(self) -> None:
        w = war(game({"A": 0.1, "B": 0.05}))
        assert w.reservations().tolist() == pytest.approx(
            [R_A, lottery(0.5, 0.3, 0.006)],
            abs=1e-12,  # B: 0.5 + 0.5 x 0.3 - 0.12 = 0.53
        )
        assert w.reservations(shifted=False).tolist() == pytest.approx(
            [lottery(0.65, 0.12, 0.004), lottery(0.4, 0.3, 0.006)], abs=1e-12
        )


def reserv_column(text: str) -> dict[str, str]:
    """The actor table's ``reserv.`` column, as printed."""
    rows = re.findall(r"^(A|B)\s+principal\s+\S+\s+(\S+)\s", text, flags=re.MULTILINE)
    return dict(rows)


def printed(data: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> str:
    """What ``peacesim run FILE`` prints for the scenario."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["run", str(path)]) == 0
    return capsys.readouterr().out


def test_the_report_prints_the_walk_away_values_and_their_mirror(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_rising = printed(game({"A": 0.1}, max_rounds=3), tmp_path, capsys, "a")
    b_rising = printed(game({"B": 0.1}, mirror=True, max_rounds=3), tmp_path, capsys, "b")
    assert "reserv. = value of walking away now" in a_rising
    assert reserv_column(a_rising) == {"A": f"{R_A:.3f}", "B": f"{R_B:.3f}"} == {"A": "0.656", "B": "0.495"}
    assert reserv_column(b_rising) == {"A": "0.495", "B": "0.656"}
