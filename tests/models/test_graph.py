"""The one layer graph (torcheras.layers._graph) behind Functional, summary and plot_model,
and the call context that carries ``training`` and the model-call depth."""

import threading

import _golden
import _graph_scenarios
import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers
from torcheras.layers._call_context import CALL_CONTEXT
from torcheras.layers._graph import Graph, is_chain, map_graph
from torcheras.models._functional import _Step

GOLDEN = _golden.load_json("graph")


@pytest.mark.parametrize("name", sorted(_graph_scenarios.SCENARIOS))
def test_run_order_and_layer_order_match_keras(name):
    calls = []
    model = _graph_scenarios.SCENARIOS[name](keras, calls)
    inputs = [np.ones((1,) + tuple(t.shape[1:]), "float32") for t in model.inputs]
    calls.clear()
    model(inputs if len(inputs) > 1 else inputs[0])
    assert calls == GOLDEN[name]["calls"]
    assert [layer.name for layer in model.layers] == GOLDEN[name]["layers"]


def test_map_graph_depths_nodes_and_operations():
    x = keras.Input((3,), name="x")
    a = layers.Dense(2, name="a")(x)
    b = layers.Dense(2, name="b")(a)
    out = layers.Add(name="add")([x[:, :2], b])
    graph = map_graph([x], [out])
    assert isinstance(graph, Graph)
    (getitem,) = [n.layer.name for n in graph.nodes if type(n.layer).__name__ == "GetItem"]
    depth_of = {n.layer.name: d for d, group in graph.nodes_by_depth.items() for n in group}
    assert depth_of == {"add": 0, "b": 1, getitem: 1, "a": 2, "x": 3}
    # Nodes run by decreasing depth; within a depth, parents in the order the child takes
    # them (x[:, :2] is add's first argument).
    assert [n.layer.name for n in graph.nodes] == ["x", "a", getitem, "b", "add"]
    assert graph.node_ids == frozenset(id(n) for n in graph.nodes)
    # Operations: by depth, ties by the walk's first visit (from add, its first argument,
    # the slice, is walked before b).
    assert [op.name for op in graph.operations] == ["x", "a", getitem, "b", "add"]
    assert not is_chain(graph)


def test_chain_graph_is_a_chain_and_a_shared_layer_is_not():
    x = keras.Input((3,))
    chain = map_graph([x], [layers.Dense(2)(layers.Dense(3)(x))])
    assert is_chain(chain)
    shared = layers.Dense(3)
    assert not is_chain(map_graph([x], [shared(shared(x))]))


def test_functional_plan_is_named_steps_in_graph_order():
    x = keras.Input((3,), name="x")
    h = layers.Dense(4, name="h")(x)
    out = layers.Concatenate(name="cat")([h, x])
    model = keras.Model(x, out)
    assert all(isinstance(step, _Step) for step in model._plan)
    assert [step.layer.name for step in model._plan] == ["h", "cat"]
    h_step, cat_step = model._plan
    assert h_step.input_slot == 0 and h_step.single_output and h_step.out_slots == [1]
    assert cat_step.input_slot is None  # a list argument: filled from slots at each call
    assert model._graph.operations == model._operations


def test_summary_and_plot_model_read_the_models_graph(monkeypatch):
    calls = []
    model = _graph_scenarios.shared_at_depths(keras, calls)
    captured = []
    monkeypatch.setenv("COLUMNS", "200")
    model.summary(print_fn=captured.append)
    rows = [line.split()[1] for line in captured[0].splitlines() if line.startswith("│ ")
            and "(" in line.split()[2]]
    assert rows == [op.name for op in model._graph.operations]
    pydot = pytest.importorskip("pydot")
    del pydot
    dot = keras.utils.model_to_dot(model)
    boxes = [n for n in dot.get_nodes() if n.get_name() != "node"]  # not the defaults entry
    assert [b.get_name() for b in boxes] == [str(id(op)) for op in model._graph.operations]


