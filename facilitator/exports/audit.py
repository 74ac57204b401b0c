"""The suppression audit: which counts of a summary to hide so that no small count can
be worked out, from this export and from every one published before it.

The rule is the one statistical agencies use (τ-ARGUS, R ``sdcTable``: protection
intervals checked by mathematical programming): for every hidden count whose true
value is from 1 to K-1, the range of values an attacker can *prove* for it must reach
both 0 and K.  Then whatever the attacker reads, "nobody", "one person" and "K
people" all remain possible.

The attacker holds every file published (this export and every earlier one in the
ledger) and reasons exactly, as an integer program would:

- every printed number; every hidden value is a whole number >= 0 (the one mark
  ``<K`` says only "hidden": zeros and large values are hidden too, when needed);
- the same count printed in two exports (same groups, same dates, same measure) is
  one unknown;
- additive counts (sessions held and cancelled, attendances, newcomers, guests,
  follow-ups): a period is the sum of its months (or of two printed periods that
  tile it), all groups the sum of the groups;
- for every (groups, month or period) cell: different people = came once + came 2-3
  times + came 4+ times; different people <= attendances; attendances >= once + 2 x
  (2-3 times) + 4 x (4+ times); where the sessions held can be printed (0, or K and
  more), attendances <= once + 3 x (2-3) + held x (4+) and <= held x different
  people; and for one group, newcomers <= different people (all groups' newcomers
  are the groups' sum: someone new to two groups counts twice);
- a period against each of its months (and against two printed periods that tile
  it), and all groups against each group:
  different people >= each part's and <= the sum of the parts'; came 4+ >= each
  part's; came 2-3 + came 4+ >= each part's (and what the people counted in more
  than one part tell, and the per-part bounds of a person's count:
  ``_overlap_relations``);
- a place inside a larger one that is not made of it, and a place that is the union
  of two printed places inside it (``_nested_relations``);
- for one group, a newcomer was not at any printed place of the group that ended
  before: different people of a period >= those of a printed place inside it + the
  newcomers of the period's months after that place (``_newcomer_relations``).

*Counts that are counted and not printed* (``latent``: a month's counts of people, which
a summary prints for the whole period only) are unknowns like hidden counts, with all
their relations: an attacker reasons through them (members present in a month say
that somebody came).  They are not cells to protect, but none that is small may be
worked out exactly, and every derived count that holds one is protected.  The ledger
records them hidden; an earlier export's are known as such (``prior_latent``, see
:func:`unprinted`).

*Derived counts of people* are protected like hidden cells (``_derived``): differences
of counts that are themselves counts of people — the groups' different people minus
all groups' (people in two or more groups); for one group, different people minus
newcomers (people who had come before); a place inside a larger one, one of them in
this export: the larger's different people, 4+ and 2+ (one group's newcomers too)
minus the smaller's; and a count whose data changed since an earlier export printed
it (the change).  Where one is from 1 to K-1, its provable range must reach 0 and K.

The check is exact (scipy's HiGHS, ``scipy.optimize.milp``), made fast by *witness
covering*: a few integer programs whose solutions are whole alternative tables that
agree with everything published; a hidden small count that is 0 in one verified
alternative is proven to reach 0, one that is >= K in another to reach K.  Only the
counts no witness covers get a minimum or maximum of their own, on their own
independent part of the system.  Every witness is checked exactly (whole numbers,
every constraint) before it is trusted.  Where a count is not protected, more cells
are hidden (complementary suppression; cheapest first: small counts, cells hidden in
an earlier export, then zeros, then totals) and the audit runs again, until it
passes.  A failure that earlier exports cause whatever this one hides (a small count
they narrowed, a hidden value they fix) is reported, not chased; and if the rounds
find nothing more to hide while a failure remains, every count of this export that
can help is hidden (the last resort), so that what still fails is only that.

What remains (documented in the README): a hidden zero is hidden among the other
hidden values but its range is not required to reach K; relations that are not
linear (attendances <= sessions held x people; someone at a held session makes it
"held") are not used; a period that starts or ends inside a month is related to
another export's cells only through the month pieces they both print; when the data
behind a count has changed since an earlier export and the ledger holds more than a
few versions of the counts of one equation, only the current ones are related; a
count no witness covers, on a part of more than ``witness.LARGEST_ALONE`` linked unknowns,
is counted unprotected without a solve of its own (safe: more is hidden).  Hidden
values that are not small are shown when the solver proves them fixed (an attacker
can work them out, so showing them tells nothing).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from facilitator.domain.ledger import LedgerCell
from facilitator.domain.summary import Measure

CellKey = tuple[tuple[int, ...], dt.date, dt.date, str]
"""What a count counts: (group ids, first day, last day, measure) — LedgerCell.key."""
Place = tuple[tuple[int, ...], dt.date, dt.date]
Unknown = tuple[CellKey, int]  # a count as it was: its key and its true value then

ADDITIVE = frozenset(m.value for m in Measure if m.additive)
_D, _ONCE, _TWO, _FOUR = (
    Measure.DIFFERENT_PEOPLE.value,
    Measure.CAME_ONCE.value,
    Measure.CAME_2_TO_3.value,
    Measure.CAME_4_PLUS.value,
)
_NEW, _ATT = Measure.NEWCOMERS.value, Measure.ATTENDANCES.value
_HELD = Measure.SESSIONS_HELD.value

_MAX_VERSIONS = 32
"""At most this many combinations of versions of one equation's counts are related."""
_ZERO_COST = 5_000
_TOTAL_COST = 100_000
_GRAND_TOTAL_COST = 10_000_000
_MAX_ROUNDS = 200
_ARCHIVE = 5000  # witnesses kept from one round to the next (as changes)

Term = tuple[CellKey, int]  # (key, coefficient)


@dataclass(frozen=True, slots=True)
class _Relation:
    """sum(coefficient x count) >= 0, or == 0 when ``equal``."""

    terms: tuple[Term, ...]
    equal: bool


@dataclass(frozen=True, slots=True)
class AuditResult:
    """What to hide, and what to tell the ledger."""

    hidden: frozenset[CellKey]
    """The cells of this export to print as hidden."""
    ledger_cells: tuple[LedgerCell, ...]
    """Every count of this export: what it counts, what was printed, the exact value."""
    already_published: tuple[CellKey, ...]
    """Small counts hidden here that earlier exports had already printed or let be
    worked out: no longer protected, whatever this export hides (keys only)."""
    derived_given_away: tuple[CellKey, ...] = ()
    """Small derived counts (differences of counts that count people) that earlier
    exports had already let be worked out: no longer protected either (each by the
    key of a count it subtracts)."""


def month_pieces(start: dt.date, end: dt.date) -> tuple[tuple[dt.date, dt.date], ...]:
    """The months of a period, each clipped to it: (first day, last day) per month."""
    pieces = []
    first = start
    while first <= end:
        following = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        pieces.append((first, min(end, following - dt.timedelta(days=1))))
        first = following
    return tuple(pieces)


def audit(
    counts: Mapping[CellKey, int],
    k: int,
    prior: Sequence[LedgerCell] = (),
    prior_k: tuple[int, int] | None = None,
    *,
    latent: Collection[CellKey] = (),
    prior_latent: Collection[LedgerCell] = (),
) -> AuditResult:
    """The cells of ``counts`` (every count of one export, with its exact value) to
    hide so that, with everything in ``prior`` (the ledger: every earlier export's
    cells), every hidden small count and every small derived count of people is
    protected: its provable range reaches 0 and ``k``.  ``prior_k``: the smallest and
    the largest K the earlier exports used (what they hid as small stays protected up
    to their K; what they printed is known down to theirs).

    ``latent``: counts of ``counts`` that the export does not print at all (a month's
    counts of people): the attacker reasons through them (they are unknowns with all
    their relations, and a derived count that holds one is protected), but they are
    not cells to protect themselves, never shown, and recorded in the ledger as not
    printed (``prior_latent``: those of ``prior``, see :func:`unprinted`).
    Deterministic."""
    return _Audit(counts, k, prior, prior_k, latent=latent, prior_latent=prior_latent).run()


