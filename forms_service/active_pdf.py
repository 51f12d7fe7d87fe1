"""Active content anywhere in a PDF: scripts, actions that start programs, send or fetch
data, and files inside the file.

A viewer can reach an action from many places (the catalog, a page, an annotation, a form
field, an outline item, a name tree, another action's /Next...), and the list grows with
each version of PDF. So rather than follow known paths, every object of the file is read and
each dictionary key and name value in it compared with the names below: the objects that
the cross-reference sections list, plain or inside object streams (which pypdf
decompresses), then every other definition written in the file: one that only pypdf's
repair of a broken file finds, an earlier revision's, a duplicate a repairing viewer could
prefer, one nothing refers to. As every object is visited in its own right, references are
never followed: no cycle can make the walk loop. pypdf decodes `#xx` escapes when it parses
a name, so `/Java#53cript` is compared as `/JavaScript`.

Stream contents are not decoded, except object streams: page content cannot hold an action,
and a compressed page can be a decompression bomb.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO
from itertools import chain

from pypdf import PdfReader
from pypdf.errors import PyPdfError
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
# /EmbeddedFiles) or as a value (an action's /S, an annotation's /Subtype, a stream's /Type).
# /EF is there because an embedded file's /Type is optional.
FORBIDDEN = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/RichMedia",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/GoToE",
        "/XFA",
    }
)

# A 200-page report holds some thousands of objects, nearly 30,000 when it is tagged for
# accessibility; pypdf parses 15,000 to 30,000 a second. Past this, a file is refused rather
# than read for seconds on each upload (printing it to PDF makes it far simpler).
MAX_OBJECTS = 50_000

# What pypdf raises on bytes it cannot parse as an object.
UNREADABLE = (PyPdfError, ValueError, KeyError, TypeError, OSError)

# "12 0 obj": where an object is defined, wherever that is in the file.
DEFINITION = re.compile(rb"(?<![0-9])([0-9]{1,10})[\0\t\n\f\r ]+([0-9]{1,5})[\0\t\n\f\r ]+obj")


class TooComplex(Exception):
    """The file holds more than MAX_OBJECTS objects."""


def find_active(reader: PdfReader, data: bytes, max_objects: int = MAX_OBJECTS) -> str | None:
    """The first forbidden name found in any object of the PDF `data` read by `reader`, or
    None. Raises TooComplex when the file declares, or turns out to hold, more than
    `max_objects` objects."""
    left = max_objects - _declared(reader, max_objects)
    if left < 0:
        raise TooComplex
    for start in chain([reader.trailer], _indexed(reader)):
        if found := _forbidden_in(start):
            return found
    for definition in _other_definitions(reader, data):
        packed = _packed_count(definition)
        left -= 1 + packed
        if left < 0:
            raise TooComplex
        for start in chain([definition], _unpacked(reader, definition, packed)):
            if found := _forbidden_in(start):
                return found
    return None


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


def _indexed(reader: PdfReader) -> Iterator[PdfObject | None]:
    """Every object the cross-reference sections list, plain or in an object stream."""
    for generation, entries in reader.xref.items():
        free = reader.xref_free_entry.get(generation, {})
        for number in list(entries):
            if not free.get(number, False):
                yield reader.get_object(IndirectObject(number, generation, reader))
    streams = _object_streams(reader)
    for number, (stream, _) in list(reader.xref_objStm.items()):
        if stream in streams:
            yield reader.get_object(number)


def _other_definitions(reader: PdfReader, data: bytes) -> Iterator[PdfObject]:
    """Each object defined in the file at a place other than the one the reader took for
    it. A match inside some stream's bytes is not an object: it is skipped if unreadable."""
    for match in DEFINITION.finditer(data):
        number, generation = int(match[1]), int(match[2])
        taken = reader.xref.get(generation, {}).get(number)
        # The definition already read: its offset may be a few blanks before the number.
        start = match.start()
        if taken is not None and 0 <= start - taken <= 32 and not data[taken:start].strip():
            continue
        reader.stream.seek(start)
        try:
            reader.read_object_header(reader.stream)  # leaves the stream at the object
            definition = read_object(reader.stream, reader)
        except UNREADABLE:
            continue
        yield definition


def _packed_count(stream: PdfObject | None) -> int:
    """How many objects an object stream says it holds; 0 for any other object."""
    if not isinstance(stream, StreamObject) or stream.get("/Type") != "/ObjStm":
        return 0
    count = stream.get("/N")
    return max(int(count), 0) if isinstance(count, int) else 0


def _unpacked(reader: PdfReader, stream: PdfObject, count: int) -> Iterator[PdfObject]:
    """The objects of an object stream that no cross-reference points into, which pypdf
    does not read: its header's "number offset" pairs, then each object at its offset."""
    if not count or not isinstance(stream, StreamObject):
        return
    first = stream.get("/First")
    content = stream.get_data()
    if not isinstance(first, int) or not 0 <= first <= len(content):
        return
    objects = BytesIO(content)
    for offset in content[:first].split()[1 : 2 * count : 2]:
        if offset.isdigit():
            objects.seek(first + int(offset))
            try:
                packed = read_object(objects, reader)
            except UNREADABLE:
                continue
            yield packed


def _forbidden_in(start: PdfObject | None) -> str | None:
    """The first forbidden name in an object's own values; those it refers to are visited
    in their own right."""
    stack = [start]  # not recursion: nesting depth is the file's choice
    while stack:
        value = stack.pop()
        if isinstance(value, DictionaryObject):  # streams too: their dictionary only
            for name, item in value.items():
                if name in FORBIDDEN:
                    return str(name)
                stack.append(item)
        elif isinstance(value, ArrayObject):
            stack.extend(value)
        elif isinstance(value, NameObject) and value in FORBIDDEN:
            return str(value)
    return None
