"""``keras.layers.Layer``: a ``torch.nn.Module`` with Keras's life cycle.

``__init__`` validates and stores config, ``build(input_shape)`` creates the weights on first
call, ``call`` computes, ``get_config`` round-trips. Calling a layer on a ``KerasTensor``
records a graph node instead of computing.
"""

from __future__ import annotations

import inspect
import weakref
from typing import Any

import numpy as np
import torch

from torcheras import constraints, dtype_policies, initializers, regularizers
from torcheras.backend import _config, _device, _naming, _scopes
from torcheras.backend._trainable_version import TRAINABLE_VERSION
from torcheras.backend._variable import Variable
from torcheras.dtype_policies import _policy as dtype_policies_lib
from torcheras.layers import _autocast, _shape_inference
from torcheras.layers._call_context import CALL_CONTEXT
from torcheras.layers._input_spec import InputSpec, check_input_spec
from torcheras.layers._keras_tensor import KerasTensor, any_symbolic
from torcheras.layers._node import Node
from torcheras.legacy._arguments_apply import LegacyArgumentsMeta, layer_input_shape
from torcheras.tree import flatten

_BASE_KWARGS = {"name", "trainable", "dtype", "autocast", "input_shape", "batch_input_shape",
                "batch_size", "weights", "activity_regularizer", "input_dtype"}


# Layers holding `add_loss` losses not yet cleared, so that models without any skip the walk.
_LAYERS_WITH_LOSSES: weakref.WeakSet = weakref.WeakSet()