def unprinted(
    cells: Iterable[LedgerCell], periods: Collection[tuple[dt.date, dt.date]]
) -> frozenset[LedgerCell]:
    """The ledger's cells that no export printed (a month's counts of people, recorded
    for later audits to reason through): counts of people, hidden, whose dates are not
    the period of any export (``periods``).  A cell that one export printed as a table
    cell and another only counted is the same cell (same key, same value): it is a
    table cell then, protected as hidden."""
    people = {m.value for m in Measure if not m.monthly}
    return frozenset(
        cell
        for cell in cells
        if cell.value is None and cell.measure in people and (cell.start, cell.end) not in periods
    )


class AuditMemo:
    """The last few audits' results, by their exact inputs: a preview followed by the
    export of the same table (same counts, same ledger) audits once.  In memory only."""

    def __init__(self, size: int = 2) -> None:
        self._size = size
        self._kept: dict[object, AuditResult] = {}

    def audit(
        self,
        counts: Mapping[CellKey, int],
        k: int,
        prior: Sequence[LedgerCell] = (),
        prior_k: tuple[int, int] | None = None,
        *,
        latent: Collection[CellKey] = (),
        prior_latent: Collection[LedgerCell] = (),
    ) -> AuditResult:
        """As :func:`audit`, or its earlier result for the very same inputs."""
        key = (
            frozenset(counts.items()),
            k,
            tuple(prior),
            prior_k,
            frozenset(latent),
            frozenset(prior_latent),
        )
        found = self._kept.pop(key, None)
        if found is None:
            found = audit(counts, k, prior, prior_k, latent=latent, prior_latent=prior_latent)
        self._kept[key] = found  # the newest last
        while len(self._kept) > self._size:
            del self._kept[next(iter(self._kept))]
        return found


