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
