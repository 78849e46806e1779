"""What a finished run reports, and the formats it is shown in.

``settlement`` builds the report (plain, typed data: ``types.SettlementReport``); ``reference`` sets a
historical case beside its real outcome; ``formats`` is the registry of formats (``text``, ``markdown``,
``json``, ``html``, one module each, sharing the rows of ``tables``); ``narrative`` tells a run round by
round and ``plots`` draws it. Adding a format: docs/adding-a-format.md.

The names below are the ones scripts and the command line use; no module of this package imports them
from here (each imports the module that defines them).
"""

from __future__ import annotations

from simulator.report.formats import EXTENSIONS, FORMATS, Format, format_names, get_format, register_format, render
from simulator.report.json import to_json
from simulator.report.markdown import reference_markdown
from simulator.report.markdown import render as to_markdown
from simulator.report.tables import DISCLAIMER, OUTCOME_WORDS
from simulator.report.text import reference_lines
from simulator.report.text import render as to_text

__all__ = [
    "DISCLAIMER",
    "EXTENSIONS",
    "FORMATS",
    "OUTCOME_WORDS",
    "Format",
    "format_names",
    "get_format",
    "reference_lines",
    "reference_markdown",
    "register_format",
    "render",
    "to_json",
    "to_markdown",
    "to_text",
]
