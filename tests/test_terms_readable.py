"""Terms a reader can place (issue 14): every report says which end of each 0-100 scale is whose, the
meaning of a term names the anchor it is at or the two it lies between, and a warning caused by
``--set`` names that ``--set`` as its origin."""

from __future__ import annotations

import json
import re
import shlex
from html import escape

import pytest

from simulator.cli import main
from tests.conftest import REPO

UKRAINE_SCALE = "0 = closest to Ukraine's stated 2022 aims, 100 = closest to Russia's maximal demands"
TWO_PARTY = "docs/examples/two-party.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    assert main(list(argv)) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


# --------------------------------------------------------------------------- which end is whose


@pytest.mark.parametrize(
    "scenario", ["scenarios/talks-2026.yaml", "scenarios/ukraine-2022.yaml", "scenarios/audience-costs.yaml"]
)
def test_a_ukraine_report_says_once_which_end_of_the_scales_is_whose(capsys, scenario):
    out, _ = run(capsys, "run", scenario, "--seed", "0")
    lines = out.splitlines()
    assert lines.count(f"Scale of every issue: {UKRAINE_SCALE}") == 1
    assert not any(line.startswith("Scales (") for line in lines)
    # right under the table of terms, before the actors
    assert lines.index(f"Scale of every issue: {UKRAINE_SCALE}") < lines.index(
        next(line for line in lines if line.startswith("actor "))
    )


def test_every_format_says_it(capsys, tmp_path):
    out, _ = run(capsys, "run", "scenarios/talks-2026.yaml", "--format", "markdown")
    assert out.splitlines().count(f"Scale of every issue: {UKRAINE_SCALE}") == 1
    out, _ = run(capsys, "run", "scenarios/talks-2026.yaml", "--format", "json")
    scale = json.loads(out)["scale"]
    assert list(scale) == ["TERR_LINE", "TERR_STATUS", "ALIGNMENT", "GUARANTEES", "ARMY_LIMITS", "SANCTIONS",
                           "ACCOUNTABILITY", "INTERNAL_ORDER", "HUMANITARIAN"]  # fmt: skip
    assert set(scale.values()) == {UKRAINE_SCALE}
    run(capsys, "run", TWO_PARTY, "--format", "html", "--out", str(tmp_path))
    page = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert page.count(f'<p class="scale">Scale: {escape("0 = all to A, 100 = all to B")}</p>') == 1


def test_issues_that_differ_get_a_line_each_from_their_anchors(capsys):
    out, _ = run(capsys, "run", "docs/examples/partial.yaml")
    lines = out.splitlines()
    start = lines.index("Scales (what 0 and 100 stand for on each issue):")
    assert lines[start + 1 : start + 3] == [
        "  X: 0 = A's ideal, 100 = the opposite",
        "  Y: 0 = A's ideal, 100 = B's ideal",
    ]
    out, _ = run(capsys, "run", "docs/examples/partial.yaml", "--format", "markdown")
    assert "- X: 0 = A's ideal, 100 = the opposite" in out.splitlines()


def test_issues_sharing_a_scale_share_a_line(capsys):
    both = "0 = A's side, 100 = B's side"
    out, _ = run(capsys, "run", "docs/examples/partial.yaml", "--set", f"issues.X.scale={both}")
    assert "  X: 0 = A's side, 100 = B's side" in out.splitlines()
    out, _ = run(
        capsys,
        "run",
        "docs/examples/partial.yaml",
        "--set",
        f"issues.X.scale={both}",
        "--set",
        f"issues.Y.scale={both}",
    )
    assert f"Scale of every issue: {both}" in out.splitlines()


def test_the_scale_field_is_checked_like_any_other(capsys):
    assert main(["validate", TWO_PARTY, "--set", "issues.X.scale=[1, 2]"]) == 1
    assert "issues[0].scale" in capsys.readouterr().err


# --------------------------------------------------------------------------- the meaning of a term

