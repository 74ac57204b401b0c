"""Nothing in the vault folder is trusted before it is authenticated or bounded.

key.json is read before the passphrase can authenticate it: its Argon2id cost, its
shape and its size are bounded before any key derivation (a cost of 16 GiB hung the
machine; 2**32 KiB raised MemoryError; a folder named key.json raised
IsADirectoryError).  Every odd file-system state of every vault file (a folder, a
symbolic link, a pipe, unreadable, empty, huge) is a clear VaultError (exit 4), never a
traceback or a hang, and changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.errors import (
    EnvelopeDamaged,
    UserFacingError,
    VaultDamaged,
    VaultError,
    VaultUnreadable,
    WrongPassphrase,
)
from facilitator.storage import envelope as envelope_module
from facilitator.storage.envelope import (
    MAX_ITERATIONS,
    MAX_LANES,
    MAX_MEMORY_KIB,
    MIN_MEMORY_KIB,
    Envelope,
    KdfParams,
    new_data_key,
)
from facilitator.storage.vault import Vault

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")


def _with_checksum(body: dict) -> bytes:
    """key.json as a tamperer writes it: a valid public checksum over the edited body."""
    body = {k: v for k, v in body.items() if k != "checksum"}
    body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
    return json.dumps(body, indent=2, sort_keys=True).encode("ascii") + b"\n"


@pytest.fixture
def no_derivation(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """Argon2id replaced by a spy: a key file out of bounds must never reach it."""
    calls: list[tuple[int, int, int]] = []

    class Spy:
        def __init__(self, *, salt, length, iterations, lanes, memory_cost, **_):
            calls.append((memory_cost, iterations, lanes))
            raise AssertionError("a key was derived from an unbounded key file")

    monkeypatch.setattr(envelope_module, "Argon2id", Spy)
    return calls


# -- the Argon2id cost is bounded before any derivation --------------------------------

GIB_KIB = 1024 * 1024

_COSTS: dict[str, Callable[[dict], None]] = {
    "memory 16 GiB (hung for 45 s)": lambda k: k.update(memory_kib=16 * GIB_KIB),
    "memory 2**32 KiB (MemoryError)": lambda k: k.update(memory_kib=2**32),
    "memory 2**64": lambda k: k.update(memory_kib=2**64),
    "memory just past the bound": lambda k: k.update(memory_kib=MAX_MEMORY_KIB + 1),
    "memory below the floor": lambda k: k.update(memory_kib=MIN_MEMORY_KIB - 1),
    "memory negative": lambda k: k.update(memory_kib=-1),
    "iterations 2**31": lambda k: k.update(iterations=2**31),
    "iterations just past the bound": lambda k: k.update(iterations=MAX_ITERATIONS + 1),
    "iterations zero": lambda k: k.update(iterations=0),
    "lanes 2**24": lambda k: k.update(lanes=2**24),
    "lanes just past the bound": lambda k: k.update(lanes=MAX_LANES + 1),
    "1 GiB x 12 passes (each alone in bounds)": lambda k: k.update(
        memory_kib=MAX_MEMORY_KIB, iterations=MAX_ITERATIONS
    ),
    "memory a float": lambda k: k.update(memory_kib=8192.5),
    "memory a whole float": lambda k: k.update(memory_kib=262144.0),
    "memory Infinity (OverflowError)": lambda k: k.update(memory_kib=float("inf")),
    "memory NaN": lambda k: k.update(memory_kib=float("nan")),
    "memory a string": lambda k: k.update(memory_kib="262144"),
    "memory a string of 10**6 digits": lambda k: k.update(memory_kib="9" * 10**5),
    "memory null": lambda k: k.update(memory_kib=None),
    "memory a list": lambda k: k.update(memory_kib=[262144]),
    "lanes true": lambda k: k.update(lanes=True),
    "iterations a string": lambda k: k.update(iterations="3"),
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("cost", list(_COSTS))
def test_key_file_cost_out_of_bounds_is_damage_before_any_derivation(
    vault, vault_dir, snapshot, passphrase, no_derivation, cost
):
    vault.close()
    key_file = vault_dir / "key.json"
    body = json.loads(key_file.read_bytes())
    _COSTS[cost](body["kdf"])
    key_file.write_bytes(_with_checksum(body))
    before = snapshot(vault_dir)

    with pytest.raises(EnvelopeDamaged) as info:
        Vault.open(vault_dir, passphrase)

    assert no_derivation == []
    assert "key.json" in str(info.value) and "damaged" in str(info.value)
    assert snapshot(vault_dir) == before


def test_costs_the_app_writes_are_within_the_bounds():
    # The default, the tests' cost, and the default raised four times over.
    for cost in ((256 * 1024, 3, 4), (8 * 1024, 1, 1), (MAX_MEMORY_KIB, 3, 4), (256 * 1024, 12, 4)):
        KdfParams(*cost)
    cheap = Envelope.seal(new_data_key(), "a passphrase", kdf=KdfParams(8 * 1024, 1, 1))
    assert Envelope.from_json(cheap.to_json()).kdf == KdfParams(8 * 1024, 1, 1)


@pytest.mark.parametrize(
    "kdf", [dict(memory_kib=2 * GIB_KIB), dict(iterations=MAX_ITERATIONS + 1), dict(lanes=True)]
)
def test_the_app_cannot_write_a_cost_it_would_refuse(kdf):
    with pytest.raises(ValueError):
        KdfParams(**{"memory_kib": 8192, "iterations": 1, "lanes": 1, **kdf})


# -- the shape of key.json -------------------------------------------------------------


def _edit(change: Callable[[dict], None]) -> Callable[[bytes], bytes]:
    def apply(raw: bytes) -> bytes:
        body = json.loads(raw)
        change(body)
        return _with_checksum(body)

    return apply


def _raw(text: bytes) -> Callable[[bytes], bytes]:
    return lambda _raw_: text


def _duplicate_memory(raw: bytes) -> bytes:
    """Two memory_kib keys: the checksum (over the parsed body) sees only the last."""
    body = json.loads(raw)
    body.pop("checksum")
    huge = dict(body["kdf"], memory_kib=16 * GIB_KIB)
    checksum = hashlib.sha256(_canonical({**body, "kdf": huge})).hexdigest()
    kdf_text = json.dumps(body["kdf"], sort_keys=True)[:-1] + f', "memory_kib": {16 * GIB_KIB}}}'
    rest = json.dumps({k: v for k, v in body.items() if k != "kdf"}, sort_keys=True)[1:-1]
    return f'{{"kdf": {kdf_text}, {rest}, "checksum": "{checksum}"}}'.encode()


_SHAPES: dict[str, Callable[[bytes], bytes]] = {
    "an extra top-level field": _edit(lambda b: b.update(extra=1)),
    "an extra kdf field": _edit(lambda b: b["kdf"].update(threads=64)),
    "kdf missing": _edit(lambda b: b.pop("kdf")),
    "kdf a list": _edit(lambda b: b.update(kdf=[1, 2])),
    "wrap a string": _edit(lambda b: b.update(wrap="aes")),
    "version true": _edit(lambda b: b.update(version=True)),
    "version a string": _edit(lambda b: b.update(version="1")),
    "version 2": _edit(lambda b: b.update(version=2)),
    "vault_id a number": _edit(lambda b: b.update(vault_id=12)),
    "vault_id in braces": _edit(lambda b: b.update(vault_id="{" + b["vault_id"] + "}")),
    "salt a number": _edit(lambda b: b["kdf"].update(salt=16)),
    "salt 1 MB": _edit(lambda b: b["kdf"].update(salt="QUFB" * 20000)),
    "nonce not base64": _edit(lambda b: b["wrap"].update(nonce="!!!!!!!!!!!!!!!!")),
    "ciphertext non-ASCII": _edit(lambda b: b["wrap"].update(ciphertext="é" * 64)),
    "checksum a number": lambda raw: json.dumps({**json.loads(raw), "checksum": 5}).encode(),
    "a key given twice": _duplicate_memory,
    "nested 100,000 deep": _raw(b"[" * 100_000),
    "nested objects 50,000 deep": _raw(b'{"a":' * 50_000),
    "a bare number": _raw(b"1e999999"),
    "UTF-16": lambda raw: raw.decode().encode("utf-16"),
    "NUL bytes": _raw(b"\x00" * 600),
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("shape", list(_SHAPES))
def test_key_file_of_the_wrong_shape_is_damage(
    vault, vault_dir, snapshot, passphrase, no_derivation, shape
):
    vault.close()
    key_file = vault_dir / "key.json"
    key_file.write_bytes(_SHAPES[shape](key_file.read_bytes()))
    before = snapshot(vault_dir)

    with pytest.raises(EnvelopeDamaged) as info:
        Vault.open(vault_dir, passphrase)

    assert no_derivation == []
    assert "key.json" in str(info.value)
    assert snapshot(vault_dir) == before


# -- fuzzing key.json ------------------------------------------------------------------

# Numbers an attacker would pick (huge, negative, not whole, not numbers) as often as
# anything else, so that the costs are really tried.
_edge_numbers = st.sampled_from(
    [True, False, 0, -1, 2**31, 2**32, 2**64, 16 * 2**20, 1e308, float("inf"), float("nan")]
)
_json_values = st.recursive(
    st.none()
    | st.booleans()
    | _edge_numbers
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
_FIELDS = [
    ("format",),
    ("version",),
    ("vault_id",),
    ("key_check",),
    ("kdf",),
    ("kdf", "name"),
    ("kdf", "memory_kib"),
    ("kdf", "iterations"),
    ("kdf", "lanes"),
    ("kdf", "salt"),
    ("wrap",),
    ("wrap", "name"),
    ("wrap", "nonce"),
    ("wrap", "ciphertext"),
]
_SAMPLE = Envelope.seal(new_data_key(), "a passphrase", kdf=KdfParams(8 * 1024, 1, 1))


def _expect_clear_error(raw: bytes, passphrase: str = "a passphrase") -> None:
    """Parsing (and, if it parses, unsealing) ends in a UserFacingError or a key."""
    try:
        parsed = Envelope.from_json(raw)
    except EnvelopeDamaged:
        return
    with contextlib.suppress(WrongPassphrase, EnvelopeDamaged):
        parsed.unseal(passphrase)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(st.tuples(st.sampled_from(_FIELDS), _json_values), min_size=1, max_size=4),
    fix_checksum=st.booleans(),
)
def test_fuzzed_key_file_fields_give_a_clear_error_quickly(edits, fix_checksum):
    body = json.loads(_SAMPLE.to_json())
    for path, value in edits:
        target = body
        for part in path[:-1]:
            if not isinstance(target.get(part), dict):
                target[part] = {}
            target = target[part]
        target[path[-1]] = value
    raw = _with_checksum(body) if fix_checksum else json.dumps(body).encode()
    _expect_clear_error(raw)


_cost_values = (
    _edge_numbers
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.none()
)


@settings(max_examples=300, deadline=2000)
@given(memory=_cost_values, iterations=_cost_values, lanes=_cost_values)
def test_fuzzed_costs_with_a_valid_checksum_are_bounded_or_damage(memory, iterations, lanes):
    """Whatever the costs, key.json parses only to a cost within the bounds."""
    body = json.loads(_SAMPLE.to_json())
    body["kdf"].update(memory_kib=memory, iterations=iterations, lanes=lanes)
    try:
        parsed = Envelope.from_json(_with_checksum(body))
    except EnvelopeDamaged:
        return
    cost = parsed.kdf
    assert all(type(v) is int for v in (cost.memory_kib, cost.iterations, cost.lanes))
    assert MIN_MEMORY_KIB <= cost.memory_kib <= MAX_MEMORY_KIB
    assert 1 <= cost.iterations <= MAX_ITERATIONS and 1 <= cost.lanes <= MAX_LANES


@settings(max_examples=300, deadline=2000)
@given(data=st.data())
def test_fuzzed_key_file_bytes_give_a_clear_error_quickly(data):
    raw = bytearray(_SAMPLE.to_json())
    for _ in range(data.draw(st.integers(1, 6))):
        where = data.draw(st.integers(0, len(raw) - 1))
        kind = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if kind == "flip":
            raw[where] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del raw[where : where + data.draw(st.integers(1, 40))]
            if not raw:
                break
        else:
            raw[where:where] = data.draw(st.binary(min_size=1, max_size=40))
    _expect_clear_error(bytes(raw))


@settings(max_examples=200, deadline=2000)
@given(raw=st.binary(max_size=2000))
def test_arbitrary_bytes_as_key_file_are_damage(raw):
    with pytest.raises(EnvelopeDamaged):
        Envelope.from_json(raw)


# -- odd file-system states of every vault file ---------------------------------------


def _make_dir(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.mkdir()


def _make_symlink(path: Path) -> None:
    """A link to a copy of the very file it replaces: even a link to good bytes is refused
    (SQLite and the lock would otherwise write through it)."""
    outside = path.parent.parent / f"outside-{path.name}"
    if path.exists():
        shutil.copy2(path, outside)
    else:
        outside.write_bytes(b"")
    path.unlink(missing_ok=True)
    path.symlink_to(outside)


def _make_dangling_symlink(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to(path.parent.parent / "nothing-here")


def _make_fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def _make_unreadable(path: Path) -> None:
    if not path.exists():
        path.write_bytes(b"")
    path.chmod(0)


def _make_empty(path: Path) -> None:
    path.write_bytes(b"")


def _make_huge(path: Path) -> None:
    """5 GB, sparse (no disk used): must be refused without being read."""
    with path.open("ab") as handle:
        handle.truncate(5 * 10**9)


_STATES: dict[str, Callable[[Path], None]] = {
    "a folder": _make_dir,
    "a symlink": _make_symlink,
    "a dangling symlink": _make_dangling_symlink,
    "a FIFO": _make_fifo,
    "unreadable": _make_unreadable,
}
# The files of a vault folder (the -wal/-shm/-journal exist only while it is open or
# after a crash; the lock file is the app's own).
_FILES = ["key.json", "vault.db", "vault.db-wal", "vault.db-shm", "vault.db-journal", "vault.lock"]
_CASES = [(name, state) for name in _FILES for state in _STATES] + [
    ("key.json", "empty"),
    ("key.json", "huge"),
    ("vault.db", "empty"),
]
_STATES |= {"empty": _make_empty, "huge": _make_huge}


def _snapshot(folder: Path) -> dict[str, object]:
    """Every file's bytes; for a file past 1 MB (the sparse 5 GB one) its size and time."""
    seen: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            info = path.stat()
            key = str(path.relative_to(folder))
            big = info.st_size > 2**20
            seen[key] = (info.st_size, info.st_mtime_ns) if big else path.read_bytes()
    return seen


