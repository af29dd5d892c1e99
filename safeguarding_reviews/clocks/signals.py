"""Signals through which apps above clocks tell it what it needs, so clocks never imports them (the layers
contract, docs/architecture.md "Layers")."""

from django.dispatch import Signal

# Asked when a case's deadlines are brought in line: the case's route (cases/routes.py) decides which clock
# rules run. The app that decides the route (screening) returns it, or None while it is undecided.
# kwargs: case_id.
case_route_wanted = Signal()
