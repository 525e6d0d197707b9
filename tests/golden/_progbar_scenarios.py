"""Scripted Progbar sessions, replayed on real Keras (to make golden files) and on ours.

Each scenario is plain data: constructor kwargs, whether the display is dynamic, and a list
of ``(clock_time, method, args, kwargs)`` calls. ``run`` replays it on any Progbar class
with a frozen clock and returns everything written to stdout.
"""

from __future__ import annotations

import io
import sys


def _epoch(n, dt, first=0.5, metrics=True):
    calls = []
    t = 1000.0 + first
    for step in range(1, n + 1):
        vals = [("accuracy", 0.5 + 0.4 * step / n), ("loss", 1.0 - 0.7 * step / n)]
        calls.append((t, "update", [step], {"values": vals if metrics else None}))
        t += dt
    return calls


SCENARIOS = {
    # The fit() line users know: 469/469 ━━━━ 2s 4ms/step - accuracy: ... - loss: ...
    "fit_dynamic": {
        "init": {"target": 469},
        "dynamic": True,
        "calls": _epoch(469, 0.004, first=0.3),
    },
    "fit_static": {
        "init": {"target": 30},
        "dynamic": False,
        "calls": _epoch(30, 0.02),
    },
    "verbose2": {
        "init": {"target": 12, "verbose": 2},
        "dynamic": True,
        "calls": _epoch(12, 0.25),
    },
    "verbose2_negative_and_tiny": {
        "init": {"target": 3, "verbose": 2, "stateful_metrics": ["neg"]},
        "dynamic": True,
        "calls": [
            (1000.1, "update", [1], {"values": [("neg", -0.5), ("tiny", 0.0002)]}),
            (1000.2, "update", [2], {"values": [("neg", -0.25), ("tiny", 0.0004)]}),
            (1000.3, "update", [3], {"values": [("neg", -0.125), ("tiny", 0.0006)]}),
        ],
    },
    "unknown_target": {
        "init": {"target": None},
        "dynamic": True,
        "calls": [
            (1000.5, "update", [1], {"values": [("loss", 0.9)]}),
            (1001.0, "update", [2], {"values": [("loss", 0.7)]}),
            (1001.5, "update", [3], {"values": [("loss", 0.5)]}),
            (1002.0, "update", [3], {"values": [("loss", 0.4)], "finalize": True}),
        ],
    },
    "unknown_target_static": {
        "init": {"target": None},
        "dynamic": False,
        "calls": [
            (1000.5, "update", [1], {"values": [("loss", 0.9)]}),
            (1001.0, "update", [2], {"values": [("loss", 0.7)]}),
            (1002.0, "update", [2], {"values": [("loss", 0.4)], "finalize": True}),
        ],
    },
    "stateful_and_units": {
        "init": {"target": 5000, "unit_name": "sample", "stateful_metrics": ["lr"]},
        "dynamic": True,
        "calls": [
            (1000.0005, "update", [1], {"values": [("lr", 0.01), ("loss", 2.0)]}),
            (1000.0010, "update", [500], {"values": [("lr", 0.005), ("loss", 1.0)]}),
            (1000.0600, "update", [1000], {"values": [("lr", 0.0025), ("loss", 0.5)]}),
            (1000.2000, "update", [5000], {"values": [("lr", 0.00001), ("loss", 0.25)]}),
        ],
    },
    "long_eta": {
        "init": {"target": 100000, "width": 30},
        "dynamic": True,
        "calls": [
            (1002.0, "update", [1], {}),
            (1004.0, "update", [2], {}),
            (1005.0, "update", [3], {}),
            (1130.0, "update", [64], {}),
            (1200.0, "update", [99970], {}),
            (1200.5, "update", [99999], {}),
            (1201.0, "update", [100000], {}),
        ],
    },
    "add_and_throttle": {
        "init": {"target": 10, "interval": 0.05},
        "dynamic": True,
        "calls": [
            (1000.01, "add", [1], {"values": [("mae", 3.0)]}),
            (1000.02, "add", [1], {"values": [("mae", 2.0)]}),
            (1000.09, "add", [3], {"values": [("mae", 1.0)]}),
            (1000.10, "add", [1], {"values": [("mae", 1.0)]}),
            (1000.30, "add", [4], {"values": [("mae", 0.5)]}),
        ],
    },
    "shrinking_line_and_stateless": {
        "init": {"target": 4, "stateless_metrics": ["a"]},
        "dynamic": True,
        "calls": [
            (1000.1, "update", [1], {"values": [("a", 123.456), ("b", 1.5)]}),
            (1000.2, "update", [2], {"values": [("a", 1.0), ("b", 2.5)]}),
            (1000.3, "update", [4], {"values": [("a", 0.5), ("b", 3.5)]}),
        ],
    },
    "silent": {
        "init": {"target": 3, "verbose": 0},
        "dynamic": True,
        "calls": [(1000.1, "update", [i], {"values": [("x", 1.0)]}) for i in (1, 2, 3)],
    },
}


class _Clock:
    def __init__(self, t):
        self.t = t

    def time(self):
        return self.t


def run(progbar_cls, set_clock, spec) -> str:
    """Replay ``spec`` on ``progbar_cls``; ``set_clock(fn)`` installs the frozen clock."""
    clock = _Clock(1000.0)
    set_clock(clock.time)
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    try:
        bar = progbar_cls(**spec["init"])
        bar._dynamic_display = spec["dynamic"]
        for t, method, args, kwargs in spec["calls"]:
            clock.t = t
            getattr(bar, method)(*args, **kwargs)
    finally:
        sys.stdout = saved
    return out.getvalue()
