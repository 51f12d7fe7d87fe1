"""Real PDF files for upload tests, written by pypdf."""

from __future__ import annotations

import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import EncodedStreamObject, NameObject


def pdf_bytes(pages: int = 1, password: str = "", title: str = "") -> bytes:
    """A readable PDF of blank pages; with a `title`, bytes of its own."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4, in points
    if title:
        writer.add_metadata({"/Title": title})
    if password:
        writer.encrypt(password)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "dossier.pdf", **kwargs: int | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(**kwargs), content_type="application/pdf")  # type: ignore[arg-type]


def pdf_with_script() -> bytes:
    """A PDF that runs JavaScript when opened."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('opened');"))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_bomb(inflated: int = 200 * 1024 * 1024) -> bytes:
    """A PDF whose page content inflates from a few hundred KB to `inflated` bytes."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    stream = EncodedStreamObject()
    squeezer = zlib.compressobj(9)
    chunk, parts = b"\0" * (1 << 20), []
    for _ in range(inflated >> 20):
        parts.append(squeezer.compress(chunk))
    parts.append(squeezer.flush())
    stream._data = b"".join(parts)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
