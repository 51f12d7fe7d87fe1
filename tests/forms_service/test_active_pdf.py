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
from pypdf.generic import DictionaryObject

from forms_service import uploads
from forms_service.active_pdf import (
    FORBIDDEN,
    MAX_DECODED,
    MAX_OBJECTS,
    THREAD,
    Budget,
    Metered,
    TooComplex,
    find_active,
)
from tests.forms_service.hostile_pdfs import (
    CLEAN,
    GO_TO_FIRST_PAGE,
    HOSTILE,
    SCRIPT,
    SHARE,
    before_xref,
    inflating_object_streams,
    link_doing,
    many_pages,
    on_open,
    raw_catalog,
    raw_page,
    raw_pdf,
    too_many_objects,
    unclosed_dictionaries,
    unreadable_definitions,
    uri_link,
    web_page,
)

MAX_BYTES = 20 * 1024 * 1024  # the largest a form accepts


def check(data: bytes) -> str | None:
    """The rule check_pdf says the file breaks, or None when it accepts it."""
    try:
        uploads.check_pdf(SimpleUploadedFile("dossier.pdf", data, "application/pdf"), MAX_BYTES)
    except uploads.NotAccepted as refused:
        return refused.code
    return None


def found(data: bytes, budget: Budget | None = None) -> str | None:
    return find_active(PdfReader(BytesIO(data)), data, budget)


def spent(data: bytes, budget: Budget) -> Budget:
    """What is left of `budget` once `data` is checked as check_pdf does, reading through
    the budget; raises TooComplex past it."""
    find_active(PdfReader(Metered(data, budget), strict=False), data, budget)
    return budget


@pytest.mark.parametrize("what", HOSTILE)
def test_each_active_construct_is_refused(what: str) -> None:
    data = HOSTILE[what]()
    assert check(data) == "active"
    assert found(data) in FORBIDDEN | {THREAD}


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


def test_a_web_page_opens_on_a_click_never_by_itself() -> None:
    """A link to a website is in many statutes; the same action run when a page, a field
    or the document opens or closes is refused, as is any additional action."""
    assert check(uri_link()) is None
    assert check(link_doing(web_page())) is None
    assert check(on_open(web_page())) == "active"
    for what in (
        "page /AA /URI",
        "form field /AA /URI",
        "catalog /AA",
        "link /AA, harmless action",
    ):
        assert check(HOSTILE[what]()) == "active", what


def test_the_page_a_document_opens_at_is_a_view_not_an_action() -> None:
    """LibreOffice and LaTeX write the page to open at in the catalog of each file: it
    passes. Anything more is refused, even a second action that only goes to a page, or a
    reference to no object."""
    for what in CLEAN:
        if what.startswith("opens at the first page"):
            assert check(CLEAN[what]()) is None, what
    then_go_to = b"<< /S /GoTo /D [3 0 R /Fit] /Next %s >>"
    assert check(raw_catalog(then_go_to % GO_TO_FIRST_PAGE)) == "active"
    assert check(raw_catalog(b"4 0 R", {4: then_go_to % b"5 0 R", 5: GO_TO_FIRST_PAGE})) == "active"
    assert check(raw_catalog(b"9 0 R")) == "active"
    assert check(raw_catalog(b"4 1 R", {4: GO_TO_FIRST_PAGE})) == "active"  # 4 0 is defined
    for what in HOSTILE:
        if what.startswith("catalog /OpenAction"):
            assert check(HOSTILE[what]()) == "active", what


def test_the_bad_pdf_link_to_a_share_is_refused_opened_or_clicked() -> None:
    """Opening a file on \\\\server\\share sends the Windows password hash to the server."""
    data = HOSTILE["page /AA /GoToR to a share (Bad-PDF)"]()
    page_actions = PdfReader(BytesIO(data)).pages[0]["/AA"]
    assert isinstance(page_actions, DictionaryObject)
    on_opening = page_actions["/O"]
    assert isinstance(on_opening, DictionaryObject) and str(on_opening["/F"]) == SHARE
    assert found(data) in {"/AA", "/GoToR"}
    assert found(HOSTILE["link /GoToR to a share"]()) == "/GoToR"


def test_an_action_type_written_out_of_sight_is_found() -> None:
    """Escaped and compressed, or in an object of its own: no text search finds /GoToR."""
    packed = HOSTILE["escaped /GoToR in an object stream"]()
    assert b"GoToR" not in packed and b"Go#54oR" not in packed and b"/ObjStm" in packed
    assert found(packed) == "/GoToR"
    referred = HOSTILE["action type in its own object"]()
    assert b"/S 6 0 R" in referred
    assert check(referred) == "active"


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
    assert found(data, Budget(objects=30)) is None
    with pytest.raises(TooComplex):
        found(data, Budget(objects=15))


def test_definitions_pypdf_cannot_parse_count_against_the_limit_too() -> None:
    """Each cost a parse (the reviewer's upload made 800, each read to the end of the file)."""
    data = unreadable_definitions(20)
    assert found(data, Budget(objects=30)) is None
    with pytest.raises(TooComplex):
        found(data, Budget(objects=15))


def test_unclosed_dictionaries_are_refused_once_the_reads_are_spent() -> None:
    """The reviewer's 8 KB upload: read leniently, it took over 5 million reads (30 s and
    90 MB of warnings); the check stops at the budget."""
    assert check(unclosed_dictionaries(800)) == "complex"


def test_the_reads_of_a_file_are_counted_wherever_pypdf_reads_them() -> None:
    """A clean file costs fewer reads than its bytes; unclosed dictionaries, several times
    their size for 20, and past a budget of 100,000 for 200 (2.5 KB)."""
    clean = raw_pdf(raw_page())
    assert 100_000 - spent(clean, Budget(reads=100_000)).reads < len(clean)
    hostile = unclosed_dictionaries(20)
    assert 100_000 - spent(hostile, Budget(reads=100_000)).reads > 5 * len(hostile)
    with pytest.raises(TooComplex):
        spent(unclosed_dictionaries(200), Budget(reads=100_000))


def test_object_streams_are_decompressed_within_one_budget_for_the_file() -> None:
    """Three unlisted object streams of 16 MB each (150 KB in the file): the second passes
    the budget, and no stream inflates past what is left of it."""
    data = inflating_object_streams(3, 16 * 1024 * 1024)
    assert len(data) < 200_000
    assert check(data) == "complex"
    budget = Budget()
    with pytest.raises(TooComplex):
        spent(data, budget)
    assert budget.decoded >= 0  # the stream that would pass the budget is not kept
    assert found(inflating_object_streams(1, 1024 * 1024), Budget(decoded=MAX_DECODED)) is None


def test_no_pypdf_warning_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    """Nor the last-resort handler, which printed each of them to stderr: pypdf's logger
    has a handler of the service's, at ERROR (settings.LOGGING)."""
    with caplog.at_level(logging.DEBUG):
        assert check(unclosed_dictionaries(20)) is None
    assert [record for record in caplog.records if record.name.startswith("pypdf")] == []
    pypdf = logging.getLogger("pypdf")
    assert pypdf.handlers and pypdf.level == logging.ERROR
