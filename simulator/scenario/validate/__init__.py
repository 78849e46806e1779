"""Validation of a parsed scenario, one module per section; ``scenario.check_scenario`` composes
them and ``base.Checker`` is the machinery any file with declared fields can reuse."""
