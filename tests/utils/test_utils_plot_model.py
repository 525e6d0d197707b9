"""keras.utils.plot_model / model_to_dot: graph structure, labels, files, missing tools."""

import shutil
import sys

import pytest

import torcheras as keras
from torcheras import layers
from torcheras.utils import _plot_model

pydot = pytest.importorskip("pydot")
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None,
                                    reason="Graphviz `dot` is not installed")


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.backend.clear_session(free_memory=False)


def _siamese():
    base_in = keras.Input((8,), name="base_in")
    base = keras.Model(base_in, layers.Dense(4, activation="relu", name="embed")(base_in),
                       name="base")
    a, b = keras.Input((8,), name="left"), keras.Input((8,), name="right")
    joined = layers.Concatenate(name="join")([base(a), base(b)])
    head = keras.Sequential([layers.Dense(3, name="h1"), layers.Dense(1, name="h2")],
                            name="head")
    return keras.Model([a, b], head(joined), name="siamese")


def _titles(dot):
    out = {}
    for node in dot.get_nodes():
        label = node.get_label()
        if label:
            out[node.get_name()] = label.split("<b>")[1].split("</b>")[0]
    return out


def _edges(dot, titles):
    return sorted((titles[e.get_source()], titles[e.get_destination()])
                  for e in dot.get_edges())


def test_functional_graph_nodes_and_edges():
    dot = keras.utils.model_to_dot(_siamese())
    titles = _titles(dot)
    assert sorted(titles.values()) == ["base", "head", "join", "left", "right"]
    assert _edges(dot, titles) == [("base", "join"), ("join", "head"), ("left", "base"),
                                   ("right", "base")]
    assert dot.get("rankdir") == "TB" and dot.get("splines") == "ortho"


def test_expand_nested_draws_clusters_wired_to_inner_layers():
    dot = keras.utils.model_to_dot(_siamese(), expand_nested=True, rankdir="LR")
    clusters = dot.get_subgraphs()
    assert sorted(c.get_label() for c in clusters) == ["base", "head"]
    titles = _titles(dot)
    for cluster in clusters:
        titles.update(_titles(cluster))
    edges = _edges(dot, titles)
    for sub in clusters:
        edges += _edges(sub, titles)
    assert ("left", "base_in") in edges and ("right", "base_in") in edges
    assert ("embed", "join") in edges and ("join", "h1") in edges and ("h1", "h2") in edges
    assert dot.get("rankdir") == "LR"


def test_labels_show_what_is_asked():
    inputs = keras.Input((5,), name="x")
    model = keras.Model(inputs, layers.Dense(3, activation="relu", name="d")(inputs))
    dot = keras.utils.model_to_dot(model, show_shapes=True, show_dtype=True,
                                   show_layer_activations=True, show_trainable=True)
    label = next(n.get_label() for n in dot.get_nodes() if "<b>d</b>" in (n.get_label() or ""))
    for text in ("<b>d</b> (Dense)", "Input shape: <b>(None, 5)</b>",
                 "Output shape: <b>(None, 3)</b>", "Output dtype: <b>float32</b>",
                 "Activation: <b>relu</b>", "<b>Trainable</b>"):
        assert text in label
    plain = keras.utils.model_to_dot(model, show_layer_names=False)
    assert any("<b>Dense</b>" in (n.get_label() or "") for n in plain.get_nodes())


def test_sequential_and_subclassed_models():
    seq = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="a"),
                            layers.Dense(2, name="b")])
    dot = keras.utils.model_to_dot(seq)
    titles = _titles(dot)
    assert sorted(titles.values()) == ["a", "b"] and _edges(dot, titles) == [("a", "b")]

    class Sub(keras.Model):
        def __init__(self):
            super().__init__(name="sub")
            self.d = layers.Dense(2)

        def call(self, x):
            return self.d(x)

    sub = Sub()
    sub(keras.backend.convert_to_tensor([[1.0, 2.0]]))
    assert list(_titles(keras.utils.model_to_dot(sub)).values()) == ["sub"]


@needs_graphviz
@pytest.mark.parametrize("name, magic", [("m.png", b"\x89PNG"), ("m.svg", b"<?xml"),
                                         ("m", b"\x89PNG")])
def test_plot_model_writes_the_file(tmp_path, name, magic):
    path = tmp_path / name
    result = keras.utils.plot_model(_siamese(), to_file=path, show_shapes=True,
                                    expand_nested=True, dpi=50)
    assert path.read_bytes().startswith(magic)
    assert result is None or "IPython" in sys.modules


@pytest.mark.parametrize("call, exc, match", [
    (lambda m: keras.utils.model_to_dot(m, layer_range=["a", "b"]), ValueError,
     r"Argument `layer_range` is no longer supported"),
    (lambda m: keras.utils.model_to_dot(m, colour="red"), ValueError,
     r"Unrecognized keyword arguments: \{'colour': 'red'\}"),
    (lambda m: keras.utils.model_to_dot(keras.Sequential([layers.Dense(2)])), ValueError,
     r"This model has not yet been built"),
])
def test_bad_arguments(call, exc, match):
    inputs = keras.Input((3,))
    with pytest.raises(exc, match=match):
        call(keras.Model(inputs, layers.Dense(2)(inputs)))


def test_missing_pydot_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pydot", None)  # makes `import pydot` fail
    inputs = keras.Input((3,))
    model = keras.Model(inputs, layers.Dense(2)(inputs))
    with pytest.raises(ImportError, match=r"You must install pydot \(`pip install pydot`\) "
                                          r"for `plot_model` to work"):
        keras.utils.plot_model(model, to_file=tmp_path / "m.png")
    with pytest.raises(ImportError, match=r"install pydot .* for `model_to_dot` to work"):
        keras.utils.model_to_dot(model)
    assert not _plot_model.check_pydot()


def test_missing_graphviz_says_what_to_install(monkeypatch, tmp_path):
    def no_dot(*args, **kwargs):
        raise FileNotFoundError("[Errno 2] 'dot' not found in path.")

    monkeypatch.setattr(pydot.Dot, "create", no_dot)
    inputs = keras.Input((3,), name="x")
    model = keras.Model(inputs, layers.Dense(2, name="d")(inputs))
    with pytest.raises(ImportError, match=r"You must install graphviz \(see instructions at "
                                          r"https://graphviz\.gitlab\.io/download/, e\.g\. "
                                          r"`apt-get install graphviz`"):
        keras.utils.plot_model(model, to_file=tmp_path / "m.png")
    assert not (tmp_path / "m.png").exists()
    dot = keras.utils.model_to_dot(model)  # building the graph needs no `dot` binary
    assert _edges(dot, _titles(dot)) == [("x", "d")]
