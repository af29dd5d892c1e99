"""Objects the authorization matrix needs for referrals URLs.

- An online draft by the agency representative (their own: everyone else gets 404), with a child and an
  attachment, for the referral_id pages.
- A phone referral the business unit recorded on world.case (with a child), for the case's referral pages.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile


def url_kwargs(world) -> dict[str, dict[str, object]]:
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.referrals import services

    rep = world.people["agency_representative"]
    draft = services.referral_start(actor=rep, agency=world.agency)
    child = services.referral_person_add(
        actor=rep,
        referral=draft,
        kind="child",
        details={"sex": "male", "age_years": 2},
        identity={"first_names": "Synthetic Draft", "last_name": "Child"},
    )
    document = services.referral_attachment_add(
        actor=rep, referral=draft, uploaded_file=SimpleUploadedFile("notes.txt", b"Synthetic notes.\n")
    )
    bu = world.people["business_unit_officer"]
    recorded = services.referral_record_received(
        actor=bu,
        agency=world.agency,
        channel="phone",
        received_at=clock.now() - dt.timedelta(hours=1),
        case=world.case,
    )
    services.referral_person_add(
        actor=bu,
        referral=recorded,
        kind="child",
        details={"sex": "female", "age_years": 5},
        identity={"first_names": "Synthetic Recorded", "last_name": "Child"},
    )
    return {
        "referrals": {
            "referral_id": draft.pk,
            "subject_id": child.pk,
            "document_id": document.pk,
            "kind": "child",
            "section": "referrer",
        }
    }
