"""Where Facilitator keeps things on this computer (platformdirs)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import platformdirs

from facilitator import APP_NAME


class AppPaths(NamedTuple):
    """The app's folders.  Nothing here is created until it is needed.  (A NamedTuple,
    not a dataclass: this is read on the way to the first window, and the dataclasses
    module costs 3 ms to load.)"""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def default_vault(self) -> Path:
        return self.data_dir / "vault"

    @classmethod
    def for_user(cls) -> AppPaths:
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )
