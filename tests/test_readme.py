"""The README stays true: its commands are the ones CI runs, and its sample output is real."""

import re
import shlex
from pathlib import Path

from simulator.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, flags=re.S)


def test_readme_gives_two_setup_commands():
    commands = [line for block in bash_blocks() for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert all(c.startswith("bash setup.sh") for c in commands)


def test_ci_runs_the_readme_test_command():
    test_command = bash_blocks()[1].strip()
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_run_command_names_a_shipped_scenario():
    run_command = bash_blocks()[0].strip()
    scenario = run_command.split("peacesim run ")[1].split()[0]
    assert (ROOT / scenario).is_file()


def test_sample_output_is_what_the_command_prints(capsys, monkeypatch):
    sample = re.search(r"```text\n\$ \.venv/bin/(peacesim .*?)\n(.*?)```", README, flags=re.S)
    assert sample, "the README shows a sample run"
    command, shown = sample.group(1), sample.group(2)
    monkeypatch.chdir(ROOT)
    assert main(shlex.split(command)[1:]) == 0
    printed = capsys.readouterr().out.splitlines()
    for line in shown.splitlines():
        if line and line != "...":
            assert line in printed


def test_readme_says_outcomes_are_not_predictions():
    assert "not predictions and not advocacy" in README
