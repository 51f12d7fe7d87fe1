"""Active content anywhere in a PDF: scripts, actions that start programs, send or fetch
data, open another file or play media, anything a viewer runs with no click, and files
inside the file.

The threat is the staff member who opens an attachment: a script run, a program started, a
file opened on a server outside (on Windows, opening a file on a share sends the user's name
and password hash to its server: the "Bad-PDF" attack), with no click of theirs. So what a
viewer runs by itself is refused whatever it does (an action on opening the document, and
the additional actions, /AA, of the document, a page, an annotation or a form field), and so
are the actions that reach outside or run something even when clicked. The page a document
opens at is a view, not an action, and passes (OPENS_AT); so does a link the reader chooses
to click (/URI: a web page, in the browser), which a word processor writes for each link of
a document, and so do going to a page and the viewer's own commands (next page, print).

A viewer can reach an action from many places (the catalog, a page, an annotation, a form
field, an outline item, a name tree, another action's /Next...), and the list grows with
each version of PDF. So rather than follow known paths, every object of the file is read and
each dictionary key and name value in it compared with the names below (each dictionary
also with THREAD's rule): the objects that the cross-reference sections list, plain or
inside object streams (which pypdf decompresses), then every other definition written in
the file: one that only pypdf's repair of a broken file finds, an earlier revision's, a
duplicate a repairing viewer could prefer, one nothing refers to. As every object is visited
in its own right, references are never followed: no cycle can make the walk loop, and a name
written as an object of its own (/S 6 0 R) is compared where it is defined (and the object an
/OpenAction names, once the walk is done, OPENS_AT). pypdf decodes
`#xx` escapes when it parses a name, so `/Java#53cript` is compared as `/JavaScript`.

Stream contents are not decoded, except object streams: page content cannot hold an action,
and a compressed page can be a decompression bomb.

The whole check runs on a budget (Budget): objects parsed, reads from the file, bytes
decompressed. A crafted file can make one parse cost far more than its size (a few kilobytes
of unclosed dictionaries are each read to the end of the file, thousands of times), so it is
the work that is bounded, not the size; past the budget the file is refused as too complex.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

from pypdf import PdfReader, apply_configuration, get_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
    read_object,
)

# Names that only active content uses: as a key (/JS, /XFA, /EF, /Names' /JavaScript and
# /EmbeddedFiles, /OpenAction, /AA, /PresSteps) or as a value (an action's /S, an
# annotation's /Subtype, a stream's /Type). /EF is there because an embedded file's /Type is
# optional. /OpenAction (unless it is the page the document opens at: OPENS_AT) and /AA are what
# a viewer runs by itself: on opening the document, closing, saving or printing it, showing a
# page, the pointer entering an annotation, a field taking the focus or being typed in;
# /PresSteps' actions run as the pages are turned, or after a delay. /GoToR opens another
# file (a share on a server outside); /Rendition, /Sound, /Movie, /RichMedia (Flash, video)
# and /3D (3D models, with their own scripts) are media, played by large decoders, which an
# application needs none of.
FORBIDDEN = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/OpenAction",
        "/AA",
        "/PresSteps",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Sound",
        "/Movie",
        "/RichMedia",
        "/RichMediaExecute",
        "/3D",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/XFA",
    }
)

# An action that goes to an article thread of another file (/S /Thread with an /F) opens that
# file, as /GoToR does. The name alone is not refused: an article thread in a document's own
# layout is a dictionary of /Type /Thread. An action whose /S is a reference could be one
# (no producer writes an action's type so), and is refused with it.
THREAD = "/Thread"

# The page a document opens at, its /OpenAction: a destination, [3 0 R /Fit], as LibreOffice
# and pypdf write by default, or an action that only goes there, << /S /GoTo /D [3 0 R /Fit] >>,
# which LaTeX's hyperref writes in an object of its own. It shows a page, so it passes, its
# contents walked like any other value. Such an object is not followed from the /OpenAction:
# when the walk is done, each definition of it in the file must show a page, as a repairing
# viewer could take any of them. Any other /OpenAction is refused: another action, or a /GoTo
# with more (a /Next action, run after it).
OPENS_AT = "/OpenAction"
GO_TO_ONLY = frozenset({"/Type", "/S", "/D", "/SD"})

# A 200-page report holds some thousands of objects, nearly 30,000 when it is tagged for
# accessibility; pypdf parses 15,000 to 30,000 a second. Past this, a file is refused rather
# than read for seconds on each upload (printing it to PDF makes it far simpler).
MAX_OBJECTS = 50_000

# Reads from the file while parsing it: pypdf reads objects a byte or a token at a time, so
# the reads are the work. A clean file of 40,000 objects takes 1.3 million (2 s on a shared
# core); a crafted one of 8 KB took 5 million and more as it grew. A long read (a stream's
# data) costs one more per READ_BLOCK bytes copied.
MAX_READS = 3_000_000
READ_BLOCK = 4096

# Bytes decompressed from object streams, all of them together: a 30,000-object document's
# come to a few megabytes, while each stream could otherwise inflate to pypdf's own limit
# (75 MB), as many times as the file has streams.
MAX_DECODED = 32 * 1024 * 1024

# pypdf's limits on one stream's decoded length, each set to what is left of the budget.
DECODING_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "array_based_stream_maximum_output_length",
)

# What pypdf raises on bytes it cannot parse as an object.
UNREADABLE = (PyPdfError, ValueError, KeyError, TypeError, OSError)

# "12 0 obj": where an object is defined, wherever that is in the file.
DEFINITION = re.compile(rb"(?<![0-9])([0-9]{1,10})[\0\t\n\f\r ]+([0-9]{1,5})[\0\t\n\f\r ]+obj")


# An object's number and generation: what a reference (12 0 R) names.
Ref = tuple[int, int]


class TooComplex(LimitReachedError):
    """Checking the file would take more than its budget. A LimitReachedError because pypdf
    lets those through wherever it reads leniently, where it would swallow another error
    and go on reading."""


class Budget:
    """What is left of the work a check may do; spending past any of it raises TooComplex.
    Kept by the caller, so that a test can read what a file cost."""

    def __init__(
        self, objects: int = MAX_OBJECTS, reads: int = MAX_READS, decoded: int = MAX_DECODED
    ) -> None:
        self.objects, self.reads, self.decoded = objects, reads, decoded

    def spend(self, *, objects: int = 0, reads: int = 0, decoded: int = 0) -> None:
        self.objects -= objects
        self.reads -= reads
        self.decoded -= decoded
        if min(self.objects, self.reads, self.decoded) < 0:
            raise TooComplex


class Metered(BytesIO):
    """The bytes of a file, each read from them spent from `budget`: pypdf reads through it,
    so no parse, however the file is crafted, reads more than the budget allows."""

    def __init__(self, data: bytes, budget: Budget) -> None:
        super().__init__(data)
        self.budget = budget

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = super().read(size)
        budget = self.budget  # not through spend(): pypdf reads a byte at a time
        budget.reads -= 1 + len(chunk) // READ_BLOCK
        if budget.reads < 0:
            raise TooComplex
        return chunk


def find_active(reader: PdfReader, data: bytes, budget: Budget | None = None) -> str | None:
    """The first forbidden name found in any object of the PDF `data` read by `reader`
    (/OpenAction for one that names an object that does more than show a page), or
    None. Raises TooComplex when the file declares, or turns out to hold, more objects than
    the budget, or would take more reads or decompression; a reader of a Metered stream
    spends its reads from the same budget."""
    budget = Budget() if budget is None else budget
    budget.spend(objects=_declared(reader, budget.objects))
    opened: set[Ref] = set()  # the objects an /OpenAction refers to
    pages: set[Ref] = set()  # definitions that only show a page...
    others: set[Ref] = set()  # ...and those that do not
    for ref, start in _every_object(reader, data, budget):
        budget.spend()  # in case pypdf swallowed the TooComplex of a read
        if found := _forbidden_in(start, opened):
            return found
        if ref is not None:
            (pages if _shows_a_page(start) else others).add(ref)
    # Each definition of it, as a repairing viewer could take any of them (OPENS_AT).
    if any(ref in others or ref not in pages for ref in opened):
        return OPENS_AT
    return None


def _every_object(
    reader: PdfReader, data: bytes, budget: Budget
) -> Iterator[tuple[Ref | None, PdfObject | None]]:
    """The trailer, the objects the cross-reference sections list, those packed in the
    object streams they list, then every other definition and what it packs; each with its
    number and generation (the trailer has none)."""
    yield None, reader.trailer
    yield from _indexed(reader)
    for number in _object_streams(reader):  # counted by _declared
        stream = reader.get_object(number)
        yield from _unpacked(reader, stream, _packed_count(stream), budget)
    for ref, definition in _other_definitions(reader, data, budget):
        packed = _packed_count(definition)
        budget.spend(objects=packed)
        yield ref, definition
        yield from _unpacked(reader, definition, packed, budget)


def _declared(reader: PdfReader, enough: int) -> int:
    """How many objects the cross-reference sections and object streams say the file holds
    (counting stops past `enough`). Asked before any object is parsed: pypdf parses the whole
    of an object stream (its /N objects) as soon as one object in it is needed."""
    count = sum(len(entries) for entries in reader.xref.values())
    for number in _object_streams(reader):
        if count > enough:
            break
        count += _packed_count(reader.get_object(number))  # not decoded yet
    return count


def _object_streams(reader: PdfReader) -> set[int]:
    """The object streams that cross-reference streams point into and that are listed
    themselves. For any other, pypdf would search the whole file (a crafted index can name
    thousands); one that is written in the file is read with the other definitions."""
    listed = reader.xref.get(0, {})
    return {stream for stream, _ in reader.xref_objStm.values() if stream in listed}


def _indexed(reader: PdfReader) -> Iterator[tuple[Ref, PdfObject | None]]:
    """Every plain object the cross-reference sections list. Those in object streams are
    read by _unpacked, on the budget: pypdf parses an object stream's objects from a copy
    of its own, which no budget meters."""
    for generation, entries in reader.xref.items():
        free = reader.xref_free_entry.get(generation, {})
        for number in list(entries):
            if not free.get(number, False):
                ref = IndirectObject(number, generation, reader)
                yield (number, generation), reader.get_object(ref)


def _other_definitions(
    reader: PdfReader, data: bytes, budget: Budget
) -> Iterator[tuple[Ref, PdfObject]]:
    """Each object defined in the file at a place other than the one the reader took for
    it. A match inside some stream's bytes is not an object: it is skipped if unreadable,
    but counted all the same, as what reading it cost is."""
    for match in DEFINITION.finditer(data):
        number, generation = int(match[1]), int(match[2])
        taken = reader.xref.get(generation, {}).get(number)
        # The definition already read: its offset may be a few blanks before the number.
        start = match.start()
        if taken is not None and 0 <= start - taken <= 32 and not data[taken:start].strip():
            continue
        budget.spend(objects=1)
        reader.stream.seek(start)
        try:
            reader.read_object_header(reader.stream)  # leaves the stream at the object
            definition = read_object(reader.stream, reader)
        except TooComplex:
            raise
        except UNREADABLE:
            continue
        yield (number, generation), definition


def _packed_count(stream: PdfObject | None) -> int:
    """How many objects an object stream says it holds; 0 for any other object."""
    if not isinstance(stream, StreamObject) or stream.get("/Type") != "/ObjStm":
        return 0
    count = stream.get("/N")
    return max(int(count), 0) if isinstance(count, int) else 0


def _unpacked(
    reader: PdfReader, stream: PdfObject | None, count: int, budget: Budget
) -> Iterator[tuple[Ref, PdfObject]]:
    """The objects of an object stream, read as pypdf would, but on the budget: its
    header's "number offset" pairs, then each object at its offset (generation 0)."""
    if not count or not isinstance(stream, StreamObject):
        return
    first = stream.get("/First")
    content = _decoded(stream, budget)
    if not isinstance(first, int) or not 0 <= first <= len(content):
        return
    objects = Metered(content, budget)
    pairs = content[:first].split()[: 2 * count]
    for number, offset in zip(pairs[::2], pairs[1::2], strict=False):
        if number.isdigit() and offset.isdigit():
            objects.seek(first + int(offset))
            try:
                packed = read_object(objects, reader)
            except TooComplex:
                raise
            except UNREADABLE:
                continue
            yield (int(number), 0), packed


