"""The text of a publishable file, for the redaction check (issue 15 item 2).

Interface: `read_text(*, content: bytes, filename: str) -> str`, raising `NotCheckable(reason)` for a file it
cannot read (a PDF with no text layer, a password-protected or damaged file, an unknown type, a file over the
limits). The reason is a plain sentence for the person who uploaded the file.

- Text: UTF-8 (a byte order mark is dropped).
- DOCX: every part a reader of the file could see or recover, one paragraph a line, parts one after another
  under a label line ("[Header]", "[Comments]"...): the body with its tables and text boxes, headers,
  footers, footnotes, endnotes, comments, tracked changes (deleted text as well as inserted), field codes
  (a mailto: link), image descriptions, hyperlink targets, the authors of comments and tracked changes, and
  the core, app and custom document properties. Read with lxml from the zip (python-docx gives none of
  comments, tracked deletions or footnotes), with entities and the network off.
- PDF: the text layer of every page through pypdf (docs/adr/0007-pdf-text-with-pypdf.md), then the document
  information (title, author...) and the text of annotations (comments). A page with an image and no text is a
  scan: the file is refused as not checkable, naming the pages, because a check that cannot read a page could
  pass a leak.
- Limits, checked before anything is parsed: the file's size, the zip's member count and declared unpacked
  size (a zip bomb is refused, not opened), what each part is allowed to unpack to, the page count and the
  length of the text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 60 * 1024 * 1024
MAX_PAGES = 2_000
MAX_TEXT_CHARS = 3_000_000

UNKNOWN_TYPE = "Only Word (.docx), PDF and text (.txt) files can be checked. Save the file as one of these."
NOT_DOCX = (
    "The file is not a Word document (.docx) that can be read. Open it in Word and save it as .docx again."
)
PROTECTED_DOCX = (
    "The Word file is password-protected or in the old .doc format, so it cannot be read. "
    "Remove the password or save it as .docx, then upload it again."
)
DAMAGED_PDF = "The PDF could not be read: it may be damaged. Export it from the original document again."
PROTECTED_PDF = (
    "The PDF is password-protected, so its text cannot be read. Export it again without a password."
)
NO_TEXT_LAYER = (
    "The PDF has no text layer (it looks like a scanned image), so it cannot be checked for identifying "
    "details. Export it from the original document instead of scanning it."
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


class NotCheckable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_text(*, content: bytes, filename: str) -> str:
    """The text the redaction check reads, from a file's bytes. Raises NotCheckable with a plain reason."""
    if len(content) > MAX_FILE_BYTES:
        raise NotCheckable(
            f"The file is {len(content) / 1024 / 1024:.1f} MB; files up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB can be checked."
        )
    if not content:
        raise NotCheckable("The file is empty.")
    name = filename.lower().rsplit("/", 1)[-1]
    if content.startswith(b"%PDF-") or (name.endswith(".pdf") and b"%PDF-" in content[:1024]):
        text = _pdf_text(content)
    elif content.startswith(b"PK\x03\x04") and (name.endswith(".docx") or not name.endswith((".txt", ".md"))):
        text = _docx_text(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise NotCheckable(PROTECTED_DOCX)  # an OLE file: a .doc, or a .docx with a password
    elif name.endswith(".docx"):
        raise NotCheckable(NOT_DOCX)
    elif name.endswith(".pdf"):
        raise NotCheckable(DAMAGED_PDF)
    elif name.endswith((".txt", ".text", ".md")):
        text = _plain_text(content)
    else:
        raise NotCheckable(UNKNOWN_TYPE)
    if len(text) > MAX_TEXT_CHARS:
        raise NotCheckable(
            f"The file holds {len(text):,} characters of text; up to {MAX_TEXT_CHARS:,} can be checked. "
            "Split it into smaller files."
        )
    return text


def _plain_text(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise NotCheckable("The text file is not UTF-8. Save it as UTF-8 text and upload it again.") from None
    if "\x00" in text:
        raise NotCheckable("The file is not a text file. Upload the Word or PDF file instead.")
    return text.replace("\r\n", "\n")


# DOCX ------------------------------------------------------------------------------------------------------


def _xml(data: bytes) -> object:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part's bytes, never more than MAX_PART_BYTES whatever its header says."""
    with archive.open(info) as handle:
        data = handle.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise NotCheckable("A part of the Word file is too large to check once unpacked.")
    return data


def _paragraph_text(paragraph: object) -> str:
    pieces = []
    for node in paragraph.iter():  # type: ignore[attr-defined]
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in (f"{{{W}}}t", f"{{{W}}}instrText"):
            pieces.append(node.text or "")
        elif tag in (f"{{{W}}}delText", f"{{{W}}}delInstrText"):
            # Deleted text stands apart from what replaced it: "Jayden" deleted before "Child J" inserted
            # must not read as one word "JaydenChild".
            pieces.append(f" {node.text or ''} ")
        elif tag == f"{{{W}}}tab":
            pieces.append("\t")
        elif tag in (f"{{{W}}}br", f"{{{W}}}cr"):
            pieces.append("\n")
        elif tag == f"{{{W}}}noBreakHyphen":
            pieces.append("-")
    return "".join(pieces)


def _paragraphs(root: object) -> Iterator[str]:
    """Each outermost paragraph's text (a text box's paragraphs inside a paragraph come with it), then image
    descriptions, which a screen reader reads out."""
    seen = set()
    for paragraph in root.iter(f"{{{W}}}p"):  # type: ignore[attr-defined]
        if any(ancestor in seen for ancestor in paragraph.iterancestors(f"{{{W}}}p")):
            continue
        seen.add(paragraph)
        text = _paragraph_text(paragraph)
        if text.strip():
            yield text
    for drawing in root.iter(f"{{{WP}}}docPr"):  # type: ignore[attr-defined]
        for attribute in ("title", "descr"):
            value = drawing.get(attribute)
            if value and value.strip():
                yield value


def _authors(root: object) -> set[str]:
    return {
        node.get(f"{{{W}}}author")
        for node in root.iter()  # type: ignore[attr-defined]
        if isinstance(node.tag, str) and node.get(f"{{{W}}}author")
    }


PART_LABELS = (
    ("word/document.xml", None),
    ("word/header", "Header"),
    ("word/footer", "Footer"),
    ("word/footnotes.xml", "Footnotes"),
    ("word/endnotes.xml", "Endnotes"),
    ("word/comments.xml", "Comments"),
)


def _docx_text(content: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError):
        raise NotCheckable(NOT_DOCX) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise NotCheckable(f"The Word file holds {len(infos):,} parts; the limit is {MAX_ZIP_MEMBERS:,}.")
        if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
            raise NotCheckable("The Word file is too large to check once unpacked.")
        names = {info.filename: info for info in infos}
        if "word/document.xml" not in names:
            raise NotCheckable(NOT_DOCX)
        sections: list[str] = []
        authors: set[str] = set()
        try:
            for prefix, label in PART_LABELS:
                parts = sorted(
                    n for n in names if n.startswith(prefix) and n.endswith(".xml") and "/_rels/" not in n
                )
                for part in parts:
                    root = _xml(_read_member(archive, names[part]))
                    authors |= _authors(root)
                    lines = list(_paragraphs(root))
                    if lines:
                        sections.append("\n".join(([f"[{label}]"] if label else []) + lines))
            links = []
            for part in sorted(n for n in names if n.startswith("word/_rels/") and n.endswith(".rels")):
                root = _xml(_read_member(archive, names[part]))
                for relation in root.iter():  # type: ignore[attr-defined]
                    if relation.get("TargetMode") == "External" and relation.get("Target"):
                        links.append(relation.get("Target"))
            if links:
                sections.append("\n".join(["[Links]", *links]))
            if authors:
                sections.append("\n".join(["[Authors of comments and tracked changes]", *sorted(authors)]))
            properties = list(_properties(archive, names))
            if properties:
                sections.append("\n".join(["[Document properties]", *properties]))
        except NotCheckable:
            raise
        except Exception:  # lxml and zipfile raise many types for a damaged part: the file's problem
            raise NotCheckable(NOT_DOCX) from None
    return "\n\n".join(sections)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _properties(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> Iterator[str]:
    """Core (title, author, subject, keywords...), app (company, manager) and custom properties, one a line
    as "Name: value"."""
    for part in ("docProps/core.xml", "docProps/app.xml"):
        if part not in names:
            continue
        root = _xml(_read_member(archive, names[part]))
        for node in root:  # type: ignore[attr-defined]
            if len(node) == 0 and node.text and node.text.strip() and _local(node.tag) not in APP_NOISE:
                yield f"{_local(node.tag)}: {node.text.strip()}"
    if "docProps/custom.xml" in names:
        root = _xml(_read_member(archive, names["docProps/custom.xml"]))
        for prop in root:  # type: ignore[attr-defined]
            value = " ".join(t.strip() for t in prop.itertext() if t.strip())
            yield f"{prop.get('name') or 'property'}: {value}"


# Counts and settings in app.xml that are never identifying.
APP_NOISE = frozenset(
    """Template TotalTime Pages Words Characters Application DocSecurity Lines Paragraphs ScaleCrop
    LinksUpToDate CharactersWithSpaces SharedDoc HyperlinksChanged AppVersion revision created modified
    lastPrinted""".split()
)


# PDF -------------------------------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))  # an owner password alone still lets anyone read the text
            except Exception:
                opened = False
            if not opened:
                raise NotCheckable(PROTECTED_PDF)
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise NotCheckable(f"The PDF has {len(pages):,} pages; up to {MAX_PAGES:,} can be checked.")
        texts, scanned, total = [], [], 0
        for number, page in enumerate(pages, start=1):
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise NotCheckable(
                    f"The PDF holds more than {MAX_TEXT_CHARS:,} characters of text. "
                    "Split it into smaller files."
                )
            if not text.strip() and _has_images(page):
                scanned.append(number)
            texts.append(text)
            texts.extend(_annotations(page))
        metadata = [
            f"{key.lstrip('/')}: {value}"
            for key, value in (reader.metadata or {}).items()
            if isinstance(value, str)
            and value.strip()
            and key not in ("/Producer", "/CreationDate", "/ModDate")
        ]
    except NotCheckable:
        raise
    except Exception:  # pypdf raises many types for a damaged file
        raise NotCheckable(DAMAGED_PDF) from None
    if scanned or not any(t.strip() for t in texts):
        if scanned and len(scanned) < len(texts) and any(t.strip() for t in texts):
            listed = ", ".join(str(n) for n in scanned[:10]) + (" and more" if len(scanned) > 10 else "")
            raise NotCheckable(
                f"Page {listed} of the PDF has no text layer (it looks like a scanned image), so it cannot "
                "be "
                "checked for identifying details. Export the PDF from the original document instead."
            )
        raise NotCheckable(NO_TEXT_LAYER)
    if metadata:
        texts.append("\n".join(["[Document properties]", *metadata]))
    return "\n\n".join(texts)


def _has_images(page: object) -> bool:
    try:
        resources = page.get("/Resources") or {}  # type: ignore[attr-defined]
        resources = resources.get_object() if hasattr(resources, "get_object") else resources
        objects = resources.get("/XObject") or {}
        objects = objects.get_object() if hasattr(objects, "get_object") else objects
        return any(
            (obj.get_object() if hasattr(obj, "get_object") else obj).get("/Subtype") in ("/Image", "/Form")
            for obj in objects.values()
        )
    except Exception:
        return True  # unreadable resources: assume the worst, the page is an image


def _annotations(page: object) -> Iterator[str]:
    try:
        annotations = page.get("/Annots") or []  # type: ignore[attr-defined]
        annotations = annotations.get_object() if hasattr(annotations, "get_object") else annotations
        for annotation in annotations:
            annotation = annotation.get_object() if hasattr(annotation, "get_object") else annotation
            for key in ("/Contents", "/T"):
                value = annotation.get(key)
                if isinstance(value, str) and value.strip():
                    yield value
            action = annotation.get("/A")
            action = action.get_object() if hasattr(action, "get_object") else action
            if action and isinstance(action.get("/URI"), str):
                yield action.get("/URI")
    except Exception:
        return
