"""DataParallel, ModelParallel, the global setting and distribute_tensor in one process."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import distribution
from torcheras.distribution import (
    DataParallel,
    DeviceMesh,
    LayoutMap,
    ModelParallel,
    TensorLayout,
)

CPUS = [f"cpu:{i}" for i in range(8)]


@pytest.fixture(autouse=True)
def _no_distribution():
    yield
    distribution.set_distribution(None)


def test_data_parallel_from_devices():
    dp = DataParallel(devices=CPUS[:4])
    assert dp.device_mesh.shape == (4,)
    assert dp.device_mesh.axis_names == ["batch"]
    assert dp.batch_dim_name == "batch"
    assert dp.num_model_replicas == 4
    assert dp.num_processes == 1 and dp.data_shard_id == 0
    assert dp.auto_shard_dataset
    assert dp.get_data_layout((128, 784)).axes == ("batch", None)
    weight = keras.Variable(np.zeros((3, 2), "float32"))
    assert dp.get_variable_layout(weight).axes == (None, None)
    assert dp.get_tensor_layout("dense/output") is None
    assert repr(dp) == ("<DataParallel device_mesh=<DeviceMesh shape=(4,), "
                        "axis_names=['batch']>>")


def test_data_parallel_defaults_to_list_devices():
    dp = DataParallel()
    assert dp.device_mesh.devices.tolist() == ["cpu:0"]
    assert dp.num_model_replicas == 1


def test_data_parallel_from_mesh():
    mesh = DeviceMesh((2, 4), ["data", "model"], devices=CPUS)
    with pytest.warns(UserWarning, match=re.escape(
            "Expect the input mesh to be 1D, but received mesh.devices.ndim=2")):
        dp = DataParallel(device_mesh=mesh, auto_shard_dataset=False)
    assert dp.batch_dim_name == "data"
    assert not dp.auto_shard_dataset
    with pytest.raises(ValueError, match=re.escape(
            "Expect `mesh` to be an instance of `DeviceMesh`. Received: mesh=(4,)")):
        DataParallel(device_mesh=(4,))


def test_model_parallel_layouts():
    mesh = DeviceMesh((2, 4), ["batch", "model"], devices=CPUS)
    layout_map = LayoutMap(mesh)
    layout_map[".*dense.*kernel"] = (None, "model")
    mp = ModelParallel(layout_map=layout_map, device_mesh=mesh)
    assert mp.batch_dim_name == "batch"
    assert mp.num_model_replicas == 2
    dense = keras.layers.Dense(4, name="dense")
    dense.build((None, 3))
    assert mp.get_variable_layout(dense.kernel).axes == (None, "model")
    assert mp.get_variable_layout(dense.bias).axes == (None,)
    assert mp.get_tensor_layout("dense/kernel").axes == (None, "model")
    assert ModelParallel(layout_map=layout_map, batch_dim_name="model").num_model_replicas == 4


def test_model_parallel_bad_input():
    with pytest.raises(ValueError, match="You must specify a layout_map argument."):
        ModelParallel()
    with pytest.raises(ValueError, match=re.escape(
            "Argument `layout_map` must be a `LayoutMap` instance. Received: layout_map={}")):
        ModelParallel(layout_map={})


def test_set_distribution_and_scope():
    assert distribution.distribution() is None
    dp = DataParallel(devices=["cpu:0"])
    distribution.set_distribution(dp)
    assert distribution.distribution() is dp
    other = DataParallel(devices=["cpu:0"])
    with other.scope():
        assert distribution.distribution() is other
    assert distribution.distribution() is dp
    with pytest.raises(ValueError, match=re.escape(
            "Argument `value` must be a `keras.distribution.Distribution` instance "
            "(DataParallel or ModelParallel) or None. Received: value='data_parallel'")):
        distribution.set_distribution("data_parallel")


def test_fit_in_one_process_with_a_data_parallel_distribution():
    """A DataParallel over this process's one device trains exactly as without it."""
    rng = np.random.default_rng(0)
    x, y = rng.random((64, 4), dtype=np.float32), rng.random((64, 1), dtype=np.float32)

    def train():
        keras.utils.set_random_seed(1)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile("sgd", "mse")
        model.fit(x, y, batch_size=16, epochs=2, verbose=0)
        return model.get_weights()

    plain = train()
    with DataParallel(devices=["cpu:0"]).scope():
        scoped = train()
    for a, b in zip(plain, scoped):
        np.testing.assert_array_equal(a, b)


def test_distribute_tensor():
    value = np.arange(6, dtype="float32").reshape(2, 3)
    one = DeviceMesh((1,), ["batch"], devices=["cpu:0"])
    out = distribution.distribute_tensor(value, TensorLayout(("batch", None), one))
    assert isinstance(out, torch.Tensor)
    np.testing.assert_array_equal(out.numpy(), value)
    symbolic = keras.KerasTensor((None, 3))
    assert distribution.distribute_tensor(symbolic, TensorLayout((None, None))) is symbolic
    two = DeviceMesh((2,), ["model"], devices=["cpu:0", "cpu:1"])
    with pytest.raises(ValueError, match=re.escape(
            "Cannot split a tensor over a mesh of 2 devices in a job of 1 process(es)")):
        distribution.distribute_tensor(value, TensorLayout((None, "model"), two))
    with pytest.raises(ValueError, match="has 1 axes but the tensor has rank 2"):
        distribution.distribute_tensor(value, TensorLayout(("model",), two))
    with pytest.raises(ValueError, match="Argument `layout` must be a"):
        distribution.distribute_tensor(value, ("model",))