ANCHORS = "issues.X.anchors={0: all to A, %s: %s, 100: all to B}"


def term_line(capsys, *overrides: str) -> str:
    argv = ["run", TWO_PARTY, "--set", "agents.A.rule.beta=2"]  # settles at 60 (docs/scenario-format.md)
    for o in overrides:
        argv += ["--set", o]
    out, _ = run(capsys, *argv)
    return next(line for line in out.splitlines() if line.startswith("X "))


def test_a_term_near_an_anchor_is_read_as_that_anchor(capsys):
    assert term_line(capsys, ANCHORS % (58, "nearly sixty")).endswith("  60.0   50.0    50.0  ≈58: nearly sixty")
    assert term_line(capsys, ANCHORS % (63, "a bit more")).endswith("  60.0   50.0    50.0  ≈63: a bit more")


def test_a_term_far_from_every_anchor_names_both_and_the_nearer(capsys):
    line = term_line(capsys, ANCHORS % (50, "half each"))
    assert line.endswith("between 50 and 100, nearer 50 (10.0 from it, 40.0 from 100); 50: half each; 100: all to B")
    line = term_line(capsys, ANCHORS % (56, "just under"))  # 4 points away: no longer ≈
    assert line.endswith("between 56 and 100, nearer 56 (4.0 from it, 40.0 from 100); 56: just under; 100: all to B")


def test_the_farther_anchor_is_cut_not_the_nearer(capsys):
    near = "the text nearer the term, which is kept whole however long it is, " * 2
    far = "the text of the farther anchor, which is cut at a word to sixty characters or fewer"
    line = term_line(capsys, f"issues.X.anchors={{0: A, 45: '{far}', 70: '{near.strip()}', 100: B}}")
    assert f"between 45 and 70, nearer 70 (10.0 from it, 15.0 from 45); 70: {near.strip()}; 45: " in line
    cut = line.split("; 45: ")[1]
    assert cut == "the text of the farther anchor, which is cut at a word to…"
    assert len(cut) <= 60


# --------------------------------------------------------------------------- --set in warnings


def test_a_salience_set_on_the_command_line_is_named_as_the_warnings_origin(capsys):
    _, err = run(capsys, "validate", "scenarios/talks-2026.yaml", "--set", "agents.RUS.salience.TERR_LINE=0.3")
    assert err.splitlines() == [
        "warning: --set agents.RUS.salience.TERR_LINE=0.3: agents[1].salience: saliences sum to 1.16, "
        "normalised to sum to 1 (TERR_LINE 0.3 -> 0.259)"
    ]
    assert "talks-2026.yaml:" not in err


def test_a_whole_salience_mapping_set_is_named_too(capsys):
    _, err = run(capsys, "validate", "docs/examples/partial.yaml", "--set", "agents.A.salience={X: 1, Y: 1}")
    assert err.splitlines() == [
        "warning: --set agents.A.salience={X: 1, Y: 1}: agents[0].salience: saliences sum to 2, normalised to sum to 1"
    ]


def test_a_sum_written_in_the_file_still_points_at_its_line(capsys, tmp_path):
    text = (
        (REPO / "docs/examples/partial.yaml")
        .read_text(encoding="utf-8")
        .replace("{X: 0.5, Y: 0.5}}", "{X: 1, Y: 1}}", 1)
    )
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    _, err = run(capsys, "validate", str(path))
    assert err.splitlines() == [f"warning: {path}:13: agents[0].salience: saliences sum to 2, normalised to sum to 1"]


def test_the_readme_set_examples_print_no_warning(capsys):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    scenario = re.search(r"peacesim run (scenarios/\S+\.yaml)", readme)
    assert scenario
    examples = re.findall(r"`(--set [^`]+)`", readme)
    assert examples, "the README shows a --set example"
    for example in examples:
        _, err = run(capsys, "run", scenario.group(1), *shlex.split(example))
        assert err == "", f"README's {example} prints {err!r}"
