"""Keras 2's ``keras.utils.*`` modules: generic_utils, conv_utils, layer_utils, io_utils,
data_utils (the enqueuers) and multi_gpu_utils."""

import builtins
import threading

import numpy as np
import pytest

import torcheras as keras
from torcheras.legacy.utils import (
    conv_utils,
    data_utils,
    generic_utils,
    io_utils,
    layer_utils,
    multi_gpu_utils,
)


# ------------------------------------------------------------------ multi_gpu_utils
def test_multi_gpu_model_returns_the_model_and_says_torchrun():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    with pytest.warns(UserWarning) as record:
        assert multi_gpu_utils.multi_gpu_model(model, gpus=4) is model
    assert str(record[0].message) == (
        "multi_gpu_model() returns the model unchanged: a torcheras model runs on one device "
        "per process. For data parallelism over several GPUs, run the program under "
        "`torchrun` (see the README).")


# ------------------------------------------------------------------ generic_utils
def test_generic_utils_helpers():
    assert generic_utils.to_list(None) == [None]
    assert generic_utils.to_list((1,), allow_tuple=True) == [1]
    assert generic_utils.unpack_singleton((7,)) == 7
    assert generic_utils.unpack_singleton([]) == []

    def call(inputs, mask=None, *args, **kwargs):
        return inputs

    assert generic_utils.has_arg(call, "mask")
    assert not generic_utils.has_arg(call, "training")
    assert generic_utils.has_arg(call, "training", accept_all=True)
    assert not generic_utils.has_arg(call, "args")


def test_custom_object_scope_from_generic_utils():
    class Custom(keras.layers.Layer):
        pass

    config = {"class_name": "Custom", "config": {"name": "c"}}
    with generic_utils.CustomObjectScope({"Custom": Custom}):
        assert type(generic_utils.deserialize_keras_object(config)) is Custom
    with generic_utils.custom_object_scope({"Custom": Custom}):
        assert type(generic_utils.deserialize_keras_object(config)) is Custom
    assert "Custom" not in generic_utils.get_custom_objects()


# ------------------------------------------------------------------ conv_utils
def test_conv_utils_lengths_by_hand():
    assert conv_utils.conv_output_length(None, 3, "valid", 1) is None
    assert [conv_utils.conv_output_length(10, 3, p, 2) for p in
            ("valid", "same", "full", "causal")] == [4, 5, 6, 5]
    assert conv_utils.conv_output_length(10, 3, "valid", 1, dilation=2) == 6
    assert [conv_utils.conv_input_length(4, 3, p, 2) for p in ("valid", "same", "full")] == [
        9, 7, 5]
    assert [conv_utils.deconv_length(4, 2, 3, p) for p in ("valid", "same", "full")] == [
        9, 8, 5]
    assert conv_utils.deconv_length(4, 2, 3, "valid", output_padding=1) == 10
    assert conv_utils.deconv_length(None, 2, 3, "valid") is None


def test_conv_utils_normalizers_and_kernel_flip():
    assert conv_utils.normalize_tuple(np.int64(2), 3, "strides") == (2, 2, 2)
    assert conv_utils.normalize_data_format(None) == keras.backend.image_data_format()
    kernel = np.arange(12).reshape(3, 2, 1, 2)
    flipped = conv_utils.convert_kernel(kernel)
    np.testing.assert_array_equal(flipped, kernel[::-1, ::-1])
    np.testing.assert_array_equal(conv_utils.convert_kernel(flipped), kernel)


@pytest.mark.parametrize("call, message", [
    (lambda: conv_utils.normalize_tuple((1, 2), 3, "kernel_size"),
     r"The `kernel_size` argument must be a tuple of 3 integers. Received: \(1, 2\)"),
    (lambda: conv_utils.normalize_tuple((1, "a"), 2, "strides"), r"Received: \(1, 'a'\)"),
    (lambda: conv_utils.normalize_padding("full-ish"),
     r"The `padding` argument must be one of .* Received: 'full-ish'"),
    (lambda: conv_utils.normalize_data_format("nhwc"),
     r"The `data_format` argument must be one of .* Received: 'nhwc'"),
    (lambda: conv_utils.conv_output_length(4, 2, "other", 1),
     r"Received: padding='other'"),
    (lambda: conv_utils.convert_kernel(np.zeros((2, 2))), r"Invalid kernel shape: \(2, 2\)"),
])
def test_conv_utils_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ------------------------------------------------------------------ layer_utils
def test_layer_utils_count_params_and_summary():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")])
    assert layer_utils.count_params(model.weights) == 8
    assert layer_utils.count_params(model.weights + model.weights) == 8
    lines = []
    layer_utils.print_summary(model, print_fn=lines.append)
    text = "\n".join(lines)
    assert "Total params: 8" in text and "d (Dense)" in text


