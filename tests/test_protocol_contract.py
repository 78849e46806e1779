"""The contract every protocol keeps, one test class per registered protocol (the classic models too).

After Axelrod's strategy tests: ``ProtocolContract`` holds the tests every protocol must pass, and
each protocol's test class inherits them, naming the protocol and its parameters for the runs. A
new protocol needs a class here too (``test_every_protocol_has_a_contract_test``).

The contract: registered under its name; a docstring that names its source; every parameter
documented (in the code and in docs/rules.md); the same scenario and seed give the same texts and
offers; texts inside 0..100, on the options of indivisible issues where the conference rounds them
(a ``Protocol``), and inside the range of the stated positions for a classic model's forecast (a
``PositionModel``: a weighted mean of positions that only ever move toward each other); and the
conference is read through the view only (the protocol returns what it decides).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
from builders import agent, scenario

from simulator import PeaceConference, load_scenario
from simulator.negotiation.protocols import PROTOCOLS, PositionModel, Protocol

RULES_DOC = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
OPTIONS = [0.0, 50.0, 100.0]  # the options of the indivisible issue Y


def table(protocol: dict[str, Any], max_rounds: int = 15) -> dict[str, Any]:
    """Two principals, a guarantor and a mediator on a divisible issue X and an indivisible issue Y."""
    agents = [
        agent("A", "principal", {"X": 0, "Y": 20}, reservation=0.1),
        agent("B", "principal", {"X": 100, "Y": 90}, capability=2.0, reservation=0.1),
        agent("G", "guarantor", {"X": 60}),
        agent("M", "mediator", {"X": 50, "Y": 50}),
    ]
    data = scenario(agents, issues=("X", "Y"), protocol=protocol, max_rounds=max_rounds, walkout=[])
    data["issues"][1]["options"] = OPTIONS
    return data


class ReadOnlyView:
    """The conference as a protocol may see it: attributes cannot be set, arrays cannot be written."""

    def __init__(self, model: PeaceConference) -> None:
        object.__setattr__(self, "_model", model)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._model, name)
        if isinstance(value, np.ndarray):
            value = value.view()
            value.flags.writeable = False
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a protocol set view.{name}: it must return what it decides")


class ProtocolContract:
    """The tests every protocol passes; a subclass names the protocol (``name``) and its ``params``."""

    name: ClassVar[str]
    params: ClassVar[dict[str, Any]] = {}

    def run(self, seed: int) -> PeaceConference:
        model = PeaceConference(load_scenario(table({"type": self.name, **self.params})), rng=seed)
        model.run_model()
        return model

    def test_registered_under_its_name(self):
        assert PROTOCOLS[self.name].name == self.name
        assert issubclass(PROTOCOLS[self.name], Protocol | PositionModel)

    def test_docstring_names_its_source(self):
        cls = PROTOCOLS[self.name]
        source = cls.classifier.get("source", "")
        author, year = re.findall(r"[A-Z][A-Za-z]+", source)[0], re.findall(r"(?:19|20)\d\d", source)[0]
        assert cls.__doc__ and author in cls.__doc__ and year in cls.__doc__

    def test_every_parameter_is_documented(self):
        cls = PROTOCOLS[self.name]
        section = re.search(rf"^### [^\n]*`{self.name}`.*?(?=^### |\Z)", RULES_DOC, flags=re.S | re.M)
        assert section, f"docs/rules.md has no section for {self.name}"
        for name, param in cls.params.items():
            assert param.doc.strip(), f"{self.name}.{name} has no doc line"
            assert f"| `{name}` |" in section.group(0), f"docs/rules.md does not list {self.name}.{name}"

    def test_deterministic_under_a_seed(self):
        first, again = self.run(seed=3), self.run(seed=3)
        assert [r.text for r in first.history] == [r.text for r in again.history]
        assert np.array_equal(np.array(first.positions_history), np.array(again.positions_history))
        assert (first.outcome, first.settled_round) == (again.outcome, again.settled_round)

    def test_texts_and_offers_are_bounded(self):
        for seed in range(3):
            model = self.run(seed)
            texts, offers = np.array([r.text for r in model.history]), np.array(model.positions_history)
            assert len(texts) and ((texts >= 0.0) & (texts <= 100.0)).all()
            assert ((offers >= 0.0) & (offers <= 100.0)).all()
            self.check_texts(model, texts)

    def check_texts(self, model: PeaceConference, texts: np.ndarray) -> None:
        """A voted text is rounded to the options of an indivisible issue."""
        assert set(texts[:, 1].tolist()) <= set(OPTIONS)

    def test_reads_the_table_through_the_view_only(self):
        model = PeaceConference(load_scenario(table({"type": self.name, **self.params})), rng=0)
        model.step()
        before = {k: getattr(model, k).copy() for k in ("ideals", "saliences", "offers", "capabilities")}
        protocol = type(model.protocol)(**{k: getattr(model.protocol, k) for k in model.protocol.params})
        self.exercise(protocol, ReadOnlyView(model), model.n_agents, model.n_issues)
        assert all(np.array_equal(getattr(model, k), v) for k, v in before.items())

    def exercise(self, protocol: Any, view: Any, n_agents: int, n_issues: int) -> None:
        """Every method of the ``Protocol`` contract, on a view that cannot be written."""
        assert protocol.open(view).shape == (n_issues,)
        assert protocol.targets(view, np.array([0, 1])).shape in ((2, n_issues), (1, n_issues))
        assert protocol.table(view).shape == (n_issues,)
        protocol.after_vote(view, np.array([True, False, True, False]))
        assert protocol.proposer(view) in (None, "A", "B", "G", "M")


class PositionModelContract(ProtocolContract):
    """A classic model: its forecast stays within the stated positions; nothing is rounded."""

    def check_texts(self, model: PeaceConference, texts: np.ndarray) -> None:
        stated = np.where(model.has_position, model.ideals, np.nan)
        low, high = np.nanmin(stated, axis=0), np.nanmax(stated, axis=0)
        assert ((texts >= low - 1e-9) & (texts <= high + 1e-9)).all()

    def exercise(self, protocol: Any, view: Any, n_agents: int, n_issues: int) -> None:
        assert protocol.opening_offers(view).shape == (n_agents, n_issues)
        assert protocol.open(view).shape == (n_issues,)
        offers, text, finished = protocol.advance(view)
        assert offers.shape == (n_agents, n_issues) and text.shape == (n_issues,) and isinstance(finished, bool)


class TestSingleText(ProtocolContract):
    name = "single_text"
    params = {"noise": 5.0}  # the mediator's reading draws from the model's rng


class TestAlternatingOffers(ProtocolContract):
    name = "alternating_offers"  # the first proposer is drawn from the model's rng


class TestExpectedUtility(PositionModelContract):
    name = "expected_utility"


class TestSpatialPCE(PositionModelContract):
    name = "spatial_pce"


def contract_tests(base: type) -> list[type]:
    """The test classes (``Test...``) that inherit the contract, at any depth."""
    found = []
    for cls in base.__subclasses__():
        found += ([cls] if cls.__name__.startswith("Test") else []) + contract_tests(cls)
    return found


def test_every_protocol_has_a_contract_test():
    assert set(PROTOCOLS) <= {cls.name for cls in contract_tests(ProtocolContract)}


@pytest.mark.parametrize("kind", [Protocol, PositionModel])
def test_every_method_of_the_contract_is_documented(kind):
    assert kind.__doc__ and len(kind.__doc__.split()) > 30
    for method in ("open", "target", "targets", "table", "after_vote", "proposer", "opening_offers", "advance"):
        if hasattr(kind, method):
            assert getattr(kind, method).__doc__, f"{kind.__name__}.{method} has no docstring"
