"""FROZEN COPY of the bridge method that exports/suppress.py used before issue 13, kept
for tests/exports/test_audit.py: the attacker must keep beating it.

Small-cell suppression with complementary suppression for tables with totals.

A count from 1 to ``k - 1`` (default ``k = 11``, the CMS rule) is never published:
it is *primary* suppressed and shown as ``"<11"``.  Zero is published.  Because the
table also publishes its row, column and grand totals, hiding the small cells alone
is not enough (a row with one hidden cell gives it away by subtraction), so more
cells are hidden — *complementary* suppression — until no primary cell's value is
fixed by the published cells and the row/column equations.

Complementary cells are shown as ``"*"``, not ``"<11"``: their values are not small
and printing ``"<11"`` over, say, a total of 300 would be false.

How it is decided: write every line of the table (each row and column, totals
included) as "cells minus total = 0".  Flipping the sign of the total row and the
total column turns this into "every line sums to zero" over an
(rows + 1) x (columns + 1) grid, which is the incidence system of a bipartite graph
whose nodes are the lines and whose edges are the cells.  The hidden cells are the
unknowns; a hidden cell is fixed by the equations exactly when its edge is a
*bridge* of the graph of hidden cells (on no cycle).  So: while a primary cell is a
bridge, hide the cheapest path of further cells that closes a cycle through it
(cheap = small interior cells; zeros and totals only when needed).

What it does not promise: an attacker who also reasons with whole numbers and the
fact that hidden values are at least 0 can sometimes narrow a hidden value to a
range; only exact recovery through the linear equations is ruled out.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

TOTAL = "Total"
COMPLEMENT_MARK = "*"

Key = tuple[str, str]

_ZERO_COST = 5_000
"""Hiding a zero costs more than hiding a real count: a hidden zero next to a
single small cell lets a whole-number reasoner guess the small one."""
_MARGIN_COST = 100_000
_GRAND_TOTAL_COST = 10_000_000


@dataclass(frozen=True)
class SuppressedTable:
    """A table with totals; ``values[(row, col)]`` is ``None`` where suppressed.

    Keys are every ``(row, column)`` of the input rows and columns plus the ``"Total"``
    row and column, in order: rows as first seen, then ``"Total"``; the same for
    columns.  ``primary`` holds the cells hidden because they are small; the other
    ``None`` cells were hidden to protect them.
    """

    values: dict[Key, int | None]
    k: int
    primary: frozenset[Key] = field(default_factory=frozenset)

    @property
    def rows(self) -> tuple[str, ...]:
        """Row labels in order, ending with ``"Total"``."""
        return tuple(dict.fromkeys(row for row, _ in self.values))

    @property
    def columns(self) -> tuple[str, ...]:
        """Column labels in order, ending with ``"Total"``."""
        return tuple(dict.fromkeys(col for _, col in self.values))

    @property
    def suppressed(self) -> frozenset[Key]:
        """Every hidden cell, small or complementary."""
        return frozenset(key for key, value in self.values.items() if value is None)

    def shown(self, row: str, col: str) -> str:
        """The text to print: ``"42"``, ``"0"``, ``"<11"`` (a small count) or ``"*"``."""
        value = self.values[(row, col)]
        if value is not None:
            return str(value)
        if (row, col) in self.primary:
            return f"<{self.k}"
        return COMPLEMENT_MARK


def suppress_table(cells: Mapping[Key, int], *, k: int = 11) -> SuppressedTable:
    """Add totals to ``cells`` and suppress every count 1..k-1 plus enough others.

    ``cells`` is keyed by ``(row, column)``; a combination of a seen row and a seen
    column that is missing counts as 0.  Raises ``ValueError`` for a negative count,
    ``k < 1``, or a row or column already called ``"Total"``.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    rows = list(dict.fromkeys(row for row, _ in cells))
    cols = list(dict.fromkeys(col for _, col in cells))
    if TOTAL in rows or TOTAL in cols:
        raise ValueError(f"a row or column may not be called {TOTAL!r}")
    if any(value < 0 for value in cells.values()):
        raise ValueError("counts cannot be negative")

    full: dict[Key, int] = {}
    for row in rows:
        for col in cols:
            full[(row, col)] = cells.get((row, col), 0)
        full[(row, TOTAL)] = sum(full[(row, col)] for col in cols)
    for col in cols:
        full[(TOTAL, col)] = sum(full[(row, col)] for row in rows)
    full[(TOTAL, TOTAL)] = sum(full[(row, TOTAL)] for row in rows)

    primary = frozenset(key for key, value in full.items() if 0 < value < k)
    hidden = _complement(full, [*rows, TOTAL], [*cols, TOTAL], primary)
    values: dict[Key, int | None] = {
        key: None if key in hidden else value for key, value in full.items()
    }
    return SuppressedTable(values=values, k=k, primary=primary)


