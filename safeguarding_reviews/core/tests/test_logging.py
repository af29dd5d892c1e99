import pytest

from safeguarding_reviews.core.middleware import loggable_path


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/partnerships/invitations/abcDEF123/", "/partnerships/invitations/…/"),
        ("/accounts/password/reset/key/1-set-password/", "/accounts/password/reset/key/…/"),
        ("/cases/6b0c/", "/cases/6b0c/"),
    ],
)
def test_secrets_in_paths_are_masked(path, logged):
    assert loggable_path(path) == logged


@pytest.mark.django_db
def test_a_403_is_logged_as_one_line_without_a_traceback(world, as_user, caplog):
    """SEC finding 5: PermissionDenied reached the log as a whole traceback."""
    import logging

    from django.urls import reverse

    caplog.set_level(logging.DEBUG)
    response = as_user(world.people["auditor"]).get(
        reverse("organisations:people", kwargs={"slug": world.partnership.slug})
    )
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None and record.exc_text is None
    assert "\n" not in record.getMessage()
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
def test_a_refused_invitation_link_is_logged_with_the_token_masked(world, as_user, caplog):
    import logging

    from safeguarding_reviews.organisations.services import invitation_create

    caplog.set_level(logging.DEBUG)
    _, token = invitation_create(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        email="someone.new@test.example",
        full_name="Someone New",
        roles=["review_committee_member"],
    )
    as_user(world.people["auditor"]).get(f"/partnerships/invitations/{token}/")
    assert token not in caplog.text


def test_json_formatter_keeps_fixed_fields_and_drops_exception_messages():
    """Production logs (config/settings/production.py): one JSON object a line; an exception's message
    (a database error can quote the refused row, an email address in it) never reaches the log."""
    import json
    import logging

    from safeguarding_reviews.core.logging import JsonFormatter

    try:
        raise ValueError("duplicate key: person@example.invalid")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/cases/",),
            sys.exc_info(),
        )
    record.request_id = "abc123"
    record.status_code = 500
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "request_id", "message", "status", "exception", "stack"}
    assert entry["message"] == "Internal Server Error: /cases/"
    assert entry["exception"] == "ValueError" and entry["status"] == 500 and entry["request_id"] == "abc123"
    assert "person@example.invalid" not in line and "\n" not in line
    assert entry["stack"][-1].endswith(
        "in test_json_formatter_keeps_fixed_fields_and_drops_exception_messages"
    )
