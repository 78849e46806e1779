"""The shipped Ukraine and history scenarios carry the record's calendar, partial deals and deadlines.

* every Ukraine scenario and every history case has a calendar; the Ukraine ones start on their as-of
  date with weekly rounds, the history ones on the first date their case gives;
* ``scenarios/ukraine-2022.yaml`` starts at the earliest non-interim row of ``positions_timeseries.csv``
  per actor and issue, and every later row is an event in the week that holds its date (weeks counted
  here with ``datetime``, not with the simulator's Calendar);
* separable issues and deadline events cite episodes and sources that exist in the data;
* the generators' ``--check`` passes.

The data lives in ``../shared/data/ukraine``; without it the module is skipped. The CSV files are read
with ``csv`` here, independently of the generator.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).parents[1]
DATA = REPO.parent / "shared" / "data" / "ukraine"
UKRAINE = ["essay-2024", "talks-2026", "ukraine-2022"]
HISTORY = sorted((REPO / "scenarios" / "history").glob("*.yaml"))
EPISODE = re.compile(r"\bTE\d{2}\b")
SOURCE = re.compile(r"\bS\d{2}[a-z]?\b")

if not DATA.is_dir():
    pytest.skip(f"research data folder not found at {DATA}", allow_module_level=True)


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def day(text: str) -> dt.date:
    """A data date; a year or year-month is its first day (the data's convention)."""
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def load(slug: str) -> tuple[str, dict]:
    text = (REPO / "scenarios" / f"{slug}.yaml").read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def week_of(start: dt.date, when: dt.date) -> int:
    """The weekly round whose seven days hold ``when`` (round 1 = start .. start + 6)."""
    for r in range(1, 10_000):
        first = start + dt.timedelta(weeks=r - 1)
        if first <= when < first + dt.timedelta(weeks=1):
            return r
    raise AssertionError(when)


POSITIONS = [r for r in rows("positions_timeseries.csv") if "INTERIM" not in (r["document"] + r["note"]).upper()]


@pytest.mark.parametrize("slug", UKRAINE)
def test_ukraine_scenarios_start_weekly_at_their_as_of_date(slug: str) -> None:
    _, doc = load(slug)
    assert doc["calendar"] == {"start": dt.date.fromisoformat(doc["as_of"]), "round": "1 week"}


@pytest.mark.parametrize("path", HISTORY, ids=[p.stem for p in HISTORY])
def test_every_history_case_starts_on_the_first_date_of_its_case(path: Path) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(iter(doc["reference"]["dates"].values()))
    assert doc["calendar"]["start"] == dt.date.fromisoformat(first.split("..")[0].split(" ")[0])
    assert doc["calendar"]["round"] in ("1 day", "1 week", "1 month")


def test_history_rounds_fit_the_span_of_the_talks() -> None:
    """Dayton's three weeks of talks in days; Korea's two years in months (more than 100 weeks)."""
    calendars = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["calendar"] for p in HISTORY}
    assert calendars["dayton_1995"] == {"start": dt.date(1995, 11, 1), "round": "1 day"}
    assert calendars["camp_david_1978"]["round"] == "1 day"
    assert calendars["korea_armistice_1953"] == {"start": dt.date(1951, 7, 10), "round": "1 month"}
    assert (dt.date(1953, 7, 27) - dt.date(1951, 7, 10)).days / 7 > 100  # why not weeks


def test_ukraine_2022_starts_at_the_earliest_row_of_each_actor_and_issue() -> None:
    _, doc = load("ukraine-2022")
    earliest: dict[tuple[str, str], dict[str, str]] = {}
    for r in POSITIONS:
        key = (r["actor"], r["dimension"])
        if key not in earliest or day(r["date"]) < day(earliest[key]["date"]):
            earliest[key] = r
    written = {(a["id"], dim): v for a in doc["agents"] for dim, v in a["position"].items()}
    assert written == {k: float(r["position"]) for k, r in earliest.items()}
    sources = {(a["id"], dim): ids for a in doc["agents"] for dim, ids in a["sources"].items()}
    assert sources == {k: [s for s in r["source_ids"].split(";") if s] for k, r in earliest.items()}
    assert doc["calendar"]["start"] == dt.date(2022, 2, 24)
    # territory: the eve-of-invasion row, as Ukraine's share
    first = min(rows("territory_timeseries.csv"), key=lambda r: day(r["date"]))
    assert doc["war"]["territory"] == pytest.approx(1 - float(first["share_pct"]) / 100)