def _skip_if_root(state: str) -> None:
    if state == "unreadable" and AS_ROOT:
        pytest.skip("running as root: chmod 000 does not stop root from reading")


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("name", "state"), _CASES, ids=[f"{n} {s}" for n, s in _CASES])
def test_odd_file_state_is_a_clear_vault_error(populated_vault_dir, passphrase, name, state):
    _skip_if_root(state)
    folder = populated_vault_dir
    _STATES[state](folder / name)
    before = _snapshot(folder)
    try:
        with pytest.raises(VaultError) as info:
            Vault.open(folder, passphrase)
    finally:
        (folder / name).chmod(0o600) if state == "unreadable" else None

    error = info.value
    assert error.exit_code == 4
    assert name in str(error) or (name, state) == ("vault.db", "empty")
    if state == "unreadable":
        assert isinstance(error, VaultUnreadable)
    elif name == "key.json":
        assert isinstance(error, EnvelopeDamaged)
    else:
        assert isinstance(error, VaultDamaged)
    assert _snapshot(folder) == before


@pytest.mark.timeout(30)
@pytest.mark.parametrize("state", ["unreadable"])
def test_unreadable_vault_folder_is_a_clear_vault_error(populated_vault_dir, passphrase, state):
    _skip_if_root(state)
    populated_vault_dir.chmod(0)
    try:
        with pytest.raises(VaultUnreadable):
            Vault.open(populated_vault_dir, passphrase)
    finally:
        populated_vault_dir.chmod(0o700)


