"""``peacesim run SCENARIO``: run a conference and print the settlement report, optionally with
the narrative, figures and a folder of reports and round-by-round CSVs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.api import ConferenceResult, run_conference
from simulator.cli.common import add_scenario_args, fail, load_for_command
from simulator.io import ImportFormatError
from simulator.negotiation.lenses import LENSES
from simulator.report.brief import brief
from simulator.report.formats import EXTENSIONS, FORMATS, format_names, render
from simulator.report.json import to_json
from simulator.report.narrative import narrate
from simulator.scenario.spec import ScenarioError


def add_parser(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="run a conference and print the settlement report")
    add_scenario_args(run)
    run.add_argument("--seed", type=int, default=0, help="random seed (default 0); same seed, same result")
    run.add_argument("--format", choices=format_names(), default="text", help="report format (default text)")
    run.add_argument(
        "--out", type=Path, metavar="DIR",
        help="write the report and round-by-round CSVs here and print the paths written, not the report",
    )  # fmt: skip
    run.add_argument(
        "--plots", type=Path, metavar="DIR", help="write PNG figures here (positions, terms, utilities, war)"
    )
    run.add_argument(
        "--explain", nargs="?", const="short", choices=("short", "full"), metavar="short|full",
        help="also tell the run: its turning points in a page (short, the default), or every round (full)",
    )  # fmt: skip
    run.add_argument(
        "--lens", action="append", default=[], choices=sorted(LENSES),
        help="read the scenario through a theory lens (repeatable; see docs/lenses.md)",
    )  # fmt: skip
    run.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    try:
        scenario = load_for_command(args.scenario, args.overrides, args.lens)
    except (ScenarioError, ImportFormatError) as exc:
        return fail(exc)
    result = run_conference(scenario, seed=args.seed)
    story = {None: None, "short": brief, "full": narrate}[args.explain]
    told = story(result.model) if story else None
    rendered = render(result.report, args.format, narrative=told)
    if args.out:  # the files, and their paths on stdout: not the report
        written = write_folder(result, args.out, args.format, rendered)
        if told and not FORMATS[args.format].embeds_narrative:
            (args.out / "narrative.txt").write_text(told, encoding="utf-8")
            written.append(args.out / "narrative.txt")
        print("\n".join(str(path) for path in written))
    else:
        print_report(rendered, args.format, told)
    if args.plots:
        from simulator.report.plots import write_plots  # matplotlib loads only when figures are asked for

        figures = write_plots(result.report, args.plots)
        print(f"wrote {', '.join(str(p) for p in figures)}", file=sys.stderr)
    return 0


def print_report(rendered: str, fmt: str, story: str | None) -> None:
    """Print the rendered report, then the narrative if the format does not carry it."""
    sys.stdout.write(rendered)
    if story and not FORMATS[fmt].embeds_narrative:
        sys.stdout.write("\n" + story)


def write_folder(result: ConferenceResult, out: Path, fmt: str, rendered: str) -> list[Path]:
    """The report (and its JSON), and Mesa's model and agent data as ``rounds.csv`` and ``agents.csv``;
    returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = [f"report.{EXTENSIONS[fmt]}"] + ["report.json"] * (fmt != "json")
    written += ["rounds.csv", "agents.csv"]
    (out / f"report.{EXTENSIONS[fmt]}").write_text(rendered, encoding="utf-8")
    if fmt != "json":
        (out / "report.json").write_text(to_json(result.report), encoding="utf-8")
    dc, calendar = result.model.datacollector, result.model.calendar
    rounds = dc.get_model_vars_dataframe()
    if calendar is not None:  # the date of each round beside it
        rounds.insert(0, "date", [calendar.iso(int(r)) for r in rounds.index])
    rounds.to_csv(out / "rounds.csv", index_label="round")
    # one row per round and agent; Mesa indexes agents by an internal number, the CSV names them
    codes = {a.unique_id: a.code for a in result.model.agents}
    agents = dc.get_agent_vars_dataframe().reset_index()
    agents["Step"] = agents["Step"].astype(int)
    if calendar is not None:
        agents.insert(1, "date", [calendar.iso(int(r)) for r in agents["Step"]])
    agents["AgentID"] = agents["AgentID"].map(codes)
    agents.to_csv(out / "agents.csv", index=False)
    return [out / name for name in written]
