"""Choices for pure rule modules: the shape of Django's `models.TextChoices` without importing `django.db`, so
a rule module that names its values stays pure (the `pure rule modules` import-linter contract).

Members are `str` (equal to, and stored as, their value), carry a `label`, and the class gives `choices`,
`values` and `labels` for model and form fields: `models.CharField(choices=Stage.choices)`. A member
prints as its value, as a `TextChoices` member does, so f-strings, templates and JSON are unchanged."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any


class _ChoicesType(enum.EnumType):
    # Templates call what is callable; an enum class must be looked at, not called.
    do_not_call_in_templates = True

    def _members(cls) -> list[Any]:
        return list(cls.__members__.values())

    @property
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls._members()]

    @property
    def values(cls) -> list[str]:
        return [member.value for member in cls._members()]

    @property
    def labels(cls) -> list[str]:
        return [member.label for member in cls._members()]

    def __contains__(cls, item: object) -> bool:
        # As Django's choices: a plain value is "in" the class when a member has it.
        if isinstance(item, enum.Enum):
            return isinstance(item, cls) and item in cls._members()
        return any(member.value == item for member in cls._members())


class TextChoices(enum.StrEnum, metaclass=_ChoicesType):
    """`NAME = "value", "Label"`, as in Django's TextChoices."""

    label: str
    _value_: str

    if not TYPE_CHECKING:  # mypy then reads Stage("closed") as the value lookup it is

        def __new__(cls, value: str, label: str) -> TextChoices:
            member = str.__new__(cls, value)
            member._value_ = value
            member.label = label
            return member

    @property
    def value(self) -> str:
        return self._value_

    def __str__(self) -> str:
        return self._value_