class _Audit:
    """One audit: what is known from earlier exports, the relations, and the choice of
    cells to hide, round after round."""

    def __init__(
        self,
        counts: Mapping[CellKey, int],
        k: int,
        prior: Sequence[LedgerCell],
        prior_k: tuple[int, int] | None = None,
        *,
        latent: Collection[CellKey] = (),
        prior_latent: Collection[LedgerCell] = (),
    ) -> None:
        self.counts, self.k, self.prior = counts, k, prior
        self.latent = frozenset(key for key in latent if key in counts)
        # Earlier exports may have used another K: what they hid as small stays
        # protected up to their K, and what they printed (sessions held of K and more)
        # is known down to theirs.
        lowest, highest = prior_k if prior_k and prior else (k, k)
        self.protect_k = max(k, highest)
        self.printed_before: dict[Unknown, int] = {}
        self.hidden_before: set[Unknown] = set()
        self.latent_before: set[Unknown] = set()  # counted, never printed
        unprinted_before = set(prior_latent)
        versions: dict[CellKey, set[int]] = defaultdict(set)
        for cell in prior:
            versions[cell.key].add(cell.true_value)
            if cell in unprinted_before:
                self.latent_before.add((cell.key, cell.true_value))
            elif cell.value is None:
                self.hidden_before.add((cell.key, cell.true_value))
            else:
                self.printed_before[(cell.key, cell.true_value)] = cell.value
        for key, value in counts.items():
            versions[key].add(value)
        self.current: dict[CellKey, Unknown] = {key: (key, v) for key, v in counts.items()}
        relations = _relations(versions.keys(), versions, min(k, lowest))
        # Not cells to protect: what is counted and never printed, unless the same count
        # is a table cell of this export or was one of an earlier export.
        tables = {u for key, u in self.current.items() if key not in self.latent}
        self.system = _Instances(
            relations,
            versions,
            counts,
            self.protect_k,
            latent=({self.current[key] for key in self.latent} | self.latent_before)
            - tables
            - self.hidden_before
            - self.printed_before.keys(),
        )
        self.equations = [
            relation.terms
            for relation in relations
            if relation.equal and all(key in counts for key, _c in relation.terms)
        ]
        self.closing = [[key for key, _c in terms] for terms in self.equations]
        self.small = {key for key, value in counts.items() if 0 < value < k} - self.latent
        # Never shown because found fixed: what is not printed at all, and a value an
        # earlier export with a larger K hid as small (shown, it would be given away).
        self.kept = self.latent | {
            key for key, value in counts.items() if 0 < value < self.protect_k
        }
        # What was hidden before (same count, same value) is hidden again: it costs
        # nothing, and a re-export of the same table publishes the same cells — unless
        # another export printed it (hidden again it would only look protected).
        again = self.hidden_before - self.printed_before.keys()
        self.hidden = self.small | self.latent | {x for x in counts if self.current[x] in again}
        # Hidden cells found fixed (the attacker can work them out) are shown: that
        # tells nothing new.  One may be hidden again later, when more is hidden around
        # it (last choice); shown at most twice, so that the rounds end.
        self.reveals: Counter[CellKey] = Counter()
        self.seen: Counter[_Target] = Counter()  # failures, by how often seen
        self.exposed = {x for x in self.small if self.current[x] in self.printed_before}
        self.derived_lost: set[_Target] = set()
        # Given away before, yet not worked out exactly by the earlier exports alone:
        # this export must not work them out exactly either (review 13d, F3).
        self.guarded: set[_Target] = set()

    def run(self) -> AuditResult:
        lost: frozenset[_Target] = frozenset()
        asked: set[_Target] = set()  # targets already checked for being lost
        self._close()
        self._attendance_room()
        self._room()
        self._close()
        failures: list[_Failure] = []
        for _ in range(_MAX_ROUNDS):
            known, unknown = self._known()
            mine = {self.current[x] for x in self.hidden - self.latent}
            failures, pinned = self.system.check(
                known, unknown, mine, lost=lost, exact=sorted(self.guarded, key=_target_order)
            )
            new = {f.target for f in failures if f.target not in asked}
            if new:  # given away before, whatever this export hides? Then not chased.
                asked |= new
                lost |= self._lost({t for t in new if _protectable(_Failure(t), self.protect_k)})
                lost |= self._fixed_before(
                    {t for t in new if not _protectable(_Failure(t), self.protect_k)}
                )
                failures = [f for f in failures if f.target not in lost or f.target in self.guarded]
            fixed = {x for x in self.hidden - self.kept if self.current[x] in pinned}
            if not failures:  # showing what can be worked out tells nothing: done
                self.hidden -= fixed
                break
            to_reveal = {x for x in fixed if self.reveals[x] < 2}
            self.hidden -= to_reveal
            self.reveals.update(to_reveal)
            if not self._protect(failures):
                break
            self._close()
        if failures:  # nothing cheaper found: hide all it can
            failures = self._hide_all(lost)
        for failure in failures:  # given away before, whatever this export hides
            self.exposed.update(key for key in failure.keys if key in self.small)
        ledger = tuple(
            LedgerCell(*key, value=None if key in self.hidden else value, true_value=value)
            for key, value in sorted(self.counts.items(), key=_order)
        )
        # (a count of this export that it prints is not reported: it is not hidden)
        given = {x for x in self.exposed if x in self.hidden or x not in self.counts}
        exposed = tuple(sorted(given, key=_key_order))
        derived = sorted(
            {u[0] for target in self.derived_lost for u, c in target.terms if c < 0},
            key=_key_order,
        )
        return AuditResult(frozenset(self.hidden), ledger, exposed, tuple(derived))

    def _hide_all(self, lost: frozenset[_Target]) -> list[_Failure]:
        """The last resort, when the rounds end with a failure (no cell left to choose,
        or too many rounds; review 13b found one): hide every count of this export an
        attacker cannot already read, then show those of them found fixed (no new
        solution is lost by that).  What still fails then, earlier exports give away
        whatever this one hides: it is reported as given away (small and derived
        counts), and returned."""
        self.hidden |= {x for x in self.counts if self.current[x] not in self.printed_before}
        known, unknown = self._known()
        mine = {self.current[x] for x in self.hidden - self.latent}
        failures, pinned = self.system.check(
            known, unknown, mine, lost=lost, exact=sorted(self.guarded, key=_target_order)
        )
        self.hidden -= {x for x in self.hidden - self.kept if self.current[x] in pinned}
        for failure in failures:
            if failure.target.derived:
                self.derived_lost.add(failure.target)
            elif _protectable(failure, self.protect_k):
                self.exposed.update(failure.keys)
        return failures

    def _known(self) -> tuple[dict[Unknown, int], set[Unknown]]:
        """What the attacker reads (printed now or before), and the hidden unknowns."""
        known = dict(self.printed_before)
        for key, value in self.counts.items():
            if key not in self.hidden:
                known[self.current[key]] = value
        hidden = {self.current[x] for x in self.hidden} | self.hidden_before | self.latent_before
        return known, hidden - known.keys()

    def _lost(self, among: Collection[_Target]) -> frozenset[_Target]:
        """Which of ``among`` (targets that failed) earlier exports give away whatever
        this one hides: reported, not chased."""
        if not self.prior or not among:
            return frozenset()
        known = dict(self.printed_before)
        everything = (
            {self.current[x] for x in self.counts} | self.hidden_before | self.latent_before
        ) - known.keys()
        failures, _fixed = self.system.check(known, everything, set(), fixed=False, among=among)
        lost = frozenset(failure.target for failure in failures)
        if lost:  # those the earlier exports do not already work out exactly are guarded
            exact, _fixed = self.system.check(
                known,
                everything,
                set(),
                fixed=False,
                among=(),
                exact=sorted(lost, key=_target_order),
            )
            self.guarded |= lost - {failure.target for failure in exact}
        for target in lost:
            if target.derived:
                self.derived_lost.add(target)
            else:
                self.exposed.update(target.keys)
        return lost

    def _fixed_before(self, among: Collection[_Target]) -> frozenset[_Target]:
        """Which of ``among`` (hidden values of earlier exports, found fixed) earlier
        exports fix whatever this one hides: not chased (nothing can help), and not
        small (nothing to report)."""
        if not self.prior or not among:
            return frozenset()
        known = dict(self.printed_before)
        everything = (
            {self.current[x] for x in self.counts} | self.hidden_before | self.latent_before
        ) - known.keys()
        values = {target.terms[0][0] for target in among}
        _failures, fixed = self.system.check(known, everything, set(), among=(), fixed_among=values)
        return frozenset(target for target in among if target.terms[0][0] in fixed)

    def _protect(self, failures: list[_Failure]) -> bool:
        """Hide more for each failure (its two cheapest helpers, more when it failed
        before); False if none left."""
        added = False
        # What earlier exports gave away stays available to protect others: a count of
        # 3 or 4 in a K=3 export after a K=5 one is a target up to 5 and can be "given
        # away before" (``_lost``), yet hiding it may be the only way to protect an
        # earlier export's hidden value (review 13b, K alternating 3 and 5).
        taken = set(self.hidden)
        counts, touching = self.counts, self.system.touching
        open_counts = [
            sum(1 for x in keys if x in taken or x not in counts) for keys in self.system.row_keys
        ]
        ranks: dict[CellKey, tuple[object, ...] | None] = {}
        left = [key for key in counts if key not in taken and self._rank(key, 0) is not None]
        for failure in failures:
            # A failure seen again gets more helpers each time, so that the rounds end.
            many = 2 << min(self.seen[failure.target], 4)
            self.seen[failure.target] += 1
            choices = self._cheapest(failure, many, taken, open_counts, ranks) if left else []
            if not choices:
                self.exposed.update(key for key in failure.keys if key in self.small)
            self.hidden.update(choices)
            taken.update(choices)
            for key in choices:
                for row in touching.get(key, ()):
                    open_counts[row] += 1
            added = added or bool(choices)
        return added

    def _close(self) -> None:
        """No equation of this export with exactly one hidden count (it would give the
        count away): hide the cheapest other.  Only a start: the audit decides."""
        changed = True
        while changed:
            changed = False
            for keys in self.closing:
                if sum(1 for key in keys if key in self.hidden) != 1:
                    continue
                ranked = [
                    (rank, key)
                    for key in keys
                    if key not in self.hidden and (rank := self._rank(key, 0)) is not None
                ]
                if ranked:
                    self.hidden.add(min(ranked)[1])
                    changed = True

    def _room(self) -> None:
        """A start the audit usually accepts: in every equation of this export, each
        hidden small count has room to move down to 0 and up to K with the other hidden
        counts of that equation alone (ones on its side give way up to their values,
        ones on the other side without end); where it has not, hide the cheapest count
        that gives the room.  Only a start (the audit decides), but it saves the rounds
        that would find these one by one."""
        counts, k = self.counts, self.protect_k
        for terms in self.equations:
            for target, sign in terms:
                if target not in self.small or target not in self.hidden:
                    continue
                for need, along in ((k - counts[target], True), (counts[target], False)):
                    while (room := self._room_in(terms, target, sign, along)) < need:
                        choice = self._widest(terms, target, sign, along, need - room)
                        if choice is None:
                            break
                        self.hidden.add(choice)

    def _attendance_room(self) -> None:
        """Attendances bound how often people came: attendances >= once + 2 x (2-3) +
        4 x (4+).  A hidden small count of people who came 2-3 or 4+ times can grow to
        K, and one of people who came once can fall to 0, only if the printed
        attendances leave that much room (each one more who came 4+ times instead of 2-3
        needs 2 more attendances; who came 2-3 times instead of once, 1): where they do
        not, the attendances are hidden too.  Only a start (the audit decides)."""
        counts, k = self.counts, self.protect_k
        for key in list(counts):
            groups, start, end, measure = key
            if measure != _ATT or key in self.hidden:
                continue
            place = (groups, start, end)
            parts = [(*place, m) for m in (_ONCE, _TWO, _FOUR)]
            if not all(part in counts for part in parts):
                continue
            once, two, four = (counts[part] for part in parts)
            slack = counts[key] - once - 2 * two - 4 * four
            tight = (
                (parts[2] in self.hidden and 0 < four < k and slack < 2 * (k - four))
                or (parts[1] in self.hidden and 0 < two < k and slack < k - two)
                or (parts[0] in self.hidden and 0 < once < k and slack < once)
            )
            if tight and self._rank(key, 0) is not None:
                self.hidden.add(key)

    def _room_in(self, terms: Sequence[Term], target: CellKey, sign: int, up: bool) -> float:
        """How far ``target`` can move (``up`` or down) with the equation's other
        hidden counts giving way."""
        room = 0.0
        for key, c in terms:
            if key == target or key not in self.hidden:
                continue
            if (c * sign > 0) != up:  # moves the other way: no bound
                return float("inf")
            room += self.counts[key]
        return room

    def _widest(
        self, terms: Sequence[Term], target: CellKey, sign: int, up: bool, short: float
    ) -> CellKey | None:
        """The cheapest count to hide that gives ``short`` more room; else the one
        that gives the most."""
        enough: list[tuple[tuple[object, ...], CellKey]] = []
        some: list[tuple[int, CellKey]] = []
        for key, c in terms:
            if key == target or key in self.hidden or key in self.exposed:
                continue
            rank = self._rank(key, 0)
            if rank is None:
                continue
            endless = (c * sign > 0) != up
            if endless or self.counts[key] >= short:
                enough.append((rank, key))
            elif self.counts[key] > 0:
                some.append((self.counts[key], key))
        if enough:
            return min(enough)[1]
        return max(some)[1] if some else None

    def _cheapest(
        self,
        failure: _Failure,
        many: int,
        taken: set[CellKey],
        open_counts: list[int],
        ranks: dict[CellKey, tuple[object, ...] | None],
    ) -> list[CellKey]:
        """The cheapest cells of this export to hide next for ``failure``: ones that
        share a relation with the target's counts, preferring relations that hold few
        hidden counts (they are what fixes a value), then small counts, cells hidden in
        an earlier export, zeros, and totals last; cells shown because they were found
        fixed come after all others.  Empty when there is none left.  ``taken``: what
        is hidden or given up; ``open_counts``: each relation's hidden counts;
        ``ranks``: each cell's cost, as found so far."""
        system, counts = self.system, self.counts

        def rank(key: CellKey, open_count: int) -> tuple[object, ...] | None:
            if key not in ranks:
                ranks[key] = self._rank(key, 0)
            base = ranks[key]
            return None if base is None else (base[0], min(open_count, 3), *base[2:])

        frontier = set(failure.keys)
        seen: set[CellKey] = set()
        while frontier:
            ranked: dict[CellKey, tuple[object, ...]] = {}
            for key in sorted(frontier, key=_key_order):
                if key in counts and key not in taken and (own := rank(key, 0)):
                    ranked[key] = min(own, ranked.get(key, own))
                for row in system.touching.get(key, ()):
                    for other in system.row_keys[row]:
                        if other in counts and other not in taken:
                            found = rank(other, open_counts[row])
                            if found is not None:
                                ranked[other] = min(found, ranked.get(other, found))
            if ranked:
                return sorted(ranked, key=lambda key: ranked[key])[:many]
            seen |= frontier
            following: set[CellKey] = set()
            for key in frontier:
                for row in system.touching.get(key, ()):
                    following.update(system.row_keys[row])
            frontier = following - seen
        return []

    def _rank(self, key: CellKey, open_count: int) -> tuple[object, ...] | None:
        """How costly hiding ``key`` is (lower first); None if it cannot help (printed
        before: the attacker knows it)."""
        if key in self.latent or self.current[key] in self.printed_before:
            return None
        value = self.counts[key]
        groups, start, end, _measure = key
        total = len(groups) > 1, len(month_pieces(start, end)) > 1
        cost = 0 if self.current[key] in self.hidden_before else value or _ZERO_COST
        if all(total):
            cost += _GRAND_TOTAL_COST
        elif any(total):
            cost += _TOTAL_COST
        return (self.reveals[key], min(open_count, 3), cost, _key_order(key))


