"""Fuzzing the importers: whatever bytes arrive, the answer is a return or the project's own
ImportProblems, with a message for each problem; never another exception, never a hang.

The inputs are real files damaged: the toolkit's JSON export of a complete return, seed 003's
text (Sefton's 2022 return in the guide's layout) and a Word document made by the toolkit's
writer, cut short, with bytes flipped, overwritten, deleted or repeated; JSON with wrong types
in its fields; input oversized or nested deeply; Word files whose zip expands to gigabytes
(saying so, or lying about it in the zip's directory), and whose XML declares entities.

Hypothesis runs a fixed number of examples, derandomized, so that CI sees the same inputs on
every run; the examples run with no deadline (a slow machine is not a failure).
"""

from __future__ import annotations

import io
import json
import struct
import tracemalloc
import zipfile
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.returns import Return
from exports.docx_writer import write_docx
from exports.guide_reader import read_guide_docx, read_guide_text
from exports.importers import read_return
from exports.json_format import MAX_DEPTH, to_json
from exports.json_reader import from_json
from exports.problems import ImportProblems
from exports.sniffing import MAX_BYTES

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(FUZZ, max_examples=25)


def outcome(read, *args: Any) -> Return | None:  # type: ignore[no-untyped-def]
    """A return, or None after the project's own error with a message per problem. Any other
    exception is not caught: it fails the test, and hypothesis shrinks the input that caused it."""
    try:
        result = read(*args)
    except ImportProblems as problems:
        assert problems.problems, "ImportProblems with no problems"
        for p in problems.problems:
            assert p.where and p.message and "Traceback" not in p.message
        return None
    assert isinstance(result, Return)
    return result


# -- damaging bytes ---------------------------------------------------------------------------


@st.composite
def damaged(draw, original: bytes, edits: int = 3) -> bytes:  # type: ignore[no-untyped-def]
    """``original`` cut short, or with a few bytes flipped, overwritten, deleted or repeated."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, edits))):
        if not data:
            break
        how = draw(st.sampled_from(["cut", "flip", "overwrite", "delete", "repeat"]))
        at = draw(st.integers(0, len(data) - 1))
        if how == "cut":
            del data[at:]
        elif how == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif how == "overwrite":
            junk = draw(st.binary(min_size=1, max_size=16))
            data[at : at + len(junk)] = junk
        elif how == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


@pytest.fixture(scope="module")
def export_json(full_return) -> bytes:
    return to_json(full_return)


@pytest.fixture(scope="module")
def export_docx(full_return, framework) -> bytes:
    return write_docx(full_return, framework)


def test_the_undamaged_files_read(export_json, export_docx, seed_text, framework, full_return):
    """The starting points are real: each reads back (so the damaged ones test the readers)."""
    assert from_json(export_json, framework) == full_return
    assert read_return("return.docx", export_docx, framework).answer("5.1").score == 3
    assert read_guide_text(seed_text, framework).area == "Sefton"


# -- JSON -------------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_damaged_json(export_json, framework, data):
    broken = data.draw(damaged(export_json))
    outcome(read_return, "return.json", broken, framework)
    outcome(from_json, broken)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place in parsed JSON: the keys and indexes that lead to it."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, path + (index,))
    return found


@FUZZ
@given(data=st.data())
def test_json_with_wrong_types_in_its_fields(export_json, framework, data):
    root = json.loads(export_json)
    places = _paths(root)[1:]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(places))
        parent = root
        try:
            for step in path[:-1]:
                parent = parent[step]
            how = data.draw(st.sampled_from(["replace", "remove", "add"]))
            if how == "replace":
                parent[path[-1]] = data.draw(JSON_VALUES)
            elif how == "remove":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[data.draw(st.text(max_size=8))] = data.draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this place
    text = json.dumps(root)  # NaN and Infinity included, as json.dumps writes them
    outcome(read_return, "return.json", text.encode(), framework)
    outcome(from_json, text)


@pytest.mark.parametrize(
    "name, data",
    [
        ("arrays nested 100,000 deep", b'{"format": "ehsg-return", "version": 1, "answers": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        ("objects nested 100,000 deep", b'{"format": "ehsg-return", "version": 1, "area": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001),
        ("nested one level too deep", b'{"format": "ehsg-return", "version": 1, "answers": ' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}"),
        ("an integer of 5,000 digits", b'{"format": "ehsg-return", "version": ' + b"9" * 5000 + b"}"),
        ("a year of 1e400", b'{"format": "ehsg-return", "version": 1, "area": "A", "year": 1e400, "edition": "e", "answers": []}'),
        ("a string just under the size limit", b'{"format": "ehsg-return", "version": 1, "area": "' + b"a" * (MAX_BYTES - 100) + b'"}'),
        ("one byte over the size limit", b"{" + b" " * MAX_BYTES + b"}"),
        ("200,000 answers", b'{"format": "ehsg-return", "version": 1, "area": "A", "year": 2022, "edition": "ehsg-2022", "answers": ['
         + b",".join([b'{"descriptor": "5.1"}'] * 200_000) + b"]}"),
        ("not UTF-8", b'{"format": "ehsg-return", "area": "\xff\xfe"}'),
        ("UTF-16", '{"format": "ehsg-return"}'.encode("utf-16")),
        ("only a byte order mark", b"\xef\xbb\xbf"),
        ("a lone surrogate escaped", b'{"format": "ehsg-return", "version": 1, "area": "\\ud800", "year": 2022, "edition": "ehsg-2022", "answers": []}'),
    ],
)
def test_oversized_and_deeply_nested_json(framework, name, data):
    outcome(read_return, "return.json", data, framework)
    outcome(from_json, data)


# -- text -------------------------------------------------------------------------------------


@st.composite
def damaged_lines(draw, text: str) -> str:  # type: ignore[no-untyped-def]
    """The text with lines deleted, repeated, swapped or replaced, or cut short."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["delete", "repeat", "swap", "replace", "cut", "junk"]))
        if how == "delete":
            del lines[at : at + draw(st.integers(1, 20))]
        elif how == "repeat":
            lines[at:at] = lines[at : at + draw(st.integers(1, 20))]
        elif how == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif how == "replace":
            lines[at] = draw(st.text(max_size=80))
        elif how == "cut":
            del lines[at:]
        else:
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))] + draw(st.sampled_from(
                ["\t7", "\t2.5", "\tNot scored", "\x00", "\x1b[31m", "\ud800", "Descriptor one: 99.9", ": Yes.", "\t"]))
        if not lines:
            lines = [""]
    return "\n".join(lines)


