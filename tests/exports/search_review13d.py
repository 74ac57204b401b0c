# ruff: noqa
"""Random export sequences (review 13d): months' counts of people counted, not printed.
PYTHONPATH=$PWD python tests/exports/search_review13d.py COUNT FIRST_SEED [MODE]"""

import datetime as dt
import random
import sys
import time

sys.path[:0] = ["tests/exports", "tests"]
import attacker
from attacker import attack, parse_csv, truth_of
from test_audit import _random_activity
from test_audit_review13d import export_period


def findings(done, k=None):
    names = {}
    for one in done:
        names.update(one.names)
    truth = truth_of([c for one in done for c in one.ledger], names)
    lost = set(truth_of([c for one in done for c in one.lost], names))
    lost |= {
        f"people in 2+ groups {key}"
        for key in truth_of([c for one in done for c in one.lost_derived], names)
    }
    found = attack([one.published for one in done], truth)
    return [e for e in found if e.key not in lost], [e for e in found if e.key in lost]


import contextlib
from facilitator.domain.summary import Measure


@contextlib.contextmanager
def old_app():
    """The app before be25dee: every month's counts of people printed (and recorded)."""
    saved = Measure.monthly
    Measure.monthly = property(lambda self: True)
    try:
        yield
    finally:
        Measure.monthly = saved


def plan(rng, G, M, mode):
    if mode == "old_then_new":
        allg = list(range(1, G + 1))
        a = rng.randint(1, M)
        b = rng.randint(a, M)
        return [(allg, 1, M), (rng.choice([allg, [rng.randint(1, G)]]), a, b)]
    allg = list(range(1, G + 1))
    if mode == "year_then_month":
        m = rng.randint(1, M)
        return [(allg, 1, M), (rng.choice([allg, [rng.randint(1, G)]]), m, m)]
    if mode == "months_then_year":
        return [(allg, m, m) for m in range(1, M + 1)] + [(allg, 1, M)]
    if mode == "year_then_quarters":
        return [(allg, 1, M)] + [(allg, a, min(a + 1, M)) for a in range(1, M + 1, 2)]
    if mode == "single":
        return [(allg, 1, M)]
    if mode == "mixed":  # single months and longer periods, in any order
        seq = []
        for _ in range(3):
            gs = allg if rng.random() < 0.6 else [rng.randint(1, G)]
            a = rng.randint(1, M)
            b = a if rng.random() < 0.5 else rng.randint(a, M)
            seq.append((gs, a, b))
        return seq
    if mode == "group_then_all":
        return [([rng.randint(1, G)], 1, M), (allg, 1, M)]
    seq = []
    for _ in range(rng.choice([2, 3])):
        gs = sorted(rng.sample(allg, rng.randint(1, G)))
        if rng.random() < 0.4:
            gs = allg
        a = rng.randint(1, M)
        b = rng.randint(a, M)
        seq.append((gs, a, b))
    return seq


if __name__ == "__main__":
    n = int(sys.argv[1])
    seed0 = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    modes = sys.argv[3].split(",") if len(sys.argv) > 3 else ["random"]
    t0 = time.time()
    cases = 0
    import os

    if os.environ.get("STRONG"):  # the facts of reviews 13b (F1-F8, N1-N6), checked true
        from attacker_facts import with_extra_facts
        from attacker_facts2 import new_facts, violated, with_new_facts

        attacker._facts = with_new_facts(with_extra_facts(attacker._facts))
    for seed in range(seed0, seed0 + n):
        rng = random.Random(seed)
        mode = modes[seed % len(modes)]
        G = rng.choice([1, 2, 3])
        M = rng.choice([2, 3, 4])
        P = rng.choice([2, 3, 4, 6, 8])
        k = rng.choice([3, 5, 11])
        ks = [k]
        if "kchange" in modes:
            ks = sorted(
                (rng.choice([3, 5, 11]) for _ in range(4)), reverse=True
            )  # the attacker judges by the last K: the smallest
        activity = _random_activity(seed, groups=G, months=M, people=P)
        seq = plan(rng, G, M, mode if mode != "kchange" else "random")
        done = []
        try:
            for i, (gs, a, b) in enumerate(seq):
                kk = ks[i % len(ks)]
                if mode == "old_then_new" and i == 0:
                    with old_app():
                        done.append(export_period(activity, gs, a, b, kk, done))
                    continue
                done.append(export_period(activity, gs, a, b, kk, done))
        except Exception as exc:
            print("seed", seed, "error", type(exc).__name__, exc, flush=True)
            continue
        if os.environ.get("STRONG"):
            names = {g: nm for one in done for g, nm in one.names.items()}
            truth = truth_of([c for one in done for c in one.ledger], names)
            wrong = violated(list(new_facts(set(truth))), truth)
            if wrong:
                print("seed", seed, "FACT VIOLATED", wrong[:1], flush=True)
                continue
        bad, excused = findings(done)
        if bad or excused:
            cases += bool(bad)
            print(
                "seed",
                seed,
                mode,
                "G",
                G,
                "M",
                M,
                "P",
                P,
                "ks",
                ks,
                "seq",
                seq,
                "BAD",
                len(bad),
                bad[:3],
                "excused",
                len(excused),
                excused[:2],
                flush=True,
            )
    print("cases", cases, "of", n, "in", round(time.time() - t0), "s", flush=True)