def _protectable(failure: _Failure, k: int) -> bool:
    """A failure of a small or derived count (not a hidden value found fixed)."""
    return failure.target.derived or 0 < failure.target.value < k


def _target_order(target: _Target) -> tuple[object, ...]:
    return tuple((_unknown_order(u), c) for u, c in target.terms)


def _order(item: tuple[CellKey, int]) -> tuple[object, ...]:
    return _key_order(item[0])


def _key_order(key: CellKey) -> tuple[object, ...]:
    return (key[3], key[1], key[2], len(key[0]), key[0])


# -- the relations ---------------------------------------------------------------------
def _relations(
    keys: Iterable[CellKey], versions: Mapping[CellKey, set[int]] | None = None, k: int = 0
) -> list[_Relation]:
    """Every relation between the counts ``keys`` that follows from their definitions
    (see the module's docstring), over the keys only (versions come later).
    ``versions``: the true values each count has had, for the relations whose
    coefficient is a count (the sessions held bound how often anyone came: used where
    the sessions held are 0 or K or more, so that they can be printed — a count from
    1 to K-1 is always hidden, and then these bounds are not linear for anyone)."""
    present = set(keys)
    places: dict[Place, set[str]] = defaultdict(set)
    for groups, start, end, measure in present:
        places[(groups, start, end)].add(measure)
    relations: list[_Relation] = []
    starting: dict[tuple[tuple[int, ...], dt.date], list[dt.date]] = defaultdict(list)
    for groups, start, end in sorted(places):
        starting[(groups, start)].append(end)
    for place in sorted(places, key=lambda p: (p[1], p[2], len(p[0]), p[0])):
        measures = places[place]
        held = (versions or {}).get((*place, _HELD))
        bound = max(held) if held and (min(held) >= k or max(held) == 0) else None
        relations.extend(_cell_relations(place, measures, bound))
        groups, start, end = place
        pieces = month_pieces(start, end)
        if len(pieces) > 1:
            parts = [(groups, a, b) for a, b in pieces]
            relations.extend(_coarse_relations(place, parts, places))
        if len(groups) > 1:
            parts = [((g,), start, end) for g in groups]
            relations.extend(_coarse_relations(place, parts, places))
        # Two printed periods that tile this one (January-February and March of the
        # first quarter), whatever their months.
        for left in starting.get((groups, start), ()):
            right = (groups, left + dt.timedelta(days=1), end)
            if left < end and right in places:
                parts = [(groups, start, left), right]
                if parts != [(groups, a, b) for a, b in pieces]:
                    relations.extend(_coarse_relations(place, parts, places))
    relations.extend(_nested_relations(places))
    relations.extend(_newcomer_relations(places))
    return relations


def _inside(small: Place, big: Place) -> bool:
    return (
        small != big and big[1] <= small[1] and small[2] <= big[2] and set(small[0]) <= set(big[0])
    )


def _nested_relations(places: Mapping[Place, set[str]]) -> list[_Relation]:
    """A place inside a larger one that is not made of it (a quarter inside the year;
    groups 1 and 2 inside all groups; one export's period inside another's): whatever
    is counted in the smaller is counted in the larger, so each additive count,
    different people, came 4+ and came 2+ (2-3 plus 4+) of the larger are at least the
    smaller's.  Written for the largest places inside only (for the others they follow,
    through those), and not for the months and single groups ``_coarse_relations``
    already relates.

    And a place that is the union of two printed places inside it (January-June and
    April-September inside January-September; groups 1-2 and 2-3 inside groups 1-3):
    its different people and additive counts are at most the two's sum; when the two
    do not overlap, additive counts are the sum, and the people counted in both came at
    least twice, so 2-3 + 4+ >= different(a) + different(b) - different(whole)."""
    by_groups: dict[tuple[int, ...], list[Place]] = defaultdict(list)
    for place in places:
        by_groups[place[0]].append(place)
    monotone = sorted(ADDITIVE | {_D, _FOUR})
    out: list[_Relation] = []
    for big in sorted(places, key=lambda p: (p[1], p[2], len(p[0]), p[0])):
        groups, start, end = big
        members = set(groups)
        direct = {(groups, a, b) for a, b in month_pieces(start, end)}
        if len(groups) > 1:
            direct |= {((g,), start, end) for g in groups}
        inside = [
            place
            for tuple_, candidates in by_groups.items()
            if set(tuple_) <= members
            for place in candidates
            if _inside(place, big)
        ]
        inside.sort(key=lambda p: (-len(p[0]), -(p[2] - p[1]).days, p[1], p[0]))
        largest: list[Place] = []
        for place in inside:
            if not any(_inside(place, r) and places[r] >= places[place] for r in largest):
                largest.append(place)
        have = places[big]
        for small in largest:
            if small in direct:
                continue
            shared = have & places[small]
            terms: tuple[Term, ...]
            for measure in monotone:
                if measure in shared:
                    terms = (((*big, measure), 1), ((*small, measure), -1))
                    out.append(_Relation(terms, False))
            if {_TWO, _FOUR} <= shared:
                terms = (
                    ((*big, _TWO), 1),
                    ((*big, _FOUR), 1),
                    ((*small, _TWO), -1),
                    ((*small, _FOUR), -1),
                )
                out.append(_Relation(terms, False))
        out.extend(_union_relations(big, inside, places))
    return out


