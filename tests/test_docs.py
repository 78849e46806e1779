"""The examples in docs/*.md are run, so the documentation cannot drift away from the code.

Fenced blocks in the Markdown files are checked by their language tag:

* ```yaml whose first line is ``# example: NAME``: a complete scenario. It must load with
  ``load_scenario`` without an error or a warning. If ``docs/examples/NAME.yaml`` exists, the block
  must be that file, character for character.
* ```yaml whose first line is ``# invalid-example`` (or ``# invalid-example: FILE``; the default file
  name is ``example.yaml``): it is written to FILE in a temporary folder and loaded from there. It must
  raise ``ScenarioError`` whose message is exactly the ```text block that follows it.
* any other ```yaml block (a fragment) must at least parse with ``yaml.safe_load``.
* ```console: every line ``$ peacesim ARGS`` is run as ``simulator.cli.main(shlex.split(ARGS))`` from
  the repository root. The exit code must be 0, or N if the line ends with ``# exit N``. Every other
  non-empty line up to the next ``$`` line must appear in the captured stdout + stderr (a line
  ``...`` stands for omitted output and is skipped). A command with ``--out`` runs in a temporary
  folder in which ``docs`` and ``scenarios`` link to the repository's, so nothing is written here.
* ```python: the blocks of one document run in order in one namespace, from the repository root: a
  block with ``>>>`` prompts as a doctest, any other block with ``exec``. Rules, protocols,
  agreement rules and report formats registered by the examples are removed afterwards.

Every file in docs/examples/ must load without an error or a warning.
"""

from __future__ import annotations

import doctest
import re
import shlex
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator import ScenarioError, load_scenario
from simulator.cli import main
from simulator.negotiation.agreement import AGREEMENT_RULES
from simulator.negotiation.protocols import PROTOCOLS
from simulator.negotiation.rules import RULES
from simulator.report.formats import FORMATS

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
EXAMPLES = DOCS / "examples"
PAGES: tuple[str, ...] = ("scenario-format.md", "rules.md", "cli.md", "war.md", "sweeps.md", "lenses.md", "history.md")
PAGES += ("adding-a-format.md",)
PAGES += ("adding-a-rule.md",)
PAGES += tuple(f"lessons/{page.name}" for page in sorted((DOCS / "lessons").glob("[0-9][0-9]-*.md")))
PAGES += ("adding-a-protocol.md",)
PAGES += ("calendar.md", "endings.md")

EXAMPLE = re.compile(r"^# example: ([\w.-]+)\s*$")
INVALID = re.compile(r"^# invalid-example(?:: ([\w.-]+))?\s*$")
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")


@dataclass(frozen=True)
class Block:
    page: str
    line: int  # line of the opening fence, 1-based
    lang: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]


def read_blocks(page: str) -> list[Block]:
    blocks: list[Block] = []
    lines = (DOCS / page).read_text(encoding="utf-8").split("\n")
    k = 0
    while k < len(lines):
        m = re.match(r"^```(\w*)\s*$", lines[k])
        if not m:
            k += 1
            continue
        end = k + 1
        while end < len(lines) and lines[end].rstrip() != "```":
            end += 1
        assert end < len(lines), f"{page}:{k + 1}: code block is never closed"
        blocks.append(Block(page, k + 1, m.group(1), "\n".join(lines[k + 1 : end]) + "\n"))
        k = end + 1
    return blocks


BLOCKS = [b for page in PAGES if (DOCS / page).is_file() for b in read_blocks(page)]


def blocks(lang: str) -> list[Block]:
    return [b for b in BLOCKS if b.lang == lang]


def block_id(block: Block) -> str:
    return block.where


def test_every_page_exists_and_has_examples() -> None:
    for page in PAGES:
        assert (DOCS / page).is_file(), f"docs/{page} is missing"
    assert [b for b in blocks("yaml") if EXAMPLE.match(b.first_line)]
    assert [b for b in blocks("yaml") if INVALID.match(b.first_line)]
    assert blocks("console")
    assert blocks("python")


# --------------------------------------------------------------------------- YAML


