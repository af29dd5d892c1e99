"""The text of a publishable file, for the redaction check (issue 15 item 2).

Interface: `read_text(*, content: bytes, filename: str) -> str`, raising `NotCheckable(reason)` for a file it
cannot read (a PDF with no text layer, a damaged file, an unknown type). The full reader (DOCX parts,
tracked changes, properties, PDFs) replaces this placeholder.
"""

from __future__ import annotations

import io


class NotCheckable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_text(*, content: bytes, filename: str) -> str:  # placeholder until the reader lands
    name = filename.lower()
    if name.endswith(".txt"):
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise NotCheckable("The text file is not UTF-8.") from error
    if name.endswith(".docx"):
        from docx import Document

        return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    raise NotCheckable("Only Word (DOCX), PDF and text files can be checked.")
