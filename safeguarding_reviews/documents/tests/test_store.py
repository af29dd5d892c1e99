"""The document store: types checked by content, limits before storing, safe downloads."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.documents.inspection import TYPES, detect, safe_download_name
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.services import document_store

from . import files


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.pdf", files.PDF, "pdf"),
        ("a.png", files.PNG, "png"),
        ("a.jpg", files.JPEG, "jpeg"),
        ("notes.txt", "Plain notes, café\n".encode(), "txt"),
        ("no-extension", files.PDF, "pdf"),
        ("wrongly-named.txt", files.PDF, "pdf"),
    ],
)
def test_allowed_types_are_recognised_by_content(name, content, code):
    assert detect(files.upload(name, content)).code == code


def test_real_docx_and_xlsx_are_recognised():
    assert detect(files.upload("a.docx", files.docx_bytes())).code == "docx"
    assert detect(files.upload("a.xlsx", files.xlsx_bytes())).code == "xlsx"
    assert detect(files.upload("renamed.pdf", files.docx_bytes())).code == "docx"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", files.ELF, "must be a PDF"),
        ("report.pdf", files.MZ, "must be a PDF"),
        ("empty.pdf", b"", "is empty"),
        ("page.txt", files.HTML, "web page or script"),
        ("image.svg", files.SVG, "web page or script"),
        ("binary.txt", b"abc\x00def", "must be a PDF"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "must be a PDF"),
        ("archive.docx", files.zip_not_office(), "must be a PDF"),
        ("macro.docx", files.docm_bytes(), "contains macros"),
    ],
)
def test_refused_files_give_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as exc:
        detect(files.upload(name, content))
    assert message in " ".join(exc.value.messages)


def test_zip_bomb_named_docx_is_refused_without_expanding_it():
    bomb = files.zip_bomb_docx()
    assert len(bomb) < 1024 * 1024
    with pytest.raises(
        ValidationError, match="The selected file expands to far more than its size: it"
    ) as exc:
        detect(files.upload("bomb.docx", bomb))
    assert "expands to far more than its size" in exc.value.messages[0]


def test_size_limit_is_checked_before_reading(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="The selected file must be smaller than") as exc:
        detect(files.upload("big.pdf", files.PDF + b"0" * 2000))
    assert "must be smaller than 1024 bytes" in exc.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.pdf", files.ELF, "The selected file must be a PDF"),
        ("x.pdf", b"", "The selected file is empty"),
        ("x.html", files.HTML, "The selected file contains web page or script code"),
        ("bomb.docx", "bomb", "The selected file"),
    ],
)
def test_store_refuses_and_stores_nothing(world, settings, name, content, message):
    content = files.zip_bomb_docx() if content == "bomb" else content
    with pytest.raises(ValidationError, match=message):
        document_store(
            actor=world.people["business_unit_officer"],
            case=world.case,
            uploaded_file=files.upload(name, content),
            purpose="referral",
        )
    assert not Document.objects.exists()
    assert _stored_files(settings) == []
    assert not AuditEvent.objects.filter(event_type=EventType.DOCUMENT_STORED).exists()


def test_store_writes_a_generated_name_outside_the_web_root(world, settings):
    document = document_store(
        actor=world.people["business_unit_officer"],
        case=world.case,
        uploaded_file=files.upload("../../etc/passwd.pdf", files.PDF),
        purpose="referral",
    )
    stored = _stored_files(settings)
    assert len(stored) == 1
    assert "passwd" not in str(stored[0])
    assert stored[0].read_bytes() == files.PDF
    assert oct(stored[0].stat().st_mode & 0o777) == "0o600"
    assert document.original_name == "passwd.pdf"
    assert document.size == len(files.PDF) and len(document.sha256) == 64
    event = AuditEvent.objects.get(event_type=EventType.DOCUMENT_STORED)
    assert "passwd" not in str(event.data)


@pytest.mark.parametrize(
    ("original", "code", "expected"),
    [
        ("incident form.pdf", "pdf", "incident form.pdf"),
        ("notes.html", "txt", "notes.txt"),
        ('evil";\r\nX-Header: 1.pdf', "pdf", "evil_X-Header_ 1.pdf"),
        ("Ünïcødé.docx", "docx", "n_c_d.docx"),
        ("....", "png", "document.png"),
    ],
)
def test_safe_download_name(original, code, expected):
    name = safe_download_name(original, TYPES[code])
    assert name == expected
    assert name.isascii() and '"' not in name and "\n" not in name


def _document(world, purpose="referral"):
    return document_store(
        actor=world.people["business_unit_officer"],
        case=world.case,
        uploaded_file=files.upload("incident.html", b"Plain synthetic notes\n"),
        purpose=purpose,
    )


def test_download_is_an_attachment_with_nosniff_and_the_detected_type(world, as_user):
    document = _document(world)
    client = as_user(world.people["delegate_local_authority"])
    before = AuditEvent.objects.count()
    response = client.get(reverse("documents:download", args=[world.case.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="incident.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"".join(response.streaming_content) == b"Plain synthetic notes\n"
    events = list(AuditEvent.objects.filter(sequence__gt=before).values_list("event_type", flat=True))
    assert events == [EventType.DOCUMENT_DOWNLOADED]


def test_referral_attachments_follow_the_identity_rule(world, as_user):
    document = _document(world)
    url = reverse("documents:download", args=[world.case.pk, document.pk])
    assert as_user(world.people["independent_chair"]).get(url).status_code == 403
    assert as_user(world.people["non_member"]).get(url).status_code == 404
    notification = _document(world, purpose="notification")
    notification_url = reverse("documents:download", args=[world.case.pk, notification.pk])
    assert as_user(world.people["independent_chair"]).get(notification_url).status_code == 403
    other = _document(world, purpose="meeting_notes")
    other_url = reverse("documents:download", args=[world.case.pk, other.pk])
    assert as_user(world.people["independent_chair"]).get(other_url).status_code == 200


def test_download_of_another_cases_document_is_404(world, as_user):
    from safeguarding_reviews.cases import services as case_services

    document = _document(world)
    second = case_services.case_create(
        actor=world.people["business_unit_officer"], partnership=world.partnership, pseudonym="Child Z"
    )
    client = as_user(world.people["business_unit_officer"])
    assert client.get(reverse("documents:download", args=[second.pk, document.pk])).status_code == 404
