"""Usability journeys (issue 18): each item's journeys are in a usability_*.py module, collected here."""

from tests.browser.usability_idle import *  # noqa: F403