class Layer(torch.nn.Module, metaclass=LegacyArgumentsMeta):
    """Base class of every layer.

    Keras 1/2 argument spellings (``Dense(output_dim=...)``, ``input_dim=``...) are
    translated by the metaclass, from the table in :mod:`torcheras.legacy._arguments`.

    Args:
        trainable: Whether the layer's weights are updated by training.
        name: Unique name; defaults to the snake-cased class name (``dense``, ``dense_1``).
        dtype: Dtype of the weights and computations (default ``keras.config.floatx()``).
        activity_regularizer: Regularizer applied to the layer's output.
        input_shape: Shape of one sample; lets a Sequential model build immediately.

    Example:

    >>> import numpy as np
    >>> class Double(Layer):
    ...     def call(self, x):
    ...         return 2 * x
    >>> Double()(np.ones((1, 2), "float32")).tolist()
    [[2.0, 2.0]]
    """

    _call_has_training = False
    _call_has_mask = False
    _call_takes_var_kwargs = True
    _build_overridden = False
    _output_shape_overridden = False
    _mask_producer = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # `forward` is `call` itself, so torch's Module.__call__ adds no extra frame.
        if "call" in cls.__dict__:
            cls.forward = cls.__dict__["call"]
        params = inspect.signature(cls.call).parameters
        cls._call_has_training = "training" in params
        cls._call_has_mask = "mask" in params
        cls._call_takes_var_kwargs = any(p.kind is p.VAR_KEYWORD for p in params.values())
        cls._build_overridden = cls.build is not Layer.build
        cls._output_shape_overridden = cls.compute_output_shape is not Layer.compute_output_shape
        cls._mask_producer = cls.compute_mask is not Layer.compute_mask

    def __init__(self, *, activity_regularizer=None, trainable: bool = True, dtype=None,
                 autocast: bool = True, name: str | None = None, **kwargs):
        torch.nn.Module.__init__(self)
        kwargs = layer_input_shape(type(self), kwargs)
        unknown = set(kwargs) - _BASE_KWARGS
        if unknown:
            raise TypeError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: "
                f"{ {k: kwargs[k] for k in sorted(unknown)} }"
            )
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Argument `name` must be a string. Received: name={name!r}")
        self.name = name or _naming.layer_name(_naming.to_snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        # A policy given (or set globally) is fixed here, as Keras does; otherwise the layer
        # follows floatx() at each use, as it always did.
        if dtype is not None or dtype_policies_lib.is_global_policy_set():
            self._dtype_policy = dtype_policies.get(dtype)
        else:
            self._dtype_policy = None
        self._dtype = None if self._dtype_policy is None else self._dtype_policy.name
        self.autocast = bool(autocast)
        self.built = False
        self.supports_masking = False
        self.input_spec: InputSpec | list | None = None
        self._own_weights: list[Variable] = []
        self._losses: list = []
        self._inbound_nodes: list[Node] = []
        self._outbound_nodes: list[Node] = []
        self._initial_weights = kwargs.get("weights")
        if activity_regularizer is not None:
            activity_regularizer = regularizers.get(activity_regularizer)
        self.activity_regularizer = activity_regularizer
        self._batch_input_shape = _batch_shape_from_kwargs(kwargs)
        self._input_dtype = kwargs.get("input_dtype")

    # ------------------------------------------------------------------ attributes
    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, Variable) and "_own_weights" in self.__dict__ and any(
                value is w for w in self._own_weights):
            # Already registered by add_weight: keep one entry in state_dict.
            self.__dict__[name] = value
            return
        if isinstance(value, (list, tuple)) and value and all(
                isinstance(v, torch.nn.Module) for v in value) and "_modules" in self.__dict__:
            for i, v in enumerate(value):
                self._modules[f"{name}.{i}"] = v
            object.__setattr__(self, name, value)
            TRAINABLE_VERSION.bump()
            return
        if isinstance(value, torch.nn.Module):
            TRAINABLE_VERSION.bump()  # a new sublayer: the model's trainable weights change
        super().__setattr__(name, value)

    @property
    def dtype_policy(self) -> dtype_policies.DTypePolicy:
        """The layer's ``keras.DTypePolicy`` (its compute and variable dtypes)."""
        policy = self._dtype_policy
        return dtype_policies.DTypePolicy(_config.floatx()) if policy is None else policy

    @dtype_policy.setter
    def dtype_policy(self, value) -> None:
        self._dtype_policy = dtype_policies.get(value)
        self._dtype = self._dtype_policy.name

    @property
    def dtype(self) -> str:
        """The dtype of the layer's weights, e.g. ``"float32"``."""
        policy = self._dtype_policy
        return _config.floatx() if policy is None else policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        """The dtype the layer computes in (``float16`` under ``"mixed_float16"``)."""
        policy = self._dtype_policy
        return _config.floatx() if policy is None else policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        """The dtype of the layer's weights (``float32`` under ``"mixed_float16"``)."""
        return self.dtype

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        TRAINABLE_VERSION.bump()
        for layer in self._sublayers():
            layer.trainable = value

    # ------------------------------------------------------------------ weights
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable: bool = True,
                   autocast: bool = True, regularizer=None, constraint=None,
                   aggregation: str = "none", name: str | None = None) -> Variable:
        """Create a weight of this layer and track it.

        Args:
            shape: Shape tuple (default scalar).
            initializer: Initializer name, object or callable (default ``glorot_uniform``
                for floats, ``zeros`` otherwise).
            dtype: Weight dtype (default the layer's).
            trainable: Whether training updates it.
            regularizer: Regularizer name or object whose penalty joins the loss.
            constraint: Constraint applied after each optimizer update.
            name: Short name, e.g. ``"kernel"``.
        """
        shape = () if shape is None else tuple(int(d) for d in shape)
        if any(d < 0 for d in shape):
            raise ValueError(
                f"Argument `shape` of `add_weight` in layer '{self.name}' must contain only "
                f"non-negative integers. Received: shape={shape}"
            )
        dtype = _device.standardize_dtype(dtype or self.dtype)
        if initializer is None:
            initializer = "glorot_uniform" if _device.is_float_dtype(dtype) else "zeros"
        init = initializers.get(initializer)
        value = init(shape, dtype=dtype)
        var = Variable(value, dtype=dtype, trainable=trainable, name=name or "variable")
        var._path = f"{self.name}/{var.name}"
        var.regularizer = regularizers.get(regularizer) if regularizer is not None else None
        var.constraint = constraints.get(constraint) if constraint is not None else None
        key = var.name
        i = 1
        while key in self._parameters:
            key = f"{var.name}_{i}"
            i += 1
        self.register_parameter(key, var)
        self._own_weights.append(var)
        TRAINABLE_VERSION.bump()
        return var

    def _sublayers(self) -> list[Layer]:
        seen, out = set(), []
        for m in self._modules.values():
            if isinstance(m, Layer) and id(m) not in seen:
                seen.add(id(m))
                out.append(m)
        return out

    def _flatten_layers(self, include_self: bool = True) -> list[Layer]:
        out = [self] if include_self else []
        for layer in self._sublayers():
            out.extend(layer._flatten_layers(True))
        return out

    def _unique(self, items) -> list:
        seen, out = set(), []
        for w in items:
            if id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        return out

    @property
    def weights(self) -> list[Variable]:
        own = [w for w in self._own_weights if w._created_trainable] + [
            w for w in self._own_weights if not w._created_trainable]
        for layer in self._sublayers():
            own.extend(layer.weights)
        return self._unique(own)

    @property
    def trainable_weights(self) -> list[Variable]:
        if not self.trainable:
            return []
        own = [w for w in self._own_weights if w.trainable]
        for layer in self._sublayers():
            own.extend(layer.trainable_weights)
        return self._unique(own)

    @property
    def non_trainable_weights(self) -> list[Variable]:
        if not self.trainable:
            return self.weights
        own = [w for w in self._own_weights if not w.trainable]
        for layer in self._sublayers():
            own.extend(layer.non_trainable_weights)
        return self._unique(own)

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def get_weights(self) -> list[np.ndarray]:
        """The weights as NumPy arrays, in ``self.weights`` order and Keras's shapes."""
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights) -> None:
        """Set the weights from NumPy arrays in ``self.weights`` order."""
        params = self.weights
        if not isinstance(weights, (list, tuple)):
            raise TypeError(
                f"Argument `weights` of `set_weights` must be a list of arrays. "
                f"Received: {type(weights).__name__}"
            )
        if len(params) != len(weights):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight list "
                f"of length {len(weights)}, but the layer was expecting {len(params)} weights."
            )
        for p, w in zip(params, weights):
            arr = np.asarray(w)
            if tuple(p.shape) != tuple(arr.shape):
                raise ValueError(
                    f"Layer {self.name} weight shape {tuple(p.shape)} is not compatible with "
                    f"provided weight shape {tuple(arr.shape)}."
                )
        with torch.no_grad():
            for p, w in zip(params, weights):
                p.copy_(_device.convert_to_tensor(np.asarray(w), dtype=p.dtype))

    def count_params(self) -> int:
        """Total number of scalars in the layer's weights."""
        if not self.built:
            raise ValueError(
                "You tried to call `count_params` on layer '" + self.name + "', but the layer "
                "isn't built. You can build it manually via: `layer.build(input_shape)`."
            )
        return int(sum(int(np.prod(w.shape)) for w in self.weights))

    # ------------------------------------------------------------------ losses
    def add_loss(self, loss) -> None:
        """Add a scalar loss tensor (e.g. an activity penalty) for this call."""
        scope = _scopes.get_stateless_scope()
        if scope is not None and scope.collect_losses:
            scope.add_loss(loss)
        self._losses.append(loss)
        _LAYERS_WITH_LOSSES.add(self)

    def add_metric(self, *args, **kwargs):
        raise NotImplementedError(
            "Layer `add_metric()` method is deprecated. Add your metric in "
            "`Model.compile(metrics=[...])`, or create metric trackers in init() or build() "
            "when subclassing the layer or model, then call `metric.update_state()` whenever "
            "necessary."
        )

    @property
    def losses(self) -> list:
        """Losses added during the last call plus the weight regularization penalties."""
        out = []
        for layer in self._flatten_layers(True):
            out.extend(layer._losses)
            for w in layer._own_weights:
                reg = getattr(w, "regularizer", None)
                if reg is not None and w.trainable:
                    out.append(reg(w))
        return out

    def _clear_losses(self) -> None:
        if not _LAYERS_WITH_LOSSES:  # the common case: no walk over the layers per step
            return
        for layer in self._flatten_layers(True):
            if layer._losses:
                layer._losses.clear()
                _LAYERS_WITH_LOSSES.discard(layer)

    def _has_added_losses(self) -> bool:
        return bool(_LAYERS_WITH_LOSSES) and any(
            layer._losses for layer in self._flatten_layers(True))

    # ------------------------------------------------------------------ life cycle
    def build(self, input_shape) -> None:
        """Create the weights from the input shape; subclasses override it."""
        self.built = True

    def call(self, *args, **kwargs):
        raise NotImplementedError(f"Layer {type(self).__name__} does not define `call()`.")

    forward = call

    def compute_output_shape(self, input_shape):
        """Output shape for an input shape; the default traces ``call`` on zeros."""
        raise NotImplementedError

    def compute_mask(self, inputs, previous_mask=None):
        if not self.supports_masking:
            return None
        return previous_mask

    def _build_with_shapes(self, args) -> None:
        if self._build_overridden:
            first = args[0]
            shape = _shape_of(first)
            self.build(shape)
        # Keras's build config: the input shape a saved model is rebuilt for when loaded.
        self._build_input_shape = _shape_of(args[0]) if args else None
        self.built = True
        self._set_weight_paths()
        if self._initial_weights is not None:
            self.set_weights(list(self._initial_weights))
            self._initial_weights = None

    def _build_checked(self, args) -> None:
        """Build for ``args``. A build that crashes on an input its input spec rejects (an
        LSTM's ``int(None)`` on 2-D input) reports the spec's message instead, naming the
        layer; a ValueError of the build's own (Conv's "add a channel axis") is kept."""
        try:
            self._build_with_shapes(args)
        except ValueError:
            raise
        except Exception as error:
            if self.input_spec is not None:
                try:
                    self._check_input_spec(args)
                except ValueError as spec_error:
                    raise spec_error from error
            raise

    def _set_weight_paths(self) -> None:
        for w in self._own_weights:
            w._path = f"{self.name}/{w.name}"

    def _check_input_spec(self, args) -> None:
        spec = self.input_spec
        if spec is None:
            return
        if isinstance(spec, InputSpec):
            check_input_spec(self, spec, tuple(_shape_of(args[0])))
            return
        inputs = args[0] if isinstance(args[0], (list, tuple)) else [args[0]]
        for i, (s, x) in enumerate(zip(spec, inputs)):
            if s is not None:
                check_input_spec(self, s, tuple(_shape_of(x)), i)

    # ------------------------------------------------------------------ calling
    def __call__(self, *args, **kwargs):
        policy = self._dtype_policy
        if (policy is not None and _autocast.is_mixed(policy)
                and _autocast.needs_autocast(self, args)):
            return _autocast.mixed_call(self, args, kwargs)
        if args:
            x = args[0]
            if type(x) is not torch.Tensor:
                if any_symbolic(args) or any_symbolic(kwargs):
                    return self._symbolic_call(args, kwargs)
                args = (self._convert_input(x),) + args[1:]
            elif self.autocast and x.dtype is torch.float64:
                args = (x.to(_device.to_torch_dtype(self.compute_dtype)),) + args[1:]
        if not self.built:
            self._build_checked(args)
        if self.input_spec is not None:
            self._check_input_spec(args)
        context = CALL_CONTEXT
        outer = context.training
        training = kwargs.get("training")
        if training is None:
            training = outer
            if self._call_has_training:
                kwargs["training"] = training
            elif "training" in kwargs and not self._call_takes_var_kwargs:
                del kwargs["training"]
        elif not self._call_has_training and not self._call_takes_var_kwargs:
            del kwargs["training"]
        mask = None
        if self._call_has_mask:
            if kwargs.get("mask") is None and args:
                mask = _mask_of(args[0])
                kwargs["mask"] = mask
            else:
                mask = kwargs.get("mask")
        elif args:
            mask = _mask_of(args[0])
        if "mask" in kwargs and not self._call_has_mask and not self._call_takes_var_kwargs:
            mask = kwargs.pop("mask")
        if training is outer:
            outputs = torch.nn.Module.__call__(self, *args, **kwargs)
        else:
            context.training = training
            try:
                outputs = torch.nn.Module.__call__(self, *args, **kwargs)
            finally:
                context.training = outer
        if self.activity_regularizer is not None:
            self._add_activity_loss(outputs)
        if mask is not None or self._mask_producer:
            # As Keras: a mask that `call` already attached to the output is kept.
            if getattr(outputs, "_keras_mask", None) is None:
                out_mask = self.compute_mask(args[0], mask)
                if out_mask is not None and isinstance(outputs, torch.Tensor):
                    outputs._keras_mask = out_mask
        return outputs

    def _add_activity_loss(self, outputs) -> None:
        # As Keras 3: one penalty per output tensor, divided by that output's batch size.
        for out in flatten(outputs):
            if isinstance(out, torch.Tensor):
                loss = self.activity_regularizer(out)
                if out.dim() > 0 and out.shape[0] > 0:
                    loss = loss / out.shape[0]
                self.add_loss(loss)

    def _convert_input(self, x):
        if isinstance(x, (list, tuple)):
            if x and all(isinstance(v, (torch.Tensor, np.ndarray)) for v in x):
                return type(x)(self._convert_input(v) for v in x)
            return _device.convert_to_tensor(np.asarray(x))
        if isinstance(x, dict):
            return {k: self._convert_input(v) for k, v in x.items()}
        if isinstance(x, (np.ndarray, np.generic, int, float, bool)) or hasattr(x, "__array__"):
            t = _device.convert_to_tensor(x)
            if self.autocast and t.is_floating_point():
                t = t.to(_device.to_torch_dtype(self.compute_dtype))
            return t
        return x

    def _symbolic_call(self, args, kwargs):
        if not self.built:
            self._build_checked(args)
        self._check_input_spec(args)
        call_kwargs = {k: v for k, v in kwargs.items() if k != "training"}
        try:
            outputs = self.compute_output_spec(*args, **call_kwargs)
        except RuntimeError as e:  # torch's own message does not say which layer failed
            raise RuntimeError(
                f"Could not automatically infer the output shape / dtype of '{self.name}' "
                f"(of type {type(self).__name__}) for inputs of shape "
                f"{_shape_of(args[0] if len(args) == 1 else list(args))}. Either the "
                f"`{type(self).__name__}.call()` method is incorrect, or you need to "
                f"implement `compute_output_shape()`. Error encountered:\n\n{e}"
            ) from e
        Node(self, args, call_kwargs, outputs)
        return outputs

    def compute_output_spec(self, *args, **kwargs):
        """Symbolic outputs (KerasTensors) of calling the layer on ``args``."""
        first = args[0]
        if self._output_shape_overridden and isinstance(first, KerasTensor):
            shape = self.compute_output_shape(first.shape)
            return _spec_from_shape(shape, self.compute_dtype)
        if (self._output_shape_overridden and isinstance(first, (list, tuple))
                and all(isinstance(t, KerasTensor) for t in first)):
            shape = self.compute_output_shape([t.shape for t in first])
            return _spec_from_shape(shape, self.compute_dtype)
        return _shape_inference.trace_output_spec(self, args, kwargs)

    # ------------------------------------------------------------------ graph views
    def _node_attr(self, attr: str):
        if not self._inbound_nodes:
            raise AttributeError(
                f"Layer {self.name} has never been called and thus has no defined {attr}."
            )
        # As Keras 3, a shared layer answers for its first call (get_*_at for the others).
        node = self._inbound_nodes[0]
        if attr == "input":
            tensors = node.input_tensors
        else:
            tensors = node.output_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    @property
    def input(self):
        return self._node_attr("input")

    @property
    def output(self):
        return self._node_attr("output")

    def get_input_at(self, node_index: int):
        t = self._inbound_nodes[node_index].input_tensors
        return t[0] if len(t) == 1 else t

    def get_output_at(self, node_index: int):
        t = self._inbound_nodes[node_index].output_tensors
        return t[0] if len(t) == 1 else t

    @property
    def input_shape(self):  # Keras 2 attribute, still used by tutorials
        x = self.input
        return x.shape if isinstance(x, KerasTensor) else [t.shape for t in x]

    @property
    def output_shape(self):  # Keras 2 attribute, still used by tutorials
        x = self.output
        return x.shape if isinstance(x, KerasTensor) else [t.shape for t in x]

    # ------------------------------------------------------------------ config
    def get_config(self) -> dict:
        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": self.dtype if self._dtype_policy is None else self._dtype_policy.name}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = self._batch_input_shape
        return config

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"

    def extra_repr(self) -> str:
        return f"name={self.name}"


