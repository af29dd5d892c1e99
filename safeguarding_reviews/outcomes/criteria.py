"""What the rapid review outcome assesses: the regulation 11 local review criteria, the Working Together 2023
"have regard to" circumstances, the regulation 3 national review criteria (from version
"2018-789-reg3-reg11/WT2023" on) and the decisions open to the partners. Pure: no database code.

These are rules as data: each version names its source and the groups of criteria it asks, and the outcome
stores the version it was started on (`RapidReviewOutcome.criteria_version`), so a later version never
rewrites an old outcome: an outcome keeps the version it started on, and the forms, the completeness rule
and the report ask only that version's criteria.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from safeguarding_reviews.core.choices import TextChoices


@dataclass(frozen=True)
class Criterion:
    code: str
    question: str


# The first version: regulation 11 and the "have regard to" circumstances. Outcomes started on it keep it.
CRITERIA_VERSION_REG11 = "2018-789-reg11/WT2023"
CRITERIA_SOURCE_REG11 = (
    "The Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018 (SI 2018/789), "
    "regulation 11; Working Together to Safeguard Children 2023, chapter 5 (the circumstances partners have "
    "regard to, as restated in partnership procedures)."
)
# The current version adds the national review (regulation 3) criteria, each with a reason: Working Together
# 2023 chapter 5 asks the rapid review to say whether the case may be of national importance, and the Child
# Safeguarding Practice Review Panel's practice guidance asks partners to set out their view against the
# criteria the Panel takes into account (regulation 3), so the Panel can decide on a national review.
CRITERIA_VERSION = "2018-789-reg3-reg11/WT2023"
CRITERIA_SOURCE = (
    "The Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018 (SI 2018/789), "
    "regulation 3 (national review criteria) and regulation 11 (local review criteria); Working Together to "
    "Safeguard Children 2023, chapter 5 (rapid reviews, and the circumstances partners have regard to); the "
    "Child Safeguarding Practice Review Panel's practice guidance (the partners' view on a national review)."
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


# Regulation 3: the criteria the Panel takes into account for a national review include whether the case ...
REG3_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "reg3_a",
        "National review (a): highlights or may highlight improvements needed to safeguard and promote the "
        "welfare of children, including where those improvements have been previously identified",
    ),
    Criterion(
        "reg3_b",
        "National review (b): raises or may raise issues requiring legislative change or changes to guidance "
        "issued under or further to any enactment",
    ),
    Criterion(
        "reg3_c",
        "National review (c): highlights or may highlight recurrent themes in the safeguarding and promotion "
        "of the welfare of children",
    ),
)

REG11_GROUP = "Regulation 11: does the case highlight or may it highlight …"
HAVE_REGARD_GROUP = "The circumstances partners have regard to"
REG3_GROUP = "Regulation 3: the criteria the Panel takes into account for a national review"

# version -> (source, groups of (heading, criteria))
VERSIONS: dict[str, tuple[str, tuple[tuple[str, tuple[Criterion, ...]], ...]]] = {
    CRITERIA_VERSION_REG11: (
        CRITERIA_SOURCE_REG11,
        ((REG11_GROUP, REG11_CRITERIA), (HAVE_REGARD_GROUP, HAVE_REGARD_FACTORS)),
    ),
    CRITERIA_VERSION: (
        CRITERIA_SOURCE,
        (
            (REG11_GROUP, REG11_CRITERIA),
            (HAVE_REGARD_GROUP, HAVE_REGARD_FACTORS),
            (REG3_GROUP, REG3_CRITERIA),
        ),
    ),
}
# Every criterion any version asks (the outcome has a field pair for each).
ALL_CRITERIA: tuple[Criterion, ...] = REG11_CRITERIA + HAVE_REGARD_FACTORS + REG3_CRITERIA


def version_of(stored: str) -> str:
    """The version an outcome answers: the one it stored; an outcome with none (older rows) answers the
    first version, so a new version never adds questions to it."""
    return stored if stored in VERSIONS else CRITERIA_VERSION_REG11


def criteria_groups(stored: str) -> tuple[tuple[str, tuple[Criterion, ...]], ...]:
    return VERSIONS[version_of(stored)][1]


def criteria_source(stored: str) -> str:
    return VERSIONS[version_of(stored)][0]


# Each version in plain words, for pages (issue 18, item 2): the version code stays in the report and audit.
CRITERIA_WORDS = {
    CRITERIA_VERSION_REG11: "the local review criteria (regulation 11) and the circumstances partners have "
    "regard to (Working Together 2023)",
    CRITERIA_VERSION: "the national review criteria (regulation 3), the local review criteria "
    "(regulation 11) and the circumstances partners have regard to (Working Together 2023)",
}


def criteria_words(stored: str) -> str:
    return CRITERIA_WORDS[version_of(stored)]


def criteria_for(stored: str) -> tuple[Criterion, ...]:
    return tuple(criterion for _, group in criteria_groups(stored) for criterion in group)


class Answer(TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Decision(TextChoices):
    LCSPR = "lcspr", "A local child safeguarding practice review (LCSPR)"
    OTHER_LEARNING_REVIEW = "other_learning_review", "Another learning review"
    NO_FURTHER_REVIEW = "no_further_review", "No further review"


class OtherLearningReview(TextChoices):
    LOCAL_LEARNING_EVENT = "local_learning_event", "A local learning event"
    SINGLE_AGENCY_REVIEW = "single_agency_review", "A single-agency review"
    OTHER = "other", "Another kind of learning review"


def assessment_gaps(
    answers: Mapping[str, tuple[str, str]], version: str = CRITERIA_VERSION_REG11
) -> list[str]:
    """The criteria and factors of `version` with no answer or no reason. `answers` maps a code to (answer,
    reason)."""
    gaps = []
    for criterion in criteria_for(version):
        answer, reason = answers.get(criterion.code, ("", ""))
        if not answer or not reason.strip():
            gaps.append(criterion.code)
    return gaps
