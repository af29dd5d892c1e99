"""The one shape of a stored file leaving the service: an attachment, never shown inline, never cached. The
caller has checked access and records the download (documents.services.document_record_download)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from .inspection import TYPES, safe_download_name
from .models import Document
from .services import document_path


def attachment_response(document: Document, *, name: str) -> FileResponse:
    """The file as an attachment named `name` (made safe, with the extension of its checked type). 404 if the
    file has gone from the store."""
    try:
        handle = document_path(document).open("rb")
    except FileNotFoundError as exc:
        raise Http404("No document found") from exc
    file_type = TYPES[document.detected_type]
    response = FileResponse(handle, content_type=file_type.content_type)
    response["Content-Length"] = str(document.size)
    response["Content-Disposition"] = f'attachment; filename="{safe_download_name(name, file_type)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