@pytest.mark.parametrize("block", [b for b in blocks("yaml") if EXAMPLE.match(b.first_line)], ids=block_id)
def test_yaml_example_loads(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = EXAMPLE.match(block.first_line).group(1)  # type: ignore[union-attr]
    shipped = EXAMPLES / f"{name}.yaml"
    if shipped.is_file():
        assert block.text == shipped.read_text(encoding="utf-8"), f"{block.where} differs from {shipped}"
    monkeypatch.chdir(tmp_path)
    (tmp_path / f"{name}.yaml").write_text(block.text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scenario = load_scenario(f"{name}.yaml")
    assert scenario.agents and scenario.issues


@pytest.mark.parametrize("block", [b for b in blocks("yaml") if INVALID.match(b.first_line)], ids=block_id)
def test_yaml_invalid_example_gives_the_shown_error(
    block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_name = INVALID.match(block.first_line).group(1) or "example.yaml"  # type: ignore[union-attr]
    following = [b for b in BLOCKS if b.page == block.page and b.line > block.line]
    assert following and following[0].lang == "text", f"{block.where}: put the expected error in a text block"
    monkeypatch.chdir(tmp_path)
    (tmp_path / file_name).write_text(block.text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(file_name)
    assert str(caught.value) + "\n" == following[0].text


@pytest.mark.parametrize(
    "block",
    [b for b in blocks("yaml") if not EXAMPLE.match(b.first_line) and not INVALID.match(b.first_line)],
    ids=block_id,
)
def test_yaml_fragment_parses(block: Block) -> None:
    yaml.safe_load(block.text)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_example_file_loads(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_scenario(path)


# --------------------------------------------------------------------------- console


@dataclass(frozen=True)
class Command:
    where: str
    line: str
    shown: tuple[str, ...]


def commands() -> list[Command]:
    out: list[Command] = []
    for block in blocks("console"):
        lines = block.text.rstrip("\n").split("\n")
        starts = [k for k, text in enumerate(lines) if text.startswith("$ ")]
        for n, k in enumerate(starts):
            if not lines[k].startswith("$ peacesim "):
                continue
            stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
            shown = tuple(t.rstrip() for t in lines[k + 1 : stop] if t.strip() and t.strip() != "...")
            out.append(Command(f"{block.page}:{block.line + 1 + k}", lines[k], shown))
    return out


@pytest.mark.parametrize("command", commands(), ids=lambda c: c.where)
def test_console_example(
    command: Command, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    m = EXIT.search(command.line)
    expected = int(m.group(1)) if m else 0
    argv = shlex.split(command.line[len("$ peacesim ") :], comments=True)
    if "--out" in argv:
        for name in ("docs", "scenarios"):
            (tmp_path / name).symlink_to(REPO / name, target_is_directory=True)
        monkeypatch.chdir(tmp_path)
    else:
        monkeypatch.chdir(REPO)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert code == expected, f"{command.where}: {command.line!r} exited {code}, expected {expected}\n{output}"
    missing = [line for line in command.shown if line not in output]
    assert not missing, f"{command.where}: {command.line!r} did not print {missing}\n--- output:\n{output}"
    if "--out" in argv:
        folder = tmp_path / argv[argv.index("--out") + 1]
        assert {p.name for p in folder.iterdir()} >= {"report.json", "rounds.csv", "agents.csv"}


# --------------------------------------------------------------------------- Python


def run_python(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    registries: list[tuple[dict[str, Any], dict[str, Any]]] = [
        (registry, dict(registry)) for registry in (RULES, PROTOCOLS, AGREEMENT_RULES, FORMATS)
    ]
    namespace: dict[str, object] = {"__name__": f"docs_{page}"}
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    try:
        for block in [b for b in blocks("python") if b.page == page]:
            if ">>>" in block.text:
                test = parser.get_doctest(block.text, namespace, block.where, block.page, block.line)
                report: list[str] = []
                runner = doctest.DocTestRunner(optionflags=flags)
                runner.run(test, out=report.append, clear_globs=False)
                namespace.update(test.globs)  # DocTest works on a copy: keep its names for later blocks
                assert runner.failures == 0, f"{block.where}:\n" + "".join(report)
            else:
                exec(compile(block.text, block.where, "exec"), namespace)
    finally:
        for registry, saved in registries:
            registry.clear()
            registry.update(saved)


@pytest.mark.parametrize("page", sorted({b.page for b in blocks("python")}))
def test_python_examples(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    run_python(page, monkeypatch)
