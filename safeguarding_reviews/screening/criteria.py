"""The notification criteria and whether a decision agrees with the checklist. Pure: no database code.

s16C(1) Children Act 2004: a local authority that knows or suspects a child has been abused or neglected
must notify the Child Safeguarding Practice Review Panel if (a) the child dies or is seriously harmed in
its area, or (b) while normally resident in its area, the child dies or is seriously harmed outside
England. Separately, the death of a looked-after child and (Working Together 2023) the death of a care
leaver up to and including age 24 are notified through the same system whether or not abuse or neglect
is suspected (domain.md T4, T5).
"""

from __future__ import annotations

from dataclasses import dataclass

from safeguarding_reviews.core.choices import TextChoices


class Answer(TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Outcome(TextChoices):
    NOTIFY = "notify", "Notify the Panel"
    OTHER_LEARNING_ROUTE = "other_learning_route", "Does not meet the criteria: other learning route"


class LearningRoute(TextChoices):
    LOCAL_LEARNING_REVIEW = "local_learning_review", "Local learning review"
    SINGLE_AGENCY_REVIEW = "single_agency_review", "Single-agency review"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


# (field name, question) in the order the checklist asks them.
S16C_CRITERIA = (
    ("abuse_or_neglect", "Is abuse or neglect known or suspected?"),
    ("death_or_serious_harm", "Has the child died or been seriously harmed?"),
    (
        "in_area",
        "Did it happen in the local authority's area, or was the child normally resident here and "
        "harmed outside England?",
    ),
)
OTHER_CATEGORIES = (
    ("looked_after_child_death", "Is this the death of a looked-after child?"),
    ("care_leaver_death", "Is this the death of a care leaver aged up to and including 24?"),
)
ALL_CRITERIA = S16C_CRITERIA + OTHER_CATEGORIES


@dataclass(frozen=True)
class Assessment:
    s16c_met: bool
    categories_met: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def notifiable(self) -> bool:
        return self.s16c_met or bool(self.categories_met)


def assess(answers: dict[str, str]) -> Assessment:
    """What the checklist says. "Not known" is not "yes": a criterion is met only when answered yes."""
    s16c_met = all(answers.get(name) == Answer.YES for name, _ in S16C_CRITERIA)
    categories = tuple(name for name, _ in OTHER_CATEGORIES if answers.get(name) == Answer.YES)
    unanswered = tuple(name for name, _ in ALL_CRITERIA if not answers.get(name))
    return Assessment(s16c_met=s16c_met, categories_met=categories, unanswered=unanswered)


def inconsistency(outcome: str, assessment: Assessment) -> str | None:
    """Why a decision disagrees with the checklist, or None when it agrees."""
    if outcome == Outcome.NOTIFY and not assessment.notifiable:
        return (
            "The checklist does not show the criteria met (every s16C question answered yes) or a "
            "notifiable category. Confirm that you still decide to notify the Panel."
        )
    if outcome == Outcome.OTHER_LEARNING_ROUTE and assessment.notifiable:
        return (
            "The checklist shows the criteria met or a notifiable category. Confirm that you still "
            "decide the case does not meet the criteria."
        )
    return None