def _decoded(stream: StreamObject, budget: Budget) -> bytes:
    """A stream's data, decompressed no further than what is left of the budget (pypdf
    keeps it: the stream is not decompressed again when pypdf reads from it)."""
    limits = dict.fromkeys(DECODING_LIMITS, budget.decoded + 1)  # 0 would mean no limit
    try:
        with apply_configuration(get_configuration().with_overwrites(**limits)):
            content = stream.get_data()
    except LimitReachedError as error:
        raise TooComplex from error
    budget.spend(decoded=len(content))
    return content


def _forbidden_in(start: PdfObject | None, opened: set[Ref]) -> str | None:
    """The first forbidden name in an object's own values; those it refers to are visited
    in their own right. What an /OpenAction refers to is added to `opened`."""
    stack = [start]  # not recursion: nesting depth is the file's choice
    while stack:
        value = stack.pop()
        if isinstance(value, DictionaryObject):  # streams too: their dictionary only
            if _opens_a_thread_elsewhere(value):
                return THREAD
            for name, item in value.items():
                if name == OPENS_AT and isinstance(item, IndirectObject):
                    opened.add((item.idnum, item.generation))
                elif name in FORBIDDEN and not (name == OPENS_AT and _shows_a_page(item)):
                    return str(name)
                stack.append(item)
        elif isinstance(value, ArrayObject):
            stack.extend(value)
        elif isinstance(value, NameObject) and value in FORBIDDEN:
            return str(value)
    return None


def _opens_a_thread_elsewhere(action: DictionaryObject) -> bool:
    kind = action.get("/S")  # as written: a reference is not followed
    return "/F" in action and (kind == THREAD or isinstance(kind, IndirectObject))


def _shows_a_page(opens_at: PdfObject | None) -> bool:
    """Whether an /OpenAction, as written, only shows a page of the document (OPENS_AT)."""
    if isinstance(opens_at, ArrayObject):
        return True
    return (
        isinstance(opens_at, DictionaryObject)
        and opens_at.get("/S") == "/GoTo"
        and set(opens_at) <= GO_TO_ONLY
    )
