"""The main text of a Word 97-2003 binary file ([MS-DOC]) as paragraphs with the properties a
report needs: in a table or not, row end, the row's cell boundaries and vertical merges, centred.

FIB → piece table (CLX) for the text in character order → paragraph properties (PAPX in FKPs,
by file offset) for each paragraph and cell mark. Fields keep their shown result, not their
code. Word 6/95 files and encrypted files raise `Word97Error` (the caller falls back on antiword).
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass, field

from pipelines.documents.ole import CompoundFile

_PARAGRAPH_END, _CELL_END = "\r", "\x07"
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
# Characters that stand for objects (pictures, footnote marks, annotations): not text.
_DROPPED = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x06\x08\x1f\ufeff"), None)
_SPACES = {ord("\t"): " ", ord("\xa0"): " ", ord("\x1e"): "-", ord("\x0b"): "\n", ord("\x0c"): "\n"}

_SPRM_IN_TABLE = 0x2416
_SPRM_TTP = 0x2417
_SPRM_ITAP = 0x6649
_SPRM_INNER_TTP = 0x244C
_SPRM_JC = (0x2403, 0x2461)
_SPRM_HUGE_PAPX = 0x6646
_SPRM_TDEF_TABLE = 0xD608
_SPRM_TVERT_MERGE = 0xD62B


class Word97Error(ValueError):
    pass


@dataclass
class RowCell:
    left: int  # twips
    right: int
    vertical_merge: int = 0  # 0 none, 1 continues the cell above, 3 starts a merge


@dataclass
class Paragraph:
    """A paragraph, or a cell's last paragraph (`cell_end`), or a table row's end (`row_end`)."""

    text: str
    in_table: bool = False
    depth: int = 0
    cell_end: bool = False
    row_end: bool = False
    centred: bool = False
    row_cells: list[RowCell] = field(default_factory=list)


def read_paragraphs(data: bytes) -> list[Paragraph]:
    """The main document's paragraphs in order."""
    ole = CompoundFile(data)
    word = ole.stream("WordDocument")
    if len(word) < 0x200 or struct.unpack_from("<H", word, 0)[0] != 0xA5EC:
        raise Word97Error("no Word FIB")
    n_fib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 0x0A)[0]
    if n_fib < 0xC1:
        raise Word97Error(f"Word 6/95 file (nFib {n_fib:#x})")
    if flags & 0x0100:
        raise Word97Error("encrypted document")
    table = ole.stream("1Table" if flags & 0x0200 else "0Table")
    data_stream = ole.stream("Data") if "Data" in ole.names else b""
    fib_lw, fc_lcb = _fib_arrays(word)
    text_length = fib_lw[3]  # ccpText: the main document; headers, notes come after it
    fc_clx, lcb_clx = fc_lcb[33]
    fc_papx, lcb_papx = fc_lcb[13]
    pieces = _pieces(table[fc_clx : fc_clx + lcb_clx])
    properties = _paragraph_properties(word, table[fc_papx : fc_papx + lcb_papx], data_stream)
    return _paragraphs(word, pieces, properties, text_length)


def _fib_arrays(word: bytes) -> tuple[list[int], list[tuple[int, int]]]:
    offset = 0x20
    csw = struct.unpack_from("<H", word, offset)[0]
    offset += 2 + csw * 2
    cslw = struct.unpack_from("<H", word, offset)[0]
    fib_lw = list(struct.unpack_from(f"<{cslw}i", word, offset + 2))
    offset += 2 + cslw * 4
    count = struct.unpack_from("<H", word, offset)[0]
    values = struct.unpack_from(f"<{count * 2}I", word, offset + 2)
    if count < 34 or len(fib_lw) < 4:
        raise Word97Error("short FIB")
    return fib_lw, list(zip(values[0::2], values[1::2], strict=True))


# --- text --------------------------------------------------------------------------------------


@dataclass
class _Piece:
    cp_start: int
    cp_end: int
    fc: int  # byte offset of its first character in the WordDocument stream
    compressed: bool  # 8-bit (cp1252) instead of UTF-16