def test_ukraine_2022_later_rows_are_events_in_the_week_of_their_date() -> None:
    _, doc = load("ukraine-2022")
    start = dt.date(2022, 2, 24)
    firsts: dict[tuple[str, str], dt.date] = {}
    for r in POSITIONS:
        key = (r["actor"], r["dimension"])
        firsts[key] = min(firsts.get(key, day(r["date"])), day(r["date"]))
    later = [r for r in POSITIONS if day(r["date"]) > firsts[(r["actor"], r["dimension"])]]
    events = [e for e in doc["events"] if "set" in e]
    found = 0
    for r in later:
        path = f"agents.{r['actor']}.position.{r['dimension']}"
        hits = [e for e in events if path in e["set"] and e["name"].endswith(f"({r['date']})")]
        assert len(hits) == 1, f"{path} {r['date']}: {len(hits)} events"
        assert hits[0]["set"][path] == float(r["position"])
        assert hits[0]["round"] == week_of(start, day(r["date"])), f"{path} {r['date']}"
        found += 1
    assert found == sum(len(e["set"]) for e in events) > 0  # no event without its row
    last = max(day(r["date"]) for r in rows("positions_timeseries.csv"))
    assert doc["conference"]["max_rounds"] >= week_of(start, last)


def test_separable_issues_cite_partial_deals_of_the_record() -> None:
    episodes = {r["episode_id"]: r for r in rows("talks_episodes.csv")}
    for slug in UKRAINE:
        text, doc = load(slug)
        separable = [i["id"] for i in doc["issues"] if i.get("separable")]
        assert separable == ["HUMANITARIAN"], slug
        block = text.split("  - id: HUMANITARIAN")[1].split("separable: true")[0]
        cited = EPISODE.findall(block)
        assert cited, slug
        for eid in cited:
            assert episodes[eid]["outcome"] == "partial_deal"
            assert "HUMANITARIAN" in episodes[eid]["issues_on_table"].split(";")
            assert day(episodes[eid]["start"]) <= max(day(doc["as_of"]), dt.date(2026, 2, 26))
    # the essay (as of March 2024) knows only the deals struck by then: the corridors and the grain deal
    text, _ = load("essay-2024")
    assert EPISODE.findall(text.split("  - id: HUMANITARIAN")[1].split("separable: true")[0]) == ["TE01", "TE04"]


def test_the_june_deadline_is_a_deadline_event_with_its_source() -> None:
    sources = {r["source_id"]: r["what_it_supports"] for r in rows("sources.csv")}
    assert "June deadline" in sources["S63"]
    expected = {
        # talks-2026 starts 2026-02-26, after the report of 2026-02-16: known from round 1
        "talks-2026": (1, week_of(dt.date(2026, 2, 26), dt.date(2026, 6, 1))),
        "ukraine-2022": (week_of(dt.date(2022, 2, 24), dt.date(2026, 2, 16)), week_of(dt.date(2022, 2, 24), dt.date(2026, 6, 1))),
    }  # fmt: skip
    for slug, (announced, by) in expected.items():
        text, doc = load(slug)
        deadlines = [e for e in doc["events"] if "deadline" in e]
        assert [(e["round"], e["deadline"]) for e in deadlines] == [(announced, by)], slug
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("    deadline:"))
        assert "S63" in SOURCE.findall("\n".join(lines[at - 6 : at])), slug  # the comment above the event
    assert expected["talks-2026"] == (1, 14)
    _, essay = load("essay-2024")
    assert "events" not in essay  # reported in 2026: unknown as of March 2024


@pytest.mark.parametrize("tool", ["build_scenarios", "build_historical"])
def test_generators_check_passes(tool: str) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / f"{tool}.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
