"""What the rapid review outcome assesses: the regulation 11 local review criteria, the Working Together 2023
"have regard to" circumstances and the decisions open to the partners. Pure: no database code.

These are rules as data: each list carries the version and the source it was taken from, and the outcome
stores the codes it answered, so a later change to a list never rewrites an old outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Criterion:
    code: str
    question: str


CRITERIA_VERSION = "2018-789-reg11/WT2023"
CRITERIA_SOURCE = (
    "The Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018 (SI 2018/789), "
    "regulation 11; Working Together to Safeguard Children 2023, chapter 5 (the circumstances partners have "
    "regard to, as restated in partnership procedures)."
)

# Regulation 11: the partners must consider whether the case ...
REG11_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "a",
        "(a) highlights or may highlight improvements needed to safeguard and promote the welfare "
        "of children, including where those improvements have been previously identified",
    ),
    Criterion(
        "b",
        "(b) highlights or may highlight recurrent themes in the safeguarding and promotion of the "
        "welfare of children",
    ),
    Criterion(
        "c",
        "(c) highlights or may highlight concerns regarding two or more organisations or agencies "
        "working together effectively to safeguard and promote the welfare of children",
    ),
    Criterion(
        "d",
        "(d) is one which the Child Safeguarding Practice Review Panel have considered and "
        "concluded a local review may be more appropriate",
    ),
)

# Working Together 2023: partners should also have regard to the following circumstances.
HAVE_REGARD_FACTORS: tuple[Criterion, ...] = (
    Criterion("single_agency", "Is there serious concern about the actions of a single agency?"),
    Criterion(
        "no_agency_involvement", "Has no agency been involved, and does this itself give cause for concern?"
    ),
    Criterion(
        "more_than_one_area",
        "Is more than one local authority, police area or integrated care board "
        "involved, including where families have moved around?",
    ),
    Criterion(
        "institutional_setting",
        "Did the case happen in an institutional setting (a children's home, "
        "secure children's home or other residential provision, or a custodial setting such as police "
        "custody or a young offender institution)?",
    ),
)


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Decision(models.TextChoices):
    LCSPR = "lcspr", "A local child safeguarding practice review (LCSPR)"
    OTHER_LEARNING_REVIEW = "other_learning_review", "Another learning review"
    NO_FURTHER_REVIEW = "no_further_review", "No further review"


class OtherLearningReview(models.TextChoices):
    LOCAL_LEARNING_EVENT = "local_learning_event", "A local learning event"
    SINGLE_AGENCY_REVIEW = "single_agency_review", "A single-agency review"
    OTHER = "other", "Another kind of learning review"


def assessment_gaps(answers: dict[str, tuple[str, str]]) -> list[str]:
    """The criteria and factors with no answer or no reason. `answers` maps a code to (answer, reason)."""
    gaps = []
    for criterion in REG11_CRITERIA + HAVE_REGARD_FACTORS:
        answer, reason = answers.get(criterion.code, ("", ""))
        if not answer or not reason.strip():
            gaps.append(criterion.code)
    return gaps
