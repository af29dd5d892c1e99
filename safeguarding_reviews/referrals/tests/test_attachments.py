"""Uploads on the referral's attachments section: bad files are field errors and nothing is stored."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.tests import files
from safeguarding_reviews.referrals.models import Referral


def _draft(world, as_user):
    client = as_user(world.people["agency_representative"])
    client.post(reverse("referrals:start"), {})
    return client, Referral.objects.get()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", files.ELF, "must be a PDF"),
        ("setup.pdf", files.MZ, "must be a PDF"),
        ("empty.pdf", b"", "is empty"),
        ("page.html", files.HTML, "web page or script"),
        ("picture.svg", files.SVG, "web page or script"),
        ("bomb.docx", None, "expands to far more"),
        ("big.pdf", "big", "must be smaller than 1024 bytes"),
    ],
)
def test_bad_upload_is_a_field_error_and_stores_nothing(world, as_user, settings, name, content, message):
    settings.DOCUMENT_MAX_BYTES = 1024 if content == "big" else settings.DOCUMENT_MAX_BYTES
    if content is None:
        content = files.zip_bomb_docx()
    elif content == "big":
        content = files.PDF + b"0" * 2048
    client, referral = _draft(world, as_user)
    url = reverse("referrals:section", args=[referral.pk, "attachments"])
    response = client.post(url, {"action": "upload", "file": SimpleUploadedFile(name, content)})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and 'href="#id_file"' in page and "<title>Error:" in page
    assert not Document.objects.exists()
    root = Path(settings.MEDIA_ROOT)
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_good_upload_is_kept_with_the_draft_then_removed(
    world, as_user, settings, django_capture_on_commit_callbacks
):
    client, referral = _draft(world, as_user)
    url = reverse("referrals:section", args=[referral.pk, "attachments"])
    response = client.post(
        url, {"action": "upload", "file": SimpleUploadedFile("form.docx", files.docx_bytes())}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.case is None and document.detected_type == "docx"
    assert "form.docx" in client.get(url).content.decode()
    remove = reverse("referrals:attachment_remove", args=[referral.pk, document.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remove).status_code == 302
    assert not Document.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
