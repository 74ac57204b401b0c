"""The log file and what reaches it when something unexpected fails.

An exception's message can hold anything the failing code was handling (a
member's name, a line of a note), so it is never logged: a crash report is the
exception's type and the traceback's file, line and function for each frame,
for the exception and each one it was raised from.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)

LOG_NAME = "facilitator.log"
_MAX_CHAIN = 5


def _type_name(exc_type: type[BaseException]) -> str:
    module = exc_type.__module__
    return exc_type.__qualname__ if module == "builtins" else f"{module}.{exc_type.__qualname__}"


def crash_report(exc_type: type[BaseException], exc: BaseException | None, tb: object) -> str:
    """The type and the frames (file, line, function) of an exception and its causes;
    never a message, never a frame's source line."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    current_type, current_tb = exc_type, tb
    for depth in range(_MAX_CHAIN):
        if depth:
            lines.append("raised while handling or from:")
        lines.append(f"{_type_name(current_type)} (message left out)")
        if isinstance(current_tb, TracebackType):
            for frame in traceback.extract_tb(current_tb):
                lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        if current is None:
            break
        seen.add(id(current))
        current = current.__cause__ or current.__context__
        if current is None or id(current) in seen:
            break
        current_type, current_tb = type(current), current.__traceback__
    return "\n".join(lines)


def configure_logging(log_dir: Path) -> Path | None:
    """Log to a private, rotating file unless logging is already set up; return the file."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    if root.handlers:
        return None
    from logging.handlers import RotatingFileHandler  # here: opened after the first paint

    try:
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            log_dir / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        logging.basicConfig(level=logging.WARNING)
        log.warning("cannot write the log file: %s", type(exc).__name__)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # Alembic announces its plugins and context at INFO on every start: noise, not news
    # (a migration is logged by facilitator.storage.migrate itself).
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return log_dir / LOG_NAME


def install_excepthook(show: Callable[[], None]) -> Callable[[], None]:
    """Log unhandled exceptions (type and frames only) and call ``show`` to tell the
    user.  Returns a function that puts the previous hooks back."""
    previous, previous_thread = sys.excepthook, threading.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.error("unhandled exception:\n%s", crash_report(exc_type, exc, tb))
        try:
            show()
        except Exception as inner:  # noqa: BLE001 - the hook itself must never raise
            log.error("could not show the crash dialog: %s", type(inner).__name__)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        log.error(
            "unhandled exception in a thread:\n%s",
            crash_report(args.exc_type, args.exc_value, args.exc_traceback),
        )

    def restore() -> None:
        sys.excepthook, threading.excepthook = previous, previous_thread

    sys.excepthook = hook
    threading.excepthook = thread_hook
    return restore
