import io
import logging
import re
import sys

import _golden
import _progbar_scenarios as scenarios
import numpy as np
import pytest
import torch

from torcheras.utils import (
    Progbar,
    _progbar,
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)


def _set_clock(monkeypatch):
    return lambda fn: monkeypatch.setattr(_progbar, "_clock", fn)


@pytest.mark.parametrize("name", sorted(scenarios.SCENARIOS))
def test_matches_keras_byte_for_byte(name, monkeypatch):
    got = scenarios.run(Progbar, _set_clock(monkeypatch), scenarios.SCENARIOS[name])
    expected = _golden.load_text(f"progbar/{name}")
    if name.endswith("_static"):
        # Deliberate departure: without a terminal we print only the final line of a bar
        # (Keras 2's behaviour), where Keras 3 prints a new line every 0.05 s.
        expected = "\n" + expected.rstrip("\n").split("\n")[-1].rstrip(" ") + "\n"
        got = got.replace(" \n", "\n")
    assert got == expected


def test_golden_fit_line_reads_like_keras(monkeypatch):
    got = scenarios.run(Progbar, _set_clock(monkeypatch), scenarios.SCENARIOS["fit_dynamic"])
    last = got.split("\r")[-1]
    plain = last.replace("\x1b[1m", "").replace("\x1b[0m", "").replace("\x1b[32m", "")
    plain = plain.replace("\x1b[37m", "")
    assert plain == "469/469 " + "━" * 20 + " 2s 4ms/step - accuracy: 0.9000 - loss: 0.3000\n"


def test_redraw_protocol_backspaces_previous_width(monkeypatch):
    spec = scenarios.SCENARIOS["shrinking_line_and_stateless"]
    got = scenarios.run(Progbar, _set_clock(monkeypatch), spec)
    frames = got.split("\r")
    assert frames[0] == ""  # the first frame has no previous line to erase
    widths = []
    for frame in frames[1:]:
        content = frame.rstrip("\b")
        backspaces = len(frame) - len(content)
        # Padding spaces (which blank a longer previous line) are not counted, as in Keras.
        visible = len(re.sub(r"\x1b\[[0-9;]*m", "", content.rstrip("\n").rstrip(" ")))
        widths.append((visible, backspaces))
    # Each frame is followed by as many backspaces as it is wide (erasing it for the next).
    for (visible, backspaces) in widths[:-1]:
        assert backspaces == visible
    assert frames[-1].endswith("\n")


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_dynamic_display_detection(monkeypatch):
    monkeypatch.delenv("PYCHARM_HOSTED", raising=False)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert Progbar(10)._dynamic_display is False
    monkeypatch.setattr(sys, "stdout", _Tty())
    assert Progbar(10)._dynamic_display is True
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setitem(sys.modules, "ipykernel", object())
    assert Progbar(10)._dynamic_display is True


def test_static_display_writes_only_the_final_line(monkeypatch):
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    bar = Progbar(3, interval=0)
    for i in (1, 2, 3):
        bar.update(i)
    out = sys.stdout.getvalue()
    assert "\b" not in out and "\r" not in out
    assert out.count("\n") == 2  # one line for the whole bar: leading and final newline


def test_tensor_values_are_averaged(monkeypatch):
    times = iter([0.0, 1.0, 2.0, 3.0])
    monkeypatch.setattr(_progbar, "_clock", lambda: next(times))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    bar = Progbar(2, verbose=2)
    bar.update(1, [("loss", torch.tensor(1.0)), ("n", np.float32(0.5))])
    bar.update(2, [("loss", torch.tensor(3.0)), ("n", np.float32(1.5))], finalize=False)
    bar.update(2, finalize=True)
    assert out.getvalue() == "2/2 - 3s - 2s/step - loss: 2.0000 - n: 1.0000\n"


@pytest.mark.parametrize(
    "seconds, expected",
    [(0, " 0s/step"), (2.4, " 2s/step"), (0.0042, " 4ms/step"), (0.00042, " 420us/step")],
)
def test_format_time(seconds, expected):
    assert Progbar._format_time(seconds, "step") == expected


def test_unicode_fallback_uses_equals(monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    monkeypatch.setattr(sys, "stdout", stream)
    bar = Progbar(2, width=4)
    bar._dynamic_display = False
    bar.update(2)
    stream.flush()
    assert "====" in raw.getvalue().decode("ascii")


def test_interactive_logging_off_goes_to_logger(monkeypatch, caplog):
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    disable_interactive_logging()
    try:
        assert is_interactive_logging_enabled() is False
        with caplog.at_level(logging.INFO, logger="torcheras"):
            Progbar(1, verbose=2).update(1)
    finally:
        enable_interactive_logging()
    assert out.getvalue() == ""
    assert "1/1" in caplog.text


def test_bad_input_both_metric_lists():
    with pytest.raises(ValueError, match="Only one of `stateful_metrics` or `stateless_metrics`"):
        Progbar(10, stateful_metrics=["a"], stateless_metrics=["b"])
