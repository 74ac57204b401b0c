"""The main window's code, loaded while the passphrase is typed (after the job thread
has loaded the vault's code: :meth:`VaultJobs.warm_up`), and the app's code frozen out
of the cycle collector's way."""

from __future__ import annotations

import gc


def load_main_window() -> None:
    """Load the main window and its pages once the vault's code is loaded
    (:meth:`VaultJobs.warm_up`), on the GUI thread (they are Qt classes): a moment's
    pause while the passphrase is typed, rather than after Enter."""
    import facilitator.ui.frame.main_window  # noqa: F401

    _freeze_loaded_code()


# How many new container objects (tuples, lists, records) start a collection of the
# youngest generation, once the app's code is frozen; Python's default is 700.
YOUNG_COLLECTION_THRESHOLD = 20_000


def _freeze_loaded_code() -> None:
    """Once per process, with the app's code loaded and no vault open yet: move what
    Python's cycle collector tracks so far (modules, classes, functions: about 120,000
    objects with SQLAlchemy and Qt) out of its way (:func:`gc.freeze`).  A full
    collection walked them all, 90-190 ms wherever it struck (a list being filled, a
    page opening); afterwards only the objects made since are walked.  Nothing of a
    vault is frozen (it is done before the first unlock, once); frozen objects are still
    freed as soon as nothing refers to them.

    And collect the youngest generation every 20,000 new objects rather than every 700:
    reading the Members list (5,000 rows: some 20,000 tuples, dates and records, none
    of them in a cycle) had started about 30 collections each time, and the older
    generations' collections they lead to (5-45 ms each) fell on the lists being read:
    in the harness the list's reads took 12-37 ms, and 13-15 ms with this.  The app
    makes few cycles, so little waits longer to be freed."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        _young, *older = gc.get_threshold()
        gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *older)