# Graph nodes: ("r", row label) and ("c", column label); an edge per cell.
_Node = tuple[str, str]


def _complement(
    full: Mapping[Key, int], rows: list[str], cols: list[str], primary: frozenset[Key]
) -> set[Key]:
    """The primary cells plus the complementary cells that protect them."""
    hidden = set(primary)
    graph = _HiddenGraph(rows, cols, hidden)
    row_at = {row: i for i, row in enumerate(rows)}
    col_at = {col: i for i, col in enumerate(cols)}
    for key in sorted(primary, key=lambda cell: (row_at[cell[0]], col_at[cell[1]])):
        if graph.is_bridge(key):
            path = _cheapest_cycle_path(key, full, rows, cols, hidden)
            hidden.update(path)
            graph.add(path)
    return hidden


class _HiddenGraph:
    """The graph of hidden cells: a node per row and per column (at most a few hundred),
    an edge per hidden cell.  Each node's neighbours are one integer's bits, so a
    connectivity test is a few dozen big-integer ORs, not a walk over every cell (the
    one-year summary of 100 groups asks some 5,000 times: its suppression took 1.6 s
    walking, 0.1 s so)."""

    def __init__(self, rows: list[str], cols: list[str], hidden: set[Key]) -> None:
        self._row = {row: i for i, row in enumerate(rows)}
        self._col = {col: len(rows) + i for i, col in enumerate(cols)}
        self._neighbours = [0] * (len(rows) + len(cols))
        self.add(hidden)

    def add(self, cells: Iterable[Key]) -> None:
        for row, col in cells:
            r, c = self._row[row], self._col[col]
            self._neighbours[r] |= 1 << c
            self._neighbours[c] |= 1 << r

    def is_bridge(self, edge: Key) -> bool:
        """Whether hidden cell ``edge`` is on no cycle: its row and column are not
        connected by the other hidden cells, that is no other hidden cell of its column
        can be reached from its row without it."""
        r, c = self._row[edge[0]], self._col[edge[1]]
        neighbours = self._neighbours
        goal = neighbours[c] & ~(1 << r)  # the column's other hidden cells' rows
        frontier = neighbours[r] & ~(1 << c)  # the row's other hidden cells' columns
        if not goal or not frontier:
            return True
        seen = frontier | 1 << r
        while frontier:
            reached = 0
            while frontier:
                low = frontier & -frontier
                found = neighbours[low.bit_length() - 1]
                if found & goal:
                    return False
                reached |= found
                frontier ^= low
            frontier = reached & ~seen
            seen |= frontier
        return True


def _cost(key: Key, value: int, hidden: set[Key]) -> int:
    if key in hidden:
        return 0
    row, col = key
    if row == TOTAL and col == TOTAL:
        return _GRAND_TOTAL_COST
    extra = _MARGIN_COST if TOTAL in key else 0
    return extra + (_ZERO_COST if value == 0 else value)


def _cheapest_cycle_path(
    edge: Key, full: Mapping[Key, int], rows: list[str], cols: list[str], hidden: set[Key]
) -> list[Key]:
    """The cells of the cheapest path from ``edge``'s row to its column not using it.

    The table always has a total row and a total column, so the grid is at least
    2 x 2 and such a path exists.
    """
    start: _Node = ("r", edge[0])
    goal: _Node = ("c", edge[1])
    best: dict[_Node, int] = {start: 0}
    came_from: dict[_Node, tuple[_Node, Key]] = {}
    queue: list[tuple[int, int, _Node]] = [(0, 0, start)]
    order = 0
    while queue:
        dist, _, node = heapq.heappop(queue)
        if node == goal:
            break
        if dist > best.get(node, dist):
            continue
        kind, label = node
        if kind == "r":
            steps = [(("c", col), (label, col)) for col in cols]
        else:
            steps = [(("r", row), (row, label)) for row in rows]
        for nxt, cell in steps:
            if cell == edge:
                continue
            new = dist + _cost(cell, full[cell], hidden)
            if new < best.get(nxt, new + 1):
                best[nxt] = new
                came_from[nxt] = (node, cell)
                order += 1
                heapq.heappush(queue, (new, order, nxt))
    path: list[Key] = []
    node = goal
    while node != start:
        node, cell = came_from[node]
        path.append(cell)
    return path
