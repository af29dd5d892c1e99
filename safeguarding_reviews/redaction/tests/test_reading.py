"""Reading a publishable file's text (redaction/reading.py): DOCX parts, PDF text layers, text files."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from safeguarding_reviews.redaction import reading
from safeguarding_reviews.redaction.engine import find_identifiers, identity_from_json
from safeguarding_reviews.redaction.reading import NotCheckable, read_text

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _with_parts(docx: bytes, parts: dict[str, str]) -> bytes:
    """The DOCX with extra parts written into its zip (python-docx writes no footnotes or custom
    properties)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for name, xml in parts.items():
            target.writestr(name, xml)
    return out.getvalue()


def make_docx() -> bytes:
    document = Document()
    document.add_paragraph("Body: Child J was seen at home.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Table cell: Jayden"
    table.cell(0, 1).text = "NB1 4XY"
    section = document.sections[0]
    section.header.paragraphs[0].text = "Header: Okafor-Reid family"
    section.footer.paragraphs[0].text = "Footer: 14 Larch Close"
    commented = document.add_paragraph("The nursery noticed bruising.")
    document.add_comment(
        commented.runs, text="Comment: ask Rose Okafor", author="Priya Chaudhry", initials="PC"
    )
    tracked = document.add_paragraph("Tracked: ")
    tracked._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="Editor" w:date="2024-01-01T00:00:00Z">'
            "<w:r><w:delText>deleted Zofia Kowalska</w:delText></w:r></w:del>"
        )
    )
    tracked._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="Editor" w:date="2024-01-01T00:00:00Z">'
            "<w:r><w:t>inserted Tomasz</w:t></w:r></w:ins>"
        )
    )
    document.core_properties.title = "Review of Child J"
    document.core_properties.author = "Property author Agnieszka"
    document.core_properties.keywords = "keyword 943 476 5919"
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_parts(
        buffer.getvalue(),
        {
            "word/footnotes.xml": f'<w:footnotes {W_NS}><w:footnote w:id="1"><w:p><w:r>'
            "<w:t>Footnote: born 11/03/2019</w:t></w:r></w:p></w:footnote></w:footnotes>",
            "word/endnotes.xml": f'<w:endnotes {W_NS}><w:endnote w:id="1"><w:p><w:r>'
            "<w:t>Endnote: St Mary's</w:t></w:r></w:p></w:endnote></w:endnotes>",
            "docProps/custom.xml": "<Properties "
            'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="CaseChild">'
            "<vt:lpwstr>Custom: Filip Kowalski</vt:lpwstr></property></Properties>",
        },
    )


def test_docx_reads_every_part() -> None:
    text = read_text(content=make_docx(), filename="report.docx")
    for expected in (
        "Body: Child J was seen at home.",
        "Table cell: Jayden",
        "NB1 4XY",
        "Header: Okafor-Reid family",
        "Footer: 14 Larch Close",
        "Comment: ask Rose Okafor",
        "deleted Zofia Kowalska",
        "inserted Tomasz",
        "Footnote: born 11/03/2019",
        "Endnote: St Mary's",
        "Review of Child J",
        "Property author Agnieszka",
        "keyword 943 476 5919",
        "Custom: Filip Kowalski",
        "Priya Chaudhry",  # a comment's author
    ):
        assert expected in text, expected
    assert "[Header]" in text and "[Comments]" in text and "[Document properties]" in text