def test_convert_all_kernels_in_model_flips_conv_kernels_only():
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(1, 2, use_bias=False),
                              keras.layers.Flatten(), keras.layers.Dense(1)])
    kernel = np.arange(4, dtype="float32").reshape(2, 2, 1, 1)
    model.layers[0].kernel.assign(kernel)
    dense = model.layers[2].get_weights()
    layer_utils.convert_all_kernels_in_model(model)
    np.testing.assert_array_equal(model.layers[0].get_weights()[0], kernel[::-1, ::-1])
    for before, after in zip(dense, model.layers[2].get_weights()):
        np.testing.assert_array_equal(before, after)


# ------------------------------------------------------------------ io_utils
def test_hdf5_matrix_reads_rows_on_demand(tmp_path):
    h5py = pytest.importorskip("h5py")
    path = str(tmp_path / "data.h5")
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(20, dtype="float32").reshape(10, 2)
    m = io_utils.HDF5Matrix(path, "x", start=2, end=8, normalizer=lambda a: a / 2)
    assert (len(m), m.shape, m.ndim, m.size, m.dtype) == (6, (6, 2), 2, 12, np.float32)
    assert m[0].tolist() == [2.0, 2.5]
    assert m[-1].tolist() == [7.0, 7.5]
    assert m[1:3].tolist() == [[3.0, 3.5], [4.0, 4.5]]
    assert m[[3, 0, 3]].tolist() == [[5.0, 5.5], [2.0, 2.5], [5.0, 5.5]]
    np.testing.assert_array_equal(np.asarray(m), np.arange(4, 16).reshape(6, 2) / 2)
    with pytest.raises(IndexError, match="Index 6 out of range for HDF5Matrix of length 6"):
        m[6]
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(m, np.zeros(6), epochs=1, verbose=0, shuffle=False)


def test_ask_to_proceed_with_overwrite(monkeypatch, capsys):
    answers = iter(["maybe", "y"])
    monkeypatch.setattr(builtins, "input", lambda prompt: next(answers))
    assert io_utils.ask_to_proceed_with_overwrite("f.h5") is True
    assert "[TIP] Next time specify overwrite=True!" in capsys.readouterr().out
    monkeypatch.setattr(builtins, "input", lambda prompt: "n")
    assert io_utils.ask_to_proceed_with_overwrite("f.h5") is False


# ------------------------------------------------------------------ data_utils
class _Batches(data_utils.Sequence):
    def __init__(self):
        super().__init__()
        self.epochs_ended = 0

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return np.full((2,), i)

    def on_epoch_end(self):
        self.epochs_ended += 1


def test_ordered_enqueuer_keeps_order_across_epochs():
    sequence = _Batches()
    enqueuer = data_utils.OrderedEnqueuer(sequence, use_multiprocessing=True)
    enqueuer.start(workers=3, max_queue_size=2)
    batches = enqueuer.get()
    seen = [int(next(batches)[0]) for _ in range(9)]
    enqueuer.stop()
    assert seen == [0, 1, 2, 3, 0, 1, 2, 3, 0]
    assert sequence.epochs_ended >= 2 and not enqueuer.is_running()


def test_generator_enqueuer_reads_all_items_and_forwards_errors():
    enqueuer = data_utils.GeneratorEnqueuer(iter(range(7)))
    enqueuer.start(workers=2, max_queue_size=3)
    assert sorted(enqueuer.get()) == list(range(7))
    enqueuer.stop()

    def broken():
        yield 1
        raise RuntimeError("bad batch")

    enqueuer = data_utils.GeneratorEnqueuer(broken())
    enqueuer.start()
    with pytest.raises(RuntimeError, match="bad batch"):
        list(enqueuer.get())
    enqueuer.stop()
    assert threading.active_count() < 20


@pytest.mark.parametrize("kwargs, message", [
    ({"workers": 0}, r"`workers` must be a positive integer. Received: workers=0"),
    ({"max_queue_size": 0}, r"Received: max_queue_size=0"),
])
def test_enqueuer_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        data_utils.OrderedEnqueuer(_Batches()).start(**kwargs)


# ------------------------------------------------------------------ Keras 1 names
def test_keras1_np_utils_probas_to_classes():
    from torcheras.legacy.utils import np_utils

    assert np_utils.probas_to_classes(np.array([0.2, 0.6, 0.5])).tolist() == [0, 1, 0]
    assert np_utils.probas_to_classes(np.array([[0.1, 0.7, 0.2]])).tolist() == [1]
    assert np_utils.categorical_probas_to_classes(np.eye(3)[[2, 0]]).tolist() == [2, 0]


def test_keras1_visualize_util_plot_is_plot_model():
    from torcheras.legacy.utils import visualize_util

    assert visualize_util.plot is keras.utils.plot_model


def test_keras1_merge_in_engine_topology():
    from torcheras.legacy.engine import topology

    a, b = keras.Input((2,)), keras.Input((2,))
    assert topology.merge([a, b], mode="concat").shape == (None, 4)
    assert type(topology.Merge(mode="sum")) is keras.layers.Add