def test_disconnected_and_duplicate_names_are_refused():
    x = keras.Input((3,), name="x")
    other = keras.Input((3,), name="other")
    with pytest.raises(ValueError, match=r'Graph disconnected: Cannot find parent for tensor '
                                         r'.*name=other> at layer "other"'):
        map_graph([x], [other])
    d = layers.Dense(2, name="dup")
    e = layers.Dense(2, name="dup")
    f = layers.Dense(2, name="dup")
    with pytest.raises(ValueError, match=r"^The name 'dup' is used 3 times in the model\. "
                                         r"All layer names should be unique\.$"):
        map_graph([x], [f(e(d(x)))])


def test_an_output_not_made_by_a_layer_is_refused():
    x = keras.Input((3,), name="x")
    loose = keras.KerasTensor((None, 3))
    with pytest.raises(ValueError, match=r"Output tensor <KerasTensor .*> was not produced by "
                                         r"a layer call"):
        map_graph([x], [loose])


# --------------------------------------------------------------------- call context
class _Probe(layers.Layer):
    """Records the `training` it was called with."""

    def __init__(self, seen, **kwargs):
        super().__init__(**kwargs)
        self.seen = seen

    def call(self, x, training=None):
        self.seen.append(training)
        return x

    def compute_output_shape(self, input_shape):
        return input_shape


def test_inner_layers_inherit_training_and_the_context_is_restored():
    seen = []
    probe = _Probe(seen)
    model = keras.Sequential([keras.Input((2,)), probe])
    x = torch.ones(1, 2)
    model(x, training=True)
    assert seen == [True] and CALL_CONTEXT.training is None
    model(x)
    assert seen == [True, None]
    probe(x, training=False)
    assert seen == [True, None, False] and CALL_CONTEXT.training is None


def test_context_is_restored_when_a_layer_raises():
    class Boom(layers.Layer):
        def call(self, x):
            raise RuntimeError("boom")

        def compute_output_shape(self, input_shape):
            return input_shape

    model = keras.Sequential([keras.Input((2,)), Boom()])
    with pytest.raises(RuntimeError, match="boom"):
        model(torch.ones(1, 2), training=True)
    assert CALL_CONTEXT.training is None and CALL_CONTEXT.model_call_depth == 0


def test_context_is_per_thread():
    seen_main, seen_thread = [], []
    barrier = threading.Barrier(2, timeout=10)

    class Waits(layers.Layer):
        def call(self, x, training=None):
            seen_main.append(training)
            barrier.wait()  # the other thread calls its layer while this call is open
            barrier.wait()
            return x

        def compute_output_shape(self, input_shape):
            return input_shape

    def worker():
        barrier.wait()
        _Probe(seen_thread)(torch.ones(1, 2))  # no `training`: must not see the main's True
        barrier.wait()

    model = keras.Sequential([keras.Input((2,)), Waits()])
    thread = threading.Thread(target=worker)
    thread.start()
    model(torch.ones(1, 2), training=True)
    thread.join()
    assert seen_main == [True] and seen_thread == [None]


def test_outermost_model_call_clears_the_previous_losses():
    class AddsLoss(layers.Layer):
        def call(self, x):
            self.add_loss(x.sum())
            return x

    inner = keras.Sequential([keras.Input((2,)), AddsLoss()])
    outer = keras.Sequential([keras.Input((2,)), inner])
    outer(torch.ones(1, 2))
    outer(2 * torch.ones(1, 2))
    assert [float(v) for v in outer.losses] == [4.0]  # only the latest call's loss
    assert CALL_CONTEXT.model_call_depth == 0


def test_functional_registers_each_layer_once():
    # The layer list used to be registered a second time as `_graph_layers.<i>` modules,
    # which doubled every weight in state_dict().
    x = keras.Input((4,), name="x")
    model = keras.Model(x, layers.Dense(2, name="d")(layers.Dense(3, name="h")(x)))
    assert list(model.state_dict()) == ["h.kernel", "h.bias", "d.kernel", "d.bias"]
    other_x = keras.Input((4,), name="x2")
    other = keras.Model(other_x, layers.Dense(2, name="d2")(layers.Dense(3, name="h2")(other_x)))
    other.load_state_dict({k.replace("h.", "h2.").replace("d.", "d2."): v
                           for k, v in model.state_dict().items()})
    sample = np.arange(8, dtype="float32").reshape(2, 4)
    np.testing.assert_allclose(other.predict(sample, verbose=0),
                               model.predict(sample, verbose=0), rtol=1e-6)