def _union_pairs(whole: Place, inside: Sequence[Place]) -> list[tuple[Place, Place, bool]]:
    """Two places among ``inside`` (each inside ``whole``) whose union is ``whole``, and
    whether they do not overlap: the same groups over two periods, one from its first
    day and one to its last, that tile or overlap it; or the same period over groups
    that make its groups (neither inside the other)."""
    groups, start, end = whole
    pairs: list[tuple[Place, Place, bool]] = []
    same_groups = [p for p in inside if p[0] == groups]
    firsts = [p for p in same_groups if p[1] == start]
    lasts = [p for p in same_groups if p[2] == end]
    for a in firsts:
        for b in lasts:
            if b[1] <= a[2] + dt.timedelta(days=1) and not (_inside(a, b) or _inside(b, a)):
                pairs.append((a, b, b[1] == a[2] + dt.timedelta(days=1)))
    same_period = [p for p in inside if p[1:] == whole[1:]]
    members = set(groups)
    for i, a in enumerate(same_period):
        for b in same_period[i + 1 :]:
            if set(a[0]) | set(b[0]) == members and not (_inside(a, b) or _inside(b, a)):
                pairs.append((a, b, not set(a[0]) & set(b[0])))
    return pairs


def _union_relations(
    whole: Place, inside: list[Place], places: Mapping[Place, set[str]]
) -> list[_Relation]:
    """``whole`` as the union of two printed places inside it (see _nested_relations);
    pairs whose union is the whole's months or single groups are _coarse_relations'."""
    pairs = [
        (a, b, disjoint)
        for a, b, disjoint in _union_pairs(whole, inside)
        # two single groups that make the whole are its parts: not again here
        if a[1:] != b[1:] or len(a[0] + b[0]) > 2
    ]
    out: list[_Relation] = []
    have = places[whole]
    for a, b, disjoint in pairs:
        shared = have & places[a] & places[b]
        if disjoint and a[0] == whole[0]:
            continue  # two printed periods that tile it: _relations relates them
        terms: tuple[Term, ...]
        for measure in sorted(shared & (ADDITIVE | {_D})):
            terms = (((*whole, measure), -1), ((*a, measure), 1), ((*b, measure), 1))
            out.append(_Relation(terms, disjoint and measure in ADDITIVE))
        if disjoint:  # two printed groups of groups that make it: a partition
            out.extend(_overlap_relations(whole, [a, b], places))
    return out


def _newcomer_relations(places: Mapping[Place, set[str]]) -> list[_Relation]:
    """One group: a newcomer of a month had never come before, so was not at any
    printed place of that group that ends before the month starts (an earlier export's
    February-May, inside this one's January-June).  Someone new in June and someone
    who came in February-May are two people of January-June: different(P) >=
    different(Q) + the newcomers of P's months that start after Q ends, for every
    printed Q of the group inside P (review 13b, N5).  Not for all groups: someone new
    to one group may have come to another before.

    Written only where it does not follow from others, so that the relations grow
    with the places and their months, not with the ledger's length squared (found
    through an index of the group's places by their last day):

    - per P and last day of Q, for the Q that starts first (from P's start on): any
      other Q ending that day is inside it, with at most its different people;
    - not for a Q ending on day e when a printed place R inside P ends at the end of a
      later month (before P's) and starts no later than Q: R's relation with P and
      Q's with R (R's months after e are P's) add up to Q's with P;
    - not for a month of P when all of P's months are printed (_overlap_relations
      writes it)."""
    starts: dict[tuple[tuple[int, ...], dt.date], list[dt.date]] = defaultdict(list)
    for groups, start, end in places:
        if len(groups) == 1 and _D in places[(groups, start, end)]:
            starts[(groups, end)].append(start)
    ends: dict[tuple[int, ...], list[dt.date]] = defaultdict(list)
    for (groups, end), found in sorted(starts.items()):
        found.sort()
        ends[groups].append(end)
    out: list[_Relation] = []
    for whole in sorted(places, key=lambda p: (p[1], p[2], p[0])):
        groups, start, end = whole
        if len(groups) != 1 or _D not in places[whole]:
            continue
        months = [(groups, a, b) for a, b in month_pieces(start, end)]
        complete = len(months) > 1 and all(m in places for m in months)
        # P's later months that print their newcomers: from the last one back
        later = len(months)
        while later > 0 and _NEW in places.get(months[later - 1], ()):
            later -= 1
        if later == len(months):
            continue
        group_ends = ends[groups]
        # Q ends no earlier than the month before those: the months after it all print
        # their newcomers
        lowest = bisect.bisect_left(group_ends, months[max(later - 1, 0)][1])
        highest = bisect.bisect_left(group_ends, end)
        earliest = end  # the earliest start of a place ending at a later month's end
        firsts = [m[1] for m in months]
        for q_end in reversed(group_ends[lowest:highest]):
            after = months[bisect.bisect_right(firsts, q_end) :]
            if not after:
                continue
            candidates = starts[(groups, q_end)]
            at = bisect.bisect_left(candidates, start)
            if at == len(candidates) or candidates[at] >= earliest:
                continue  # none inside P, or it follows from a longer one's
            q = (groups, candidates[at], q_end)
            if (q_end + dt.timedelta(days=1)).day == 1:
                earliest = candidates[at]
            if complete and q in months:
                continue
            terms = (
                ((*whole, _D), 1),
                ((*q, _D), -1),
                *(((*m, _NEW), -1) for m in after),
            )
            out.append(_Relation(terms, False))
    return out


def _cell_relations(place: Place, measures: set[str], held: int | None = None) -> list[_Relation]:
    """The relations within one cell.  ``held``: the sessions the place held (the most
    of any version), where they can be printed: nobody came more often than that, so
    attendances <= held x different people and <= once + 3 x (2-3) + held x (4+); and
    when none was held, nobody came at all, no newcomer and no guest.  An attacker who reads the
    sessions held can write these; where they are hidden the audit still uses them (it
    knows more than the attacker: safe)."""

    def key(measure: str) -> CellKey:
        return (*place, measure)

    out: list[_Relation] = []
    partition = {_D, _ONCE, _TWO, _FOUR}
    if partition <= measures:
        terms = ((key(_D), 1), (key(_ONCE), -1), (key(_TWO), -1), (key(_FOUR), -1))
        out.append(_Relation(terms, True))
    if {_D, _NEW} <= measures and len(place[0]) == 1:  # someone new to two groups: 2
        out.append(_Relation(((key(_D), 1), (key(_NEW), -1)), False))
    if {_ATT, _ONCE, _TWO, _FOUR} <= measures:
        terms = ((key(_ATT), 1), (key(_ONCE), -1), (key(_TWO), -2), (key(_FOUR), -4))
        out.append(_Relation(terms, False))
    if {_ATT, _D} <= measures:
        out.append(_Relation(((key(_ATT), 1), (key(_D), -1)), False))
    if held is None:
        return out
    if {_ATT, _ONCE, _TWO, _FOUR} <= measures:
        terms = ((key(_ATT), -1), (key(_ONCE), 1), (key(_TWO), 3), (key(_FOUR), held))
        out.append(_Relation(terms, False))
    if {_ATT, _D} <= measures:
        out.append(_Relation(((key(_ATT), -1), (key(_D), held)), False))
    for measure, fewest in _NEEDS_SESSIONS:
        if measure in measures and held < fewest:
            out.append(_Relation(((key(measure), -1),), False))
    return out


