"""Structure-aware mutations for the fuzz harness: documents (ZIP parts of DOCX/OFD, PDF numbers,
OLE sector tables) and WARC files (gzip members, record heads). Same signature as
tests/fuzz_mutators.py: body and three integers in, body out; no-op when the structure is gone.
"""

from __future__ import annotations

import gzip
import io
import random
import re
import struct
import zipfile
import zlib

from tests.fuzz_mutators import Mutation, Profile, _at, _pick, fraction, scaled

# --- documents -----------------------------------------------------------------------------------


def _zip_parts(body: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [(info, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError):
        return None
    except (NotImplementedError, RuntimeError, zlib.error, struct.error):
        return None


def _xml_edit(data: bytes, kind: int, b: int, c: int, profile: Profile) -> bytes:
    rng = random.Random(c)
    if kind == 0:
        return data[: _at(data, b)]
    if kind == 1:  # tags nested thousands deep inside the part
        depth = scaled(b, profile.max_depth) + 1
        tag = _pick((b"w:p", b"w:tbl", b"w:tr", b"ofd:TextObject", b"a", b"w:r"), c)
        at = data.rfind(b"<", 0, len(data) // 2) if b"<" in data else 0
        return data[:at] + (b"<" + tag + b">") * depth + data[at:]
    if kind == 2:  # closing tags dropped
        return re.sub(rb"</[^>]{1,40}>", lambda m: b"" if rng.random() < 0.3 else m.group(0), data)
    if kind == 3:  # an internal entity expanded many times (libxml2 must refuse, not expand)
        laugh = (
            b'<!DOCTYPE x [<!ENTITY a "'
            + b"ha" * 50
            + b'">'
            + b"".join(
                b'<!ENTITY a%d "' % (i + 1) + (b"&a%d;" % i if i else b"&a;") * 10 + b'">'
                for i in range(8)
            )
        )
        return laugh + b"]>" + data.replace(b"?>", b"?>&a8;", 1)
    if kind == 4:  # attributes with absurd numbers (cell spans, coordinates, font sizes)
        numbers = (b"-1", b"0", b"99999999999", b"1e308", b"NaN", b"", b"4294967297")
        return re.sub(rb'="(\d+(?:\.\d+)?)"', lambda m: b'="' + rng.choice(numbers) + b'"', data)
    return rng.randbytes(len(data) // 2)


def zip_part(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """One part of a DOCX or OFD package (its XML) cut, nested deep, unbalanced or garbled."""
    parts = _zip_parts(body)
    if not parts:
        return body
    index = a % len(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (info, data) in enumerate(parts):
            if i == index:
                data = _xml_edit(data, (a // len(parts)) % 6, b, c, profile)
            archive.writestr(info.filename, data)
    return out.getvalue()


_PDF_NUMBER = re.compile(
    rb"(/Length|/Count|/Size|/W|/Kids\s*\[|startxref|/First|/N|/Prev)(\s*)(-?\d+)"
)
_PDF_VALUES = (b"0", b"-1", b"1", b"2147483648", b"999999999999", b"7", b"100000")


def pdf_numbers(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """Lengths, page counts, xref offsets of a PDF set to wrong or absurd numbers."""
    rng = random.Random(c)
    matches = list(_PDF_NUMBER.finditer(body))
    if not matches:
        return body
    chosen = {m.start() for m in rng.sample(matches, min(len(matches), 1 + b % 16))}
    return _PDF_NUMBER.sub(
        lambda m: (
            m.group(1)
            + m.group(2)
            + (rng.choice(_PDF_VALUES) if m.start() in chosen else m.group(3))
        ),
        body,
    )


_OLE_WORDS = (0, 1, 2, 3, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0x7FFFFFFF, 109, 512)


def ole_words(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """Sector numbers, counts and sizes in an OLE2 header, FAT and directory overwritten: chains
    that loop, point past the end, or claim gigabyte streams."""
    if len(body) < 512:
        return body
    rng = random.Random(c)
    out = bytearray(body)
    region = min(len(out), 512 + 512 * (1 + a % 16))
    for _ in range(1 + b % 32):
        at = rng.randrange(0, region - 4, 4) if rng.random() < 0.8 else rng.randrange(len(out) - 4)
        value = rng.choice(_OLE_WORDS) if rng.random() < 0.7 else rng.randrange(1 << 32)
        out[at : at + 4] = struct.pack("<I", value)
    return bytes(out)


DOCUMENT_MUTATIONS: dict[str, Mutation] = {
    "zip_part": zip_part,
    "pdf_numbers": pdf_numbers,
    "ole_words": ole_words,
}

# --- WARC files ----------------------------------------------------------------------------------


def gzip_members(data: bytes) -> list[bytes] | None:
    """The gzip members of a ``.warc.gz`` file as their compressed bytes, or None."""
    members, rest = [], data
    while rest:
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            decoder.decompress(rest)
        except zlib.error:
            return None
        if not decoder.eof:
            return None
        used = len(rest) - len(decoder.unused_data)
        members.append(rest[:used])
        rest = decoder.unused_data
    return members


_HEAD_EDITS = 9


def _edit_record(record: bytes, kind: int, b: int, c: int) -> bytes:
    rng = random.Random(c)
    if kind == 0:  # a wrong Content-Length: the record claims more or fewer bytes than it has
        delta = rng.choice((-1, 1, -100, 100, 10**9, -(10**6)))

        def shift(m: re.Match[bytes]) -> bytes:
            return m.group(1) + str(max(0, int(m.group(2)) + delta)).encode()

        return re.sub(rb"(?im)^(Content-Length:\s*)(\d+)", shift, record, count=1 + b % 2)
    if kind == 1:  # a header line dropped
        lines = record.split(b"\r\n")
        head = lines.index(b"") if b"" in lines else len(lines)
        if head > 1:
            del lines[1 + b % (head - 1)]
        return b"\r\n".join(lines)
    if kind == 2:  # the HTTP status line garbled
        return re.sub(
            rb"HTTP/1\.[01] \d{3}[^\r\n]*",
            rng.choice((b"HTTP/1.1 abc", b"HTTP/9", b"", b"\xff\xfe")),
            record,
            count=1,
        )
    if kind == 3:  # the payload said to be gzip, deflate or brotli when it is not (or is twice)
        coding = rng.choice((b"gzip", b"deflate", b"br", b"gzip, gzip", b"compress", b"x-gzip"))
        status = re.search(rb"HTTP/1\.[01] [^\r\n]*\r\n", record)
        if status is None:
            return record
        line = b"Content-Encoding: " + coding + b"\r\n"
        record = record[: status.end()] + line + record[status.end() :]
        # the WARC head still states the block's length: only the HTTP head lies
        return re.sub(
            rb"(?m)^(Content-Length: )(\d+)",
            lambda m: m.group(1) + str(int(m.group(2)) + len(line)).encode(),
            record,
            count=1,
        )
    if kind == 4:  # another record type, or none
        kind_name = rng.choice((b"revisit", b"resource", b"conversion", b"x-unknown", b""))
        return re.sub(rb"WARC-Type: \w+", b"WARC-Type: " + kind_name, record, count=1)
    if kind == 5:  # the target URI gone or absurd
        uri = rng.choice((b"", b"urn:x", b"http://[::1", b"http://a.gov.cn/" + b"a" * 70000))
        return re.sub(rb"WARC-Target-URI: [^\r\n]*", b"WARC-Target-URI: " + uri, record, count=1)
    if kind == 6:  # a record cut inside its block
        return record[: _at(record, b)]
    if kind == 7:  # bare LF line ends
        return record.replace(b"\r\n", b"\n")
    return re.sub(
        rb"WARC/1\.[01]", rng.choice((b"WARC/0.9", b"WARC/2.0", b"HTTP/1.1")), record, count=1
    )


def warc_record(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """One record of a WARC file rewritten (its gzip member recompressed): a lying
    Content-Length, a dropped header, a garbled status line, a false Content-Encoding…"""
    members = gzip_members(body)
    if not members:
        return body
    index = a % len(members)
    record = gzip.decompress(members[index])
    members[index] = gzip.compress(_edit_record(record, (a // len(members)) % _HEAD_EDITS, b, c))
    return b"".join(members)


def warc_members(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """Whole records dropped, doubled, swapped, stored uncompressed, or garbage between them."""
    members = gzip_members(body)
    if not members:
        return body
    i, j = a % len(members), b % len(members)
    kind = c % 5
    if kind == 0:
        del members[i]
    elif kind == 1:
        members.insert(j, members[i])
    elif kind == 2:
        members[i], members[j] = members[j], members[i]
    elif kind == 3:
        members[i] = gzip.decompress(members[i])
    else:
        members.insert(i, random.Random(c).randbytes(1 + scaled(b, 4096)))
    return b"".join(members)


def gunzip_file(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """The same records as an uncompressed ``.warc`` file."""
    members = gzip_members(body)
    return b"".join(gzip.decompress(m) for m in members) if members else body


WARC_MUTATIONS: dict[str, Mutation] = {
    "warc_record": warc_record,
    "warc_members": warc_members,
    "gunzip_file": gunzip_file,
}

__all__ = ["DOCUMENT_MUTATIONS", "WARC_MUTATIONS", "fraction", "gzip_members"]
