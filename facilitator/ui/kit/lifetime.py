"""Connections that end with the widget they serve.

A signal of something that lives for the whole run (the privacy screen, the
controller) connected to a lambda or a ``functools.partial`` stays connected
after the page that made it is deleted — and a lock deletes every page. The next
emit then calls into a deleted widget (``RuntimeError: Internal C++ object ...
already deleted``), one error dialog per page ever shown (issue 16 defect 1).

Qt ends a connection with its receiver only when it knows the receiver: a closure
does not say which object it serves, and even a bound method of a ``QObject`` made
in Python was seen to outlive it.  :func:`connect_for` names the receiver
explicitly and ends the connection when the receiver is destroyed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMetaObject, QObject, SignalInstance


def connect_for(
    receiver: QObject, signal: SignalInstance, slot: Callable[..., object]
) -> QMetaObject.Connection:
    """Connect ``signal`` to ``slot`` for as long as ``receiver`` lives.

    Use it whenever the signal belongs to something longer-lived than
    ``receiver``, whatever ``slot`` is (a lambda, a partial, a method).  The
    connection is always made to a plain function and ended here: PySide's own
    handling of a bound method of a Python-made QObject (a model without a
    parent) was seen to outlive it ("Slot 'RowsModel::' not found")."""

    def call(*args: object) -> None:
        slot(*args)

    connection = signal.connect(call)

    def ended(_obj: object = None) -> None:
        # False (and harmless) if the sender went first and took the connection along.
        QObject.disconnect(connection)

    receiver.destroyed.connect(ended)
    return connection
