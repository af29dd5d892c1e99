"""The existing actions carried over to issue 16's statuses and links (see carry_over)."""

from django.conf import settings
from django.db import migrations


def carry_over(apps, schema_editor):
    """Every existing action gets its case's lead partnership; "done" (the one finished status before issue 16,
    set by the business unit when it agreed the action was done) becomes "evidence accepted"; an action that
    answered a "later recommendation" (only the scale demo made them) gets a recommendation of its own on its
    case, carrying its description, so the plan's link is never empty."""
    CaseAction = apps.get_model("actions", "CaseAction")
    CaseActionUpdate = apps.get_model("actions", "CaseActionUpdate")
    Recommendation = apps.get_model("action_plans", "Recommendation")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for action in CaseAction.objects.select_related("case").iterator():
        action.partnership_id = action.case.lead_partnership_id
        if action.status == "done":
            action.status = "evidence_accepted"
        action.save(update_fields=["partnership", "status"])
    for field in ("status_from", "status_to"):
        CaseActionUpdate.objects.filter(**{field: "done"}).update(**{field: "evidence_accepted"})
    numbers: dict[object, int] = {}
    fallback = None
    for action in CaseAction.objects.filter(
        source="recommendation", recommendation__isnull=True
    ).select_related("case"):
        numbers[action.case_id] = numbers.get(action.case_id, 0) + 1
        created_by = action.added_by_id
        if created_by is None:
            fallback = fallback or User.objects.order_by("pk").values_list("pk", flat=True).first()
            created_by = fallback
        recommendation = Recommendation.objects.create(
            partnership_id=action.partnership_id,
            case_id=action.case_id,
            origin="rapid_review",
            number=numbers[action.case_id],
            text=action.description,
            lead_agency_id=action.owner_agency_id,
            due_on=action.due_on,
            created_by_id=created_by,
            created_at=action.added_at,
            updated_at=action.added_at,
        )
        action.recommendation = recommendation
        action.save(update_fields=["recommendation"])


class Migration(migrations.Migration):
    dependencies = [("actions", "0003_action_plans"), ("action_plans", "0001_initial")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
