"""Small-cell suppression: no count from 1 to K-1 can be worked out from what is published.

The attacker here knows every published cell and total and the table's arithmetic
(each row and column adds up to its total) and solves those linear equations
exactly (Gaussian elimination over fractions).  A hidden cell is *recovered* when the
equations fix its value.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.exports.suppress import TOTAL, SuppressedTable, _HiddenGraph, suppress_table

Key = tuple[str, str]


def recover(table: SuppressedTable) -> dict[Key, Fraction]:
    """Every hidden cell whose value the published cells and totals fix."""
    rows = [r for r in table.rows if r != TOTAL]
    cols = [c for c in table.columns if c != TOTAL]
    unknowns = sorted(table.suppressed)
    index = {key: i for i, key in enumerate(unknowns)}
    # Each line: (cells, its total): sum(cells) - total = 0.
    lines: list[tuple[list[Key], Key]] = [
        ([(r, c) for c in cols], (r, TOTAL)) for r in [*rows, TOTAL]
    ] + [([(r, c) for r in rows], (TOTAL, c)) for c in [*cols, TOTAL]]
    matrix: list[list[Fraction]] = []
    for cells, total in lines:
        coefficients = [Fraction(0)] * (len(unknowns) + 1)
        for key, sign in [*((cell, 1) for cell in cells), (total, -1)]:
            value = table.values[key]
            if value is None:
                coefficients[index[key]] += sign
            else:
                coefficients[-1] -= sign * value
        matrix.append(coefficients)
    # Reduced row echelon form.
    pivots: list[int] = []
    row = 0
    for col in range(len(unknowns)):
        found = next((i for i in range(row, len(matrix)) if matrix[i][col] != 0), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        lead = matrix[row][col]
        matrix[row] = [x / lead for x in matrix[row]]
        for i in range(len(matrix)):
            if i != row and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[row], strict=True)]
        pivots.append(col)
        row += 1
    # Consistency: the published numbers really are a solution.
    assert all(any(x != 0 for x in line[:-1]) or line[-1] == 0 for line in matrix)
    recovered: dict[Key, Fraction] = {}
    for i, col in enumerate(pivots):
        others = [j for j in range(len(unknowns)) if j != col and matrix[i][j] != 0]
        if not others:
            recovered[unknowns[col]] = matrix[i][-1]
    return recovered


def full_table(cells: Mapping[Key, int]) -> dict[Key, int]:
    rows = list(dict.fromkeys(r for r, _ in cells))
    cols = list(dict.fromkeys(c for _, c in cells))
    full = {(r, c): cells.get((r, c), 0) for r in rows for c in cols}
    for r in rows:
        full[(r, TOTAL)] = sum(cells.get((r, c), 0) for c in cols)
    for c in cols:
        full[(TOTAL, c)] = sum(cells.get((r, c), 0) for r in rows)
    full[(TOTAL, TOTAL)] = sum(cells.values())
    return full


def naive(cells: Mapping[Key, int], k: int) -> SuppressedTable:
    """Hide only the small cells: what this module must do better than."""
    full = full_table(cells)
    primary = frozenset(key for key, value in full.items() if 0 < value < k)
    values: dict[Key, int | None] = {
        key: None if key in primary else value for key, value in full.items()
    }
    return SuppressedTable(values=values, k=k, primary=primary)


SMALL_IN_A_ROW = {
    ("Group A", "2026-01"): 4,
    ("Group A", "2026-02"): 25,
    ("Group B", "2026-01"): 30,
    ("Group B", "2026-02"): 18,
}


def test_the_attacker_recovers_a_small_count_that_was_only_hidden() -> None:
    # Group A's row total (29) minus February (25) gives January away.
    table = naive(SMALL_IN_A_ROW, 11)
    assert table.shown("Group A", "2026-01") == "<11"
    assert recover(table) == {("Group A", "2026-01"): 4}


def test_a_small_count_is_protected_by_hiding_other_cells() -> None:
    table = suppress_table(SMALL_IN_A_ROW)
    assert table.shown("Group A", "2026-01") == "<11"
    assert len(table.suppressed) > 1
    assert ("Group A", "2026-01") not in recover(table)
    # The totals a funder looks at first stay visible when interior cells can do the job.
    assert table.shown(TOTAL, TOTAL) == "77"
    assert table.values[("Group A", TOTAL)] == 29


def test_complementary_cells_are_marked_differently_from_small_counts() -> None:
    table = suppress_table(SMALL_IN_A_ROW)
    complementary = table.suppressed - table.primary
    assert complementary
    assert {table.shown(*key) for key in complementary} == {"*"}
    assert table.primary == {("Group A", "2026-01")}


def test_a_table_without_small_counts_is_published_whole_with_totals() -> None:
    table = suppress_table({("A", "x"): 12, ("A", "y"): 0, ("B", "x"): 40, ("B", "y"): 11})
    assert not table.suppressed
    assert table.rows == ("A", "B", TOTAL)
    assert table.columns == ("x", "y", TOTAL)
    assert [table.shown(r, TOTAL) for r in table.rows] == ["12", "51", "63"]
    assert [table.shown(TOTAL, c) for c in table.columns] == ["52", "11", "63"]
    assert table.shown("A", "y") == "0"


def test_small_totals_are_suppressed_too() -> None:
    table = suppress_table({("A", "x"): 0, ("A", "y"): 3, ("B", "x"): 0, ("B", "y"): 2})
    assert table.shown(TOTAL, TOTAL) == "<11"
    assert table.shown("A", TOTAL) == "<11"
    assert table.shown(TOTAL, "y") == "<11"
    assert table.shown(TOTAL, "x") == "0"
    assert not set(recover(table)) & table.primary


def test_missing_combinations_count_as_zero() -> None:
    table = suppress_table({("A", "x"): 20, ("B", "y"): 30})
    assert table.values[("A", "y")] == 0
    assert table.values[("B", "x")] == 0
    assert table.values[(TOTAL, TOTAL)] == 50


def test_an_empty_table_has_a_zero_total() -> None:
    table = suppress_table({})
    assert table.values == {(TOTAL, TOTAL): 0}


def test_the_threshold_can_be_chosen() -> None:
    cells = {("A", "x"): 5, ("A", "y"): 30, ("B", "x"): 30, ("B", "y"): 30}
    assert suppress_table(cells, k=5).shown("A", "x") == "5"
    assert suppress_table(cells, k=6).shown("A", "x") == "<6"


@pytest.mark.parametrize(
    ("cells", "k"),
    [
        ({("A", "x"): -1}, 11),
        ({(TOTAL, "x"): 1}, 11),
        ({("A", TOTAL): 1}, 11),
        ({("A", "x"): 1}, 0),
    ],
)
def test_bad_tables_are_refused(cells: dict[Key, int], k: int) -> None:
    with pytest.raises(ValueError):
        suppress_table(cells, k=k)


counts = st.one_of(st.integers(0, 12), st.integers(0, 12), st.integers(0, 40), st.integers(10, 11))


@st.composite
def tables(draw: st.DrawFn) -> dict[Key, int]:
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 6))
    return {(f"row {r}", f"col {c}"): draw(counts) for r in range(n_rows) for c in range(n_cols)}


@settings(max_examples=300, deadline=None)
@given(cells=tables(), k=st.sampled_from([11, 11, 11, 5, 2]))
def test_no_small_count_can_be_worked_out(cells: dict[Key, int], k: int) -> None:
    table = suppress_table(cells, k=k)
    truth = full_table(cells)

    # Every small count is hidden and marked as small; published numbers are true.
    for key, value in truth.items():
        if 0 < value < k:
            assert table.values[key] is None
            assert table.shown(*key) == f"<{k}"
        elif table.values[key] is not None:
            assert table.values[key] == value
            assert table.shown(*key) == str(value)
    assert table.primary == {key for key, value in truth.items() if 0 < value < k}

    # The attacker: solving the equations recovers no small count.
    for key, value in recover(table).items():
        assert value == truth[key]  # the attacker's algebra is sound
        assert not 0 < value < k, f"{key} = {value} can be worked out"


def joined_without(edge: Key, hidden: set[Key]) -> bool:
    """Whether the other hidden cells join ``edge``'s row and column (a plain walk)."""
    reached, todo = {("r", edge[0])}, [("r", edge[0])]
    while todo:
        kind, label = todo.pop()
        for row, col in hidden - {edge}:
            if (kind == "r" and row == label) or (kind == "c" and col == label):
                other = ("c", col) if kind == "r" else ("r", row)
                if other not in reached:
                    reached.add(other)
                    todo.append(other)
    return ("c", edge[1]) in reached


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_bridge_test_agrees_with_a_plain_walk(data: st.DataObject) -> None:
    # Which cells are hidden to protect others rests on this test (see _complement).
    rows = [f"row {r}" for r in range(data.draw(st.integers(1, 7)))]
    cols = [f"col {c}" for c in range(data.draw(st.integers(1, 7)))]
    cells = [(r, c) for r in rows for c in cols]
    hidden = data.draw(st.sets(st.sampled_from(cells), min_size=1))
    graph = _HiddenGraph(rows, cols, set(hidden))
    for edge in hidden:
        assert graph.is_bridge(edge) is not joined_without(edge, hidden)
