"""``DeviceMesh``, ``TensorLayout`` and ``LayoutMap``: how tensors map onto devices.

The classes hold Keras's description (mesh shape and axis names, per-dimension axis names,
regex keys); ``torch.distributed`` objects are made from them only when a program runs
across processes.
"""

from __future__ import annotations

import collections
import math
import re

import numpy as np

from torcheras.distribution._devices import list_devices


class DeviceMesh:
    """A grid of devices with a name for each axis (``"batch"``, ``"model"``...).

    Args:
        shape: The grid's shape, e.g. ``(8,)`` for data parallelism on 8 devices or
            ``(2, 4)`` for 2-way data x 4-way model parallelism.
        axis_names: One name per axis of ``shape``.
        devices: The devices, as ``list_devices()`` spells them; default: all of
            ``list_devices()``. Their number must equal the product of ``shape``.

    Example:

    >>> mesh = DeviceMesh((1,), ["batch"], devices=["cpu:0"])
    >>> mesh
    <DeviceMesh shape=(1,), axis_names=['batch']>
    """

    def __init__(self, shape, axis_names, devices=None):
        if not shape or not axis_names:
            raise ValueError(
                "Shape and axis_names cannot be empty. Received: "
                f"shape={shape}, axis_names={axis_names}"
            )
        if len(shape) != len(axis_names):
            raise ValueError(
                "Shape and axis_names should have same size. "
                f"Received: shape={shape}, axis_names={axis_names}"
            )
        devices = np.array(list_devices() if devices is None else devices)
        if math.prod(shape) != devices.size:
            raise ValueError(
                "Shape does not match the number of devices. "
                f"Received: shape={shape}; devices.shape={devices.shape}"
            )
        self._shape = shape
        self._axis_names = axis_names
        self._devices = devices.reshape(shape)

    @property
    def shape(self):
        """The grid's shape, as given."""
        return self._shape

    @property
    def axis_names(self):
        """The axes' names, as given."""
        return self._axis_names

    @property
    def devices(self) -> np.ndarray:
        """The devices as an array of ``shape``."""
        return self._devices

    def __repr__(self) -> str:
        return f"<{type(self).__name__} shape={self.shape}, axis_names={self.axis_names}>"


class TensorLayout:
    """For each dimension of a tensor, the mesh axis it is split along (``None``: whole).

    Args:
        axes: One mesh axis name (or ``None``) per tensor dimension.
        device_mesh: The ``DeviceMesh`` the names refer to; may be set once later (a
            ``LayoutMap`` sets its own).

    Example:

    >>> TensorLayout([None, "model"]).axes
    (None, 'model')
    """

    def __init__(self, axes, device_mesh: DeviceMesh | None = None):
        self._axes = tuple(axes)
        self._device_mesh = device_mesh
        self._validate_axes()

    @property
    def axes(self) -> tuple:
        """The per-dimension mesh axis names."""
        return self._axes

    @property
    def device_mesh(self) -> DeviceMesh | None:
        """The mesh the layout refers to (settable once)."""
        return self._device_mesh

    @device_mesh.setter
    def device_mesh(self, device_mesh: DeviceMesh) -> None:
        if self._device_mesh is not None:
            raise ValueError(
                f"Cannot override device mesh value. Existing value is {self._device_mesh}"
            )
        self._device_mesh = device_mesh
        self._validate_axes()

    def _validate_axes(self) -> None:
        if self._device_mesh is None:
            return
        valid = set(self._device_mesh.axis_names)
        named = set(self._axes) - {None}
        if named - valid:
            raise ValueError(
                f"Invalid axis names for Layout. Valid axis names: {valid}, Got {named}"
            )

    @property
    def is_replicated(self) -> bool:
        """Whether no dimension is split (every device holds the whole tensor)."""
        return all(a is None for a in self._axes)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} axes={self.axes}, device_mesh={self.device_mesh}>"


class LayoutMap(collections.abc.MutableMapping):
    """A dict from variable paths (regular expressions) to ``TensorLayout``s.

    Looking a path up tries the exact key first, then every key as a regex matched against
    the whole path; a path matched by several keys is an error, by none gives ``None``.
    A tuple of axis names may be stored instead of a ``TensorLayout``.

    Args:
        device_mesh: The ``DeviceMesh`` the layouts refer to.

    Example:

    >>> layout_map = LayoutMap(DeviceMesh((1,), ["model"], devices=["cpu:0"]))
    >>> layout_map[".*dense.*kernel"] = (None, "model")
    >>> layout_map["dense_1/kernel"].axes
    (None, 'model')
    >>> layout_map["dense_1/bias"] is None
    True
    """

    def __init__(self, device_mesh: DeviceMesh | None):
        self._layout_map: collections.OrderedDict = collections.OrderedDict()
        self._device_mesh = device_mesh

    def __getitem__(self, key: str):
        if key in self._layout_map:
            return self._layout_map[key]
        matching = [p for p in self._layout_map if re.fullmatch(p, key)]
        if len(matching) > 1:
            raise ValueError(
                f"Path '{key}' matches multiple layout specification keys: {matching}. "
                "Please make sure each tensor/variable path only matches at most one layout "
                "specification key in the LayoutMap."
            )
        return self._layout_map[matching[0]] if matching else None

    def __setitem__(self, key: str, layout) -> None:
        if key in self._layout_map:
            raise ValueError(
                f"{key} already exist in the LayoutMap with value {self._layout_map[key]}. "
                "Please make sure to not use duplicated keys."
            )
        if isinstance(layout, tuple):
            layout = TensorLayout(axes=layout)
        if not isinstance(layout, TensorLayout):
            raise ValueError(f"{layout} should be a TensorLayout type, got {type(layout)}")
        if layout.device_mesh is None and self._device_mesh is not None:
            layout.device_mesh = self._device_mesh
        self._layout_map[key] = layout

    def __delitem__(self, key: str) -> None:
        self._layout_map.pop(key)

    def __len__(self) -> int:
        return len(self._layout_map)

    def __iter__(self):
        return iter(self._layout_map)

    @property
    def device_mesh(self) -> DeviceMesh | None:
        """The mesh the layouts refer to."""
        return self._device_mesh