def test_vault_folder_given_as_a_symlink_is_followed(populated_vault_dir, tmp_path, passphrase):
    """The folder is the path the person chose; a link to it (a Documents folder moved
    to another drive) opens the vault it points to."""
    link = tmp_path / "link-to-vault"
    link.symlink_to(populated_vault_dir, target_is_directory=True)
    Vault.open(link, passphrase).close()
    assert stat.S_ISLNK(link.lstat().st_mode)


def test_every_odd_state_has_a_message_without_a_traceback(populated_vault_dir, passphrase):
    """The messages say what kind of file is wrong and what to do."""
    _make_fifo(populated_vault_dir / "vault.db-wal")
    with pytest.raises(UserFacingError) as info:
        Vault.open(populated_vault_dir, passphrase)
    text = str(info.value)
    assert "vault.db-wal" in text and "not a regular file" in text and "backup" in text


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["vault.db-wal", "vault.db-shm"])
def test_huge_wal_or_shm_of_zeros_neither_hangs_nor_loses_data(
    populated_vault_dir, passphrase, name
):
    """5 GB of zeros (sparse): no valid WAL frame and no index, as after a crash that
    wrote nothing; the vault opens with everything it held, or says it is damaged."""
    with (populated_vault_dir / name).open("ab") as handle:
        handle.truncate(5 * 10**9)
    try:
        vault = Vault.open(populated_vault_dir, passphrase)
    except VaultError as error:
        assert error.exit_code == 4
        return
    try:
        with vault.engine.connect() as connection:
            members = connection.exec_driver_sql("SELECT count(*) FROM members").scalar_one()
        assert members == 200
    finally:
        vault.close()


