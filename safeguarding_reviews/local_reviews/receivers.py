"""Receivers of other apps' signals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def on_final_report_submitted(sender: Any, *, case: Any, actor: User, **kwargs: Any) -> None:
    """The final report record went to the partners: the plan's "Final report" target is reached."""
    from .plan import Target
    from .services import plan_target_reached

    plan_target_reached(case=case, target=Target.FINAL_REPORT, actor=actor, because="final_report_submitted")


def on_final_report_reopened(sender: Any, *, case: Any, actor: User, **kwargs: Any) -> None:
    """A submitted record changed: it is no longer the final report, nor signed off."""
    from .plan import Target
    from .services import plan_target_reopened

    for target in (Target.FINAL_REPORT, Target.SIGN_OFF):
        plan_target_reopened(case=case, target=target, actor=actor, because="final_report_reopened")


def on_document_signoff_completed(sender: Any, *, case: Any, kind: str, actor: User, **kwargs: Any) -> None:
    """The three partners signed the final report: the plan's "Signed off by the partners" target is reached.
    (The terms of reference have no sign-off target: "Terms of reference agreed" is the LCPC's.)"""
    from safeguarding_reviews.final_reports.selectors import KIND

    from .plan import Target
    from .services import plan_target_reached

    if kind == KIND:
        plan_target_reached(case=case, target=Target.SIGN_OFF, actor=actor, because="final_report_signed_off")


def on_draft_uploaded(sender: Any, *, case: Any, actor: User, **kwargs: Any) -> None:
    """A version of the report was uploaded: the LCPC's members read it, so the plan's "First draft shared
    with the LCPC" target is reached, when that step is allowed now (steps.refusal: the methodology agreed,
    no constraint blocking the draft's sharing). Otherwise the business unit marks it later."""
    from .models import LocalReview
    from .plan import Target
    from .selectors import review_state
    from .services import plan_target_reached
    from .steps import Step, refusal

    review = LocalReview.objects.filter(case=case).select_related("case").first()
    if review is None or refusal(Step.FIRST_DRAFT, review_state(review)) is not None:
        return
    plan_target_reached(case=case, target=Target.FIRST_DRAFT, actor=actor, because="draft_uploaded")


def on_invitation_accepted(sender: Any, *, user: User, invitation: Any, **kwargs: Any) -> None:
    """A person invited from the request form accepted: hand them the requests waiting for them."""
    from .services import information_recipient_join

    information_recipient_join(user=user, invitation=invitation)
