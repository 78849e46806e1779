"""The report formats: a registry from a format's name to the function that renders it.

Every format is one module with ``render(report, *, narrative=None) -> str`` and one line in
``simulator/components.py`` that registers it by name, with the extension of its file (``peacesim run --out`` writes ``report.EXT``).
A built-in renderer is registered as a ``"module:function"`` string and imported the first time it
is used, so that ``peacesim run`` loads matplotlib only for ``--format html``. The command line's
``--format`` choices, ``--out`` and ``ConferenceResult.render`` all read this registry;
docs/adding-a-format.md walks through adding one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar, overload

from simulator.report.types import SettlementReport


class Renderer(Protocol):
    """What a format renders with: the report (and the round-by-round narrative, if it has a place for it)."""

    def __call__(self, report: SettlementReport, *, narrative: str | None = None) -> str: ...


R = TypeVar("R", bound=Callable[..., str])


@dataclass(frozen=True)
class Format:
    """A registered format: its name, its renderer (a function, or ``"module:function"`` imported on
    first use), the extension of its file, and whether it shows the narrative itself (the command line
    prints the narrative after the report of a format that does not)."""

    name: str
    renderer: str | Renderer
    extension: str
    embeds_narrative: bool = False

    def load(self) -> Renderer:
        """The render function (imported now if registered by name)."""
        if not isinstance(self.renderer, str):
            return self.renderer
        module, _, function = self.renderer.partition(":")
        renderer: Renderer = getattr(importlib.import_module(module), function)
        return renderer

    def __call__(self, report: SettlementReport, *, narrative: str | None = None) -> str:
        return self.load()(report, narrative=narrative)


FORMATS: dict[str, Format] = {}


@overload
def register_format(
    name: str, renderer: None = None, *, extension: str, embeds_narrative: bool = False
) -> Callable[[R], R]: ...
@overload
def register_format(name: str, renderer: str | Renderer, *, extension: str, embeds_narrative: bool = False) -> None: ...
def register_format(
    name: str, renderer: str | Renderer | None = None, *, extension: str, embeds_narrative: bool = False
) -> Callable[[R], R] | None:
    """Make ``name`` a report format (``peacesim run --format NAME``) written to ``report.EXTENSION``.

    Give the renderer as ``"module:function"`` (imported on first use) or as the function itself, or
    use ``@register_format(name, extension=...)`` on the function. A name registered again is replaced.
    """
    if renderer is not None:
        FORMATS[name] = Format(name, renderer, extension, embeds_narrative)
        return None

    def decorate(function: R) -> R:
        FORMATS[name] = Format(name, function, extension, embeds_narrative)
        return function

    return decorate


def get_format(name: str) -> Format:
    """The registered format ``name``; ``ValueError`` naming the choices for an unknown one."""
    if name not in FORMATS:
        raise ValueError(f"unknown report format {name!r}; choose from {', '.join(format_names())}")
    return FORMATS[name]


def format_names() -> list[str]:
    """The registered formats' names, sorted (the ``--format`` choices)."""
    return sorted(FORMATS)


def render(report: SettlementReport, fmt: str = "text", *, narrative: str | None = None) -> str:
    """``report`` in the format ``fmt`` (with the narrative, for a format that shows one)."""
    return get_format(fmt)(report, narrative=narrative)


class Extensions(Mapping[str, str]):
    """A live, read-only view: format name -> file extension (``report.EXT`` under ``--out``)."""

    def __getitem__(self, name: str) -> str:
        return FORMATS[name].extension

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


EXTENSIONS: Mapping[str, str] = Extensions()
