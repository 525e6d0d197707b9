"""``model.export`` and ``keras.export.ExportArchive``: a model's inference as an artifact
that runs without torcheras.

- ``"torch"``: a ``torch.export`` program (``torch.export.save``); load it with
  ``torch.export.load(path).module()`` and call it on tensors.
- ``"onnx"``: an ONNX model through ``torch.onnx.export`` (needs the ``export`` extra:
  ``onnx``, ``onnxscript``; ``onnxruntime`` runs it).

The batch dimension (and any other dimension the model's inputs leave as ``None``) stays
dynamic in both.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Callable, Iterator, Mapping, Sequence

import torch

from torcheras.backend import _device
from torcheras.backend._variable import Variable
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.saving._files import atomic_write
from torcheras.tree import flatten
from torcheras.tree import pack_sequence_as as pack_like

FORMATS = ("torch", "onnx")
_EXAMPLE_DIM = 2  # torch.export specializes sizes 0 and 1; 2 keeps a dimension dynamic


class _Endpoint(torch.nn.Module):
    """``fn`` as a module taking the flat input tensors positionally."""

    def __init__(self, fn: Callable, structure):
        super().__init__()
        # The model is not registered as a submodule: torch.export then records its
        # weights as the program's constants (torcheras registers list-held layers under
        # dotted names, which torch.export's parameter swapping cannot address).
        self._fn = fn
        self._structure = structure

    def forward(self, *tensors):
        inputs = tensors[0] if self._structure is None else pack_like(self._structure,
                                                                      list(tensors))
        return self._fn(inputs)


def _spec_shape(spec) -> tuple:
    if isinstance(spec, (KerasTensor, InputSpec)):
        shape = spec.shape
    elif isinstance(spec, torch.Tensor):
        shape = tuple(spec.shape)
    else:
        shape = tuple(spec)
    if shape is None:
        raise ValueError(f"The input signature {spec!r} has no shape.")
    return tuple(shape)


def _spec_dtype(spec) -> torch.dtype:
    dtype = getattr(spec, "dtype", None) or "float32"
    return dtype if isinstance(dtype, torch.dtype) else _device.to_torch_dtype(dtype)


def _signature(model, input_signature):
    """(flat specs, structure to repack them or None for a single input)."""
    if input_signature is None:
        inputs = getattr(model, "inputs", None)
        if not inputs:
            raise ValueError(
                "The model has no known inputs (it was never built on symbolic inputs): pass "
                "`input_signature`, e.g. `input_signature=[keras.InputSpec(shape=(None, 3))]`."
            )
        struct = getattr(model, "_inputs_struct", None)
        specs = list(inputs)
        if struct is None or isinstance(struct, KerasTensor) or len(specs) == 1:
            return specs, None
        return specs, struct
    if isinstance(input_signature, (KerasTensor, InputSpec, torch.Tensor)):
        return [input_signature], None
    if isinstance(input_signature, Mapping):
        return list(input_signature.values()), dict(input_signature)
    if isinstance(input_signature, Sequence) and input_signature and all(
            isinstance(d, int) or d is None for d in input_signature):
        return [tuple(input_signature)], None
    specs = flatten(list(input_signature))
    if len(specs) == 1:
        return specs, None
    return specs, list(input_signature)


def _examples_and_dims(specs):
    batch = torch.export.Dim("batch", min=1)
    examples, dynamic = [], []
    for spec in specs:
        shape = _spec_shape(spec)
        examples.append(torch.zeros([_EXAMPLE_DIM if d is None else d for d in shape],
                                    dtype=_spec_dtype(spec)))
        dims = {}
        for axis, d in enumerate(shape):
            if d is None:
                dims[axis] = batch if axis == 0 else torch.export.Dim.AUTO
        dynamic.append(dims or None)
    return tuple(examples), tuple(dynamic)


def _inference_fn(model) -> Callable:
    def serve(inputs):
        return model(inputs, training=False)
    return serve


@contextlib.contextmanager
def _plain_weights(modules: list) -> Iterator[None]:
    """Within the block, layers hold their weights as plain tensors sharing the storage of
    their ``keras.Variable``s (Parameter subclasses cannot be traced as constants)."""
    swapped = []
    for root in modules:
        for module in root.modules():
            for store in (module.__dict__, module._parameters):
                for key, value in list(store.items()):
                    if isinstance(value, Variable):
                        swapped.append((store, key, value))
                        store[key] = value.detach()
    try:
        yield
    finally:
        for store, key, value in reversed(swapped):
            store[key] = value


def _torch_program(module: _Endpoint, examples, dynamic):
    with torch.no_grad():
        # `forward(*tensors)`: the shapes of the variadic argument come as one tuple.
        return torch.export.export(module, examples, dynamic_shapes=(dynamic,), strict=False)


def _require_onnx() -> None:
    missing = [m for m in ("onnx", "onnxscript") if importlib.util.find_spec(m) is None]
    if missing:
        raise ImportError(
            f"Exporting to ONNX needs {' and '.join(missing)}: install the `export` extra "
            "(`pip install torcheras[export]`, which also brings onnxruntime to run it)."
        )


def export_model(model, filepath, format: str = "torch", verbose: bool = True,
                 input_signature=None, **kwargs):
    """Write ``model``'s inference (``model(x, training=False)``) to ``filepath``."""
    if format not in FORMATS:
        hint = (" TensorFlow SavedModels (`tf_saved_model`) need the TensorFlow backend of "
                "Keras; here `format='torch'` or `format='onnx'`."
                if format in ("tf_saved_model", "tf", "saved_model") else "")
        raise ValueError(
            f"Unrecognized format={format!r}. Supported formats are: {list(FORMATS)}.{hint}")
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments passed to export: {kwargs}")
    archive = ExportArchive()
    archive.track(model)
    archive.add_endpoint("serve", _inference_fn(model), input_signature=_signature(
        model, input_signature))
    archive.write_out(filepath, format=format, verbose=verbose)
    return archive


