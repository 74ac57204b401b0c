# ruff: noqa
"""Random export sequences with K varying per export (3, 5 or 11), against the plain
attacker with F1-F8 (as /work/prof/search_f78.py, issue 13 "K alternating").  Run from
the worktree root: PYTHONPATH=$PWD python tests/exports/search_k_varying.py COUNT FIRST_SEED

Reports, per sequence, hidden values recovered exactly and hidden small counts (1..K-1
for the largest K used) narrowed to a range that misses 0 or that K, leaving out what
the audit reported as already given away by earlier exports.
"""

import dataclasses
import random
import sys
import time

sys.path[:0] = ["tests/exports", "tests"]
import attacker
from facilitator.domain.ledger import LedgerCell
from attacker import attack, truth_of
from attacker_facts import with_extra_facts
from test_audit import _random_activity
import test_audit_review
from test_audit_review import export_months

given_away = []  # all groups' different people whose derived count was given away before


def _publish(*args, **kwargs):
    cells, result = _plain_publish(*args, **kwargs)
    given_away.extend(result.derived_given_away)
    return cells, result


_plain_publish = test_audit_review.publish
test_audit_review.publish = _publish

n = int(sys.argv[1])
seed0 = int(sys.argv[2]) if len(sys.argv) > 2 else 0
attacker._facts = with_extra_facts(attacker._facts)
exact_cases = small_cases = 0
t0 = time.time()
for seed in range(seed0, seed0 + n):
    rng = random.Random(seed)
    G = rng.choice([2, 3, 4])
    M = rng.choice([3, 4, 6])
    P = rng.choice([2, 3, 4, 6])
    activity = _random_activity(seed, groups=G, months=M, people=P)
    seq = []
    for _ in range(rng.choice([2, 3, 4])):
        gs = sorted(rng.sample(range(1, G + 1), rng.randint(1, G)))
        if rng.random() < 0.4:
            gs = list(range(1, G + 1))
        a = rng.randint(1, M)
        b = rng.randint(a, M)
        if seq and rng.random() < 0.2:  # the same table again, maybe with another K
            gs, a, b, _k = seq[rng.randrange(len(seq))]
        seq.append((gs, a, b, rng.choice([3, 5, 11])))
    done = []
    given_away.clear()
    try:
        for gs, a, b, k in seq:
            prior = [c for one in done for c in one.ledger]
            used = [kk for *_r, kk in seq[: len(done)]]
            prior_k = (min(used), max(used)) if prior else None
            done.append(export_months(activity, gs, a, b, k, prior, len(gs) == 1, None, prior_k))
    except Exception as exc:
        print("seed", seed, "error", type(exc).__name__, exc, flush=True)
        continue
    names = {}
    for one in done:
        names.update(one.names)
    truth = truth_of([c for one in done for c in one.ledger], names)
    lost = truth_of([c for one in done for c in one.lost], names)
    biggest = max(k for *_r, k in seq)
    published = [one.published for one in done]
    published[-1] = dataclasses.replace(published[-1], k=biggest)  # "small": up to the largest K
    lost |= truth_of([LedgerCell(*key, value=None, true_value=0) for key in given_away], names)
    derived_lost = {f"people in 2+ groups {key}" for key in lost}
    found = [e for e in attack(published, truth) if e.key not in lost and e.key not in derived_lost]
    exact = [e for e in found if e.what == "exact"]
    small = [e for e in found if e.what == "small"]
    exact_cases += bool(exact)
    small_cases += bool(small)
    if (seed - seed0 + 1) % 50 == 0:
        print(f"... {seed - seed0 + 1} sequences, {round(time.time() - t0)} s", flush=True)
    if found:
        shape = f"G {G} M {M} P {P} seq {seq}"
        print(f"seed {seed} {shape} exact {len(exact)} small {len(small)}", found[:2], flush=True)
print(
    f"K varying: sequences {n} from seed {seed0}, with an exact recovery {exact_cases}, "
    f"with a small count narrowed {small_cases}, in {round(time.time() - t0)} s",
    flush=True,
)
