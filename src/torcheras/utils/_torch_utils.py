"""``TorchModuleWrapper``: any ``torch.nn.Module`` as a Keras layer.

The module's parameters become the layer's weights: each is replaced, inside the module, by
a ``keras.Variable`` holding the same values, so the module computes with the very tensors
``model.weights`` lists, the optimizer updates and the weights file stores. As Keras, the
weights file keeps the module's ``state_dict`` (buffers included) under its own keys, and
the config carries the pickled module (``torch.save``, base64), which loading only accepts
with ``safe_mode=False``.
"""

from __future__ import annotations

import base64
import io

import torch

from torcheras.backend import _device
from torcheras.backend._variable import Variable
from torcheras.layers import _shape_inference
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.saving._safe_mode import in_safe_mode

_UNSAFE_MODULE = (
    "Requested the deserialization of a `torch.nn.Module` object via `torch.load()`. This "
    "carries a potential risk of arbitrary code execution and thus it is disallowed by "
    "default. If you trust the source of the artifact, you can override this error by "
    "passing `safe_mode=False` to the loading function, or calling "
    "`keras.config.enable_unsafe_deserialization()."
)


def _parameter_slots(module: torch.nn.Module) -> list[tuple[torch.nn.Module, str]]:
    """``(owner, name)`` of every parameter slot; a tied parameter has one per owner."""
    return [(owner, name) for owner in module.modules()
            for name, param in owner._parameters.items() if param is not None]


class TorchModuleWrapper(Layer):
    """Torch module wrapper layer: turns a ``torch.nn.Module`` into a Keras layer.

    Args:
        module: The ``torch.nn.Module``. A lazy module must be initialized first (called
            once).
        name: Name of the layer.
        output_shape: Output shape, for shape inference on symbolic inputs (by default the
            module runs once on zeros to find it).

    Call arguments:
        *args, **kwargs: Passed to the module. ``training=False`` puts it in eval mode,
            anything else in train mode.

    Example:

    >>> import torch
    >>> layer = TorchModuleWrapper(torch.nn.Linear(3, 2))
    >>> [tuple(w.shape) for w in layer.weights]
    [(2, 3), (2,)]
    """

    def __init__(self, module, name=None, output_shape=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if not isinstance(module, torch.nn.Module):
            raise TypeError(
                "Argument `module` of TorchModuleWrapper must be a `torch.nn.Module`. "
                f"Received: module={module!r}")
        if isinstance(module, torch.nn.modules.lazy.LazyModuleMixin) and (
                module.has_uninitialized_params()):
            raise ValueError(
                "LazyModules are not supported unless they are already initialized. "
                f"Received uninitialized LazyModule: module={module}")
        self.module = module.to(_device.get_device())
        self._track_module_parameters()
        self._module_output_shape = output_shape

    @property
    def output_shape(self):
        """The ``output_shape`` given to the constructor, else the traced one (once called)."""
        if self._module_output_shape is not None:
            return self._module_output_shape
        return Layer.output_shape.fget(self)

    def _track_module_parameters(self) -> None:
        variables: dict[int, Variable] = {}  # by id of the module's parameter
        for owner, pname in _parameter_slots(self.module):
            param = owner._parameters[pname]
            variable = variables.get(id(param))
            if variable is None:
                variable = param if isinstance(param, Variable) else Variable(
                    param.detach(), dtype=_device.standardize_dtype(param.dtype),
                    trainable=param.requires_grad,
                    name="variable" if not variables else f"variable_{len(variables)}")
                variables[id(param)] = variable
                variable._path = f"{self.name}/{variable.name}"
                self._own_weights.append(variable)
            owner._parameters[pname] = variable
        self.built = True

    def call(self, *args, training=None, **kwargs):
        if training is False:
            self.module.eval()
        else:
            self.module.train()
        return self.module(*args, **kwargs)

    def save_own_variables(self, store) -> None:
        """Write the module's ``state_dict`` (parameters and buffers) under its keys."""
        for key, value in self.module.state_dict().items():
            store[key] = _device.convert_to_numpy(value)

    def load_own_variables(self, store) -> None:
        """Read a ``state_dict`` written by :meth:`save_own_variables` (or Keras)."""
        state = {}
        for key in store.keys():
            name = key.decode() if isinstance(key, bytes) else key
            state[name] = _device.convert_to_tensor(store[key])
        self.module.load_state_dict(state)

    def compute_output_spec(self, *args, **kwargs):
        if self._module_output_shape is None:
            # Run the module once on zeros of the inputs' shapes.
            return _shape_inference.trace_output_spec(self, args, kwargs)
        return KerasTensor(tuple(self._module_output_shape), self.compute_dtype)

    def _pickled_module(self) -> str:
        # Pickle plain Parameters, so that the bytes load anywhere torch does (Keras too).
        slots = _parameter_slots(self.module)
        originals = [owner._parameters[name] for owner, name in slots]
        plain: dict[int, torch.nn.Parameter] = {}
        try:
            for (owner, name), var in zip(slots, originals, strict=True):
                if id(var) not in plain:  # tied parameters stay tied
                    plain[id(var)] = torch.nn.Parameter(var.detach(),
                                                        requires_grad=var.requires_grad)
                owner._parameters[name] = plain[id(var)]
            buffer = io.BytesIO()
            torch.save(self.module, buffer)
        finally:
            for (owner, name), var in zip(slots, originals, strict=True):
                owner._parameters[name] = var
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"module": self._pickled_module(), "output_shape": self._module_output_shape})
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None, safe_mode=None):
        config = dict(config)
        if "module" in config and isinstance(config["module"], str):
            effective = safe_mode if safe_mode is not None else in_safe_mode()
            if effective is not False:
                raise ValueError(_UNSAFE_MODULE)
            data = base64.b64decode(config["module"].encode("ascii"))
            config["module"] = torch.load(io.BytesIO(data), weights_only=False,
                                          map_location=_device.get_device())
        return cls(**config)
