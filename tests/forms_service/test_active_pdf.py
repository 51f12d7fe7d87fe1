"""Active content anywhere in an uploaded PDF (forms_service/active_pdf.py, called by
uploads.check_pdf): each construct of the corpus in hostile_pdfs is refused, wherever and
however it is written; the files associations send every day pass. Through the forms, in
the page's language: test_hostile.py."""

from __future__ import annotations

import logging
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from forms_service import uploads
from forms_service.active_pdf import FORBIDDEN, MAX_OBJECTS, TooComplex, find_active
from tests.forms_service.hostile_pdfs import (
    CLEAN,
    HOSTILE,
    SCRIPT,
    before_xref,
    many_pages,
    raw_page,
    raw_pdf,
    too_many_objects,
)

MAX_BYTES = 20 * 1024 * 1024  # the largest a form accepts


def check(data: bytes) -> str | None:
    """The rule check_pdf says the file breaks, or None when it accepts it."""
    try:
        uploads.check_pdf(SimpleUploadedFile("dossier.pdf", data, "application/pdf"), MAX_BYTES)
    except uploads.NotAccepted as refused:
        return refused.code
    return None


def found(data: bytes, **limits: int) -> str | None:
    return find_active(PdfReader(BytesIO(data)), data, **limits)


@pytest.mark.parametrize("what", HOSTILE)
def test_each_active_construct_is_refused(what: str) -> None:
    data = HOSTILE[what]()
    assert check(data) == "active"
    assert found(data) in FORBIDDEN


@pytest.mark.parametrize("what", CLEAN)
def test_a_clean_file_passes(what: str) -> None:
    data = CLEAN[what]()
    assert check(data) is None
    assert found(data) is None


def test_the_corpus_is_of_readable_one_page_files() -> None:
    """So each is refused for the construct it carries, not for being unreadable."""
    assert len(HOSTILE) >= 15
    for what, build in HOSTILE.items():
        assert len(PdfReader(BytesIO(build())).pages) == 1, what


def test_pypdf_decodes_escaped_names() -> None:
    data = HOSTILE["names with #xx escapes"]()
    assert b"/A#41" in data and b"/Java#53cript" in data and b"/J#53" in data
    assert b"/AA" not in data and b"/JavaScript" not in data and b"/JS" not in data
    action = PdfReader(BytesIO(data)).pages[0]["/AA"]["/O"]
    assert action["/S"] == "/JavaScript" and action["/JS"] == SCRIPT


def test_a_script_in_an_object_stream_is_found_once_decompressed() -> None:
    data = HOSTILE["script in an object stream"]()
    assert b"JavaScript" not in data and b"/ObjStm" in data
    assert found(data) in {"/JS", "/JavaScript"}


def test_a_file_without_cross_reference_table_is_repaired_then_checked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = HOSTILE["broken xref, repaired"]()
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        assert check(data) == "active"
    assert "incorrect startxref pointer" in caplog.text  # pypdf took its repair path


def test_a_script_added_by_a_later_revision_is_found() -> None:
    data = HOSTILE["incremental update"]()
    first = data[: data.index(b"%%EOF") + len(b"%%EOF")]
    assert data.count(b"%%EOF") == 2 and data.startswith(first)
    assert check(first) is None
    assert check(data) == "active"


@pytest.mark.parametrize("what", ["duplicate object definition", "orphan script object"])
def test_a_script_no_path_from_the_catalog_reaches_is_found(what: str) -> None:
    data = HOSTILE[what]()
    page = PdfReader(BytesIO(data)).pages[0]
    assert "/AA" not in page and "/Annots" not in page  # what pypdf shows of the page is clean
    assert check(data) == "active"


def test_a_long_clean_document_passes() -> None:
    assert check(many_pages(200)) is None


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "object stream"])
def test_a_file_of_too_many_objects_is_refused_before_they_are_parsed(packed: bool) -> None:
    assert check(too_many_objects(MAX_OBJECTS, packed)) == "complex"
    assert check(too_many_objects(100, packed)) is None


def test_objects_outside_any_index_count_against_the_limit() -> None:
    """Definitions that no cross-reference lists are read too: they are counted as well."""
    extra = b"".join(b"%d 0 obj\nnull\nendobj\n" % number for number in range(4, 24))
    data = before_xref(raw_pdf(raw_page()), extra)
    assert found(data, max_objects=30) is None
    with pytest.raises(TooComplex):
        found(data, max_objects=15)
