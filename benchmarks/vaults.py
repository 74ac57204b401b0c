"""The benchmark's demo vault: built once, kept in a cache folder, copied for every run.

The cache folder (``--vault DIR``, else ``<user cache>/Facilitator/benchmarks/<scale>``)
holds ``vault/`` and ``benchmark.json``, which says what the vault was built from: the
scale, the seed, the Argon2id cost, the schema's revision and a fingerprint of the demo
generator's source.  A vault is reused when all of these match; otherwise it is built
again (only in a folder this harness made: a folder holding anything else is refused).

Every run works on a fresh copy of the cached vault in a temporary folder, so marks
written by a run never change the cache, and the cache is never open while a run
measures.  The plaintext copy (for the encryption overhead) is made there too, from
fake demo data only, and deleted with the run's folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

PASSPHRASE = "benchmark"
META_NAME = "benchmark.json"
VAULT_NAME = "vault"
# The source the demo vault is a function of: a change to any of them builds it again.
_GENERATOR_FILES = ("services/demo.py", "services/demo_text.py", "storage/bulk.py")


@dataclass(frozen=True, slots=True)
class VaultSpec:
    scale: str
    seed: int
    kdf: tuple[int, int, int]  # Argon2id memory KiB, iterations, lanes
    schema: str
    generator: str


@dataclass(frozen=True, slots=True)
class CachedVault:
    folder: Path  # the vault folder (the cache's copy: never opened by a run)
    built_on: dt.date
    build_seconds: float | None  # None when reused
    spec: VaultSpec


def default_kdf() -> tuple[int, int, int]:
    """The app's Argon2id cost (memory KiB, iterations, lanes)."""
    from facilitator.storage.envelope import DEFAULT_KDF

    return DEFAULT_KDF.memory_kib, DEFAULT_KDF.iterations, DEFAULT_KDF.lanes


def default_cache(scale: str) -> Path:
    base = Path(platformdirs.user_cache_dir("Facilitator", appauthor=False))
    return base / "benchmarks" / scale


def _generator_fingerprint() -> str:
    import facilitator

    root = Path(facilitator.__file__).parent
    digest = hashlib.sha256()
    for name in _GENERATOR_FILES:
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


def spec_for(scale: str, seed: int, kdf: tuple[int, int, int]) -> VaultSpec:
    from facilitator.storage import migrate

    return VaultSpec(scale, seed, kdf, migrate.head_revision(), _generator_fingerprint())


def _read_meta(path: Path) -> tuple[VaultSpec, dt.date] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        spec = VaultSpec(
            scale=raw["scale"],
            seed=int(raw["seed"]),
            kdf=tuple(int(v) for v in raw["kdf"]),  # type: ignore[arg-type]
            schema=raw["schema"],
            generator=raw["generator"],
        )
        return spec, dt.date.fromisoformat(raw["built_on"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def ensure_vault(cache: Path, spec: VaultSpec, *, rebuild: bool = False) -> CachedVault:
    """The cached vault for ``spec`` in ``cache``, built there if missing or different."""
    from facilitator import app
    from facilitator.services.demo import populate_demo
    from facilitator.storage.envelope import KdfParams
    from facilitator.storage.vault import Vault

    cache = cache.expanduser().resolve()
    meta_path, folder = cache / META_NAME, cache / VAULT_NAME
    found = _read_meta(meta_path)
    if found is not None and found[0] == spec and not rebuild and app.vault_exists(folder):
        return CachedVault(folder, found[1], None, spec)
    if cache.exists() and any(cache.iterdir()) and not meta_path.exists():
        raise SystemExit(
            f"{cache} holds files this harness did not make. Give --vault an empty or new "
            "folder (the harness builds its demo vault there and reuses it)."
        )
    if folder.exists():
        shutil.rmtree(folder)
    meta_path.unlink(missing_ok=True)
    cache.mkdir(mode=0o700, parents=True, exist_ok=True)
    print(f"building the {spec.scale} demo vault in {folder} …", flush=True)
    started = time.perf_counter()
    memory_kib, iterations, lanes = spec.kdf
    vault = Vault.create(folder, PASSPHRASE, kdf=KdfParams(memory_kib, iterations, lanes))
    try:
        populate_demo(vault, scale=spec.scale, seed=spec.seed)  # ends with PRAGMA optimize
    finally:
        vault.close()
    seconds = time.perf_counter() - started
    built_on = dt.date.today()
    meta = {**asdict(spec), "built_on": built_on.isoformat(), "build_seconds": round(seconds, 1)}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"  built in {seconds:.1f} s", flush=True)
    return CachedVault(folder, built_on, seconds, spec)


def working_copy(cached: CachedVault, run_dir: Path) -> Path:
    """A copy of the cached vault (database, key envelope and the record of saved
    changes, if it has one: a vault built before the record has none) for one run."""
    from facilitator.storage.commit_record import RECORD_NAME
    from facilitator.vault_folder import DB_NAME, ENVELOPE_NAME

    target = run_dir / "vault"
    target.mkdir(mode=0o700)
    for name in (DB_NAME, ENVELOPE_NAME, RECORD_NAME):
        if name != RECORD_NAME or (cached.folder / name).exists():
            shutil.copy2(cached.folder / name, target / name)
    return target


def data_key(folder: Path) -> bytes:
    """The vault's data key, unwrapped with the benchmark's passphrase (fake data only)."""
    from facilitator.storage.vault import Vault

    return Vault.read_envelope(folder).unseal(PASSPHRASE)


def plaintext_copy(folder: Path, key: bytes, target: Path) -> Path:
    """A plaintext SQLite copy of the (fake, demo) vault database, for measuring what
    encryption costs.  ``ATTACH … KEY ''`` + ``sqlcipher_export``; the caller deletes it."""
    import sqlcipher3

    from facilitator.storage.engine import raw_key_literal
    from facilitator.vault_folder import DB_NAME

    connection = sqlcipher3.connect(str(folder / DB_NAME))
    try:
        connection.execute(f'PRAGMA key = "{raw_key_literal(key)}"')
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()
    plain = sqlcipher3.connect(str(target))  # no key: a plain SQLite file, same library
    try:
        plain.execute("PRAGMA journal_mode = WAL")
        plain.execute("PRAGMA optimize = 0x10002")
    finally:
        plain.close()
    return target


def script_copy(cache: Path | None, run_dir: Path, scale: str = "large") -> Path:
    """For the detail scripts (ui_screens, today_digest, summary_large): the harness's
    cached demo vault (built if need be, with the default Argon2id cost), copied into
    ``run_dir``."""
    spec = spec_for(scale, 0, default_kdf())
    cached = ensure_vault(cache or default_cache(scale), spec)
    return working_copy(cached, run_dir)
