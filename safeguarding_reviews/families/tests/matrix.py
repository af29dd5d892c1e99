"""Objects the authorization matrix needs for the families URLs: a family member added to world.case (a
grandparent, with a name and address), approached by letter, and their information letter made here directly
(on_commit never runs in the matrix), so the download answers 200 to those who may see identity details.
The same member serves `member_edit` and `member_remove`: an added person, so the change page has its form
(with the name and address only for those with identity access); the matrix's empty POSTs are refused (400)
before anything is saved, so the member is never removed here."""

from __future__ import annotations


def url_kwargs(world) -> dict[str, dict[str, object]]:
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.families import services
    from safeguarding_reviews.reports.services import document_generation_run

    officer = world.people["business_unit_officer"]
    member = services.member_add(
        actor=officer,
        case=world.case,
        relationship="grandparent",
        identity={
            "first_names": "Synthetic Matrix",
            "last_name": "Grandparent",
            "address_line_1": "1 Synthetic Street",
            "town": "Testtown",
        },
    )
    member = services.approach_record(
        actor=officer,
        case=world.case,
        member=member,
        expected_version=member.version,
        approach="yes",
        approach_method="letter",
        decided_on=clock.today(),
    )
    job = services.letter_request(actor=officer, case=world.case, member=member)
    document_generation_run(generation_id=job.pk)
    return {"families": {"member_id": member.pk}}
