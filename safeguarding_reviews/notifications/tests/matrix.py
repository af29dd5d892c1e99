"""Objects the authorization matrix needs for notification URLs: a decision to notify on world.case and a
notification naming one child (kept at the notification stage: not sent)."""

from __future__ import annotations

from safeguarding_reviews.notifications.models import Notification

from .steps import start_notification


def url_kwargs(world) -> dict[str, dict[str, object]]:
    notification = Notification.objects.filter(case=world.case).first() or start_notification(
        world, world.case
    )
    child = notification.children.first()
    assert child is not None
    return {"notifications": {"subject_id": child.subject_id}}
