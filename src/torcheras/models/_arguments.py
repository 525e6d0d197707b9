"""Arguments shared by ``fit``, ``evaluate`` and ``predict``: unknown keywords and
``verbose``."""

from __future__ import annotations

import difflib


def unexpected_kwargs(method: str, kwargs: dict, allowed) -> TypeError:
    """The ``TypeError`` for the first unknown keyword, with the closest allowed name."""
    name = sorted(kwargs)[0]
    hint = difflib.get_close_matches(name, allowed, n=1)
    extra = f" Did you mean {hint[0]!r}?" if hint else ""
    return TypeError(f"{method}() got an unexpected keyword argument {name!r}.{extra}")


def verbose_level(verbose) -> int:
    """Keras's ``verbose``: ``"auto"`` (= 1), 0 silent, 1 progress bar, any integer >= 2 one
    line per epoch (returned as 2, the value the progress bar knows)."""
    if verbose == "auto":
        return 1
    if isinstance(verbose, bool):
        return int(verbose)
    if isinstance(verbose, str) or not hasattr(verbose, "__index__") or verbose < 0:
        raise ValueError(
            "Argument `verbose` must be 'auto' or an integer >= 0 (0 = silent, 1 = progress "
            f"bar, 2 or more = one line per epoch). Received: verbose={verbose!r}"
        )
    return min(int(verbose), 2)


def callback_verbose(verbose, level: int):
    """What callbacks see as ``params["verbose"]``: the user's value ("auto" included),
    with 3, 4... shown as 2."""
    return verbose if verbose == "auto" else level
