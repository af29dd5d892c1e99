"""Objects the authorization matrix needs for subjects URLs: a child on world.case."""

from __future__ import annotations


def url_kwargs(world) -> dict[str, dict[str, object]]:
    from safeguarding_reviews.subjects.services import subject_add

    child = subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind="child",
        details={"sex": "female", "age_years": 3},
        identity={"first_names": "Synthetic Matrix", "last_name": "Child"},
    )
    return {"subjects": {"kind": "child", "subject_id": child.pk}}
