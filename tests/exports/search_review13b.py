# ruff: noqa
"""Random export sequences against the attacker with F1-F8 and N1-N6 (review 13b). Run from
the worktree root: PYTHONPATH=$PWD python tests/exports/search_review13b.py COUNT FIRST_SEED
"""

import random
import sys
import time

sys.path[:0] = ["tests/exports", "tests"]
import attacker
from attacker import attack, truth_of
from attacker_facts import with_extra_facts
from attacker_facts2 import new_facts, violated, with_new_facts
from test_audit import _random_activity
from test_audit_review import export_months

n = int(sys.argv[1])
seed0 = int(sys.argv[2]) if len(sys.argv) > 2 else 0
plain = attacker._facts
attacker._facts = with_new_facts(with_extra_facts(plain))
found_cases = 0
t0 = time.time()
for seed in range(seed0, seed0 + n):
    rng = random.Random(seed)
    G = rng.choice([2, 3, 4])
    M = rng.choice([3, 4, 6])
    P = rng.choice([2, 3, 4, 6])
    k = rng.choice([3, 5, 11])
    activity = _random_activity(seed, groups=G, months=M, people=P)
    seq = []
    for _ in range(rng.choice([2, 3])):
        gs = sorted(rng.sample(range(1, G + 1), rng.randint(1, G)))
        if rng.random() < 0.4:
            gs = list(range(1, G + 1))
        a = rng.randint(1, M)
        b = rng.randint(a, M)
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
        print("seed", seed, "error", type(exc).__name__, exc)
        continue
    names = {}
    for one in done:
        names.update(one.names)
    truth = truth_of([c for one in done for c in one.ledger], names)
    from attacker_facts2 import overlap_facts

    bad = violated(list(new_facts(set(truth))) + list(overlap_facts(set(truth))), truth)
    if bad:
        print("seed", seed, "FACT VIOLATED", bad[:2], flush=True)
    lost = truth_of([c for one in done for c in one.lost], names)
    found = [e for e in attack([one.published for one in done], truth) if e.key not in lost]
    if found:
        attacker._facts = with_extra_facts(plain)
        before = [e for e in attack([one.published for one in done], truth) if e.key not in lost]
        attacker._facts = with_new_facts(with_extra_facts(plain))
        if not before:
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
        else:
            print("seed", seed, "found also without new facts", len(before), before[:1], flush=True)
print("cases", found_cases, "of", n, "in", round(time.time() - t0), "s", flush=True)