_NEEDS_SESSIONS = (
    (_TWO, 2),
    (_FOUR, 4),
    (_ATT, 1),
    (_D, 1),
    (_ONCE, 1),
    (_NEW, 1),
    (Measure.GUESTS.value, 1),
)
"""Counts that are 0 when fewer sessions than this were held (guests come to held
sessions; newcomers are counted at their first attendance)."""


def _coarse_relations(
    whole: Place, parts: list[Place], places: Mapping[Place, set[str]]
) -> list[_Relation]:
    """A period against its months, or all groups against each group."""
    out = _additive_relations(whole, parts, places)
    have = places[whole]
    found = [part for part in parts if part in places]
    complete = len(found) == len(parts)
    if _D in have:
        with_d = [p for p in found if _D in places[p]]
        for part in with_d:
            out.append(_Relation((((*whole, _D), 1), ((*part, _D), -1)), False))
        if complete and len(with_d) == len(parts):
            terms = (((*whole, _D), -1), *(((*p, _D), 1) for p in parts))
            out.append(_Relation(terms, False))
    if _FOUR in have:
        for part in found:
            if _FOUR in places[part]:
                out.append(_Relation((((*whole, _FOUR), 1), ((*part, _FOUR), -1)), False))
    if {_TWO, _FOUR} <= have:
        for part in found:
            if {_TWO, _FOUR} <= places[part]:
                terms = (
                    ((*whole, _TWO), 1),
                    ((*whole, _FOUR), 1),
                    ((*part, _TWO), -1),
                    ((*part, _FOUR), -1),
                )
                out.append(_Relation(terms, False))
    if complete:
        out.extend(_overlap_relations(whole, parts, places))
    return out


def _overlap_relations(
    whole: Place, parts: list[Place], places: Mapping[Place, set[str]]
) -> list[_Relation]:
    """What people counted in more than one part tell (every part printed; the parts
    do not overlap): who came once in the whole came once in one part, so once <= the
    parts' once; the overlap (the parts' different people - the whole's) came at least
    twice, in at most (parts - 1) more parts each (2 more for who came 2-3 times),
    so min(2, parts - 1) x (2-3) + (parts - 1) x (4+) >= overlap; and who came once
    in a part and in no other came once in the whole, so once >=
    the parts' once - 2 x overlap.  For one group's months in order: a newcomer of a
    later month was not there before, so different >= a month's different + the later
    months' newcomers."""
    have = places[whole]
    n = len(parts)

    def every(*measures: str) -> bool:
        return all(set(measures) <= places[p] for p in parts)

    def key(place: Place, measure: str) -> CellKey:
        return (*place, measure)

    out: list[_Relation] = []
    if _ONCE in have and every(_ONCE):
        terms = ((key(whole, _ONCE), -1), *((key(p, _ONCE), 1) for p in parts))
        out.append(_Relation(terms, False))
    if {_TWO, _FOUR, _D} <= have and every(_D):
        # who came 2-3 times is in at most 3 parts: 2 more than one (review 13b, N1)
        terms = (
            (key(whole, _TWO), min(2, n - 1)),
            (key(whole, _FOUR), n - 1),
            (key(whole, _D), 1),
            *((key(p, _D), -1) for p in parts),
        )
        out.append(_Relation(terms, False))
    if {_ONCE, _TWO, _FOUR} <= have and every(_ONCE, _TWO, _FOUR):
        # A person's count in a part is 1 (once), 2-3 or 4+, and their parts' counts add
        # up to the whole's (review 13b): counted at most 1, 3 and "4" per part, the
        # parts reach the whole's least (N4); counted 1, 2 and 2, the parts reach the
        # whole's once + 2 x (2+) (N3: who came 2+ times came 2+ in a part or was in two).
        for twice, four, whole_two, whole_four in ((3, 4, 2, 4), (2, 2, 2, 2)):
            terms = (
                *((key(p, _ONCE), 1) for p in parts),
                *((key(p, _TWO), twice) for p in parts),
                *((key(p, _FOUR), four) for p in parts),
                (key(whole, _ONCE), -1),
                (key(whole, _TWO), -whole_two),
                (key(whole, _FOUR), -whole_four),
            )
            out.append(_Relation(terms, False))
    if {_ONCE, _D} <= have and every(_ONCE, _D):
        terms = (
            (key(whole, _ONCE), 1),
            (key(whole, _D), -2),
            *((key(p, _ONCE), -1) for p in parts),
            *((key(p, _D), 2) for p in parts),
        )
        out.append(_Relation(terms, False))
    groups = {p[0] for p in parts}
    if _D in have and len(groups) == 1 and len(whole[0]) == 1:  # one group, in time order
        ordered = sorted(parts, key=lambda p: p[1])
        for i, part in enumerate(ordered[:-1]):
            later = ordered[i + 1 :]
            if _D in places[part] and all(_NEW in places[q] for q in later):
                terms = (
                    (key(whole, _D), 1),
                    (key(part, _D), -1),
                    *((key(q, _NEW), -1) for q in later),
                )
                out.append(_Relation(terms, False))
    return out


def _additive_relations(
    whole: Place, parts: list[Place], places: Mapping[Place, set[str]]
) -> list[_Relation]:
    """Additive counts: the whole is the sum of its parts (when every part is there),
    else at least each part that is."""
    out: list[_Relation] = []
    found = [part for part in parts if part in places]
    complete = len(found) == len(parts)
    for measure in sorted(places[whole] & ADDITIVE):
        if complete and all(measure in places[p] for p in parts):
            terms = (((*whole, measure), 1), *(((*p, measure), -1) for p in parts))
            out.append(_Relation(terms, True))
            continue
        for part in found:
            if measure in places[part]:
                out.append(_Relation((((*whole, measure), 1), ((*part, measure), -1)), False))
    return out


def _derived(keys: Iterable[CellKey], current: Collection[CellKey]) -> list[tuple[Term, ...]]:
    """Derived counts of people: differences of printed counts that are themselves
    counts of people.

    - The groups' different people minus all groups' = people counted in two or more
      groups.
    - For one group, different people minus newcomers = people who had come before.
    - A place inside a larger one (fewer groups, a shorter period; either of this
      export): the larger's different people, came 4+ and came 2+ (2-3 plus 4+) minus
      the smaller's = the people counted in the larger and not in the smaller; for one
      group, newcomers too (new in the larger's other months).
    - Two places whose union is a third (``_union_differences``): people counted in
      both; a period's months' different people summed minus the period's."""
    places: dict[Place, set[str]] = defaultdict(set)
    for groups, start, end, measure in keys:
        places[(groups, start, end)].add(measure)
    mine = {key[:3] for key in current}
    ordered = sorted(places, key=lambda p: (p[1], p[2], len(p[0]), p[0]))
    out: list[tuple[Term, ...]] = []
    for place in ordered:
        groups, start, end = place
        have = places[place]
        parts = [((g,), start, end) for g in groups]
        if _D in have and len(groups) > 1 and all(_D in places.get(p, ()) for p in parts):
            out.append((((*place, _D), -1), *(((*p, _D), 1) for p in parts)))
        if {_D, _NEW} <= have and len(groups) == 1:
            out.append((((*place, _D), 1), ((*place, _NEW), -1)))
    out.extend(_union_differences(places, ordered, mine))
    out = list({frozenset(terms): terms for terms in out}.values())  # each once
    ours = [place for place in ordered if place in mine]
    for big in ordered:
        for small in ordered if big in mine else ours:
            if not _inside(small, big):
                continue
            shared = places[big] & places[small]
            for measure in (_D, _FOUR, _NEW):
                if measure in shared and (measure != _NEW or len(big[0]) == 1):
                    out.append((((*big, measure), 1), ((*small, measure), -1)))
            if {_TWO, _FOUR} <= shared:
                out.append(
                    (
                        ((*big, _TWO), 1),
                        ((*big, _FOUR), 1),
                        ((*small, _TWO), -1),
                        ((*small, _FOUR), -1),
                    )
                )
    return out


