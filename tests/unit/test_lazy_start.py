"""The desktop app's start path loads only what the unlock window needs.

Everything else (the vault's code: SQLAlchemy, SQLCipher, Alembic, the services; the
main window and its pages; reportlab) loads on the job thread after the window is up,
or when the vault opens.  Checked in a fresh interpreter, because this test process
has long since imported all of it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.storage.vault import VaultFiles
from facilitator.vault_folder import vault_exists

HEAVY = (
    "sqlalchemy",
    "sqlcipher3",
    "alembic",
    "reportlab",
    "keyring",
    "facilitator.app",
    "facilitator.storage.vault",
    "facilitator.services.summary",
    "facilitator.cli.commands",
    "facilitator.ui.frame.main_window",
    "facilitator.ui.plumbing.backend",
    "facilitator.ui.start.first_run",
    "facilitator.ui.start.restore_dialog",
    "logging.handlers",  # the log file opens once the window is painted
    "dataclasses",  # 3 ms: the start path's records are NamedTuples
)

# What `facilitator` (no command) does up to showing the unlock window, minus the show:
# the command's entry point, its options read, the desktop app's modules, its controller and
# the unlock window built for an existing vault.
START_PATH = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

import facilitator.__main__
from facilitator.cli.parser import desktop_options
from facilitator.paths import AppPaths
from facilitator.ui.frame.application import Controller, run_app

home = Path(sys.argv[1])
vault = home / "vault"
vault.mkdir()
(vault / "key.json").write_text("{}")  # looks like a vault: the unlock window is chosen
folder = desktop_options(["--vault", str(vault)], AppPaths.for_user()).vault
application = QApplication(sys.argv[:1])
controller = Controller(folder, QSettings(str(home / "w.ini"), QSettings.Format.IniFormat))
window = controller.show_unlock(folder)
window.hide()
EXTRA
heavy = json.loads(sys.argv[2])
print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
"""


def _python(script: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh interpreter, offscreen, with ``home`` as its home; it must
    exit with 0."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _loaded_heavy_modules(tmp_path: Path, extra: str = "") -> list[str]:
    script = START_PATH.replace("EXTRA", extra)
    result = _python(script, tmp_path, str(tmp_path), json.dumps(HEAVY))
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_the_unlock_window_comes_up_without_the_vaults_code_or_the_main_window(
    tmp_path: Path,
) -> None:
    assert _loaded_heavy_modules(tmp_path) == []


def test_the_check_sees_an_eager_import(tmp_path: Path) -> None:
    # What the test above would report if a start module imported the main window again.
    loaded = _loaded_heavy_modules(tmp_path, "import facilitator.ui.frame.main_window")
    assert {"facilitator.ui.frame.main_window", "sqlalchemy", "facilitator.app"} <= set(loaded)


@pytest.mark.parametrize("files", [(), ("vault.db",), ("key.json",), ("vault.db", "key.json")])
def test_the_light_vault_check_agrees_with_the_storage_layer(
    tmp_path: Path, files: tuple[str, ...]
) -> None:
    folder = tmp_path / "vault"
    folder.mkdir()
    for name in files:
        (folder / name).write_bytes(b"x")
    assert vault_exists(folder) == VaultFiles(folder).exists() == bool(files)
    assert not vault_exists(tmp_path / "nowhere")


# The app as the ``facilitator`` command starts it, until its log file says it started.
LOGS_AFTER_PAINT = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from facilitator.cli import main
from facilitator.paths import AppPaths

log = AppPaths.for_user().log_dir / "facilitator.log"
application = QApplication(sys.argv[:1])
seen = []

def look() -> None:
    seen.append(1)
    if log.is_file() and "desktop app started" in log.read_text(encoding="utf-8"):
        QCoreApplication.exit(0)
    elif len(seen) > 3000:  # a minute
        QCoreApplication.exit(3)

timer = QTimer()
timer.timeout.connect(look)
timer.start(20)
sys.exit(main(["--vault", sys.argv[1]]))
"""


def test_the_log_file_is_opened_once_the_window_is_up(tmp_path: Path) -> None:
    _python(LOGS_AFTER_PAINT, tmp_path, str(tmp_path / "vault"))


COLLECTOR = """
import gc, json
from PySide6.QtWidgets import QApplication
from facilitator.ui.frame.preload import YOUNG_COLLECTION_THRESHOLD, load_main_window

application = QApplication([])
before = (gc.get_freeze_count(), gc.get_threshold()[0])
load_main_window()
frozen = gc.get_freeze_count()
kept = [object() for _ in range(1000)]  # made after: a vault's rows, say
load_main_window()  # a second unlock in the same process
print(json.dumps([before, frozen, gc.get_freeze_count(), gc.get_threshold()[0],
                  YOUNG_COLLECTION_THRESHOLD]))
"""


def test_the_loaded_code_is_set_aside_from_the_collector_once(tmp_path: Path) -> None:
    result = _python(COLLECTOR, tmp_path)
    before, frozen, again, young, wanted = json.loads(result.stdout.strip().splitlines()[-1])
    assert before == [0, 700]  # Python's defaults
    assert frozen > 50_000  # the app's modules, SQLAlchemy's and Qt's
    assert again == frozen, "what was made after the first freeze is not frozen"
    assert young == wanted