@FUZZ
@given(data=st.data())
def test_damaged_seed_text(seed_text, framework, data):
    outcome(read_guide_text, data.draw(damaged_lines(seed_text)), framework)


@FUZZ
@given(data=st.data())
def test_damaged_seed_bytes(seed_bytes, framework, data):
    outcome(read_return, "return.txt", data.draw(damaged(seed_bytes)), framework)


def test_oversized_text(seed_text, framework):
    """Text near the size limit: the seed a hundred times over, one endless line."""
    for text in (seed_text * (MAX_BYTES // len(seed_text.encode()) - 1), "5.1 - " + "x" * (MAX_BYTES - 100)):
        assert outcome(read_guide_text, text, framework) is None
        assert outcome(read_return, "return.txt", text.encode(), framework) is None


@pytest.mark.parametrize("line", ["\t3\n", "\n", "a\r\n", "x\u2028"])
def test_millions_of_short_lines_are_not_read(framework, line):
    text = line * (MAX_BYTES // len(line.encode()) - 10)
    with pytest.raises(ImportProblems) as refused:
        read_return("return.txt", text.encode(), framework)
    assert "more than 50,000 lines" in str(refused.value)


# -- Word -------------------------------------------------------------------------------------


@FEWER
@given(data=st.data())
def test_damaged_word_files(export_docx, framework, data):
    broken = data.draw(damaged(export_docx))
    outcome(read_return, "return.docx", broken, framework)
    outcome(read_guide_docx, broken, framework)


def _with_part(package: bytes, name: str, content: bytes) -> bytes:
    """The package with one part replaced (a sound zip whose contents are damaged)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info))
    return out.getvalue()


@FEWER
@given(data=st.data())
def test_word_files_with_damaged_xml_inside_a_sound_zip(export_docx, framework, data):
    with zipfile.ZipFile(io.BytesIO(export_docx)) as package:
        parts = {name: package.read(name) for name in ("word/document.xml", "word/styles.xml", "[Content_Types].xml",
                                                       "_rels/.rels", "word/_rels/document.xml.rels")}
    name = data.draw(st.sampled_from(sorted(parts)))
    broken = _with_part(export_docx, name, data.draw(damaged(parts[name])))
    outcome(read_return, "return.docx", broken, framework)


def _document_xml(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>").encode()


BILLION_LAUGHS = "<!DOCTYPE w:document [<!ENTITY a0 'ha'>" + "".join(
    f"<!ENTITY a{i} '{('&a' + str(i - 1) + ';') * 10}'>" for i in range(1, 10)) + "]>"


def test_entities_in_a_word_file_are_not_expanded_or_fetched(export_docx, framework, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the contents of a file on the server")
    for doctype, body in (
        (BILLION_LAUGHS, "<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>"),
        (f"<!DOCTYPE w:document [<!ENTITY xxe SYSTEM '{secret.as_uri()}'>]>",
         "<w:p><w:r><w:t>5.1 - Family engagement: &xxe;</w:t></w:r></w:p>"),
    ):
        package = _with_part(export_docx, "word/document.xml", _document_xml(body, doctype))
        try:
            read_return("return.docx", package, framework)
        except ImportProblems as problems:
            assert "the contents of a file" not in str(problems) and "hahaha" not in str(problems)
        else:  # pragma: no cover - a document without descriptors is never a return
            pytest.fail("a Word file without the descriptors was read as a return")


def test_a_word_file_of_many_empty_paragraphs(export_docx, framework):
    package = _with_part(export_docx, "word/document.xml", _document_xml("<w:p/>" * 200_000))
    with pytest.raises(ImportProblems):
        read_return("return.docx", package, framework)


# -- zips that expand enormously ----------------------------------------------------------------


GIB = 1 << 30
MIB = 1 << 20


def _refused_within(limit: int, read, *args: Any) -> str:  # type: ignore[no-untyped-def]
    """The message of the ImportProblems ``read`` raises, checking that Python never held more
    than ``limit`` bytes while it ran (the server's memory is what a zip bomb goes for)."""
    tracemalloc.start()
    try:
        with pytest.raises(ImportProblems) as refused:
            read(*args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < limit, f"{peak / MIB:,.0f} MiB held while reading"
    return str(refused.value)
CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>')


def _deflated_zeros(mib: int) -> tuple[bytes, int]:
    """Raw deflate data for ``mib`` MiB of zero bytes, and their CRC-32, made in memory a MiB at a
    time: each MiB is compressed after a full flush, so its compressed form is the same ~1 KB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    zeros, crc = bytes(1 << 20), 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return block * mib + b"\x03\x00", crc  # \x03\x00: the final, empty block


def _zip(entries: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip written by hand, so that its directory says what the test wants: each entry is
    (name, method, raw data, CRC-32, declared uncompressed size); 0 stored, 8 deflated."""
    out, directory = io.BytesIO(), []
    for name, method, raw, crc, size in entries:
        offset, encoded = out.tell(), name.encode()
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(raw), size, len(encoded), 0))
        out.write(encoded + raw)
        directory.append(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(raw), size,
                                     len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(directory), len(directory), out.tell() - start, start, 0))
    return out.getvalue()


def _stored(name: str, content: bytes) -> tuple[str, int, bytes, int, int]:
    return (name, 0, content, zlib.crc32(content), len(content))


@pytest.fixture(scope="module")
def three_gib_of_zeros() -> tuple[bytes, int]:
    return _deflated_zeros(3 * 1024)


def test_a_word_file_whose_xml_expands_to_gigabytes(three_gib_of_zeros, framework):
    raw, crc = three_gib_of_zeros
    package = _zip([_stored("[Content_Types].xml", CONTENT_TYPES), _stored("_rels/.rels", RELS),
                    ("word/document.xml", 8, raw, crc, 3 * GIB)])
    assert len(package) < 4 * 1024 * 1024  # 3 GiB of XML in under 4 MB
    assert zipfile.ZipFile(io.BytesIO(package)).getinfo("word/document.xml").file_size == 3 * GIB
    for message in (_refused_within(50 * MIB, read_return, "bomb.docx", package, framework),
                    _refused_within(50 * MIB, read_guide_docx, package, framework)):
        assert "zip bomb" in message and "3,072 MB" in message, message


def test_a_word_file_whose_zip_directory_understates_the_xml(three_gib_of_zeros, framework):
    """The directory says 1,000 bytes; the data holds 3 GiB. The guard reads the directory and
    lets it by, so the reading itself must never decompress more than the directory says."""
    raw, _ = three_gib_of_zeros
    package = _zip([_stored("[Content_Types].xml", CONTENT_TYPES), _stored("_rels/.rels", RELS),
                    ("word/document.xml", 8, raw, zlib.crc32(bytes(1000)), 1000)])
    message = _refused_within(50 * MIB, read_return, "liar.docx", package, framework)
    assert "could not be opened" in message or "damaged" in message, message


def test_a_zip_of_too_many_parts(framework):
    package = _zip([_stored("[Content_Types].xml", CONTENT_TYPES)] + [_stored(f"word/p{i}.xml", b"<x/>") for i in range(2500)])
    with pytest.raises(ImportProblems) as refused:
        read_return("many.docx", package, framework)
    assert "2501 parts" in str(refused.value)
