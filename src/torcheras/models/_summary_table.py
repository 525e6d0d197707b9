"""Plain-text tables as rich draws them for ``model.summary()`` (no colors).

Only what Keras's summary uses: a ``HEAVY_HEAD`` box with lines between rows, fixed column
widths shrunk to the table width as rich does, cells wrapped at word boundaries with an
ellipsis for words longer than the cell, and console lines folded or cropped to the
terminal width.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


# ---------------------------------------------------------------------- cell widths
def _char_width(ch: str) -> int:
    if ch < "\u0300":
        return 0 if ch < " " else 1
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_len(s: str) -> int:
    """Terminal cells taken by ``s`` (wide East Asian characters count 2)."""
    if s.isascii():
        return len(s)
    return sum(_char_width(c) for c in s)


def set_cell_size(s: str, total: int) -> str:
    """``s`` cropped or space-padded to exactly ``total`` cells."""
    size = cell_len(s)
    if size == total:
        return s
    if size < total:
        return s + " " * (total - size)
    out, used = [], 0
    for ch in s:
        w = _char_width(ch)
        if used + w > total:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (total - used)


def chop_cells(s: str, width: int) -> list[str]:
    """``s`` cut into pieces of at most ``width`` cells."""
    lines, current, used = [], [], 0
    for ch in s:
        w = _char_width(ch)
        if used + w > width and current:
            lines.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += w
    if current:
        lines.append("".join(current))
    return lines


# ---------------------------------------------------------------------- wrapping
def divide_line(s: str, width: int, fold: bool) -> list[int]:
    """Offsets where ``s`` is broken to fit ``width`` cells (rich's word wrap)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(s):
        start, word = match.start(), match.group(0)
        word_length = cell_len(word.rstrip())
        if width - offset >= word_length:
            offset += cell_len(word)
        elif word_length > width:
            if fold:
                pieces = chop_cells(word, width)
                for i, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if i == len(pieces) - 1:
                        offset = cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


def _split_at(s: str, offsets: list[int]) -> list[str]:
    bounds = [0] + offsets + [len(s)]
    return [s[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _rstrip_end(s: str, size: int) -> str:
    if len(s) > size:
        match = _TRAILING_SPACE.search(s)
        if match is not None:
            s = s[:len(s) - min(len(match.group(0)), len(s) - size)]
    return s


def _truncate(s: str, width: int, ellipsis: bool) -> str:
    if cell_len(s) > width:
        return set_cell_size(s, width - 1) + "…" if ellipsis else set_cell_size(s, width)
    return s


def wrap_cell(s: str, width: int, justify: str) -> list[str]:
    """A table cell's lines, each exactly ``width`` cells (overflow: ellipsis)."""
    width = max(width, 0)
    lines = []
    for raw in s.split("\n"):
        for piece in _split_at(raw, divide_line(raw, width, fold=False)):
            piece = _rstrip_end(piece, width)
            if justify == "left":
                piece = _truncate(piece, width, ellipsis=True)
                piece = piece + " " * max(width - cell_len(piece), 0)
            else:
                piece = _truncate(piece.rstrip(), width, ellipsis=True)
                excess = max(width - cell_len(piece), 0)
                left = excess // 2 if justify == "center" else excess
                piece = " " * left + piece + " " * (excess - left)
            lines.append(set_cell_size(piece, width))
    return lines


def fold(s: str, width: int) -> list[str]:
    """A console line wrapped at words, long words folded (rich's ``console.print``)."""
    lines = []
    for raw in s.split("\n"):
        for piece in _split_at(raw, divide_line(raw, width, fold=True)):
            lines.append(_truncate(_rstrip_end(piece, width), width, ellipsis=False))
    return lines


def crop(line: str, width: int) -> str:
    return line if cell_len(line) <= width else set_cell_size(line, width)


# ---------------------------------------------------------------------- table
def _ratio_reduce(total: int, ratios: list[int], maximums: list[int],
                  values: list[int]) -> list[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return list(values)
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            # Python's round (half to even), as rich uses.
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def table_widths(column_widths: list[int], line_length: int) -> list[int]:
    """Rendered widths (padding included, borders excluded) of fixed-width columns in a
    table ``line_length`` wide."""
    max_width = line_length - (len(column_widths) + 1)
    if max_width < 1:
        return [0] * len(column_widths)
    widths = [min(w + 2, max_width) or 1 for w in column_widths]
    if sum(widths) > max_width:
        excess = sum(widths) - max_width
        widths = _ratio_reduce(excess, [1] * len(widths), widths, widths)
        widths = [min(c + 2, w) if w >= 1 else 0 for c, w in zip(column_widths, widths,
                                                                  strict=True)]
    return widths


def _render_row(cells: list[str], widths: list[int], alignment: list[str],
                bottom_align: bool) -> list[list[str]]:
    # rich renders nothing at all in a cell with no room inside its padding.
    columns = [[" " + line + " " for line in wrap_cell(cell, w - 2, justify)] if w > 2 else []
               for cell, w, justify in zip(cells, widths, alignment, strict=True)]
    height = max(1, max(len(c) for c in columns))
    padded = []
    for col, w in zip(columns, widths, strict=True):
        blank = [" " * w] * (height - len(col))
        padded.append(blank + col if bottom_align else col + blank)
    return [[col[i] for col in padded] for i in range(height)]


def render_table(header: list[str], alignment: list[str], column_widths: list[int],
                 line_length: int, rows: list[list[str]]) -> list[str]:
    """The lines of rich's ``Table(show_lines=True)`` with a ``HEAVY_HEAD`` box."""
    widths = table_widths(column_widths, line_length)

    def rule(left, fill, mid, right):
        return left + mid.join(fill * w for w in widths) + right

    lines = [rule("┏", "━", "┳", "┓")]
    for parts in _render_row(header, widths, alignment, bottom_align=True):
        lines.append("┃" + "┃".join(parts) + "┃")
    lines.append(rule("┡", "━", "╇", "┩"))
    for i, row in enumerate(rows):
        if i:
            lines.append(rule("├", "─", "┼", "┤"))
        for parts in _render_row(row, widths, alignment, bottom_align=False):
            lines.append("│" + "│".join(parts) + "│")
    lines.append(rule("└", "─", "┴", "┘"))
    return lines
