"""``keras.saving.KerasFileEditor`` (placeholder replaced below)."""

from __future__ import annotations


class KerasFileEditor:
    """Placeholder."""
