"""Minutes as PDF (WeasyPrint). The caller audits the export."""

from __future__ import annotations


def minutes_pdf(html: str) -> bytes:
    from weasyprint import HTML  # a heavy import, needed only here

    document: bytes = HTML(string=html).write_pdf()
    return document