def _union_differences(
    places: Mapping[Place, set[str]], ordered: Sequence[Place], mine: Collection[Place]
) -> list[tuple[Term, ...]]:
    """Derived counts over unions (one of the places in this export): two printed
    places whose union is a third — the same groups over two periods that tile or
    overlap it (January-June and April-September of January-September), or the same
    period over groups that make its groups — give different(a) + different(b) -
    different(union) = the people counted in both; and the months of a period of
    three months or more, their different people summed minus the period's (people
    counted in two or more months, as the groups' sum minus all groups')."""
    with_d = [place for place in ordered if _D in places[place]]
    by_groups: dict[tuple[int, ...], list[Place]] = defaultdict(list)
    by_period: dict[tuple[dt.date, dt.date], list[Place]] = defaultdict(list)
    for place in with_d:
        by_groups[place[0]].append(place)
        by_period[(place[1], place[2])].append(place)
    out: list[tuple[Term, ...]] = []  # (``_derived`` keeps each once)
    for whole in with_d:
        groups, start, end = whole
        months = [(groups, a, b) for a, b in month_pieces(start, end)]
        in_mine = whole in mine or any(m in mine for m in months)
        if len(months) > 2 and in_mine and all(_D in places.get(m, ()) for m in months):
            out.append((((*whole, _D), -1), *(((*m, _D), 1) for m in months)))
        inside = [p for p in by_groups[groups] + by_period[(start, end)] if _inside(p, whole)]
        for a, b, _disjoint in _union_pairs(whole, inside):
            if whole in mine or a in mine or b in mine:
                out.append((((*a, _D), 1), ((*b, _D), 1), ((*whole, _D), -1)))
    return out


# -- the system ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Target:
    """A count to protect: sum(coefficient x unknown), with its true value."""

    terms: tuple[tuple[Unknown, int], ...]
    value: int
    derived: bool

    @property
    def keys(self) -> tuple[CellKey, ...]:
        return tuple(unknown[0] for unknown, _ in self.terms)


@dataclass(frozen=True, slots=True)
class _Failure:
    """A target the audit could not prove protected, or a hidden count it found fixed."""

    target: _Target

    @property
    def keys(self) -> tuple[CellKey, ...]:
        return self.target.keys


class _Instances:
    """The relations over versions of counts (a count's key and its true value), and
    the derived counts: built once per audit; :meth:`check` runs it for one choice of
    what is known."""

    def __init__(
        self,
        relations: list[_Relation],
        versions: Mapping[CellKey, set[int]],
        current: Mapping[CellKey, int],
        k: int,
        latent: Collection[Unknown] = (),
    ) -> None:
        self.k = k
        self.latent = frozenset(latent)
        self.rows: list[tuple[tuple[tuple[Unknown, int], ...], bool]] = []
        for relation in relations:
            for terms in _versioned(relation.terms, versions, current):
                total = sum(unknown[1] * c for unknown, c in terms)
                if (total == 0) if relation.equal else (total >= 0):
                    self.rows.append((terms, relation.equal))
        self.derived: list[_Target] = []
        for difference in _derived(versions.keys(), current):
            combinations = _versioned(difference, versions, current)
            for terms in combinations:
                value = sum(unknown[1] * c for unknown, c in terms)
                if 0 < value < k:
                    self.derived.append(_Target(terms, value, derived=True))
            self.derived.extend(_changes(combinations, current, k))
        # A count that changed since an earlier export published it (a mark added, a
        # member forgotten): the change is a count of what happened in between, or of
        # what was taken out — protected like a cell.
        for key, now in sorted(current.items(), key=_order):
            for then in sorted(versions.get(key, ())):
                sign = 1 if now > then else -1
                if 0 < abs(now - then) < k:
                    terms = (((key, now), sign), ((key, then), -sign))
                    self.derived.append(_Target(terms, abs(now - then), derived=True))
        self._verdicts: dict[object, tuple[frozenset[object], frozenset[Unknown]]] = {}
        # Witnesses of earlier rounds, as their differences from the true table: more
        # hidden cells only add solutions, so they stay witnesses (each is checked
        # again, on the rows it touches, before it is used).
        self._archive: list[dict[Unknown, int]] = []
        self.row_keys = [tuple(dict.fromkeys(u[0] for u, _c in terms)) for terms, _e in self.rows]
        self.touching: dict[CellKey, list[int]] = defaultdict(list)
        for index, (terms, _equal) in enumerate(self.rows):
            for unknown, _c in terms:
                self.touching[unknown[0]].append(index)

    def check(
        self,
        known: Mapping[Unknown, int],
        hidden: set[Unknown],
        mine: set[Unknown],
        *,
        lost: frozenset[_Target] = frozenset(),
        fixed: bool = True,
        among: Collection[_Target] | None = None,
        fixed_among: Collection[Unknown] | None = None,
        exact: Collection[_Target] = (),
    ) -> tuple[list[_Failure], set[Unknown]]:
        """The targets not protected, and (with ``fixed``) the hidden unknowns whose
        value is fixed.  A fixed one of this export (``mine``) is not a failure: it can
        be shown.  Targets in ``lost`` (no longer protectable) are not checked, except
        those in ``exact``: they fail only if worked out exactly; with
        ``among``, only those targets are; with ``fixed_among``, only those unknowns
        are asked whether they are fixed, and only the parts that hold them or a
        target are solved.

        The system splits into independent parts (hidden counts linked by relations);
        a part seen in an earlier round, unchanged, keeps its verdict."""
        rows: list[tuple[dict[Unknown, int], int, bool]] = []
        for terms, equal in self.rows:
            live, constant = _substitute(terms, hidden, known)
            if live:
                rows.append((live, constant, equal))
        targets = [
            _Target(((u, 1),), u[1], derived=False)
            for u in sorted(hidden, key=_unknown_order)
            if 0 < u[1] < self.k and u not in self.latent
        ]
        targets.extend(self.derived)
        targets = [t for t in targets if t not in lost and (among is None or t in among)]
        exact_at = set(range(len(targets), len(targets) + len(exact)))
        targets.extend(exact)
        expressions = [_substitute(target.terms, hidden, known) for target in targets]
        parts = _parts(hidden, [row[0] for row in rows] + [e for e, _c in expressions])
        failures = [
            _Failure(targets[t])
            for t, (e, c) in enumerate(expressions)
            if not e and (t in exact_at or 0 < c < self.k)
        ]

        def sig(t: int) -> tuple[object, ...]:
            return _row_signature((*expressions[t], t in exact_at))

        pinned: set[Unknown] = set()
        todo: list[tuple[object, list[int], list[int], list[Unknown]]] = []
        wanted = None if fixed_among is None else set(fixed_among)
        for root, (part_rows, part_targets, unknowns) in _by_part(parts, rows, expressions).items():
            del root
            asked = fixed if wanted is None else tuple(u for u in unknowns if u in wanted)
            if wanted is not None and not asked and not part_targets:
                continue
            signature = (
                tuple(sorted(_row_signature(rows[r]) for r in part_rows)),
                tuple(sorted(sig(t) for t in part_targets)),
                tuple(unknowns),
                asked,
            )
            cached = self._verdicts.get(signature)
            if cached is None:
                todo.append((signature, part_rows, part_targets, unknowns))
                continue
            bad, fixed_here = cached
            failures.extend(_Failure(targets[t]) for t in part_targets if sig(t) in bad)
            pinned |= fixed_here
        if todo:
            found, fixed_found = self._solve_parts(
                todo,
                rows=rows,
                expressions=expressions,
                targets=targets,
                fixed=fixed,
                wanted=wanted,
                exact_at=exact_at,
            )
            failures.extend(found)
            pinned |= fixed_found
        for u in sorted(pinned, key=_unknown_order):
            target = _Target(((u, 1),), u[1], derived=False)
            if target in lost:
                continue
            if u in self.latent:  # never printed: only a small one worked out exactly
                if 0 < u[1] < self.k:
                    failures.append(_Failure(target))
            elif not 0 < u[1] < self.k and u not in mine:
                failures.append(_Failure(target))
        return failures, pinned

    def _solve_parts(
        self,
        todo: list[tuple[object, list[int], list[int], list[Unknown]]],
        *,
        rows: list[tuple[dict[Unknown, int], int, bool]],
        expressions: list[tuple[dict[Unknown, int], int]],
        targets: list[_Target],
        fixed: bool,
        wanted: set[Unknown] | None = None,
        exact_at: Collection[int] = (),
    ) -> tuple[list[_Failure], set[Unknown]]:
        """Solve the new or changed parts together (a witness covers them all at once),
        record each part's verdict."""
        # The solver (numpy, scipy: some 70 MB) is loaded when an audit first needs it,
        # not when the app starts.
        import numpy as np

        from facilitator.exports.witness import WitnessSystem

        unknowns = [u for *_rest, part_unknowns in todo for u in part_unknowns]
        index = {u: i for i, u in enumerate(unknowns)}
        system_rows: list[tuple[dict[int, int], float, float]] = []
        for _signature, part_rows, _targets, _unknowns in todo:
            for r in part_rows:
                live, constant, equal = rows[r]
                system_rows.append(
                    (
                        {index[u]: c for u, c in live.items()},
                        float(-constant),
                        float(-constant) if equal else math.inf,
                    )
                )
        everything = [t for _s, _r, part_targets, _u in todo for t in part_targets]
        chosen = [t for t in everything if t not in exact_at]
        only_exact = [t for t in everything if t in exact_at]
        labels = [u[0][0][0] if len(u[0][0]) == 1 else None for u in unknowns]
        system = WitnessSystem(len(unknowns), system_rows, [u[1] for u in unknowns], self.k, labels)
        system.adopt(self._archive, index)
        found_before = len(system.witnesses)
        bad = {
            chosen[i]
            for i in system.unprotected(
                [
                    ({index[u]: c for u, c in expressions[t][0].items()}, expressions[t][1])
                    for t in chosen
                ]
            )
        }
        bad |= {
            only_exact[i]
            for i in system.exact(
                [
                    ({index[u]: c for u, c in expressions[t][0].items()}, expressions[t][1])
                    for t in only_exact
                ]
            )
        }
        asked = [i for i, u in enumerate(unknowns) if wanted is None or u in wanted]
        fixed_at = set(system.pinned(asked)) if fixed else set()
        for x in system.witnesses[found_before:]:  # kept for the next rounds
            self._archive.append(
                {unknowns[i]: int(v) for i in np.flatnonzero(x != system.truth) for v in [x[i]]}
            )
        del self._archive[: max(0, len(self._archive) - _ARCHIVE)]
        failures: list[_Failure] = []
        pinned: set[Unknown] = set()
        for signature, _part_rows, part_targets, part_unknowns in todo:
            bad_here = {t for t in part_targets if t in bad}
            fixed_here = {u for u in part_unknowns if index[u] in fixed_at}
            self._verdicts[signature] = (
                frozenset(_row_signature((*expressions[t], t in exact_at)) for t in bad_here),
                frozenset(fixed_here),
            )
            failures.extend(_Failure(targets[t]) for t in sorted(bad_here))
            pinned |= fixed_here
        return failures, pinned


