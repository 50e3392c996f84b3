"""Owns keeping Python's garbage collector out of the interface thread's way.

A full collection (generation 2) scans every container object the process holds, holding the
interpreter lock: after the window opened that was about 62,000 objects (Qt's wrappers, the modules,
the window's panes) and 38 ms, on whichever thread's allocation set it off. When the search thread set
it off while the user typed, the interface thread waited for the lock that long (found by
``bench.gui_probe --type``: one ``re.match`` in a stemmer "took" 69 ms). What lives for the window's
whole life is frozen once it is up (``gc.freeze()``: moved where collections do not look), so full
collections scan only what came after. It is done twice: after the first paint, before the search
thread opens its own archive (typing in the window's first second met 40–50 ms stalls there, taken to
be full collections that the opening's new objects set off; fewer after this freeze), and once that
thread has answered. Freezing collects
nothing and costs nothing; what it freezes is thawed when a window closes, so that a closed window's
objects can still be collected.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """The objects alive now live as long as the window: collections stop scanning them."""
    gc.freeze()


def thaw() -> None:
    """Frozen objects can be collected again (a window closed: its objects may be garbage now)."""
    gc.unfreeze()
