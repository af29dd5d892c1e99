"""What a file really is, from its bytes. Pure apart from reading the upload; no database.

The allow-list (settings.DOCUMENT_ALLOWED_TYPES) is checked by CONTENT, never by the name the user gave:
- pdf: starts with "%PDF-";
- png: the 8-byte PNG signature; jpeg: FF D8 FF;
- docx / xlsx: a zip whose [Content_Types].xml declares the Word document or Excel workbook main part
  and which holds that part (word/document.xml, xl/workbook.xml); macro-enabled files are refused;
  zip bombs are refused before anything is expanded (declared total size, compression ratio, entry count);
- txt: decodes as UTF-8 and has no NUL byte, and is not markup (HTML, SVG, XML, script), which a browser
  could run if someone opened it.
Anything else (an executable renamed .pdf, HTML, SVG, an archive) is refused.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileType:
    code: str
    content_type: str
    extension: str
    label: str


TYPES = {
    t.code: t
    for t in [
        FileType("pdf", "application/pdf", "pdf", "PDF"),
        FileType("png", "image/png", "png", "PNG"),
        FileType("jpeg", "image/jpeg", "jpg", "JPEG"),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            "Word document (DOCX)",
        ),
        FileType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "Excel (XLSX)",
        ),
        FileType("txt", "text/plain; charset=utf-8", "txt", "plain text"),
    ]
}

_OOXML = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml"),
}
_MARKUP = re.compile(
    rb"<\s*(script|html|svg|iframe|object|embed|body|head|meta|link|style|xml|!doctype)\b|<\?xml|javascript:",
    re.IGNORECASE,
)
_CONTENT_TYPES_MAX = 1024 * 1024


def allowed_labels() -> str:
    labels = [TYPES[code].label for code in settings.DOCUMENT_ALLOWED_TYPES]
    return ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]


def _not_allowed() -> ValidationError:
    return ValidationError(f"The selected file must be a {allowed_labels()}", code="type")


def max_size_label() -> str:
    size = settings.DOCUMENT_MAX_BYTES
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size} bytes"


def check_size(size: int | None) -> None:
    if not size:
        raise ValidationError("The selected file is empty", code="empty")
    if size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(f"The selected file must be smaller than {max_size_label()}", code="size")


def detect(uploaded_file: Any) -> FileType:
    """The file's type, or ValidationError with a message for the user. Checks size first, reads nothing
    of a file that is too large, and leaves the file positioned at its start."""
    check_size(getattr(uploaded_file, "size", None))
    uploaded_file.seek(0)
    try:
        code = _detect_code(uploaded_file)
    finally:
        uploaded_file.seek(0)
    if code not in settings.DOCUMENT_ALLOWED_TYPES:
        raise _not_allowed()
    return TYPES[code]


def _detect_code(f: IO[bytes]) -> str:
    head = f.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        f.seek(0)
        return _ooxml_code(f)
    f.seek(0)
    return _text_code(f)


def _ooxml_code(f: IO[bytes]) -> str:
    try:
        archive = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_allowed() from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > settings.DOCUMENT_MAX_ZIP_ENTRIES:
            raise _zip_bomb()
        total = sum(info.file_size for info in infos)
        packed = max(sum(info.compress_size for info in infos), 1)
        if (
            total > settings.DOCUMENT_MAX_UNCOMPRESSED_BYTES
            or total / packed > settings.DOCUMENT_MAX_COMPRESSION_RATIO
        ):
            raise _zip_bomb()
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names:
            raise _not_allowed()
        content_types_info = archive.getinfo("[Content_Types].xml")
        if content_types_info.file_size > _CONTENT_TYPES_MAX:
            raise _zip_bomb()
        try:
            with archive.open(content_types_info) as member:
                content_types = member.read(_CONTENT_TYPES_MAX + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise _not_allowed() from exc
        if len(content_types) > _CONTENT_TYPES_MAX:
            raise _zip_bomb()
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ValidationError(
                "The selected file contains macros: save it as a document without macros and try again",
                code="macros",
            )
        for code, (main_type, main_part) in _OOXML.items():
            if main_type.encode() in content_types and main_part in names:
                return code
    raise _not_allowed()


def _zip_bomb() -> ValidationError:
    return ValidationError(
        "The selected file expands to far more than its size: it cannot be checked safely, so it was not "
        "uploaded",
        code="zip_bomb",
    )


def _text_code(f: IO[bytes]) -> str:
    data = f.read(settings.DOCUMENT_MAX_BYTES + 1)
    if b"\x00" in data:
        raise _not_allowed()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_allowed() from exc
    if _MARKUP.search(data):
        raise ValidationError(
            "The selected file contains web page or script code (HTML, SVG or XML): these are not allowed",
            code="markup",
        )
    return "txt"


_SAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_download_name(original_name: str, file_type: FileType) -> str:
    """An ASCII name for Content-Disposition: the user's name reduced to safe characters, always ending in
    the extension of the DETECTED type (so "notes.html" that is plain text downloads as "notes.txt")."""
    stem = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = _SAFE.sub("_", stem).strip(" ._-")[:80] or "document"
    return f"{stem}.{file_type.extension}"
