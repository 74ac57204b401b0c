"""Where Facilitator keeps things on this computer (platformdirs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from facilitator import APP_NAME


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The app's folders.  Nothing here is created until it is needed."""

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
