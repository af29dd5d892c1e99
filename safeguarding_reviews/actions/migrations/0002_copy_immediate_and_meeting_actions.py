"""Copy the outcome's immediate actions and the meetings' agreed actions into the case action list.

The old tables are dropped by outcomes 0004 and meetings 0002, which run after this. Each copied action keeps
its description, agency, due date and status; the ids are new (audit events recorded before this migration
name the old ids, under the outcome.action_* and meeting.action_* event types). No update history existed
before, so none is made up. Reversing copies them back, dropping anything only the action list holds
(owner role, updates, later recommendations)."""

from django.db import migrations


def forwards(apps, schema_editor):
    CaseAction = apps.get_model("actions", "CaseAction")
    ImmediateAction = apps.get_model("outcomes", "ImmediateAction")
    MeetingAction = apps.get_model("meetings", "MeetingAction")
    rows = [
        CaseAction(
            case_id=old.outcome.case_id,
            source="immediate",
            outcome_id=old.outcome_id,
            description=old.description,
            owner_agency_id=old.owner_agency_id,
            due_on=old.due_on,
            status=old.status,
            other_children_safe=old.other_children_safe,
            other_children_note=old.other_children_note,
            added_by_id=old.outcome.drafted_by_id,
        )
        for old in ImmediateAction.objects.select_related("outcome").order_by("pk")
    ]
    rows += [
        CaseAction(
            case_id=old.meeting.case_id,
            source="meeting",
            meeting_id=old.meeting_id,
            description=old.description,
            owner_agency_id=old.owner_agency_id,
            due_on=old.due_on,
            status=old.status,
            added_by_id=old.added_by_id,
        )
        for old in MeetingAction.objects.select_related("meeting").order_by("pk")
    ]
    CaseAction.objects.bulk_create(rows, batch_size=500)


def backwards(apps, schema_editor):
    CaseAction = apps.get_model("actions", "CaseAction")
    ImmediateAction = apps.get_model("outcomes", "ImmediateAction")
    MeetingAction = apps.get_model("meetings", "MeetingAction")
    for action in CaseAction.objects.filter(source="immediate").order_by("pk"):
        ImmediateAction.objects.create(
            outcome_id=action.outcome_id,
            description=action.description,
            owner_agency_id=action.owner_agency_id,
            due_on=action.due_on,
            status=action.status,
            other_children_safe=action.other_children_safe,
            other_children_note=action.other_children_note,
        )
    for action in CaseAction.objects.filter(source="meeting").order_by("pk"):
        MeetingAction.objects.create(
            meeting_id=action.meeting_id,
            description=action.description,
            owner_agency_id=action.owner_agency_id,
            due_on=action.due_on,
            status=action.status,
            added_by_id=action.added_by_id or action.meeting.created_by_id,
        )
    apps.get_model("actions", "CaseActionUpdate").objects.all().delete()
    CaseAction.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("outcomes", "0003_contributors"),
        ("meetings", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
