"""The command line on an untrusted vault folder and backup: exit 4 for damage, never a
traceback or a hang; `init --remember` decides before it makes anything."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path
from typing import ClassVar

import keyring
import pytest
from cli_run import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import app
from facilitator.errors import BackupDamaged, InvalidInput, UserFacingError
from facilitator.paths import AppPaths
from facilitator.storage import backup as backup_module


@pytest.fixture
def vault_dir(tmp_path: Path, paths: AppPaths, pwfile: Path) -> Path:
    folder = tmp_path / "vault"
    assert run(paths, "init", "--vault", folder, "--passphrase-file", pwfile) == 0
    return folder


@pytest.fixture
def backup(tmp_path: Path, paths: AppPaths, vault_dir: Path, pwfile: Path) -> Path:
    out = tmp_path / "vault.fbk"
    assert (
        run(paths, "backup", "--vault", vault_dir, "--out", out, "--passphrase-file", pwfile) == 0
    )
    return out


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# -- init --remember ------------------------------------------------------------------


class _PlaintextKeyring(keyring.backend.KeyringBackend):
    """A plaintext store (what keyrings.alt's file backends are), trivially subclassed."""

    priority = 1
    kept: ClassVar[dict[tuple[str, str], str]] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


class _TrivialSubclass(_PlaintextKeyring):
    pass


keyring.backend.KeyringBackend._classes.discard(_PlaintextKeyring)
keyring.backend.KeyringBackend._classes.discard(_TrivialSubclass)


@pytest.mark.parametrize("backend", ["fail", "plaintext subclass"])
@pytest.mark.parametrize("folder_state", ["absent", "empty folder"])
def test_init_remember_without_a_secure_keyring_makes_nothing(
    tmp_path: Path,
    paths: AppPaths,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
    backend: str,
    folder_state: str,
) -> None:
    if backend != "fail":
        keyring.set_keyring(_TrivialSubclass())
    folder = tmp_path / "new-vault"
    if folder_state == "empty folder":
        folder.mkdir()

    code = run(paths, "init", "--vault", folder, "--passphrase-file", pwfile, "--remember")

    assert code == 1
    err = capsys.readouterr().err
    assert "cannot be remembered" in err and "Traceback" not in err
    if folder_state == "absent":
        assert not folder.exists()
    else:
        assert list(folder.iterdir()) == []
    assert _TrivialSubclass.kept == {}


# -- odd key files and vault files: exit 4 ---------------------------------------------


def _fix_checksum(body: dict) -> bytes:
    body = {k: v for k, v in body.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    body["checksum"] = hashlib.sha256(canonical).hexdigest()
    return json.dumps(body).encode()


def _key_cost_16_gib(folder: Path) -> None:
    key = folder / "key.json"
    body = json.loads(key.read_bytes())
    body["kdf"]["memory_kib"] = 16 * 1024 * 1024
    key.write_bytes(_fix_checksum(body))


def _key_is_a_folder(folder: Path) -> None:
    (folder / "key.json").unlink()
    (folder / "key.json").mkdir()


def _wal_is_a_fifo(folder: Path) -> None:
    os.mkfifo(folder / "vault.db-wal")


def _db_is_a_symlink(folder: Path) -> None:
    outside = folder.parent / "elsewhere.db"
    (folder / "vault.db").rename(outside)
    (folder / "vault.db").symlink_to(outside)


_ODD = {
    "key.json asks for 16 GiB": _key_cost_16_gib,
    "key.json is a folder": _key_is_a_folder,
    "the -wal is a FIFO": _wal_is_a_fifo,
    "vault.db is a symlink": _db_is_a_symlink,
}


@pytest.mark.timeout(30)
@pytest.mark.parametrize("odd", list(_ODD))
def test_check_on_an_odd_vault_folder_exits_4_without_a_traceback(
    vault_dir: Path, paths: AppPaths, pwfile: Path, capsys: pytest.CaptureFixture[str], odd: str
) -> None:
    _ODD[odd](vault_dir)
    capsys.readouterr()

    code = run(paths, "check", "--vault", vault_dir, "--passphrase-file", pwfile)

    err = capsys.readouterr().err
    assert code == 4, err
    assert "Traceback" not in err
    assert "damaged" in err or "cannot" in err


# -- the backup file's header ---------------------------------------------------------


@pytest.mark.parametrize("offset", [0, 5, 15, 16, 17, 18, 21])
def test_backup_with_damaged_first_bytes_exits_4(
    backup: Path,
    tmp_path: Path,
    paths: AppPaths,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
    offset: int,
) -> None:
    """Magic (0-15), version (16-17), envelope length (18-21): damage, as the README says."""
    data = bytearray(backup.read_bytes())
    data[offset] ^= 0x01
    backup.write_bytes(bytes(data))
    target = tmp_path / "restored"

    code = run(paths, "restore", backup, "--vault", target, "--passphrase-file", pwfile)

    err = capsys.readouterr().err
    assert code == 4, err
    assert "damaged" in err and "Traceback" not in err
    assert not target.exists()


def test_a_newer_intact_backup_still_says_update(
    backup: Path, tmp_path: Path, passphrase: str = "correct horse battery staple"
) -> None:
    """A later format (its own checksum intact) is not damage: update Facilitator."""
    data = bytearray(backup.read_bytes()[:-32])
    data[16:18] = struct.pack(">H", 2)
    backup.write_bytes(bytes(data) + hashlib.sha256(data).digest())
    with pytest.raises(InvalidInput, match="newer version"):
        app.restore(backup, tmp_path / "r", passphrase)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("state", ["fifo", "folder", "empty", "missing"])
def test_backup_path_that_is_not_a_file_is_clear(tmp_path: Path, state: str) -> None:
    path = tmp_path / "odd.fbk"
    if state == "fifo":
        os.mkfifo(path)
    elif state == "folder":
        path.mkdir()
    elif state == "empty":
        path.write_bytes(b"")
    with pytest.raises(UserFacingError) as info:
        app.restore(path, tmp_path / "r", "correct horse battery staple")
    expected = 4 if state == "empty" else 1
    assert info.value.exit_code == expected
    assert not (tmp_path / "r").exists()


_HEADER = len(backup_module.MAGIC) + 2 + 4


@settings(
    max_examples=150,
    deadline=3000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzzed_backup_header_is_damage_quickly(backup: Path, tmp_path: Path, data) -> None:
    """Flips, cuts and insertions in the first bytes (magic, version, envelope length,
    the envelope and the database length): always a clear error, never a traceback."""
    original = backup.read_bytes()
    env_len = struct.unpack(">I", original[18:22])[0]
    head = _HEADER + env_len + 8
    raw = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(0, head - 1))
        kind = data.draw(st.sampled_from(["flip", "cut", "insert", "set"]))
        if kind == "flip":
            raw[where] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del raw[where : where + data.draw(st.integers(1, 64))]
        elif kind == "insert":
            raw[where:where] = data.draw(st.binary(min_size=1, max_size=64))
        else:
            raw[where : where + 4] = data.draw(st.binary(min_size=4, max_size=4))
    if bytes(raw) == original:
        return
    fuzzed = tmp_path / "fuzzed.fbk"
    fuzzed.write_bytes(bytes(raw))
    target = tmp_path / "never"
    with pytest.raises(UserFacingError) as info:
        app.restore(fuzzed, target, "correct horse battery staple")
    assert isinstance(info.value, BackupDamaged) or info.value.exit_code == 4
    assert not target.exists()


@pytest.mark.timeout(30)
@pytest.mark.parametrize("state", ["symlink", "folder", "fifo"])
def test_restore_replace_over_an_odd_lock_file_is_clear(
    backup: Path, vault_dir: Path, tmp_path: Path, state: str
) -> None:
    """Before: a raw OSError / IsADirectoryError traceback (the symlink was not written
    through: filelock refuses links), and a FIFO was taken as the lock.  Now each is
    refused with what to do; nothing is changed."""
    lock = vault_dir / "vault.lock"
    lock.unlink(missing_ok=True)
    victim = tmp_path / "precious.txt"
    victim.write_text("precious", encoding="utf-8")
    if state == "symlink":
        lock.symlink_to(victim)
    elif state == "folder":
        lock.mkdir()
    else:
        os.mkfifo(lock)
    before = _tree(vault_dir)

    with pytest.raises(UserFacingError) as info:
        app.restore(backup, vault_dir, "correct horse battery staple", replace=True)

    assert info.value.exit_code == 4
    assert "vault.lock" in str(info.value)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert _tree(vault_dir) == before


def _odd_folder(path: Path, state: str) -> None:
    if state == "a file":
        path.write_text("x", encoding="utf-8")
    elif state == "a FIFO":
        os.mkfifo(path)
    elif state == "a link to nothing":
        path.symlink_to(path.parent / "nowhere")
    else:
        path.symlink_to(path)


_FOLDER_STATES = ["a file", "a FIFO", "a link to nothing", "a link to itself"]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("state", _FOLDER_STATES)
def test_init_into_something_that_is_not_a_folder_is_clear(
    tmp_path: Path,
    paths: AppPaths,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
    state: str,
) -> None:
    """Before: a FileExistsError traceback for a file, a pipe or a dangling link."""
    folder = tmp_path / "odd"
    _odd_folder(folder, state)

    code = run(paths, "init", "--vault", folder, "--passphrase-file", pwfile)

    assert code in (1, 4)
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.timeout(30)
@pytest.mark.parametrize("state", _FOLDER_STATES)
def test_check_on_something_that_is_not_a_folder_exits_4(
    tmp_path: Path,
    paths: AppPaths,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
    state: str,
) -> None:
    folder = tmp_path / "odd"
    _odd_folder(folder, state)

    assert run(paths, "check", "--vault", folder, "--passphrase-file", pwfile) == 4
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.timeout(30)
def test_backup_out_over_a_pipe_is_refused_even_with_force(
    tmp_path: Path,
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Before: ``--force`` renamed the backup over the named pipe, which was gone."""
    pipe = tmp_path / "backup.fcbak"
    os.mkfifo(pipe)

    code = run(
        paths, "backup", "--vault", vault_dir, "--out", pipe, "--force", "--passphrase-file", pwfile
    )

    assert code == 1
    assert "not a regular file" in capsys.readouterr().err
    assert pipe.is_fifo()
