# ruff: noqa
"""Random export sequences (copied from /work/prof/search_f78.py, with review 13b's
facts): does the attacker with F1-F8, N1-N6 find anything in audited exports?  Run from
the worktree root:
PYTHONPATH=$PWD python tests/exports/search_n5.py MODE COUNT FIRST_SEED [BIAS]
MODE: "old" (the audit without its N5 relation) or "new"; BIAS: "n5" draws more
sequences of one group then a longer period (the shape N5 needs).  SKIP (environment,
comma-separated): review 13b facts the attacker leaves out (e.g. N6, another finding).
"""

import os
import random
import sys
import time

sys.path[:0] = ["tests/exports", "tests"]
import attacker
from attacker import attack, truth_of
from attacker_facts import newcomer_facts, with_extra_facts
import attacker_facts2
from attacker_facts2 import new_facts, overlap_facts, violated, with_new_facts
from test_audit import _random_activity
from test_audit_review import export_months

from facilitator.exports import audit as audit_mod

mode = sys.argv[1]
n = int(sys.argv[2])
seed0 = int(sys.argv[3]) if len(sys.argv) > 3 else 0
bias = sys.argv[4] if len(sys.argv) > 4 else ""
if mode == "old":
    audit_mod._newcomer_relations = lambda places: []
attacker._facts = with_new_facts(with_extra_facts(attacker._facts))


def nested_once(every):
    """Experimental (EXTRA=nested_once), true of the counting: for Q inside P (same
    groups), who came once in P and was in Q came once in Q; the others were not in Q:
    once(P) <= once(Q) + different(P) - different(Q)."""
    by_place = {}
    for labels, first, last, measure in every:
        by_place.setdefault((labels, first, last), set()).add(measure)
    for p, ms in by_place.items():
        for q, qs in by_place.items():
            if q == p or not (p[0] >= q[0] and p[1] <= q[1] and q[2] <= p[2]):
                continue
            if {attacker.ONCE, attacker.D} <= ms and {attacker.ONCE, attacker.D} <= qs:
                row = {(*p, attacker.ONCE): 1, (*q, attacker.ONCE): -1}
                row[(*p, attacker.D)] = -1
                row[(*q, attacker.D)] = 1
                yield row, -float("inf"), 0


if "nested_once" in os.environ.get("EXTRA", ""):
    _with = attacker._facts

    def _facts(every, known=None):
        yield from _with(every, known)
        yield from nested_once(every)

    attacker._facts = _facts
for fact in filter(None, os.environ.get("SKIP", "").split(",")):
    attacker_facts2.ENABLED.discard(fact)
found_cases = 0
violations = 0
t0 = time.time()
for seed in range(seed0, seed0 + n):
    rng = random.Random(seed)
    G = rng.choice([2, 3, 4])
    M = rng.choice([3, 4, 6])
    P = rng.choice([2, 3, 4, 6])
    k = rng.choice([3, 5, 11])
    activity = _random_activity(seed, groups=G, months=M, people=P)
    seq = []
    for i in range(rng.choice([2, 3])):
        gs = sorted(rng.sample(range(1, G + 1), rng.randint(1, G)))
        if rng.random() < 0.4:
            gs = list(range(1, G + 1))
        a = rng.randint(1, M)
        b = rng.randint(a, M)
        if bias == "n5" and i == 0:
            gs = [rng.randint(1, G)]
            a = rng.randint(1, max(1, M - 1))
            b = rng.randint(a, max(a, M - 1))
        elif bias == "n5" and rng.random() < 0.5:
            a, b = rng.randint(1, 2), M
        seq.append((gs, a, b))
    done = []
    try:
        for gs, a, b in seq:
            prior = [c for one in done for c in one.ledger]
            done.append(
                export_months(
                    activity, gs, a, b, k, prior, len(gs) == 1, prior_k=(k, k) if prior else None
                )
            )
    except Exception as exc:
        print("seed", seed, "error", type(exc).__name__, exc, flush=True)
        continue
    names = {}
    for one in done:
        names.update(one.names)
    truth = truth_of([c for one in done for c in one.ledger], names)
    every = set(truth)
    bad = violated(
        list(new_facts(every))
        + list(overlap_facts(every))
        + list(newcomer_facts(every))
        + list(nested_once(every)),
        truth,
    )
    if bad:
        violations += 1
        print("seed", seed, "FACT VIOLATED", bad[:2], flush=True)
    lost = truth_of([c for one in done for c in one.lost], names)
    found = [e for e in attack([one.published for one in done], truth) if e.key not in lost]
    if found:
        found_cases += 1
        print(
            "seed",
            seed,
            "G",
            G,
            "M",
            M,
            "P",
            P,
            "k",
            k,
            "seq",
            seq,
            "found",
            len(found),
            found[:3],
            flush=True,
        )
print(
    mode,
    bias,
    "cases",
    found_cases,
    "violations",
    violations,
    "of",
    n,
    "in",
    round(time.time() - t0),
    "s",
    flush=True,
)
