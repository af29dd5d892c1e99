"""core.choices.TextChoices behaves as Django's models.TextChoices where the code relies on it."""

from __future__ import annotations

import json

import pytest
from django.db import models
from django.template import Context, Template

from safeguarding_reviews.core.choices import TextChoices


class Pure(TextChoices):
    FIRST = "first", "The first"
    SECOND = "second", "The second"


class Django(models.TextChoices):
    FIRST = "first", "The first"
    SECOND = "second", "The second"


@pytest.mark.parametrize(
    "read",
    [
        lambda c: c.choices,
        lambda c: c.values,
        lambda c: c.labels,
        lambda c: c("second").label,
        lambda c: c.FIRST == "first",
        lambda c: str(c.FIRST),
        lambda c: f"{c.SECOND}",
        lambda c: json.dumps({"x": c.FIRST}),
        lambda c: "first" in c,
        lambda c: "third" in c,
        lambda c: c.FIRST in c,
        lambda c: hash(c.FIRST) == hash("first"),
        lambda c: isinstance(c.FIRST, str),
        lambda c: [m.value for m in c],
        lambda c: Template("{{ c.SECOND }} {{ c.SECOND.label }}").render(Context({"c": c})),
    ],
)
def test_same_as_django(read):
    assert read(Pure) == read(Django)


def test_an_unknown_value_is_refused():
    with pytest.raises(ValueError, match="'third' is not a valid Pure"):
        Pure("third")
