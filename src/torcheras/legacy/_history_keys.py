"""The names Keras 2 logged metrics under, and the aliases that answer them.

Keras 2.0-2.2 logged ``metrics=['accuracy']`` (or ``['acc']``) as ``acc`` and the string
shortcuts under their functions' names (``'mae'`` as ``mean_absolute_error``); Keras 2.3 and
Keras 3 log the name the program gave. Old programs read ``history.history['acc']``,
``history['val_mean_absolute_error']``, monitor ``'val_acc'`` or write ``{val_acc:.2f}`` into a
checkpoint's file name. This module is the one table of those spellings:

- :class:`AliasedDict` answers either spelling of a key it holds under the other (read-only);
- :func:`keras2_keys` gives the Keras 2 keys a Keras 3 log adds under Keras 2's defaults;
- :func:`resolve` finds the key a logs mapping holds for a requested spelling.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from torcheras.legacy._mode import legacy_version

# Keras 3's name of a metric (as the program spelled it) -> the name Keras 2.0-2.2 logged.
KERAS2_METRIC_NAMES = {
    "accuracy": "acc",
    "mae": "mean_absolute_error",
    "mse": "mean_squared_error",
    "mape": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
}

# Each spelling -> its other spelling (both directions: a Keras 2 program compiled with
# metrics=['mean_absolute_error'] may still read 'mae' from an example it copied).
_OTHER = {**KERAS2_METRIC_NAMES, **{old: new for new, old in KERAS2_METRIC_NAMES.items()}}


def spellings(key: str) -> list[str]:
    """The other spellings of log key ``key``: its metric name (after any ``val_`` or output
    name prefix, as ``val_dense_2_acc``) swapped for the other generation's name.

    Args:
        key: A log key such as ``"val_acc"``.

    >>> spellings("val_acc"), spellings("mean_absolute_error"), spellings("loss")
    (['val_accuracy'], ['mae'], [])
    """
    out = []
    for name, other in _OTHER.items():
        if key == name:
            out.append(other)
        elif key.endswith("_" + name):
            out.append(key[: -len(name)] + other)
    return out


def resolve(key: str, keys: Iterable[str]) -> str | None:
    """The key of ``keys`` that answers ``key``: ``key`` itself, else one of its other
    spellings, else ``None``.

    Args:
        key: The requested key (``"val_acc"``).
        keys: The keys present (a logs dict).

    >>> resolve("val_acc", {"loss": 1, "val_accuracy": 0.5})
    'val_accuracy'
    """
    present = keys if isinstance(keys, (Mapping, set, frozenset)) else set(keys)
    if key in present:
        return key
    for other in spellings(key):
        if other in present:
            return other
    return None


def _renames(logs: Mapping, output_names: Iterable[str]):
    """``(key, Keras 2 key)`` for each key of ``logs`` whose metric name (after ``val_`` and
    an output-name prefix) Keras 2 spelled otherwise; only exact metric names count, so
    ``binary_accuracy`` is not renamed."""
    prefixes = [""] + [f"{name}_" for name in output_names]
    for key in logs:
        rest = key.removeprefix("val_")
        head = key[: len(key) - len(rest)]
        for prefix in prefixes:
            old = KERAS2_METRIC_NAMES.get(rest[len(prefix):]) if rest.startswith(prefix) else None
            if old is not None:
                yield key, head + prefix + old
                break


def keras2_keys(logs: Mapping, output_names: Iterable[str] = ()) -> dict[str, str]:
    """``{Keras 3 key: Keras 2 key}`` for the keys of ``logs`` that Keras 2 spelled
    otherwise and that ``logs`` does not already hold in Keras 2's spelling:
    ``accuracy`` -> ``acc``, ``val_mae`` -> ``val_mean_absolute_error``, and per-output
    keys of the model's outputs (``dense_2_accuracy`` -> ``dense_2_acc``).

    Args:
        logs: One epoch's logs.
        output_names: The model's output names, the prefixes of per-output keys.

    >>> keras2_keys({"accuracy": 0.9, "loss": 0.1, "val_mae": 2.0, "binary_accuracy": 1})
    {'accuracy': 'acc', 'val_mae': 'val_mean_absolute_error'}
    """
    present = set(logs)  # the logged keys only, not an AliasedDict's aliases
    return {key: old for key, old in _renames(logs, output_names) if old not in present}


def with_keras2_keys(logs: dict, output_names: Iterable[str] = ()) -> dict:
    """``logs`` with, under Keras 2's defaults, Keras 2's key added beside each Keras 3 key
    it renames (same value); ``logs`` itself under Keras 3's.

    Args:
        logs: One epoch's logs (not modified).
        output_names: The model's output names.
    """
    if legacy_version() != 2:
        return logs
    renamed = keras2_keys(logs, output_names)
    if not renamed:
        return logs
    out = {}
    for key, value in logs.items():
        out[key] = value
        if key in renamed:  # next to its Keras 3 twin, so History keeps the logs' order
            out[renamed[key]] = value
    return out


def shadowed_keys(logs: Mapping, output_names: Iterable[str] = (),
                  keep: int | None = None) -> set[str]:
    """The keys of ``logs`` that repeat another of its keys under the other generation's
    spelling, to be neither shown nor recorded twice.

    Args:
        logs: One epoch's logs.
        output_names: The model's output names.
        keep: Which generation's spelling stays: ``2`` (History under Keras 2's defaults
            holds ``acc`` as Keras 2 did, ``accuracy`` answering as its alias) or ``3``;
            ``None`` for the generation whose defaults are in effect.

    >>> sorted(shadowed_keys({"accuracy": 0.9, "acc": 0.9, "loss": 0.1}))
    ['acc']
    """
    present = set(logs)  # the logged keys only, not an AliasedDict's aliases
    pairs = {key: old for key, old in _renames(logs, output_names) if old in present}
    if (legacy_version() if keep is None else keep) == 2:
        return set(pairs)
    return set(pairs.values())


def keras2_metrics_names(metrics: Iterable, output_names: Iterable[str] = ()) -> list[str]:
    """Keras 2's ``model.metrics_names`` for ``model.metrics``, in the order ``evaluate``
    returns the values: ``loss``, the per-output losses, the compiled metrics by their log
    names in Keras 2's spelling (``['loss', 'acc']`` where Keras 3 lists
    ``['loss', 'compile_metrics']``), then any other metric by its name.

    Args:
        metrics: ``model.metrics`` (the compiled metrics object has ``entries``, whose
            fourth field is each metric's log name).
        output_names: The model's output names.
    """
    output_names = list(output_names)
    losses = {"loss", *(f"{name}_loss" for name in output_names)}
    head, compiled, tail = [], [], []
    for metric in metrics:
        entries = getattr(metric, "entries", None)
        if entries is not None:
            logged = [entry[3] for entry in entries]
            renamed = keras2_keys(dict.fromkeys(logged), output_names)
            compiled.extend(renamed.get(name, name) for name in logged)
        else:
            (head if metric.name in losses else tail).append(metric.name)
    return head + compiled + tail


class AliasedDict(dict):
    """A dict whose keys also answer under their other spelling, read-only.

    ``d['acc']`` returns ``d['accuracy']`` when only ``accuracy`` is a key (and the
    reverse, ``val_mean_absolute_error``/``val_mae``, ...); ``in`` and ``get`` see the
    aliases, while iteration, ``keys()``, ``len`` and printing show only the real keys, so
    ``pd.DataFrame(d)`` or a loop plotting every key does not draw a curve twice. Writing
    or deleting through an alias raises ``TypeError`` naming the real key: the alias has no
    list of its own to change.

    >>> d = AliasedDict(accuracy=[0.5], loss=[1.0])
    >>> d["acc"], "val_acc" in d, "acc" in d, list(d)
    ([0.5], False, True, ['accuracy', 'loss'])
    """

    def _real(self, key: Any) -> Any:
        """The real key an alias stands for, or ``None`` (``key`` itself is no key)."""
        if not isinstance(key, str) or dict.__contains__(self, key):
            return None
        for other in spellings(key):
            if dict.__contains__(self, other):
                return other
        return None

    def __missing__(self, key):
        real = self._real(key)
        if real is None:
            raise KeyError(key)
        return dict.__getitem__(self, real)

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or self._real(key) is not None

    def get(self, key, default=None):
        real = self._real(key)
        return dict.get(self, key if real is None else real, default)

    _writable_aliases = False

    def _refuse(self, key, action: str) -> None:
        if self._writable_aliases:
            return
        real = self._real(key)
        if real is not None:
            raise TypeError(
                f"Cannot {action} {key!r}: it is a read-only alias of {real!r}, the name "
                f"this run logged; {action} {real!r} instead."
            )

    def __setitem__(self, key, value) -> None:
        self._refuse(key, "set")
        dict.__setitem__(self, key, value)

    def __delitem__(self, key) -> None:
        self._refuse(key, "delete")
        dict.__delitem__(self, key)

    def setdefault(self, key, default=None):
        real = self._real(key)
        return dict.setdefault(self, key if real is None else real, default)

    def pop(self, key, *default):
        self._refuse(key, "pop")
        return dict.pop(self, key, *default)

    def update(self, *args, **kwargs) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def copy(self) -> AliasedDict:
        return AliasedDict(self)


class AliasedLogs(AliasedDict):
    """The epoch logs handed to callbacks: they read Keras 2's names as
    :class:`AliasedDict` does, but a callback may write any key, an alias included, as it
    may into Keras 3's plain dict (the written key becomes a key of its own).

    >>> logs = AliasedLogs(val_accuracy=0.5)
    >>> logs["val_acc"], list(logs)
    (0.5, ['val_accuracy'])
    >>> logs["val_acc"] = 0.25; sorted(logs.items())
    [('val_acc', 0.25), ('val_accuracy', 0.5)]
    """

    _writable_aliases = True

    def copy(self) -> AliasedLogs:
        return AliasedLogs(self)
