"""Any of the three formats into a scenario: ``detect_format``, ``import_file`` and ``to_yaml``,
the YAML text ``peacesim import`` writes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from simulator.io.common import KTAB_PROTOCOL, ImportFormatError, csv_format, csv_rows, read_text
from simulator.io.eu_csv import EU_COLUMNS, EU_PROTOCOL, read_eu_csv
from simulator.io.ktab_csv import read_ktab_csv
from simulator.io.ktab_xml import read_ktab_xml

__all__ = ["FORMATS", "READERS", "ImportFormatError", "detect_format", "import_file", "to_yaml"]

FORMATS = {
    "ktab_csv": "KTAB SMP CSV",
    "ktab_xml": "KTAB SMP XML",
    "eu_csv": "expected-utility CSV (Actor, Capability, Position, Salience)",
}
READERS: dict[str, Callable[[str | Path], dict[str, Any]]] = {
    "ktab_csv": read_ktab_csv,
    "ktab_xml": read_ktab_xml,
    "eu_csv": read_eu_csv,
}


def detect_format(path: str | Path) -> str:
    """``"ktab_csv"``, ``"ktab_xml"`` or ``"eu_csv"``: by the extension, and for a CSV by its first lines."""
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        raise ImportFormatError(path, None, "is a scenario already; run or validate it directly")
    if suffix == ".xml":
        return "ktab_xml"
    text = read_text(path)
    if suffix != ".csv" and text.lstrip().startswith("<"):
        return "ktab_xml"
    rows = csv_rows(text)
    if not rows:
        raise ImportFormatError(
            path, 1, "the file is empty; expected a KTAB SMP CSV or XML, or an expected-utility CSV"
        )
    kind = csv_format(rows)
    if kind is None:
        raise ImportFormatError(
            path,
            rows[0][0],
            f"cannot tell the format from the first line {', '.join(rows[0][1])!r}; expected a KTAB SMP CSV "
            "(scenario name, description, number of actors, number of dimensions), a header "
            f"{','.join(EU_COLUMNS)} (expected-utility CSV) or a KTAB SMP XML <Scenario>",
        )
    return kind


def import_file(path: str | Path) -> dict[str, Any]:
    """Read any of the three formats (see ``detect_format``) into a scenario dict."""
    return READERS[detect_format(path)](path)


def to_yaml(scenario: dict[str, Any], source: str | Path | None = None) -> str:
    """The scenario as YAML text (``yaml.safe_dump``, keys in the dict's order), after a header
    comment saying where it was imported from and that outcomes are model results."""
    conference = scenario.get("conference") or {}
    protocol = conference.get("protocol")
    if protocol == KTAB_PROTOCOL:
        xml = source is not None and Path(source).suffix.lower() == ".xml"
        kind = FORMATS["ktab_xml" if xml else "ktab_csv"]
        saliences = "saliences\n# (the file's percentages divided by 100, as KTAB does)"
    else:
        kind = FORMATS["eu_csv"] if protocol == EU_PROTOCOL else "a model input file"
        saliences = "saliences"
    header = [
        f"# Imported from {source if source is not None else kind} by peacesim import; see docs/import.md.",
        f"# Format: {kind}.",
        f"# Copied from the file: the actors, their capabilities, positions and {saliences}.",
        "# Import defaults, not in the file: every actor a principal, nobody walks out,",
        f"# protocol {protocol}, max_rounds {conference.get('max_rounds')}; change them here or with --set.",
        "# Outcomes of a run are model results under these assumptions, not predictions.",
    ]
    # block style, except the agents' leaf mappings (position: {X: 50}); each top-level key is
    # dumped on its own, in order
    body = "".join(
        yaml.safe_dump(
            {key: value},
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=None if key == "agents" else False,
            width=1000,
        )
        for key, value in scenario.items()
    )
    return "\n".join(header) + "\n" + body