def _mask_of(x):
    """The mask a tensor carries; for a list of tensors, their masks (or None if none)."""
    if isinstance(x, (list, tuple)):
        masks = [getattr(t, "_keras_mask", None) for t in x]
        return masks if any(m is not None for m in masks) else None
    return getattr(x, "_keras_mask", None)


def _shape_of(x):
    if isinstance(x, KerasTensor):
        return x.shape
    if isinstance(x, torch.Tensor):
        return tuple(x.shape)
    if isinstance(x, (list, tuple)):
        return [_shape_of(v) for v in x]
    if isinstance(x, dict):
        return {k: _shape_of(v) for k, v in x.items()}
    return tuple(np.shape(x))


def _spec_from_shape(shape, dtype):
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        return [KerasTensor(s, dtype) for s in shape]
    return KerasTensor(tuple(shape), dtype)


def _batch_shape_from_kwargs(kwargs: dict):
    """Keras 2's ways of giving the input shape: input_shape (with batch_size) or
    batch_input_shape."""
    if kwargs.get("batch_input_shape") is not None:
        return tuple(kwargs["batch_input_shape"])
    batch_size = kwargs.get("batch_size")
    shape = kwargs.get("input_shape")
    if shape is None:
        return None
    if isinstance(shape, int):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise TypeError(
            f"Argument `input_shape` must be a tuple of integers. Received: input_shape={shape!r}"
        ) from None
    for d in shape:
        if d is not None and (not isinstance(d, (int, np.integer)) or d < 0):
            raise ValueError(
                "Argument `input_shape` must be a tuple of non-negative integers or None. "
                f"Received: input_shape={shape!r}"
            )
    return (batch_size,) + tuple(None if d is None else int(d) for d in shape)


def all_layers_flat(structure) -> list:
    return [x for x in flatten(structure) if isinstance(x, Layer)]
