"""A document's table as a grid of positions, each pointing at the cell that covers it.

Word's merged cells, a PDF's cells bounded by rules and a table continued on the next page all
come down to this: a cell covers a rectangle of positions. Merging two cells makes one cell cover
both rectangles; rows that only repeat the row above vanish; the grid is emitted as <table> markup
with rowspan/colspan, the form the HTML table parser reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.documents.cjk_spacing import join_lines


@dataclass(eq=False)
class Cell:
    """One cell: its text lines, top to bottom."""

    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines(self.lines)


@dataclass
class CellGrid:
    """rows[r][c] is the cell covering position (r, c); a spanning cell appears several times."""

    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def merge(self, keep: Cell, gone: Cell) -> None:
        """`keep` takes over `gone`'s positions and, after its own, its text."""
        if keep is gone:
            return
        keep.lines.extend(gone.lines)
        for row in self.rows:
            for c, cell in enumerate(row):
                if cell is gone:
                    row[c] = keep

    def squeeze(self) -> None:
        """Pad short rows, then drop rows equal to the row above and columns equal to the one
        left of them: they only split a cell that spans them (double rules, a cut row)."""
        width = self.width
        for row in self.rows:
            row.extend(Cell() for _ in range(width - len(row)))
        kept = [row for r, row in enumerate(self.rows) if r == 0 or row != self.rows[r - 1]]
        self.rows = kept
        if not kept:
            return
        columns = [
            c for c in range(width) if c == 0 or any(row[c] is not row[c - 1] for row in kept)
        ]
        self.rows = [[row[c] for c in columns] for row in kept]

    def spans(self) -> list[list[tuple[Cell, int, int]]]:
        """Per row, each cell starting there with its rowspan and colspan."""
        self.squeeze()
        placed: set[int] = set()
        out: list[list[tuple[Cell, int, int]]] = []
        for r, row in enumerate(self.rows):
            starts = []
            for c, cell in enumerate(row):
                if id(cell) in placed:
                    continue
                placed.add(id(cell))
                colspan = 1
                while c + colspan < len(row) and row[c + colspan] is cell:
                    colspan += 1
                rowspan = 1
                while r + rowspan < len(self.rows) and self.rows[r + rowspan][c] is cell:
                    rowspan += 1
                starts.append((cell, rowspan, colspan))
            out.append(starts)
        return out
