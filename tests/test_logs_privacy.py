"""Canary personal values used in requests never reach the application logs."""

import logging

from django.urls import reverse

CANARY_EMAIL = "zebedee.canary.person@test.example"
CANARY_NAME = "Zebedee Canaryperson"
CANARY_TEXT = "Canary-child-detail-7f3a"


def test_canaries_never_reach_logs(world, client, as_user, caplog):
    caplog.set_level(logging.DEBUG)
    # A failed sign-in with a canary email address (and the same again to approach lockout).
    for _ in range(3):
        client.post(reverse("account_login"), {"login": CANARY_EMAIL, "password": "wrong-password-123"})
    # Query strings can carry names: they must not be logged either.
    client.get(reverse("account_login") + f"?next=/search/?q={CANARY_NAME}")
    # Case content typed into a form, bad and good.
    officer = as_user(world.people["business_unit_officer"])
    edit = reverse("cases:edit", args=[world.case.pk])
    officer.post(edit, {"pseudonym": "", "summary": CANARY_TEXT, "version": "1"})
    officer.post(edit, {"pseudonym": "Child Q", "summary": CANARY_TEXT, "version": "1"})
    officer.get(reverse("home") + f"?page=1&q={CANARY_NAME}")
    # A refused look-up of someone else's case.
    as_user(world.people["other_partnership"]).get(
        reverse("cases:detail", args=[world.case.pk]) + f"?q={CANARY_TEXT}"
    )

    logged = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    assert caplog.records, "expected some log lines to check"
    for canary in (CANARY_EMAIL, CANARY_NAME, CANARY_TEXT, "zebedee"):
        assert canary.lower() not in logged.lower()
    # Nor the audit trail: it holds ids and event types only.
    from safeguarding_reviews.audit.models import AuditEvent

    audit_text = " ".join(
        str(row) for row in AuditEvent.objects.values_list("data", "object_id", "request_id")
    )
    for canary in (CANARY_EMAIL, CANARY_NAME, CANARY_TEXT):
        assert canary not in audit_text


def test_invitation_tokens_never_reach_the_audit_trail(world, as_user):
    from safeguarding_reviews.audit.models import AuditEvent
    from safeguarding_reviews.organisations.services import invitation_create

    _, token = invitation_create(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        email="someone.new@test.example",
        full_name="Someone New",
        roles=["review_committee_member"],
        agency=None,
    )
    # Someone else, signed in, opens the link: refused, and the refusal is audited without the token.
    response = as_user(world.people["auditor"]).get(reverse("organisations:invitation_accept", args=[token]))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(event_type="access.refused").exists()
    assert token not in " ".join(str(d) for d in AuditEvent.objects.values_list("data", flat=True))


def test_the_local_reviews_identity_details_never_reach_logs_or_the_audit_trail(world, as_user, caplog):
    """Issue 14's names and addresses (a family member added for the review, a practitioner) and the text of
    a comment on a draft: typed into the forms, bad and good, and never logged or audited."""
    from safeguarding_reviews.audit.models import AuditEvent
    from safeguarding_reviews.documents.tests import files
    from safeguarding_reviews.report_drafts import services as draft_services

    address = {"address_line_1": "7 Canary Wharf Lane", "town": "Zebtown", "postcode": "ZZ1 7CW"}
    name = {"first_names": "Zebedee", "last_name": "Canaryperson"}
    caplog.set_level(logging.DEBUG)
    officer = as_user(world.people["business_unit_officer"])
    family_add = reverse("families:member_add", args=[world.case.pk])
    officer.post(family_add, {"subject": "other", **name, **address})  # no relationship
    officer.post(
        family_add,
        {"subject": "other", "relationship": "Grandparent", **name, **address},
    )
    practitioner_add = reverse("practitioners:add", args=[world.case.pk])
    officer.post(practitioner_add, {"agency": "", "role": "", **name})
    officer.post(practitioner_add, {"agency": world.agency.pk, "role": "Health visitor", **name})
    draft = draft_services.draft_upload(
        actor=world.people["independent_reviewer"],
        case=world.case,
        uploaded_file=files.upload("draft.docx", files.docx_bytes()),
    )
    comment_add = reverse("report_drafts:comment_add", args=[world.case.pk, draft.version])
    delegate = as_user(world.people["delegate_icb"])
    delegate.post(comment_add, {"reference": "", "text": CANARY_TEXT})
    delegate.post(comment_add, {"reference": "Paragraph 2", "text": CANARY_TEXT})

    from safeguarding_reviews.families.models import FamilyMemberIdentity
    from safeguarding_reviews.practitioners.models import PractitionerIdentity
    from safeguarding_reviews.report_drafts.models import DraftComment

    # The writes happened (so the check below is not vacuous).
    assert FamilyMemberIdentity.objects.filter(last_name="Canaryperson", postcode="ZZ1 7CW").exists()
    assert PractitionerIdentity.objects.filter(first_names="Zebedee", last_name="Canaryperson").exists()
    assert DraftComment.objects.filter(text=CANARY_TEXT).exists()
    logged = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    audit_text = " ".join(
        str(row) for row in AuditEvent.objects.values_list("data", "object_id", "request_id")
    )
    for canary in (CANARY_NAME, CANARY_TEXT, "Canary Wharf", "zebedee", "canaryperson", "Zebtown", "ZZ1"):
        assert canary.lower() not in logged.lower()
        assert canary.lower() not in audit_text.lower()
