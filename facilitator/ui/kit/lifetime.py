"""Connections that end with the widget they serve.

A signal of something that lives for the whole run (the privacy screen, the
controller) connected to a lambda or a ``functools.partial`` stays connected
after the page that made it is deleted — and a lock deletes every page. The next
emit then calls into a deleted widget (``RuntimeError: Internal C++ object ...
already deleted``), one error dialog per page ever shown (issue 16 defect 1).

Qt ends a connection with its receiver only when it knows the receiver: a bound
method of a ``QObject`` tells PySide which object that is, a closure does not.
:func:`connect_for` names the receiver explicitly, so any callable can be used.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMetaObject, QObject, SignalInstance


def connect_for(
    receiver: QObject, signal: SignalInstance, slot: Callable[..., object]
) -> QMetaObject.Connection:
    """Connect ``signal`` to ``slot`` for as long as ``receiver`` lives.

    Use it whenever the signal belongs to something longer-lived than
    ``receiver`` and ``slot`` is not a bound method of ``receiver`` itself (a
    lambda, a partial, a method of a plain Python object)."""
    connection = signal.connect(slot)

    def ended(_obj: object = None) -> None:
        # False (and harmless) if the sender went first and took the connection along.
        QObject.disconnect(connection)

    receiver.destroyed.connect(ended)
    return connection