def test_docx_findings_have_offsets_into_the_read_text() -> None:
    text = read_text(content=make_docx(), filename="report.docx")
    identity = identity_from_json(
        {
            "pseudonym": "Child J",
            "people": [
                {"first_names": "Zofia", "last_name": "Kowalska", "date_of_birth": "2019-03-11"},
                {"first_names": "Tomasz", "last_name": "Kowalski"},
            ],
        }
    )
    found = {f.text for f in find_identifiers(identity, text)}
    assert {"Zofia Kowalska", "Tomasz", "11/03/2019", "NB1 4XY", "943 476 5919", "Kowalski"} <= found
    assert all(text[f.start : f.end] == f.text for f in find_identifiers(identity, text))


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"PK\x03\x04 not really a zip", "report.docx", "not a Word document"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "report.doc",
            "password-protected or in the old .doc",
        ),
        (b"just text", "report.docx", "not a Word document"),
        (b"%PDF-1.7\n garbage that is not a pdf", "report.pdf", "could not be read"),
        (b"\xff\xfe\x00t\x00e", "notes.txt", "not UTF-8"),
        (b"", "notes.txt", "empty"),
        (b"hello", "picture.png", "Only Word"),
    ],
)
def test_files_that_cannot_be_checked_say_why(content: bytes, filename: str, message: str) -> None:
    with pytest.raises(NotCheckable, match=message):
        read_text(content=content, filename=filename)


def test_a_zip_bomb_is_refused_before_it_is_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(NotCheckable, match="too large to check once unpacked"):
        read_text(content=make_docx(), filename="report.docx")


def test_too_many_parts_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_ZIP_MEMBERS", 3)
    with pytest.raises(NotCheckable, match="parts; the limit is 3"):
        read_text(content=make_docx(), filename="report.docx")


def test_a_part_that_unpacks_beyond_its_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_PART_BYTES", 200)
    with pytest.raises(NotCheckable, match="too large to check once unpacked"):
        read_text(content=make_docx(), filename="report.docx")


def test_a_file_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 10)
    with pytest.raises(NotCheckable, match="files up to 0 MB"):
        read_text(content=b"x" * 11, filename="notes.txt")


def test_text_files_are_utf8_with_or_without_a_byte_order_mark() -> None:
    assert read_text(content="Zoë’s flat".encode(), filename="notes.txt") == "Zoë’s flat"
    assert read_text(content=b"\xef\xbb\xbfplain", filename="notes.TXT") == "plain"


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def test_pdf_text_layer_is_read() -> None:
    content = _pdf(
        "<html><head><title>Review of Child J</title><meta name=author content='Helen Marsh'></head><body>"
        "<p>Jayden Okafor-Reid was born on 11 March 2019.</p><p>He lived at 14 Larch Close, NB1 4XY.</p>"
        "<p style='page-break-before: always'>Page two: Rose Okafor.</p></body></html>"
    )
    text = read_text(content=content, filename="report.pdf")
    assert "Jayden Okafor-Reid was born on 11 March 2019." in text
    assert "NB1 4XY" in text
    assert "Page two: Rose Okafor." in text
    assert "Review of Child J" in text  # the document information
    identity = identity_from_json(
        {"people": [{"first_names": "Jayden", "last_name": "Okafor-Reid", "date_of_birth": "2019-03-11"}]}
    )
    assert {"Jayden Okafor-Reid", "11 March 2019", "NB1 4XY"} <= {
        f.text for f in find_identifiers(identity, text)
    }


def _png() -> str:
    import base64

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "black").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_a_pdf_with_no_text_layer_is_not_checkable() -> None:
    content = _pdf(f"<html><body><img src='data:image/png;base64,{_png()}'></body></html>")
    with pytest.raises(NotCheckable, match="no text layer"):
        read_text(content=content, filename="scan.pdf")


def test_a_pdf_with_one_scanned_page_names_it() -> None:
    content = _pdf(
        "<html><body><p>Page one has text.</p>"
        "<div style='page-break-before: always'>"
        f"<img src='data:image/png;base64,{_png()}'></div></body></html>"
    )
    with pytest.raises(NotCheckable, match="Page 2 of the PDF has no text layer"):
        read_text(content=content, filename="mixed.pdf")


def test_a_password_protected_pdf_is_not_checkable() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf("<p>Secret Jayden</p>"))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(NotCheckable, match="password-protected"):
        read_text(content=buffer.getvalue(), filename="locked.pdf")


def test_a_pdf_with_only_an_owner_password_is_read() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf("<p>Readable Jayden</p>"))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "Readable Jayden" in read_text(content=buffer.getvalue(), filename="restricted.pdf")