class ExportArchive:
    """ExportArchive is used to write model-serving artifacts.

    Track the model (its weights become part of the artifact), add one or more endpoints
    (a function and the signature of its inputs), then `write_out`. With one endpoint the
    artifact is a single file; with several, a folder holding `<endpoint>.pt2` (or
    `.onnx`) per endpoint.

    Example:

    >>> import os, tempfile
    >>> import torch
    >>> import torcheras as keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> archive = ExportArchive()
    >>> archive.track(model)
    >>> archive.add_endpoint("serve", lambda x: model(x, training=False),
    ...                      input_signature=[keras.InputSpec(shape=(None, 3))])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.pt2")
    >>> archive.write_out(path, verbose=False)
    >>> tuple(torch.export.load(path).module()(torch.ones(4, 3)).shape)
    (4, 2)
    """

    def __init__(self):
        self._tracked: list = []
        self._endpoints: dict[str, tuple[Callable, list, object]] = {}

    def track(self, resource) -> None:
        """Track a layer or model: its variables are saved with the endpoints using it."""
        if not isinstance(resource, torch.nn.Module):
            raise ValueError(
                "Invalid resource type. Expected a Keras `Layer` or `Model`. Received: "
                f"{resource!r} of type {type(resource).__name__}"
            )
        self._tracked.append(resource)

    def add_endpoint(self, name: str, fn: Callable | None = None, input_signature=None,
                     **kwargs) -> None:
        """Register `fn` as endpoint `name`.

        Args:
            name: Endpoint name (`"serve"`).
            fn: Callable taking the inputs (a tensor, or the structure of
                `input_signature`). Defaults to calling the tracked model in inference
                mode.
            input_signature: `keras.InputSpec`, `KerasTensor` or shape tuple per input
                (a list for several inputs); `None` dimensions stay dynamic.
        """
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments passed to add_endpoint: {kwargs}")
        if not isinstance(name, str) or not name:
            raise ValueError(f"Argument `name` must be a non-empty string. Received: {name!r}")
        if name in self._endpoints:
            raise ValueError(f"Endpoint name '{name}' is already taken.")
        if not self._tracked:
            raise ValueError("Call `track(model)` before `add_endpoint()`.")
        if fn is None:
            fn = _inference_fn(self._tracked[0])
        if isinstance(input_signature, tuple) and len(input_signature) == 2 and isinstance(
                input_signature[0], list):
            specs, structure = input_signature  # from export_model
        else:
            if input_signature is None:
                raise ValueError(
                    f"Endpoint '{name}' needs an `input_signature` (one InputSpec per input)."
                )
            specs, structure = _signature(None, input_signature)
        self._endpoints[name] = (fn, specs, structure)

    def track_and_add_endpoint(self, name: str, resource, input_signature=None,
                               **kwargs) -> None:
        """Track ``resource`` (a layer or model) and serve its inference call as ``name``.

        Args:
            name: Endpoint name.
            resource: The layer or model to track and call (with ``training=False``).
            input_signature: As in `add_endpoint`; defaults to the model's inputs.
        """
        self.track(resource)
        signature = _signature(resource, input_signature)
        self.add_endpoint(name, _inference_fn(resource), input_signature=signature, **kwargs)

    @property
    def endpoint_names(self) -> list[str]:
        return list(self._endpoints)

    def _module(self, name: str) -> tuple[_Endpoint, tuple, tuple]:
        fn, specs, structure = self._endpoints[name]
        module = _Endpoint(fn, structure).eval()  # inference (layers get training=False)
        examples, dynamic = _examples_and_dims(specs)
        return module, examples, dynamic

    def write_out(self, filepath, format: str = "torch", verbose: bool = True) -> None:
        """Write the endpoints to `filepath` (`format="torch"` or `"onnx"`)."""
        if format not in FORMATS:
            raise ValueError(
                f"Unrecognized format={format!r}. Supported formats are: {list(FORMATS)}.")
        if not self._endpoints:
            raise ValueError("No endpoint to write: call `add_endpoint()` first.")
        if format == "onnx":
            _require_onnx()
        path = os.fspath(filepath)
        suffix = ".pt2" if format == "torch" else ".onnx"
        if len(self._endpoints) == 1:
            targets = {self.endpoint_names[0]: path}
        else:
            os.makedirs(path, exist_ok=True)
            targets = {n: os.path.join(path, n + suffix) for n in self._endpoints}
        for name, target in targets.items():
            module, examples, dynamic = self._module(name)
            with _plain_weights(self._tracked):
                if format == "torch":
                    program = _torch_program(module, examples, dynamic)
                else:
                    onnx_program = _onnx_program(module, examples, dynamic)
            with atomic_write(target) as f:
                if format == "torch":
                    torch.export.save(program, f)
                else:
                    f.write(onnx_program.model_proto.SerializeToString())
            if verbose:
                print(f"Saved artifact at '{target}'. Endpoint '{name}' takes "
                      f"{len(examples)} input(s) of shape(s) "
                      f"{[tuple(_spec_shape(s)) for s in self._endpoints[name][1]]}.")


def _onnx_program(module, examples, dynamic):
    names = [f"input_{i}" for i in range(len(examples))]
    with torch.no_grad():
        return torch.onnx.export(module, examples, dynamo=True, dynamic_shapes=(dynamic,),
                                 input_names=names, verbose=False)
