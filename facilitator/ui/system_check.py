"""Before Qt loads: are the system libraries it needs on this computer?

A minimal Linux (a server image, a container, a fresh stock install) may lack the
libraries Qt's X11 plugin needs.  Qt then prints a paragraph about "xcb" and
aborts with a core dump, or Python stops with a traceback about a ``.so`` file —
nothing a facilitator can act on.  This module looks first and says which
packages to install, by name (issue 16, defect 18).  It imports no Qt: that is
the point.

The lists were measured: a ``debootstrap --variant=minbase`` Debian 12 with only
``python3-venv`` added, ``ldd`` over PySide6's libraries and its ``xcb`` plugin,
and the app started under Xvfb until it ran.  Package names are Debian's and
Ubuntu's (newer releases renamed some with a ``t64`` suffix; apt still accepts
the old name when one package provides it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

#: What Qt's core, GUI and widget libraries load on every platform plugin
#: (the offscreen one the tests use included): shared object → Debian package.
CORE: Mapping[str, str] = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
}

#: What the X11 (``xcb``) platform plugin adds: the window on a Linux desktop.
XCB: Mapping[str, str] = {
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}

#: Every package either list names, for the README's one install line.
ALL_PACKAGES: tuple[str, ...] = tuple(sorted({*CORE.values(), *XCB.values()}))

Loader = Callable[[str], object]
Finder = Callable[[str], bool]


def _load(name: str) -> object:
    import ctypes  # only for a library not found in the usual folders

    return ctypes.CDLL(name)


def _library_dirs() -> list[str]:
    """Where the dynamic loader looks on a usual Linux: LD_LIBRARY_PATH, then the
    multiarch and plain library folders."""
    arch = getattr(sys.implementation, "_multiarch", "")
    dirs = [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d]
    for root in ("/usr/lib", "/lib", "/usr/local/lib"):
        if arch:
            dirs.append(f"{root}/{arch}")
        dirs.append(root)
    dirs += ["/usr/lib64", "/lib64"]
    return dirs


def _on_disk(name: str) -> bool:
    return any(os.path.exists(os.path.join(folder, name)) for folder in _library_dirs())


def platform_plugin(environ: Mapping[str, str]) -> str:
    """The Qt platform plugin this process will use, as Qt 6 chooses it on Linux."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0].strip()
    if chosen:
        return chosen
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def missing_libraries(
    environ: Mapping[str, str] | None = None,
    *,
    load: Loader = _load,
    found: Finder = _on_disk,
    system: str = sys.platform,
) -> dict[str, str]:
    """The shared objects Qt will need that cannot be loaded, each with its package.

    A library in the usual folders is taken as there (a few ``stat`` calls); only one
    not found there is loaded to be sure (elsewhere on purpose, as on NixOS): loading
    them all (``ctypes`` binds every symbol at once) added 28 ms to every start.
    Empty on anything but Linux (the wheels carry what Windows and macOS need)."""
    if not system.startswith("linux"):
        return {}
    environ = os.environ if environ is None else environ
    wanted = dict(CORE)
    if platform_plugin(environ) == "xcb":
        wanted.update(XCB)
    missing: dict[str, str] = {}
    for library, package in wanted.items():
        if found(library):
            continue
        try:
            load(library)
        except OSError:
            missing[library] = package
    return missing


def advice(missing: Mapping[str, str | None]) -> str:
    """What to tell a person whose computer lacks ``missing`` (shared object → its
    Debian package, or None when the package is not known here)."""
    packages = " ".join(sorted({p for p in missing.values() if p}))
    install = (
        f"On Debian or Ubuntu, install them with:\n    sudo apt-get install {packages}\n"
        if packages
        else ""
    )
    return (
        "facilitator: the desktop app cannot start: this computer lacks system "
        f"libraries that Qt needs ({', '.join(sorted(missing))}).\n"
        f"{install}"
        "Otherwise install the packages that provide these files (README, "
        "\u201cQuick start\u201d). Nothing was changed; the command-line commands "
        "(facilitator --help) work without them.\n"
    )
