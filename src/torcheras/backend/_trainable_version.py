"""A counter of the changes that can change which weights a model trains.

The trainer works out a model's trainable weights from its layers' ``trainable`` flags, and
caches the answer for the next steps. Anything that can change the answer bumps this counter:
a layer's or a weight's ``trainable`` flag, a weight created (a layer built), a sublayer added
or removed. A cache tagged with an older count is stale. Reading the counter is one attribute
load, so checking the cache costs nothing per training step.

>>> before = TRAINABLE_VERSION.count
>>> TRAINABLE_VERSION.bump()
>>> TRAINABLE_VERSION.count - before
1
"""

from __future__ import annotations


class TrainableVersion:
    """The process-wide change counter (one instance, :data:`TRAINABLE_VERSION`).

    Attributes:
        count: How many changes have been recorded so far.
    """

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0

    def bump(self) -> None:
        """Record that some layer's trainable weights may have changed."""
        self.count += 1


TRAINABLE_VERSION = TrainableVersion()
