"""DeviceMesh, TensorLayout and LayoutMap: contracts and Keras's error messages."""

from __future__ import annotations

import re

import numpy as np
import pytest

from torcheras.distribution import DeviceMesh, LayoutMap, TensorLayout

CPUS = [f"cpu:{i}" for i in range(8)]


def test_device_mesh_contract():
    mesh = DeviceMesh((2, 4), ["batch", "model"], devices=CPUS)
    assert mesh.shape == (2, 4)
    assert mesh.axis_names == ["batch", "model"]
    assert mesh.devices.shape == (2, 4)
    assert mesh.devices[1, 0] == "cpu:4"  # row-major, as np.reshape
    assert repr(mesh) == "<DeviceMesh shape=(2, 4), axis_names=['batch', 'model']>"


def test_device_mesh_defaults_to_list_devices():
    mesh = DeviceMesh((1,), ["batch"])
    assert mesh.devices.tolist() == ["cpu:0"]


@pytest.mark.parametrize("args, message", [
    (((), ["batch"]), "Shape and axis_names cannot be empty. Received: shape=(), "
                      "axis_names=['batch']"),
    (((2,), []), "Shape and axis_names cannot be empty. Received: shape=(2,), axis_names=[]"),
    (((2,), ["a", "b"]), "Shape and axis_names should have same size. Received: shape=(2,), "
                         "axis_names=['a', 'b']"),
    (((3,), ["batch"]), "Shape does not match the number of devices. Received: shape=(3,); "
                        "devices.shape=(8,)"),
])
def test_device_mesh_bad_input(args, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        DeviceMesh(*args, devices=CPUS)


def test_tensor_layout_contract():
    mesh = DeviceMesh((2, 4), ["batch", "model"], devices=CPUS)
    layout = TensorLayout([None, "model"])
    assert layout.axes == (None, "model")
    assert layout.device_mesh is None
    assert not layout.is_replicated
    layout.device_mesh = mesh
    assert layout.device_mesh is mesh
    assert TensorLayout((None, None)).is_replicated
    assert repr(TensorLayout(("batch",), mesh)).startswith("<TensorLayout axes=('batch',), ")


def test_tensor_layout_bad_input():
    mesh = DeviceMesh((2, 4), ["batch", "model"], devices=CPUS)
    with pytest.raises(ValueError, match=re.escape(
            "Invalid axis names for Layout. Valid axis names: ")):
        TensorLayout(["data"], mesh)
    layout = TensorLayout(["model"], mesh)
    with pytest.raises(ValueError, match="Cannot override device mesh value. Existing value"):
        layout.device_mesh = mesh
    late = TensorLayout(["data"])
    with pytest.raises(ValueError, match="Got {'data'}"):
        late.device_mesh = mesh


def test_layout_map_lookup():
    mesh = DeviceMesh((2, 4), ["batch", "model"], devices=CPUS)
    layout_map = LayoutMap(mesh)
    layout_map[".*dense.*kernel"] = (None, "model")
    layout_map[".*dense.*bias"] = TensorLayout(("model",))
    layout_map["exact/kernel"] = ("batch", None)
    assert layout_map["dense_1/kernel"].axes == (None, "model")
    assert layout_map["dense_1/kernel"].device_mesh is mesh  # the map's mesh was set
    assert layout_map["my_model/dense_2/bias"].axes == ("model",)
    assert layout_map["exact/kernel"].axes == ("batch", None)
    assert layout_map["conv2d/kernel"] is None
    assert len(layout_map) == 3 and list(layout_map)[0] == ".*dense.*kernel"
    del layout_map["exact/kernel"]
    assert len(layout_map) == 2
    assert layout_map.device_mesh is mesh


def test_layout_map_bad_input():
    layout_map = LayoutMap(DeviceMesh((8,), ["model"], devices=CPUS))
    layout_map["dense.*"] = ("model",)
    with pytest.raises(ValueError, match=re.escape(
            "dense.* already exist in the LayoutMap with value")):
        layout_map["dense.*"] = ("model",)
    with pytest.raises(ValueError, match=re.escape(
            "['model'] should be a TensorLayout type, got <class 'list'>")):
        layout_map["other"] = ["model"]
    layout_map[".*kernel"] = (None, "model")
    with pytest.raises(ValueError, match=re.escape(
            "Path 'dense/kernel' matches multiple layout specification keys: "
            "['dense.*', '.*kernel']")):
        layout_map["dense/kernel"]
    with pytest.raises(KeyError):
        del layout_map["absent"]
    assert np.array_equal(layout_map.device_mesh.devices, np.array(CPUS))