def _changes(
    combinations: Sequence[tuple[tuple[Unknown, int], ...]], current: Mapping[CellKey, int], k: int
) -> list[_Target]:
    """The change of a derived count whose data changed since an earlier export (late
    marks: people in both groups went from 11 to 12 while every count moved by 0 or
    K and more): its value now minus its value over other versions of its counts,
    protected like a derived count where it is from 1 to K-1."""
    now = [
        terms for terms in combinations if all(current.get(u[0], u[1]) == u[1] for u, _c in terms)
    ]
    out = []
    for present in now[:1]:
        for then in combinations:
            if then == present:
                continue
            coefficients: dict[Unknown, int] = defaultdict(int)
            for u, c in present:
                coefficients[u] += c
            for u, c in then:
                coefficients[u] -= c
            change = sum(u[1] * c for u, c in coefficients.items())
            sign = 1 if change > 0 else -1
            terms = tuple((u, sign * c) for u, c in sorted(coefficients.items()) if c)
            if 0 < abs(change) < k and terms:
                out.append(_Target(terms, abs(change), derived=True))
    return out


def _substitute(
    terms: Iterable[tuple[Unknown, int]], hidden: set[Unknown], known: Mapping[Unknown, int]
) -> tuple[dict[Unknown, int], int]:
    """sum(c x) as (coefficients of the hidden unknowns, the constant of the known)."""
    coefficients: dict[Unknown, int] = defaultdict(int)
    constant = 0
    for unknown, c in terms:
        if unknown in hidden:
            coefficients[unknown] += c
        else:
            constant += c * known[unknown]
    return {u: c for u, c in coefficients.items() if c}, constant


def _by_part(
    parts: Mapping[Unknown, Unknown],
    rows: list[tuple[dict[Unknown, int], int, bool]],
    expressions: list[tuple[dict[Unknown, int], int]],
) -> dict[Unknown, tuple[list[int], list[int], list[Unknown]]]:
    """Each part's rows, targets and unknowns (in order)."""
    out: dict[Unknown, tuple[list[int], list[int], list[Unknown]]] = {}
    for u in sorted(parts, key=_unknown_order):
        out.setdefault(parts[u], ([], [], []))[2].append(u)
    for r, (live, _c, _e) in enumerate(rows):
        out[parts[next(iter(live))]][0].append(r)
    for t, (e, _c) in enumerate(expressions):
        if e:
            out[parts[next(iter(e))]][1].append(t)
    return out


def _unknown_order(u: Unknown) -> tuple[object, ...]:
    return (_key_order(u[0]), u[1])


def _row_signature(row: tuple[dict[Unknown, int], int, bool]) -> tuple[object, ...]:
    live, constant, equal = row
    return (tuple(sorted(live.items(), key=lambda item: _unknown_order(item[0]))), constant, equal)


def _parts(
    unknowns: Iterable[Unknown], links: Iterable[Mapping[Unknown, int]]
) -> dict[Unknown, Unknown]:
    """Each unknown's part (a representative): unknowns linked by a relation or a
    target are in one part."""
    parent: dict[Unknown, Unknown] = {u: u for u in unknowns}

    def find(u: Unknown) -> Unknown:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for link in links:
        if not link:
            continue
        first, *rest = link
        a = find(first)
        for other in rest:
            b = find(other)
            if a != b:
                parent[b] = a
    return {u: find(u) for u in parent}


def _versioned(
    terms: Sequence[Term], versions: Mapping[CellKey, set[int]], current: Mapping[CellKey, int]
) -> list[tuple[tuple[Unknown, int], ...]]:
    """The relation over every combination of versions of its counts (a few at most;
    beyond that, the current versions only)."""
    keys = list(dict.fromkeys(key for key, _ in terms))
    choices = [sorted(versions[key]) for key in keys]
    if math.prod(len(c) for c in choices) > _MAX_VERSIONS:
        choices = [
            [current[key]] if key in current else c[:1]
            for key, c in zip(keys, choices, strict=True)
        ]
    out = []
    for combination in itertools.product(*choices):
        chosen = dict(zip(keys, combination, strict=True))
        out.append(tuple(((key, chosen[key]), c) for key, c in terms))
    return out
