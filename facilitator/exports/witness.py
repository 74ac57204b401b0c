"""Witnesses for the suppression audit (:mod:`facilitator.exports.audit`): whole
alternative tables that agree with everything an attacker reads.

A hidden small count that is 0 in one verified witness provably reaches 0; one that is
K or more in another provably reaches K.  The audit's question, "does every hidden
small count's range reach 0 and K?", is answered by finding witnesses with an integer
solver (scipy's HiGHS, ``scipy.optimize.milp``), and by a minimum or maximum of its own
for a count no witness covers.

Why it is fast enough: a witness need not change the whole table.  A solution of the
system restricted to a *block* (the unknowns of a few groups, every other unknown held
at its true value) is a solution of the whole system, since the true table satisfies
every relation the block does not touch and the rows it touches are solved with the
others as constants.  So witnesses are looked for first in small blocks (a few hundred
unknowns, milliseconds each), then over the whole independent part for what no block
covers, and only then alone.  A block can fail to find a witness that exists (it
cannot move what it holds fixed): that costs time, never safety, because what no
block covers goes on to the whole part.  Every witness is checked exactly (whole
numbers >= 0, every relation) before it is trusted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

Key = TypeVar("Key", bound=Hashable)
Row = tuple[dict[int, int], float, float]
"""lower <= sum(coefficient x column) <= upper."""
Expression = tuple[dict[int, int], int]
"""constant + sum(coefficient x column): a count to protect."""

_INFEASIBLE = 2  # scipy.optimize.milp's status for "no solution exists"
_WITNESS_ROUNDS = 12
_BLOCK_ROUNDS = 3
_FEW = 8
_COVER_GAP = 0.25
"""A covering witness need not be the best one: any verified witness proves."""
_BLOCK_COLUMNS = 800
"""A block holds the unknowns of whole groups, about this many at most."""
LARGEST_ALONE = 3000
"""A count no witness covers gets its own solves only on a part of at most this many
unknowns; on a larger one it is counted as unprotected (safe: more is hidden)."""


class WitnessSystem:
    """Whole numbers x >= 0 with lower <= A x <= upper (the published facts), and the
    true table (a solution of it).  ``labels``: each unknown's group (None for a
    count of several groups); blocks are made of whole groups."""

    def __init__(
        self,
        size: int,
        rows: list[Row],
        truth: list[int],
        k: int,
        labels: Sequence[Hashable | None] | None = None,
    ) -> None:
        self.size = size
        self.rows = rows
        self.truth = truth
        self.k = k
        self.infeasible = False  # the last solve proved that no solution exists
        self._truth = np.array(truth, dtype=np.int64)
        self.witnesses: list[np.ndarray] = [self._truth.copy()]
        data: list[int] = []
        row_index: list[int] = []
        col_index: list[int] = []
        for r, (coefficients, _lo, _hi) in enumerate(rows):
            for c, v in coefficients.items():
                data.append(v)
                row_index.append(r)
                col_index.append(c)
        self._matrix = csr_matrix(
            (np.array(data, dtype=np.float64), (row_index, col_index)), shape=(len(rows), size)
        )
        self._columns_matrix = self._matrix.tocsc()
        self._lower = np.array([lo for _c, lo, _hi in rows], dtype=np.float64)
        self._upper = np.array([hi for _c, _lo, hi in rows], dtype=np.float64)
        self.touching: list[list[int]] = [[] for _ in range(size)]
        for r, c in zip(row_index, col_index, strict=True):
            self.touching[c].append(r)
        self.component = _components(size, rows)
        self.columns_of: dict[int, list[int]] = defaultdict(list)
        for i, root in enumerate(self.component):
            self.columns_of[root].append(i)
        self.rows_of: dict[int, list[int]] = defaultdict(list)
        for r, (coefficients, _lo, _hi) in enumerate(rows):
            self.rows_of[self.component[next(iter(coefficients))]].append(r)
        self.blocks, self.block_of = self._blocks(labels or [None] * size)
        self._restrictions: dict[tuple[int, ...], tuple[list[float], ...]] = {}
        self._scaled()

    def _scaled(self) -> None:
        """Two witnesses for free: a part none of whose rows holds a printed number
        (every row reads sum(c x) = 0 or >= 0) has the solutions 0 and K x the true
        table; each is checked like any other witness."""
        free = np.ones(self.size, dtype=bool)
        for root, rows in self.rows_of.items():
            if any(
                self._lower[r] not in (0.0, -np.inf) or self._upper[r] not in (0.0, np.inf)
                for r in rows
            ):
                free[self.columns_of[root]] = False
        if not free.any():
            return
        for x in (
            np.where(free, 0, self._truth),
            np.where(free, self._truth * self.k, self._truth),
        ):
            if self.holds(x):
                self.witnesses.append(x)

    def _blocks(self, labels: Sequence[Hashable | None]) -> tuple[list[list[int]], list[int]]:
        """Blocks: a small part is one block; a large one is cut into runs of whole
        groups of about ``_BLOCK_COLUMNS`` unknowns, each with the part's counts of
        several groups (so that a block can move a group against the total)."""
        blocks: list[list[int]] = []
        block_of = [0] * self.size
        for root in sorted(self.columns_of):
            columns = self.columns_of[root]
            if len(columns) <= _BLOCK_COLUMNS:
                chunks = [columns]
            else:
                shared = [i for i in columns if labels[i] is None]
                by_label: dict[Hashable, list[int]] = defaultdict(list)
                for i in columns:
                    if labels[i] is not None:
                        by_label[labels[i]].append(i)
                chunks = []
                current: list[int] = []
                for label in sorted(by_label, key=repr):
                    if current and len(current) + len(by_label[label]) > _BLOCK_COLUMNS:
                        chunks.append(sorted(current + shared))
                        current = []
                    current.extend(by_label[label])
                if current:
                    chunks.append(sorted(current + shared))
            for chunk in chunks:
                for i in chunk:
                    block_of[i] = len(blocks)
                blocks.append(chunk)
        return blocks, block_of

    def adopt(self, archive: Sequence[Mapping[Key, int]], index: Mapping[Key, int]) -> None:
        """Take the witnesses of earlier rounds that are witnesses here (each as its
        changes from the true table, keyed as ``index``): checked exactly first."""
        for changes in archive:
            if not changes or any(u not in index or v < 0 for u, v in changes.items()):
                continue
            x = self._truth.copy()
            for u, v in changes.items():
                x[index[u]] = v
            if self.holds(x):
                self.witnesses.append(x)

    def holds(self, x: np.ndarray) -> bool:
        """Whether ``x`` is a whole table agreeing with every row, every value >= 0."""
        if (x < 0).any():
            return False
        totals = self._matrix @ x.astype(np.float64)
        return bool(((totals >= self._lower) & (totals <= self._upper)).all())

    def _solve(
        self,
        columns: list[int],
        objective: Mapping[int, float],
        *,
        extra: Sequence[Row] = (),
        extra_columns: int = 0,
        extra_bounds: tuple[float, float] = (0, np.inf),
        gap: float = 1e-4,
        worst: float = np.inf,
    ) -> np.ndarray | None:
        """Minimise ``objective`` over ``columns`` (numbered from 0 in their order; the
        ``extra`` rows' columns after them), every other unknown held at its true
        value, whole numbers; the whole witness (verified), or None — also when no
        solution can do better than ``worst`` (the relaxation's minimum is above it:
        no whole-number solution is below it either)."""
        n = len(columns) + extra_columns
        base = self._restricted(columns)
        data, row_index, col_index = list(base[0]), list(base[1]), list(base[2])
        lower, upper = list(base[3]), list(base[4])
        for extra_coefficients, lo, hi in extra:
            for c, v in extra_coefficients.items():
                data.append(v)
                row_index.append(len(lower))
                col_index.append(c)
            lower.append(lo)
            upper.append(hi)
        cost = np.zeros(n)
        for c, weight in objective.items():
            cost[c] = weight
        lb = np.zeros(n)
        ub = np.full(n, np.inf)
        lb[len(columns) :] = extra_bounds[0]
        ub[len(columns) :] = extra_bounds[1]
        constraints = []
        if lower:
            full = csr_matrix((data, (row_index, col_index)), shape=(len(lower), n))
            constraints.append(LinearConstraint(full, lower, upper))
        # The relaxation first: most of these systems are nearly sums of rows and
        # columns, whose corners are whole numbers; if it has none, nor has the
        # integer program; if its answer is whole, that is a witness (verified).
        bounds = Bounds(lb, ub)
        relaxed = milp(cost, integrality=np.zeros(n), bounds=bounds, constraints=constraints)
        self.infeasible = relaxed.status == _INFEASIBLE
        if relaxed.status == 0 and relaxed.x is not None:
            values = relaxed.x[: len(columns)]
            if np.abs(values - np.rint(values)).max(initial=0) < 1e-9:
                x = self._truth.copy()
                x[columns] = np.rint(values).astype(np.int64)
                if self.holds(x):
                    return x
        elif relaxed.status != 0:
            return None
        if relaxed.status == 0 and relaxed.fun > worst + 1e-6:
            return None
        result = milp(
            cost,
            integrality=np.ones(n),
            bounds=bounds,
            constraints=constraints,
            options={"mip_rel_gap": gap},
        )
        self.infeasible = result.status == _INFEASIBLE
        if result.status != 0 or result.x is None:
            return None
        x = self._truth.copy()
        x[columns] = np.rint(result.x[: len(columns)]).astype(np.int64)
        return x if self.holds(x) else None

    def _restricted(self, columns: list[int]) -> tuple[list[float], ...]:
        """The rows ``columns`` touch, over ``columns`` alone, every other unknown
        held at its true value: (data, row, column, lower, upper); kept per block."""
        key = tuple(columns)
        found = self._restrictions.get(key)
        if found is not None:
            return found
        rows = sorted({r for c in columns for r in self.touching[c]})
        block = self._matrix[rows]
        held = self._truth.astype(np.float64)
        held[columns] = 0
        shift = block @ held
        matrix = block[:, columns].tocoo()
        found = (
            matrix.data.tolist(),
            matrix.row.tolist(),
            matrix.col.tolist(),
            (self._lower[rows] - shift).tolist(),
            (self._upper[rows] - shift).tolist(),
        )
        if len(self._restrictions) < 256:
            self._restrictions[key] = found
        return found

    def unprotected(self, expressions: list[Expression]) -> list[int]:
        """The targets (``constant + sum(c x)``) whose provable range misses 0 or K."""
        k = self.k
        low = {t for t, (e, c) in enumerate(expressions) if e or c <= 0}
        high = {t for t, (e, c) in enumerate(expressions) if e or c >= k}
        bad = {t for t in range(len(expressions)) if t not in low or t not in high}
        low -= bad
        high -= bad
        data, row_index, col_index = [], [], []
        for t, (e, _c) in enumerate(expressions):
            for i, v in e.items():
                data.append(float(v))
                row_index.append(t)
                col_index.append(i)
        self._target_matrix = csr_matrix(
            (data, (row_index, col_index)), shape=(len(expressions), self.size)
        )
        self._target_constants = np.array([c for _e, c in expressions], dtype=np.float64)
        for x in self.witnesses:
            self._covered(low, high, x)
        in_block: dict[int, set[int]] = defaultdict(set)
        in_part: dict[int, set[int]] = defaultdict(set)
        for t, (e, _c) in enumerate(expressions):
            for i in e:
                in_block[self.block_of[i]].add(t)
                in_part[self.component[i]].add(t)
        for b, block in enumerate(self.blocks):
            self._cover(expressions, low, high, block, rounds=_BLOCK_ROUNDS, touching=in_block[b])
        # What no block covers: each whole part it lies in (a part that is one block
        # has been tried whole already).
        parts = {self.component[i] for t in low | high for i in expressions[t][0]}
        for part in sorted(parts):
            columns = self.columns_of[part]
            if len(columns) > len(self.blocks[self.block_of[columns[0]]]):
                self._cover(
                    expressions, low, high, columns, rounds=_WITNESS_ROUNDS, touching=in_part[part]
                )
        self._cover_few(expressions, low, high)
        for t in sorted(low | high):  # the rest, one by one, on their own part
            if not self._alone(expressions[t], low=t in low, high=t in high):
                bad.add(t)
        return sorted(bad)

    def _cover_few(self, expressions: list[Expression], low: set[int], high: set[int]) -> None:
        """What no whole part covers: a few at a time (fewer conflicts than all at
        once, fewer solves than one by one)."""
        left = sorted(low | high)
        for start in range(0, len(left), _FEW):
            few = set(left[start : start + _FEW]) & (low | high)
            if few:
                columns = self._part({i: 1 for t in few for i in expressions[t][0]})
                if len(columns) <= LARGEST_ALONE:
                    self._cover(expressions, low, high, columns, rounds=1, touching=few)

    def _covered(self, low: set[int], high: set[int], x: np.ndarray) -> None:
        """Strike the targets that witness ``x`` shows at 0 (from ``low``) or at K or
        more (from ``high``)."""
        values = self._target_matrix @ x.astype(np.float64) + self._target_constants
        low.difference_update(np.flatnonzero(values <= 0).tolist())
        high.difference_update(np.flatnonzero(values >= self.k).tolist())

    def _cover(
        self,
        expressions: list[Expression],
        low: set[int],
        high: set[int],
        columns: list[int],
        *,
        rounds: int,
        touching: set[int],
    ) -> None:
        """Witnesses for many targets at once, changing only ``columns``: a whole
        table with as many of ``low`` at 0 as can be (least sum), one with as many of
        ``high`` at K or more (greatest sum of min(value, K)); again for what is left,
        while that helps.  ``touching``: the targets with an unknown in ``columns``."""
        at = {c: i for i, c in enumerate(columns)}
        truth = self._truth
        for _round in range(rounds):
            lows = sorted(touching & low)
            highs = sorted(touching & high)
            if not lows and not highs:
                return
            before = len(low) + len(high)
            found = []
            if lows:
                objective: dict[int, float] = defaultdict(float)
                for t in lows:
                    for i, v in expressions[t][0].items():
                        if i in at:
                            objective[at[i]] += v
                found.append(self._solve(columns, objective, gap=_COVER_GAP))
            if highs:
                extra: list[Row] = []
                for j, t in enumerate(highs):
                    e, c = expressions[t]
                    local = {at[i]: v for i, v in e.items() if i in at}
                    constant = c + sum(v * int(truth[i]) for i, v in e.items() if i not in at)
                    extra.append(({**local, len(columns) + j: -1}, -constant, np.inf))
                found.append(
                    self._solve(
                        columns,
                        {len(columns) + j: -1.0 for j in range(len(highs))},
                        extra=extra,
                        extra_columns=len(highs),
                        extra_bounds=(0, self.k),
                        gap=_COVER_GAP,
                    )
                )
            for witness in found:
                if witness is not None:
                    self.witnesses.append(witness)
                    self._covered(low, high, witness)
            if len(low) + len(high) == before:
                return

    def _alone(self, expression: Expression, *, low: bool, high: bool) -> bool:
        """Whether one target reaches 0 (``low``) and K (``high``): solved in its
        block, then on its whole part; a part too large to solve alone counts as not
        protected (more is hidden)."""
        for side, wanted in (("low", low), ("high", high)):
            if not wanted:
                continue
            candidates = [self._block_around(expression[0])]
            part = self._part(expression[0])
            if len(candidates[0]) < len(part) <= LARGEST_ALONE:
                candidates.append(part)
            if not any(self._reaches(expression, columns, side) for columns in candidates):
                return False
        return True

    def _reaches(self, expression: Expression, columns: list[int], side: str) -> bool:
        """Whether a witness changing only ``columns`` has the target at 0 (``low``)
        or at K or more (``high``); kept when found."""
        e, c = expression
        at = {i: j for j, i in enumerate(columns)}
        local = {at[i]: v for i, v in e.items() if i in at}
        if not local:
            return False
        constant = c + sum(v * int(self._truth[i]) for i, v in e.items() if i not in at)
        if side == "low":  # a feasibility problem (any solution will do): at most 0
            x = self._solve(columns, {}, extra=[(local, -np.inf, -constant)])
        else:  # the greatest min(value, K): its relaxation is more often whole
            y = len(columns)
            x = self._solve(
                columns,
                {y: -1.0},
                extra=[({**local, y: -1}, -constant, np.inf)],
                extra_columns=1,
                extra_bounds=(0, self.k),
                worst=-self.k,  # only a witness at K or more will do
            )
        if x is None:
            return False
        value = c + sum(v * int(x[i]) for i, v in e.items())
        if (value > 0) if side == "low" else (value < self.k):
            return False
        self.witnesses.append(x)
        return True

    def _block_around(self, expression: Mapping[int, int]) -> list[int]:
        """The blocks an expression's unknowns lie in, together."""
        blocks = {self.block_of[i] for i in expression}
        return sorted({i for b in blocks for i in self.blocks[b]})

    def _part(self, expression: Mapping[int, int]) -> list[int]:
        """The columns of the independent parts an expression touches."""
        parts = {self.component[i] for i in expression}
        return sorted(i for p in parts for i in self.columns_of[p])

    def exact(self, expressions: list[Expression]) -> list[int]:
        """The targets whose value every solution shares (an attacker works it out
        exactly): one that no witness moves is moved on its block or its whole part if
        it can be, else it is exact only if the solver proves both other sides
        impossible on its whole part."""
        out = []
        for t, (e, c) in enumerate(expressions):
            truth = c + sum(v * int(self._truth[i]) for i, v in e.items())
            if not e:
                out.append(t)
                continue
            if any(c + sum(v * int(x[i]) for i, v in e.items()) != truth for x in self.witnesses):
                continue
            block, part = self._block_around(e), self._part(e)
            moved = proven = False
            for columns in [block, part] if len(block) < len(part) else [part]:
                at = {i: j for j, i in enumerate(columns)}
                local = {at[i]: v for i, v in e.items() if i in at}
                constant = c + sum(v * int(self._truth[i]) for i, v in e.items() if i not in at)
                proven = True
                for other_side in ((truth + 1, np.inf), (-np.inf, truth - 1)):
                    low, high = other_side[0] - constant, other_side[1] - constant
                    found = self._solve(columns, {}, extra=[(local, low, high)])
                    if found is not None:
                        self.witnesses.append(found)
                        moved = True
                        break
                    proven = proven and self.infeasible
                if moved:
                    break
            if proven and not moved:
                out.append(t)
        return out

    def pinned(self, hidden: list[int]) -> list[int]:
        """The hidden unknowns whose value every solution shares (an attacker knows it):
        one that no witness moves is moved in its block if it can be, else proven
        fixed on its whole part (both other sides impossible)."""
        truth = self._truth
        moved = np.zeros(self.size, dtype=bool)
        for x in self.witnesses:
            moved |= x != truth
        for block in self.blocks:
            self._move(block, [i for i in hidden if not moved[i]], moved)
        out = []
        for i in hidden:
            if moved[i]:
                continue
            block, part = self.blocks[self.block_of[i]], self._part({i: 1})
            proven = False
            for columns in [block, part] if len(block) < len(part) else [part]:
                at = columns.index(i)
                proven = True  # fixed only if the solver proves both other sides impossible
                for other_side in ((truth[i] + 1, np.inf), (-np.inf, truth[i] - 1)):
                    found = self._solve(columns, {}, extra=[({at: 1}, *other_side)])
                    if found is not None:
                        self.witnesses.append(found)
                        moved |= found != truth
                        proven = False
                        break
                    proven = proven and self.infeasible
                if moved[i]:
                    break
            if proven and not moved[i]:
                out.append(i)
        return out

    def _move(self, columns: list[int], hidden: list[int], moved: np.ndarray) -> None:
        """Witnesses that move many of ``hidden`` at once, changing only ``columns``:
        one with their sum as small as can be, one with as many of them as can be
        above their true value; again while that helps."""
        at = {c: j for j, c in enumerate(columns)}
        truth = self._truth
        for _round in range(_BLOCK_ROUNDS):
            still = [at[i] for i in hidden if i in at and not moved[i]]
            if not still:
                return
            before = int(moved.sum())
            up = [
                ({j: 1, len(columns) + n: -1}, float(truth[columns[j]]), np.inf)
                for n, j in enumerate(still)
            ]
            for x in (
                self._solve(columns, dict.fromkeys(still, 1.0), gap=_COVER_GAP),
                self._solve(
                    columns,
                    {len(columns) + n: -1.0 for n in range(len(still))},
                    extra=up,
                    extra_columns=len(still),
                    extra_bounds=(0, 1),
                    gap=_COVER_GAP,
                ),
            ):
                if x is not None:
                    self.witnesses.append(x)
                    moved |= x != truth
            if int(moved.sum()) == before:
                return


def _components(size: int, rows: Sequence[Row]) -> list[int]:
    """Each unknown's independent part (the least unknown linked to it by rows)."""
    parent = list(range(size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for coefficients, _lo, _hi in rows:
        first, *rest = coefficients
        for other in rest:
            a, b = find(first), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(size)]
