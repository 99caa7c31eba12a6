"""OLE2 compound files ([MS-CFB]), the container of Word 97 (DOC), WPS and Excel (XLS) files:
the names of their streams and a stream's bytes. Pure and bounded: a broken file raises
`OleError`, loops in its sector chains end at the file's size."""

from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF


class OleError(ValueError):
    pass


class CompoundFile:
    def __init__(self, data: bytes) -> None:
        if not data.startswith(MAGIC) or len(data) < 512:
            raise OleError("not an OLE2 compound file")
        self.data = data
        self.sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
        self.mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
        if self.sector_size not in (512, 4096) or self.mini_size != 64:
            raise OleError("unexpected sector sizes")
        fat_count, directory_start = struct.unpack_from("<II", data, 0x2C)
        self.mini_cutoff, mini_fat_start, _, difat_start, difat_count = struct.unpack_from(
            "<IIIII", data, 0x38
        )
        self.fat = self._fat(fat_count, difat_start, difat_count)
        self.entries = self._directory(self._chain_bytes(directory_start))
        root = self.entries[0] if self.entries else None
        if root is None or root[1] != 5:
            raise OleError("no root entry")
        self.mini_stream = self._chain_bytes(root[2])[: root[3]]
        mini_fat = self._chain_bytes(mini_fat_start) if mini_fat_start < _END_OF_CHAIN else b""
        self.mini_fat = list(struct.unpack(f"<{len(mini_fat) // 4}I", mini_fat))

    @property
    def names(self) -> set[str]:
        """Names of the streams (type 2) anywhere in the file."""
        return {name for name, kind, _, _ in self.entries if kind == 2}

    def stream(self, name: str) -> bytes:
        for entry_name, kind, start, size in self.entries:
            if kind == 2 and entry_name == name:
                if size < self.mini_cutoff:
                    return self._mini_chain_bytes(start)[:size]
                return self._chain_bytes(start)[:size]
        raise OleError(f"no stream {name!r}")

    # --- sectors ---------------------------------------------------------------------------

    def _sector(self, index: int) -> bytes:
        offset = (index + 1) * self.sector_size
        return self.data[offset : offset + self.sector_size]

    def _fat(self, fat_count: int, difat_start: int, difat_count: int) -> list[int]:
        sectors = list(struct.unpack_from("<109I", self.data, 0x4C))
        next_difat = difat_start
        for _ in range(min(difat_count, len(self.data) // self.sector_size)):
            if next_difat >= _END_OF_CHAIN:
                break
            block = self._sector(next_difat)
            values = struct.unpack(f"<{len(block) // 4}I", block)
            sectors.extend(values[:-1])
            next_difat = values[-1]
        fat: list[int] = []
        for sector in sectors[:fat_count]:
            if sector >= _END_OF_CHAIN:
                continue
            block = self._sector(sector)
            fat.extend(struct.unpack(f"<{len(block) // 4}I", block))
        return fat

    def _chain(self, start: int, table: list[int]) -> list[int]:
        chain, seen = [], set()
        index = start
        while index < len(table) and index not in seen and index not in (_END_OF_CHAIN, _FREE):
            seen.add(index)
            chain.append(index)
            index = table[index]
        return chain

    def _chain_bytes(self, start: int) -> bytes:
        return b"".join(self._sector(i) for i in self._chain(start, self.fat))

    def _mini_chain_bytes(self, start: int) -> bytes:
        size = self.mini_size
        return b"".join(
            self.mini_stream[i * size : (i + 1) * size] for i in self._chain(start, self.mini_fat)
        )

    @staticmethod
    def _directory(raw: bytes) -> list[tuple[str, int, int, int]]:
        """(name, type, start sector, size) of each directory entry, in directory order."""
        entries = []
        for offset in range(0, len(raw) - 127, 128):
            name_length, kind = struct.unpack_from("<HB", raw, offset + 64)
            name = raw[offset : offset + max(0, min(name_length, 64) - 2)].decode(
                "utf-16-le", "replace"
            )
            start, size = struct.unpack_from("<IQ", raw, offset + 116)
            entries.append((name, kind, start, size & 0xFFFFFFFF))
        return entries


def stream_names(data: bytes) -> set[str]:
    """The stream names of an OLE2 file, or an empty set when it cannot be read."""
    try:
        return CompoundFile(data).names
    except (OleError, struct.error):
        return set()
