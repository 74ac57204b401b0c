"""Demo data: one facilitator's realistic year ("small") or the benchmark's vault ("large").

Everything is invented, and a pure function of (scale, seed, today): every choice
comes from ``random.Random(seed)``, names and contact details from a Faker seeded
with the same seed.  A group has "chairs", each held by one member after another
(a membership each); every current member gets a mark at every session held, so
rosters, absences in a row and retention add up; tonight's sessions have no marks
yet.  The large scale has exactly the benchmark's 100 groups, 5,000 members, 20,000
sessions, 400,000 attendance marks and 50,000 notes (the scale the app is designed
for: docs/architecture.md, "Scale").
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field

from faker import Faker

from facilitator.domain.enums import AttendanceStatus, ConsentKind, MemberStatus, Priority
from facilitator.domain.folding import ascii_word
from facilitator.errors import InvalidInput
from facilitator.services.demo_text import (
    DAY_NAMES,
    DAYS,
    KINDS,
    LENGTHS,
    NICKNAMES,
    PARTS_OF_DAY,
    PRONOUNS,
    SAY,
    STARTS,
    TEXT,
    TRICKY,
    WORDS,
)
from facilitator.storage import bulk
from facilitator.storage.bulk import (
    AttendanceRow,
    ConsentRow,
    DemoData,
    FollowUpRow,
    GroupRow,
    MemberRow,
    MembershipRow,
    MilestoneRow,
    NoteRow,
    SessionRow,
)
from facilitator.storage.vault import Vault

SCALES = ("small", "large")

_PRIORITIES = (Priority.LOW, Priority.NORMAL, Priority.HIGH)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """How many rows the demo put in each table."""

    groups: int
    members: int
    memberships: int
    consents: int
    milestones: int
    sessions: int
    attendance: int
    notes: int
    follow_ups: int


@dataclass(frozen=True, slots=True)
class _Plan:
    groups: int  # 0: the hand-written groups of one facilitator
    members: int
    weeks: int  # weeks of history per group, up to today
    tonight: bool  # a group meeting today also has tonight's session (not held yet)
    chairs: tuple[int, int]  # people on a group's roster at any one time
    marks: int | None = None  # exact attendance rows (else what the chairs give)
    notes: int | None = None  # exact notes (else most sessions and some members)
    follow_ups: int | None = None  # exact (else after one session in eight)


_PLANS = {
    "small": _Plan(0, 150, 52, True, (10, 24)),
    "large": _Plan(100, 5000, 200, False, (12, 30), 400_000, 50_000, 10_000),
}


@dataclass(slots=True)
class _Group:
    id: int
    kind: str
    start: dt.time
    end: dt.time
    archived: bool
    held: list[tuple[int, dt.date]] = field(default_factory=list)  # (session id, date)


@dataclass(slots=True)
class _Seat:
    """A membership: one chair of a group, from held session ``first`` up to ``end``."""

    group: _Group
    first: int
    end: int
    joined: dt.date
    left: dt.date | None
    p: float  # the chance they come to any one session
    stop: int | None = None  # from this held session on, they stopped coming
    member: int = 0


class _Slots(dict[str, str]):
    """A phrase's gaps: the values given, else a word picked at random (a ``{thing}``
    from the ``theme`` given), itself filled in the same way."""

    def __init__(self, rng: random.Random, words: dict[str, list[str]], **given: str) -> None:
        super().__init__(given)
        self._rng, self._words = rng, words

    def __missing__(self, key: str) -> str:
        pool = TEXT["thing"][self["theme"]] if key == "thing" else self._words[key]
        return self._rng.choice(pool).format_map(self)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _evening(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(21, rng.randint(0, 59)))


class _Builder:
    def __init__(self, plan: _Plan, seed: int, today: dt.date) -> None:
        self.plan, self.today, self.rng = plan, today, random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        places = {"town": self.fake.city, "street": self.fake.street_name}
        self.words = WORDS | {k: [make() for _ in range(1000)] for k, make in places.items()}
        self.words["employer"] = [self.fake.company() for _ in range(1000)]
        self.data = DemoData()
        self.groups: list[_Group] = []
        self.seats: list[_Seat] = []
        self.names: dict[int, str] = {}  # member id -> the name notes use
        self.kinds: dict[int, str] = {}  # member id -> the kind of their first group
        self.keep: set[int] = set()  # members whose consents the demo relies on
        self.outreach: list[int] = []  # members who stopped coming and may be contacted
        self.marked: dict[int, list[int]] = {}  # session held -> members with a mark
        self.came: dict[int, list[str]] = {}  # session held -> names of who came
        self.visits: dict[int, list[tuple[int, dt.date, str]]] = {}  # member -> sessions

    def build(self) -> DemoData:
        self._groups()
        self._seats()
        self._members()
        self._attendance()
        self._milestones()
        self._consents()
        self._notes()
        self._follow_ups()
        return self.data

    # -- groups and their sessions -----------------------------------------------------
    def _specs(self) -> list[list[str]]:
        """Per group: name, kind, weekday, interval, start, minutes, weeks since it ended."""
        rng = self.rng
        if not self.plan.groups:
            return [[name, *spec] for name, spec in TEXT["group"].items()]
        combos = [
            [f"{place} {label} — {DAY_NAMES[day]}s", kind, DAYS[day]]
            for place, kind, day in itertools.product(WORDS["place"], KINDS, range(7))
            for label in TEXT[kind]["label"]
        ]
        return [
            [*combo, "1", rng.choice(STARTS), rng.choice(LENGTHS), "0"]
            for combo in rng.sample(combos, self.plan.groups)
        ]

    def _groups(self) -> None:
        rng, today, fake, data = self.rng, self.today, self.fake, self.data
        pool = [f"{fake.first_name()} {fake.last_name()}" for _ in range(self.plan.groups or 1)]
        for gid, (name, kind, day, every, start, mins, ended) in enumerate(self._specs(), 1):
            interval, weekday = int(every), DAYS.index(day)
            begins = dt.datetime.strptime(start, "%H:%M")
            ends = (begins + dt.timedelta(minutes=int(mins))).time()
            g = _Group(gid, kind, begins.time(), ends, archived=ended != "0")
            end = today - dt.timedelta(weeks=int(ended))
            last = end - dt.timedelta(days=(end.weekday() - weekday) % 7)
            count = 12 if g.archived else self.plan.weeks // interval
            count += self.plan.tonight and last == today
            dates = [last - dt.timedelta(weeks=interval * k) for k in range(count - 1, -1, -1)]
            rule = "FREQ=WEEKLY" + (f";INTERVAL={interval}" if interval > 1 else "")
            rule += f";BYDAY={day}" + (f";COUNT={count}" if g.archived else "")
            where, about = rng.choice(WORDS["venue"]), TEXT[kind]["about"][0]
            who = rng.choice(pool) + (f" and {fake.first_name()}" if rng.random() < 0.3 else "")
            part = next(label for hour, label in PARTS_OF_DAY if g.start.hour < hour)
            title = f"{DAY_NAMES[weekday]} {part} Meeting"
            made = _evening(dates[0] - dt.timedelta(days=rng.randint(1, 30)), rng)
            span = (g.start, g.end)
            row = GroupRow(
                gid, name, title, about, where, who, rule, dates[0], *span, g.archived, made
            )
            data.groups.append(row)
            for on in dates:
                sid, topic = len(data.sessions) + 1, rng.choice(TEXT[kind]["topic"])
                off = on < today and rng.random() < 0.03
                guests = rng.choices((0, 1, 2, 3), (70, 18, 8, 4))[0]
                data.sessions.append(
                    SessionRow(sid, gid, on, *span, where, topic, who, off, guests)
                )
                if on < today and not off:
                    g.held.append((sid, on))
            self.groups.append(g)

    # -- who sits where --------------------------------------------------------------
    def _chairs(self) -> list[tuple[_Group, int]]:
        """(group, first held session) per chair.  For an exact number of marks, chairs
        are taken away or added, and one last chair is filled only lately."""
        rng, target = self.rng, self.plan.marks
        chairs = [(g, 0) for g in self.groups for _ in range(rng.randint(*self.plan.chairs))]
        if target is None:
            return chairs
        total = sum(len(g.held) for g, _ in chairs)
        while total > target:
            total -= len(chairs.pop(rng.randrange(len(chairs)))[0].held)
        while fits := [g for g in self.groups if len(g.held) <= target - total]:
            chairs.append((rng.choice(fits), 0))
            total += len(chairs[-1][0].held)
        if total < target:
            g = rng.choice(self.groups)
            chairs.append((g, len(g.held) - (target - total)))
        return chairs

    def _seats(self) -> None:
        """Cut each chair's time into memberships: about 1.6 for each member."""
        rng, chairs = self.rng, self._chairs()
        cuts: list[set[int]] = [set() for _ in chairs]
        wanted = round(self.plan.members * 1.6) - len(chairs)
        while sum(map(len, cuts)) < wanted:
            i = rng.randrange(len(chairs))
            g, first = chairs[i]
            if len(g.held) - first >= 2:
                cuts[i].add(rng.randrange(first + 1, len(g.held)))
        for (g, first), chair in zip(chairs, cuts, strict=True):
            for a, b in itertools.pairwise([first, *sorted(chair), len(g.held)]):
                joined = g.held[a][1] if a else g.held[0][1] - dt.timedelta(rng.randint(7, 700))
                left = g.held[b][1] if b < len(g.held) else None
                if left is None and g.archived:
                    left = g.held[-1][1] + dt.timedelta(days=1)
                habit = rng.random()  # regular, occasional, or one who stopped coming
                p = rng.uniform(0.75, 0.97) if habit < 0.6 else rng.uniform(0.3, 0.65)
                stop = max(a + 1, b - rng.randint(1, 8)) if habit > 0.92 and b - a > 1 else None
                self.seats.append(_Seat(g, a, b, joined, left, p, stop))

    def _free(self, groups_of: list[set[int]], gid: int) -> int:
        """Someone in fewer than three groups, and not in this one."""
        n, rng = len(groups_of), self.rng
        for k in itertools.chain((rng.randrange(n) for _ in range(50)), range(n)):
            if len(groups_of[k]) < 3 and gid not in groups_of[k]:
                return k
        raise RuntimeError("the demo has more memberships than its members can hold")

    def _members(self) -> None:
        rng, fake, count, data = self.rng, self.fake, self.plan.members, self.data
        groups_of: list[set[int]] = [set() for _ in range(count)]
        for i, seat in enumerate(rng.sample(self.seats, len(self.seats))):
            seat.member = 1 + (i if i < count else self._free(groups_of, seat.group.id))
            groups_of[seat.member - 1].add(seat.group.id)
        self.seats.sort(key=lambda s: (s.member, s.joined))
        since = {s.member: s.joined for s in reversed(self.seats)}
        current = {s.member for s in self.seats if s.left is None}
        tricky = dict(zip(rng.sample(range(1, count + 1), len(TRICKY)), TRICKY, strict=True))
        for mid in range(1, count + 1):
            female = rng.random() < 0.55
            first, _, last = tricky.get(mid, "").partition(" ")
            pronouns = "" if first else rng.choice(PRONOUNS[female])
            if not first:
                first = fake.first_name_female() if female else fake.first_name_male()
                last = fake.last_name()
            nick = NICKNAMES.get(first, "") if rng.random() < 0.7 else ""
            phone = fake.phone_number() if rng.random() < 0.85 else ""
            user = f"{ascii_word(first)}.{ascii_word(last)}{rng.randint(1, 99)}"
            email = f"{user}@{fake.free_email_domain()}"
            email = email if rng.random() < 0.6 else ""
            kin = f"{fake.name()} ({rng.choice(WORDS['relation'])}), {fake.phone_number()}"
            kin = kin if rng.random() < 0.45 else ""
            status = MemberStatus.ACTIVE if mid in current else rng.choice(tuple(MemberStatus)[1:])
            facts = rng.choice(WORDS["fact"]) if rng.random() < 0.15 else ""
            joined, made = since[mid], _evening(since[mid], rng)
            row = MemberRow(
                mid, first, last, nick, pronouns, phone, email, kin, joined, status, facts, made
            )
            data.members.append(row)
            self.names[mid] = nick or first
        for seat in self.seats:
            self.kinds.setdefault(seat.member, seat.group.kind)
            g, joined, left = seat.group.id, seat.joined, seat.left
            data.memberships.append(
                MembershipRow(len(data.memberships) + 1, seat.member, g, joined, left)
            )
        self._stop_some()

    def _stop_some(self) -> None:
        """Three current members, with a phone, who came regularly and then stopped."""
        rng, members = self.rng, self.data.members
        fits = [
            s
            for s in self.seats
            if not s.group.archived and s.left is None and s.end - s.first >= 8
            if members[s.member - 1].phone
        ]
        for seat in rng.sample(fits, 3):
            seat.p, seat.stop = rng.uniform(0.8, 0.95), seat.end - rng.randint(4, 6)
            if seat.member not in self.outreach:
                self.outreach.append(seat.member)
        self.keep.update(self.outreach)

    # -- what happened ---------------------------------------------------------------
    def _attendance(self) -> None:
        rng, rows = self.rng, self.data.attendance
        chairs: dict[int, list[list[_Seat]]] = {g.id: [[] for _ in g.held] for g in self.groups}
        for seat in sorted(self.seats, key=lambda s: s.member):
            for i in range(seat.first, seat.end):
                chairs[seat.group.id][i].append(seat)
        for g in self.groups:
            opens = g.start.hour * 60 + g.start.minute
            for i, ((sid, day), seats) in enumerate(zip(g.held, chairs[g.id], strict=True)):
                self.marked[sid], came = [s.member for s in seats], self.came.setdefault(sid, [])
                for seat in seats:
                    if (seat.stop is not None and i >= seat.stop) or rng.random() >= seat.p:
                        excused = seat.stop is None and rng.random() < 0.3
                        status = AttendanceStatus.EXCUSED if excused else AttendanceStatus.ABSENT
                        rows.append(AttendanceRow(sid, seat.member, status, None))
                        continue
                    late = rng.random() < 0.1
                    status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
                    minute = opens + (rng.randint(5, 40) if late else -rng.randint(0, 15))
                    arrived = dt.time(minute // 60, minute % 60)
                    rows.append(AttendanceRow(sid, seat.member, status, arrived))
                    came.append(self.names[seat.member])
                    self.visits.setdefault(seat.member, []).append((sid, day, g.kind))

    def _milestones(self) -> None:
        """Some members' dates to mark; two shared ones fall within the coming week."""
        rng, today, rows = self.rng, self.today, self.data.milestones
        active = [m.id for m in self.data.members if m.status is MemberStatus.ACTIVE]
        soon = dict(
            zip(rng.sample(active, 2), ("One year in recovery", "Sober since"), strict=True)
        )
        self.keep.update(soon)
        for mid, kind in sorted(self.kinds.items()):
            label, shared = soon.get(mid, ""), True
            when = today + dt.timedelta(days=rng.randint(0, 6))
            if label == "Sober since":
                when = _years_before(when, rng.randint(2, 9))
            elif not label and rng.random() < 0.15:
                label = rng.choice(TEXT[kind]["milestone"])
                when = today - dt.timedelta(days=rng.randint(20, 4000))
                shared = rng.random() < (0.5 if kind == "grief" else 0.85)
            if label:
                rows.append(MilestoneRow(len(rows) + 1, mid, label, when, shared))

    def _consents(self) -> None:
        rng, today, members, rows = self.rng, self.today, self.data.members, self.data.consents
        celebrating = {m.member_id for m in self.data.milestones}
        for i, member in enumerate(members):
            on, must = member.date_joined or today, member.id in self.keep
            how = rng.choice(("", "", "", "Signed form", "Verbal, at the door", "By text"))
            given = must or rng.random() >= 0.04
            if not given:  # then nothing but the name is kept
                members[i] = member._replace(phone="", email="", emergency_contact="")
            answers = [(ConsentKind.STORE_DETAILS, given, how)]
            ways = [ConsentKind.CONTACT_PHONE, ConsentKind.CONTACT_TEXT] if member.phone else []
            ways += [ConsentKind.CONTACT_EMAIL] if member.email else []
            wanted = max(rng.choices((0, 1, 2), (25, 55, 20))[0], must) if given else 0
            answers += [(kind, True, "") for kind in rng.sample(ways, min(wanted, len(ways)))]
            if given and member.id in celebrating:
                answers.append((ConsentKind.SHARE_MILESTONES, True, ""))
            for kind, yes, note in answers:
                revoked = None
                if yes and kind.is_contact_channel and not must and rng.random() < 0.06:
                    revoked = on + dt.timedelta(days=rng.randint(0, (today - on).days))
                rows.append(ConsentRow(len(rows) + 1, member.id, kind, yes, on, revoked, note))

    # -- what was written ------------------------------------------------------------
    def _prose(self, kind: str, names: list[str], room: int, frames: str = "about") -> str:
        """Sentences on a few of the kind's themes, at least ``room`` characters long."""
        rng, parts, size = self.rng, list[str](), -1
        themes = rng.sample(TEXT[kind]["themes"], 3)
        while size < room or not parts:
            slots = _Slots(rng, self.words, n=rng.choice(names), theme=rng.choice(themes))
            parts.append(rng.choice(SAY[frames]).format_map(slots))
            size += len(parts[-1]) + 1
        return " ".join(parts)

    def _say(self, phrase: str, names: list[str], count: int = 0) -> str:
        slots = _Slots(self.rng, self.words, n=self.rng.choice(names), count=str(count))
        return self.rng.choice(SAY[phrase]).format_map(slots)

    def _notes(self) -> None:
        rng, plan, data = self.rng, self.plan, self.data
        held = [(data.sessions[sid - 1], g) for g in self.groups for sid, _day in g.held]
        if plan.notes is None:
            held = [h for h in held if rng.random() < 0.85]
            about = [m for m in self.names for _ in range(rng.choice((0, 0, 1, 2)))]
        else:
            about = [rng.randint(1, plan.members) for _ in range(plan.notes - len(held))]
        for s, g in held:  # a note after most sessions
            names, size = self.came[s.id] or ["One member"], rng.randint(230, 640)
            opener, template = self._say("opener", names, len(names)), ""
            if rng.random() < 0.3:
                themes = ", ".join(rng.sample(TEXT[g.kind]["themes"], 3))
                head = f"Check-in themes:\n{themes}\n\nTopics discussed:\n{s.topic}\n\n"
                head += f"Group dynamics:\n{opener}\n\nConcerns:\n"
                tail = f"\n\nFollow-ups needed:\n{self._say('follow_up', names)}."
                template = "check-in"
            else:
                head, tail = opener + " ", " " + self._say("closer", names)
            body = head + self._prose(g.kind, names, size - len(head) - len(tail)) + tail
            at = dt.datetime.combine(s.date, g.end) + dt.timedelta(minutes=rng.randint(10, 120))
            self._note(s.id, None, template, body, at)
        for mid in about:  # and private notes about members, after a session they came to
            names, size, template = [self.names[mid]], rng.randint(230, 640), ""
            joined = data.members[mid - 1].date_joined or self.today
            sid, day, kind = rng.choice(self.visits.get(mid, [(None, joined, self.kinds[mid])]))
            support = self._say("support", names)
            if rng.random() < 0.4:
                feel = rng.choice(WORDS["feel"]).capitalize()
                head = f"How they seemed:\n{feel}.\n\nWhat they shared (in their words):\n"
                tail, template = f"\n\nSupport offered:\n{support}", "member"
            else:
                head, tail = self._say("member", names) + " ", " " + support
            body = head + self._prose(kind, names, size - len(head) - len(tail), "aside") + tail
            self._note(sid, mid, template, body, _evening(day, rng))

    def _note(
        self, sid: int | None, mid: int | None, template: str, body: str, at: dt.datetime
    ) -> None:
        edited = (
            at + dt.timedelta(minutes=self.rng.randint(1, 90)) if self.rng.random() < 0.2 else at
        )
        self.data.notes.append(
            NoteRow(len(self.data.notes) + 1, sid, mid, template, body, at, edited)
        )

    def _follow_ups(self) -> None:
        rng, today, rows = self.rng, self.today, self.data.follow_ups
        held = [s for s in self.data.sessions if s.id in self.marked]
        count = self.plan.follow_ups if self.plan.follow_ups is not None else len(held) // 8
        for s in sorted(rng.sample(held, min(count, len(held)))):
            member = rng.choice(self.marked[s.id]) if rng.random() < 0.85 else None
            text = self._say("follow_up" if member else "chore", [self.names.get(member or 0, "")])
            due = s.date + dt.timedelta(days=rng.randint(1, 10))
            age = (today - due).days
            done = rng.random() < (0.99 if age > 14 else 0.5 if age > 0 else 0.15)
            done_on = max(s.date, min(today, due + dt.timedelta(days=rng.randint(-3, 2))))
            made, priority = _evening(s.date, rng), rng.choices(_PRIORITIES, (2, 6, 2))[0]
            row = FollowUpRow(len(rows) + 1, text, member, s.id, due, priority, done, None, made)
            rows.append(row._replace(done_on=done_on) if done else row)
        current = [m.id for m in self.data.members if m.status is MemberStatus.ACTIVE]
        soon = rng.choice([m for m in current if m not in self.outreach])
        for mid in [*self.outreach, soon]:  # overdue for those who stopped coming
            late, name = mid != soon, self.names[mid]
            due = today + dt.timedelta(days=-rng.randint(1, 4) if late else rng.randint(1, 5))
            text = (
                f"Call {name}: missed the last few weeks"
                if late
                else f"Ask {name} about the housing application"
            )
            priority = Priority.HIGH if late else Priority.NORMAL
            made = _evening(today - dt.timedelta(days=7), rng)
            rows.append(
                FollowUpRow(len(rows) + 1, text, mid, None, due, priority, False, None, made)
            )


def _plan(scale: str) -> _Plan:
    if scale not in _PLANS:
        raise InvalidInput("There is no demo scale by that name. Choose small or large.")
    return _PLANS[scale]


def build_demo(scale: str = "small", seed: int = 0, today: dt.date | None = None) -> DemoData:
    """The demo's rows; the same (scale, seed, today) always gives the same rows."""
    return _Builder(_plan(scale), seed, today or dt.date.today()).build()


def populate_demo(
    vault: Vault, scale: str = "small", seed: int = 0, today: dt.date | None = None
) -> DemoSummary:
    """Fill a new, empty vault with demo data in one transaction; return the row counts."""
    _plan(scale)
    if not bulk.is_empty(vault):
        raise InvalidInput(
            "This vault already holds data, and the demo data goes into a new, empty vault. "
            "Create a vault in another folder and put the demo data there."
        )
    data = build_demo(scale, seed, today)
    bulk.bulk_load(vault, data)
    return DemoSummary(**data.counts())
