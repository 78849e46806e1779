"""Classic bargaining models: they move every actor's position themselves.

``expected_utility`` is Bueno de Mesquita's expected-utility model as Scholz, Calbert and Smith
(2011) specify it and as their open replication runs it; ``spatial_pce`` is KAPSARC's KTAB Spatial
Model of Politics (SMP) with its default settings. The maths is in ``expected_utility`` and
``spatial`` (pure functions on arrays); ``models`` adapts them to the conference as
``PositionModel``s (see ``simulator.negotiation.protocols``): each round of talks the conference
calls ``advance(view)``, which returns

* the new positions (agents x issues, on the scenario's own scale), so the report's
  ``history[round][actor][issue]`` carries them, round 0 being the start;
* the model's forecast of the outcome, which becomes the text;
* whether the model's own stopping rule has fired (the run then ends as ``agreement``: the
  forecast is the model's settlement).

There are no votes, concession rules or walk-outs in these models. Every listed actor is a
stakeholder, as in the original models: mediators, guarantors and observers take part like the
principals, on the issues they have a position on. An actor with no position on any issue (no
salience anywhere) takes no part.

Saliences are used as the scenario gives them. The original data sets give each actor's salience
of each issue on its own, in [0, 1]: load them with ``saliences: absolute`` (with the default
``relative`` saliences an actor's saliences sum to 1, which changes both models).

Both are written from the specifications in their sources (Scholz et al. 2011 and the open
replication's code; KTAB's C++ source), not copied from them. ``simulator/components.py`` imports
``models``, which registers both.
"""

# largest temporary array (elements) in the cubic steps; bounds memory for large actor sets
BLOCK_ELEMENTS = 2_000_000