def _pieces(clx: bytes) -> list[_Piece]:
    offset = 0
    while offset < len(clx) and clx[offset] == 0x01:  # Prc: formatting we do not need
        offset += 3 + struct.unpack_from("<h", clx, offset + 1)[0]
    if offset >= len(clx) or clx[offset] != 0x02:
        raise Word97Error("no piece table")
    size = struct.unpack_from("<I", clx, offset + 1)[0]
    plc = clx[offset + 5 : offset + 5 + size]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces = []
    for i in range(count):
        fc_value = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)[0]
        compressed = bool(fc_value & 0x40000000)
        fc = fc_value & 0x3FFFFFFF
        pieces.append(_Piece(cps[i], cps[i + 1], fc // 2 if compressed else fc, compressed))
    return pieces


def _piece_text(word: bytes, piece: _Piece, length: int) -> str:
    if piece.compressed:
        return word[piece.fc : piece.fc + length].decode("cp1252", "replace")
    return word[piece.fc : piece.fc + 2 * length].decode("utf-16-le", "replace")


# --- paragraph properties ------------------------------------------------------------------------


def _paragraph_properties(
    word: bytes, plc: bytes, data_stream: bytes
) -> tuple[list[int], list[dict[int, bytes]]]:
    """Sorted run starts (file offsets) and the sprms of each run, from the PAPX FKPs."""
    count = (len(plc) - 4) // 8
    pages = struct.unpack_from(f"<{count}I", plc, 4 * (count + 1)) if count > 0 else ()
    starts: list[int] = []
    sprms: list[dict[int, bytes]] = []
    for page in pages:
        fkp = word[(page & 0x3FFFFF) * 512 : (page & 0x3FFFFF) * 512 + 512]
        if len(fkp) < 512:
            continue
        runs = fkp[511]
        fcs = struct.unpack_from(f"<{runs + 1}I", fkp, 0)
        for i in range(runs):
            b_offset = fkp[4 * (runs + 1) + 13 * i] * 2
            found: dict[int, bytes] = {}
            if b_offset:
                cb = fkp[b_offset]
                start, length = (
                    (b_offset + 1, 2 * cb - 1) if cb else (b_offset + 2, 2 * fkp[b_offset + 1])
                )
                found = _sprms(fkp[start + 2 : start + length])  # after the style index
                if _SPRM_HUGE_PAPX in found:
                    found.update(_huge_papx(data_stream, found[_SPRM_HUGE_PAPX]))
            starts.append(fcs[i])
            sprms.append(found)
    order = sorted(range(len(starts)), key=starts.__getitem__)
    return [starts[i] for i in order], [sprms[i] for i in order]


def _huge_papx(data_stream: bytes, operand: bytes) -> dict[int, bytes]:
    offset = struct.unpack("<I", operand[:4])[0]
    if offset + 2 > len(data_stream):
        return {}
    size = struct.unpack_from("<H", data_stream, offset)[0]
    return _sprms(data_stream[offset + 2 : offset + 2 + size])


def _sprms(grpprl: bytes) -> dict[int, bytes]:
    """Single property modifiers: opcode → operand (the last one wins)."""
    out: dict[int, bytes] = {}
    i = 0
    while i + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, i)[0]
        i += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        elif sprm == _SPRM_TDEF_TABLE:
            if i + 2 > len(grpprl):
                break
            size = struct.unpack_from("<H", grpprl, i)[0] - 1
            i += 2
        else:
            if i >= len(grpprl):
                break
            size = grpprl[i]
            i += 1
        out[sprm] = grpprl[i : i + size]
        i += size
    return out


def _row_cells(sprms: dict[int, bytes]) -> list[RowCell]:
    operand = sprms.get(_SPRM_TDEF_TABLE)
    if not operand:
        return []
    count = operand[0]
    if len(operand) < 1 + 2 * (count + 1):
        return []
    centres = struct.unpack_from(f"<{count + 1}h", operand, 1)
    cells = [RowCell(centres[i], centres[i + 1]) for i in range(count)]
    tc_offset = 1 + 2 * (count + 1)
    for i, cell in enumerate(cells):
        start = tc_offset + 20 * i
        if start + 2 <= len(operand):
            cell.vertical_merge = (struct.unpack_from("<H", operand, start)[0] >> 5) & 3
    merge = sprms.get(_SPRM_TVERT_MERGE)
    if merge and len(merge) >= 2 and merge[0] < len(cells):
        cells[merge[0]].vertical_merge = merge[1]
    return cells


# --- paragraphs ----------------------------------------------------------------------------------


def _paragraphs(
    word: bytes, pieces: list[_Piece], properties: tuple[list[int], list[dict]], text_length: int
) -> list[Paragraph]:
    starts, sprm_runs = properties
    paragraphs: list[Paragraph] = []
    buffer: list[str] = []
    fields: list[bool] = []  # per open field: showing its result yet?
    for piece in pieces:
        if piece.cp_start >= text_length:
            break
        length = min(piece.cp_end, text_length) - piece.cp_start
        text = _piece_text(word, piece, length)
        width = 1 if piece.compressed else 2
        for k, char in enumerate(text):
            if char == _FIELD_BEGIN:
                fields.append(False)
            elif char == _FIELD_SEPARATOR:
                if fields:
                    fields[-1] = True
            elif char == _FIELD_END:
                if fields:
                    fields.pop()
            elif char in (_PARAGRAPH_END, _CELL_END):
                run = bisect_right(starts, piece.fc + k * width) - 1
                sprms = sprm_runs[run] if run >= 0 else {}
                paragraphs.append(_paragraph("".join(buffer), char, sprms))
                buffer.clear()
            elif not fields or all(fields):
                buffer.append(char)
    if buffer:
        paragraphs.append(Paragraph("".join(buffer)))
    return paragraphs


def _paragraph(text: str, mark: str, sprms: dict[int, bytes]) -> Paragraph:
    depth = struct.unpack("<i", sprms[_SPRM_ITAP][:4])[0] if _SPRM_ITAP in sprms else 0
    in_table = bool(sprms.get(_SPRM_IN_TABLE, b"\0")[0]) or depth > 0
    depth = max(depth, 1) if in_table else 0
    row_end = bool(sprms.get(_SPRM_TTP, b"\0")[0]) or bool(sprms.get(_SPRM_INNER_TTP, b"\0")[0])
    jc = next((sprms[s] for s in _SPRM_JC if s in sprms), b"\0")
    return Paragraph(
        text=text.translate(_DROPPED).translate(_SPACES),
        in_table=in_table,
        depth=depth,
        cell_end=mark == _CELL_END and not row_end,
        row_end=row_end,
        centred=jc[0] == 1,
        row_cells=_row_cells(sprms) if row_end else [],
    )