@pytest.mark.parametrize("name", _FILES)
def test_unreadable_file_is_said_to_be_unreadable_even_as_root(
    populated_vault_dir, passphrase, monkeypatch, name
):
    """chmod 000 does not bite as root, so the answer the kernel would give an ordinary
    user (access denied) is given here for that one file."""
    from facilitator.storage import untrusted

    target = populated_vault_dir / name
    target.touch()
    real_access = os.access

    def refusing_access(path, mode, *args, **kwargs):
        if Path(path) == target:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(untrusted.os, "access", refusing_access)
    before = _snapshot(populated_vault_dir)

    with pytest.raises(VaultUnreadable) as info:
        Vault.open(populated_vault_dir, passphrase)

    assert info.value.exit_code == 4
    assert name in str(info.value) and "permissions" in str(info.value)
    monkeypatch.undo()
    assert _snapshot(populated_vault_dir) == before


@pytest.mark.parametrize("name", ["key.json", "vault.db"])
def test_a_dangling_link_is_never_taken_for_an_empty_place_to_make_a_vault(
    tmp_path, passphrase, name
):
    from facilitator.vault_folder import vault_exists

    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / name).symlink_to(tmp_path / "elsewhere")

    assert vault_exists(folder)
    with pytest.raises(UserFacingError):
        Vault.create(folder, passphrase)
    assert not (tmp_path / "elsewhere").exists()
    assert sorted(p.name for p in folder.iterdir()) == [name]


def _posix_locks_on(path: Path) -> list[str]:
    inode = path.stat().st_ino
    lines = Path("/proc/locks").read_text().splitlines()
    return sorted(line.split(":", 1)[1] for line in lines if f":{inode} " in line)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")
def test_looking_at_the_folder_keeps_sqlites_locks(vault, vault_dir, passphrase):
    """SQLite holds POSIX record locks on the -shm (and database) while the vault is
    open; closing any descriptor on those files in this process would drop them all.
    A second open in the same process (refused: in use) only looks at them."""
    from facilitator.errors import VaultInUse

    with vault.engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM members").scalar_one()
        shm = vault_dir / "vault.db-shm"
        held = _posix_locks_on(shm)
        assert held, "SQLite should hold a lock on the -shm while connected"

        with pytest.raises(VaultInUse):
            Vault.open(vault_dir, passphrase)

        assert _posix_locks_on(shm) == held
