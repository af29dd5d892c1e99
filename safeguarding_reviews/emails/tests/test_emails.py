"""emails: sent after commit on the "emails" queue, absolute links, and nothing personal in them."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.db import transaction

from safeguarding_reviews.emails import services as email_services
from safeguarding_reviews.emails.tasks import email_deliver
from safeguarding_reviews.organisations import services
from safeguarding_reviews.organisations.models import Membership
from safeguarding_reviews.organisations.roles import Role

EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
URL = re.compile(r"https?://\S+")


def test_email_task_is_on_the_emails_queue():
    assert email_deliver.queue_name == "emails"


@pytest.mark.django_db(transaction=True)
def test_email_is_sent_only_after_commit(settings):
    settings.SITE_URL = "https://reviews.example.invalid"
    link = email_services.absolute_url("/somewhere/")
    with transaction.atomic():
        email_services.email_send(
            to="someone@test.example",
            template="roles_changed",
            context={"partnership_name": "P", "link": link},
        )
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["someone@test.example"]
    assert mail.outbox[0].subject == "Your roles in P have changed"
    assert "https://reviews.example.invalid/somewhere/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError, match="roll back"), transaction.atomic():
        email_services.email_send(
            to="a@test.example", template="mfa_reset", context={"link": "/x", "partnership_name": "P"}
        )
        raise RuntimeError("roll back")
    assert mail.outbox == []


def test_context_may_not_carry_personal_fields():
    with pytest.raises(ValueError, match="full_name"):
        email_services.email_render(template="invitation", context={"full_name": "Someone", "link": "x"})


def test_links_must_be_paths():
    with pytest.raises(ValueError, match="Pass a path starting with /"):
        email_services.absolute_url("https://elsewhere.example/")


def test_partnership_names_are_not_html_escaped():
    subject, body = email_services.email_render(
        template="membership_ended", context={"partnership_name": "St Mary's & Co", "link": "https://x/"}
    )
    assert subject == "Your membership of St Mary's & Co has ended"
    assert "&amp;" not in body and "&#x27;" not in body


@pytest.mark.django_db
def test_every_people_email_carries_only_the_partnership_name_and_a_link(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://reviews.example.invalid"
    manager = world.people["business_manager"]
    people = world.people

    def membership(key):
        return Membership.objects.get(user=people[key], partnership=world.partnership, ended_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=manager,
            partnership=world.partnership,
            email="invitee@test.example",
            full_name="Invitee Synthetic-Name",
            roles=[Role.AGENCY_AUTHOR],
            agency=world.agency,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_roles_set(
            actor=manager,
            membership=membership("auditor"),
            roles=[Role.INDEPENDENT_CHAIR],
            agency=None,
            expected_version=1,
        )
    Authenticator.objects.create(user=people["delegate_icb"], type=Authenticator.Type.TOTP, data={})
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_mfa_reset(actor=manager, membership=membership("delegate_icb"))
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_end(actor=manager, membership=membership("delegate_police"))
    with django_capture_on_commit_callbacks(execute=True):
        services.account_deactivate(actor=people["platform_admin"], user=people["independent_reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_create(
            actor=people["platform_admin"],
            name="Gammashire Safeguarding Children Partnership",
            slug="gammashire",
            local_authority_name="Gammashire Council",
            case_reference_prefix="GSCP",
            manager_email="gamma@test.example",
            manager_name="Gamma Synthetic-Manager",
        )

    assert len(mail.outbox) == 6
    names = [u.full_name for u in people.values()] + ["Invitee", "Synthetic-Name", "Gamma Synthetic-Manager"]
    forbidden = names + [world.agency.name, world.case.reference, world.case.pseudonym, "Gammashire Council"]
    allowed_partnerships = {world.partnership.name, "Gammashire Safeguarding Children Partnership"}
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert len(message.to) == 1
        for word in forbidden:
            assert word not in text, (message.subject, word)
        # No email address at all in the text: the recipient's is only in To:.
        assert EMAIL_ADDRESS.findall(URL.sub("", text)) == []
        links = URL.findall(text)
        assert len(links) == 1 and links[0].startswith("https://reviews.example.invalid/")
        remaining = text.replace(links[0], "")
        for name in allowed_partnerships:
            remaining = remaining.replace(name, "")
        assert "Persona" not in remaining
