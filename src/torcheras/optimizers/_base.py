"""``keras.optimizers.Optimizer``: construction, learning rate, state and config.

The per-step path (``apply``) lives in :mod:`torcheras.optimizers._apply`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import torch

from torcheras import initializers
from torcheras.backend import _config, _device, _naming
from torcheras.backend._variable import Variable
from torcheras.legacy import _arguments_optimizers  # noqa: F401  (registers them)
from torcheras.legacy._arguments_apply import LegacyArgumentsMeta
from torcheras.optimizers import _validation as V
from torcheras.optimizers._apply import ApplyMixin
from torcheras.optimizers._host_scalar import HostScalar
from torcheras.optimizers.schedules import _serialization as schedule_io
from torcheras.optimizers.schedules._base import LearningRateSchedule

# Keys that Keras 2 (tf.keras) wrote into optimizer configs; meaningless here.
_KERAS2_CONFIG_ONLY_KEYS = ("is_legacy_optimizer", "jit_compile")


class Optimizer(ApplyMixin, metaclass=LegacyArgumentsMeta):
    """Abstract optimizer base class.

    To write your own optimizer, subclass it and override:

    - `build(var_list)`: create the optimizer variables (call `super().build` first);
    - `update_step(gradient, variable, learning_rate)`: update one variable;
    - `get_config()`: add your hyperparameters.

    Built-in optimizers instead override `_backend_update_step` to update every
    variable at once with multi-tensor (``torch._foreach_*``) operations.

    Args:
        learning_rate: A float, a `keras.optimizers.schedules.LearningRateSchedule`
            instance, or a callable that takes no arguments and returns the learning
            rate.
        weight_decay: Float. If set, weight decay is applied:
            `variable -= variable * weight_decay * learning_rate` before each update.
        clipnorm: Float. If set, the gradient of each weight is individually clipped
            so that its norm is no higher than this value.
        clipvalue: Float. If set, the gradient of each weight is clipped to be no
            higher than this value.
        global_clipnorm: Float. If set, the gradient of all weights is clipped so that
            their global norm is no higher than this value.
        use_ema: Boolean. If `True`, an exponential moving average of the weights is
            kept (and optionally written back every `ema_overwrite_frequency` steps).
        ema_momentum: Float, the EMA momentum. Only used if `use_ema=True`.
        ema_overwrite_frequency: Int or None. Overwrite the weights with their moving
            average every this many steps. If None, call `finalize_variable_values()`.
        loss_scale_factor: Float or `None`. If set, `train_step` multiplies the loss by
            it before computing gradients (`scale_loss`), and `apply` divides the
            gradients by it before use, so updates are unchanged while small gradients
            stay representable in low precision.
        gradient_accumulation_steps: Int or `None`. If set (>= 2), weights are updated
            every this many steps, with the average of the accumulated gradients.
        name: String. The name of the optimizer; prefixes its variables' paths.

    Keras 1/2 argument spellings are translated by the metaclass, from the table in
    :mod:`torcheras.legacy._arguments`.

    Example:

    >>> class PlainSGD(Optimizer):
    ...     def __init__(self, learning_rate=0.1, **kwargs):
    ...         super().__init__(learning_rate=learning_rate, **kwargs)
    ...     def update_step(self, gradient, variable, learning_rate):
    ...         self.assign_sub(variable, gradient * learning_rate)
    >>> w = Variable(np.ones(2), name="w")
    >>> PlainSGD().apply([torch.ones(2)], [w])
    >>> w.numpy()
    array([0.9, 0.9], dtype=float32)
    """

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs:
            raise V.UnrecognizedArgumentsError(f"Argument(s) not recognized: {kwargs}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Argument `name` must be a string. Received: name={name!r}")
        self.name = name or _naming.unique_name(_naming.to_snake_case(type(self).__name__))
        self.weight_decay = V.check_float("weight_decay", weight_decay, low=0.0,
                                          allow_none=True)
        self.clipnorm = V.check_float("clipnorm", clipnorm, low=0.0, allow_none=True)
        self.clipvalue = V.check_float("clipvalue", clipvalue, low=0.0, allow_none=True)
        self.global_clipnorm = V.check_float("global_clipnorm", global_clipnorm, low=0.0,
                                             allow_none=True)
        self.use_ema = V.check_bool("use_ema", use_ema)
        self.loss_scale_factor = V.check_float("loss_scale_factor", loss_scale_factor,
                                               low=0.0, low_open=True, allow_none=True)
        self.gradient_accumulation_steps = self._check_accumulation(
            gradient_accumulation_steps)
        self._check_ema(use_ema, ema_momentum, ema_overwrite_frequency)
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        given = sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm))
        if given > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can "
                f"be set. Received: clipnorm={clipnorm}, "
                f"clipvalue={clipvalue}, global_clipnorm={global_clipnorm}"
            )
        self.built = False
        self._variables: list = []
        self._trainable_variables: list = []
        self._trainable_variables_indices: dict[int, int] = {}
        self._iterations = HostScalar(0, "int64", "iteration", f"{self.name}/iteration")
        self._variables.append(self._iterations)
        self._learning_rate = self._make_learning_rate(learning_rate)
        self._init_apply_state()

    @staticmethod
    def _check_accumulation(steps):
        if not steps:
            return None if steps is None or steps is False else steps
        if (isinstance(steps, (bool, np.bool_)) or not V.is_number(steps)
                or int(steps) != steps or steps < 2):
            raise ValueError(
                "`gradient_accumulation_steps` must be an integer >= 2. "
                f"Received: gradient_accumulation_steps={steps}"
            )
        return int(steps)

    @staticmethod
    def _check_ema(use_ema, ema_momentum, frequency) -> None:
        if not use_ema:
            return
        if not V.is_number(ema_momentum) or ema_momentum > 1 or ema_momentum < 0:
            raise ValueError(
                "`ema_momentum` must be in the range [0, 1]. "
                f"Received: ema_momentum={ema_momentum}"
            )
        if frequency and (not isinstance(frequency, int) or isinstance(frequency, bool)
                          or frequency < 1):
            raise ValueError(
                "`ema_overwrite_frequency` must be an integer >= 1 or "
                f"None. Received: ema_overwrite_frequency={frequency}"
            )

    # Learning rate -----------------------------------------------------------------------
    def _make_learning_rate(self, learning_rate):
        if isinstance(learning_rate, LearningRateSchedule) or (
                callable(learning_rate) and not isinstance(learning_rate, torch.Tensor)):
            return learning_rate
        if isinstance(learning_rate, (np.ndarray, torch.Tensor)) and np.size(learning_rate) == 1:
            learning_rate = np.asarray(learning_rate.detach().cpu() if isinstance(
                learning_rate, torch.Tensor) else learning_rate).reshape(()).item()
        if not V.is_number(learning_rate):
            raise ValueError(
                "Argument `learning_rate` should be float, or an instance "
                "of LearningRateSchedule, or a callable "
                "(that takes in the current iteration value "
                "and returns the corresponding learning rate value). "
                f"Received instead: learning_rate={learning_rate}"
            )
        scalar = HostScalar(learning_rate, _config.floatx(), "learning_rate",
                            f"{self.name}/learning_rate")
        self._variables.insert(1, scalar)
        return scalar

    @property
    def learning_rate(self):
        """The learning rate: a settable scalar variable, or the schedule's current value.

        A schedule that exposes a scalar variable `base_learning_rate` (Keras 2's
        `decay`) keeps its rate settable: reading and assigning go to that variable.
        """
        lr = self._learning_rate
        if isinstance(lr, HostScalar):
            return lr
        base = getattr(lr, "base_learning_rate", None)
        if isinstance(base, HostScalar):  # a schedule with a settable base rate
            return base
        return torch.tensor(self._base_learning_rate(), dtype=torch.float32)

    @learning_rate.setter
    def learning_rate(self, learning_rate) -> None:
        previous = self._learning_rate
        if isinstance(learning_rate, LearningRateSchedule) or (
                callable(learning_rate) and not isinstance(learning_rate, torch.Tensor)):
            self._learning_rate = learning_rate
            if isinstance(previous, HostScalar):
                self._variables.remove(previous)
            return
        base = getattr(previous, "base_learning_rate", None)
        if isinstance(base, HostScalar):
            base.assign(learning_rate)
            return
        if isinstance(previous, LearningRateSchedule):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule`"
                " object as its `learning_rate` constructor argument, "
                "hence its learning rate is not settable. If you need the"
                " learning rate to be settable, you should instantiate "
                "the optimizer with a float `learning_rate` argument."
            )
        if isinstance(previous, HostScalar):
            previous.assign(learning_rate)
        else:
            self._learning_rate = self._make_learning_rate(learning_rate)

    # Keras 1/2 name of the same thing (`K.set_value(model.optimizer.lr, 1e-4)`).
    lr = learning_rate

    def _base_learning_rate(self) -> float:
        lr = self._learning_rate
        if type(lr) is HostScalar:
            return lr._value
        if isinstance(lr, LearningRateSchedule):
            return lr._host_value(self._iterations._value)
        value = lr()
        return float(value) if isinstance(value, (int, float)) else float(np.asarray(
            value.detach().cpu() if isinstance(value, torch.Tensor) else value))

    def _current_learning_rate(self) -> float:
        """The rate used by this step, on the host."""
        return self._base_learning_rate()

    @property
    def iterations(self) -> HostScalar:
        """The number of update steps applied (a scalar variable)."""
        if self.gradient_accumulation_steps:
            return HostScalar(self._iterations._value // self.gradient_accumulation_steps,
                              "int64", "iteration", self._iterations.path, read_only=True)
        return self._iterations

    def _local_step(self) -> int:
        """1-based number of the update being applied (for bias corrections)."""
        steps = self.gradient_accumulation_steps
        count = self._iterations._value
        return (count // steps if steps else count) + 1

    @property
    def variables(self) -> list:
        """All optimizer state, in Keras's order (iteration, learning rate, slots...)."""
        return self._variables[:]

    # State creation ----------------------------------------------------------------------
    def build(self, variables: Sequence) -> None:
        """Create the optimizer state for `variables` (subclasses add their slots)."""
        variables = list(variables)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(
                variables, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = []
        for i, variable in enumerate(variables):
            self._trainable_variables_indices[id(variable)] = i
            if self.gradient_accumulation_steps:
                self._accumulated_gradients.append(
                    self.add_variable_from_reference(variable, name="gradient_accumulator"))
        self._trainable_variables = variables[:]
        self._on_build(variables)
        self.built = True

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none",
                     layout=None, name=None, device=None) -> Variable:
        """Add a (non-trainable) variable to the optimizer state.

        Args:
            shape: Shape tuple for the variable.
            initializer: `"zeros"`, `"ones"`, a number, or a callable `(shape, dtype)`.
            dtype: Dtype of the variable; defaults to `keras.config.floatx()`.
            aggregation: Accepted for Keras compatibility; unused.
            layout: Accepted for Keras compatibility; unused.
            name: String name of the variable.
            device: Where to place it; defaults to torcheras's device.

        Returns:
            A `keras.Variable`.
        """
        shape = tuple(int(d) for d in shape)
        if isinstance(initializer, str) and initializer in ("zeros", "ones"):
            value = 0.0 if initializer == "zeros" else 1.0
            initializer = _constant(value)
        elif V.is_number(initializer):
            initializer = _constant(float(initializer))
        elif isinstance(initializer, str):
            initializer = initializers.get(initializer)
        variable = Variable(initializer, shape=shape, dtype=dtype, trainable=False,
                            name=name or "variable")
        if device is not None and variable.device != torch.device(device):
            variable.data = variable.data.to(device)
        variable._path = f"{self.name}/{variable.name}"
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None,
                                    initializer="zeros") -> Variable:
        """Add an optimizer variable shaped like `reference_variable`.

        The name is `{reference path with '/' -> '_'}_{name}`, e.g. `dense_kernel_momentum`.
        """
        name = name or "var"
        ref_name = getattr(reference_variable, "path", None) or str(
            getattr(reference_variable, "name", "variable"))
        full = f"{ref_name.replace('/', '_').replace(':', '_')}_{name}"
        return self.add_variable(shape=reference_variable.shape, initializer=initializer,
                                 dtype=reference_variable.dtype, name=full,
                                 device=reference_variable.device)

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One optimizer variable per model variable for each name in `name`.

        Variables are created interleaved (`v0_m, v0_v, v1_m, ...`), as Keras does, so
        saved optimizer state lines up. Returns one list, or a tuple of lists when
        `name` is a list.
        """
        names = [name] if isinstance(name, str) else list(name)
        inits = initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(names)
        out = tuple([] for _ in names)
        for variable in trainable_variables:
            for i, (var_name, var_init) in enumerate(zip(names, inits, strict=True)):
                out[i].append(self.add_variable_from_reference(variable, var_name, var_init))
        return out[0] if isinstance(name, str) else out

    def _get_variable_index(self, variable) -> int:
        return self._trainable_variables_indices[id(variable)]

    def _slots_for(self, slots: list, variables: list) -> list:
        """``slots`` restricted to ``variables`` (the whole list on the fast path)."""
        if variables is self._trainable_variables:
            return slots
        index = self._trainable_variables_indices
        return [slots[index[id(v)]] for v in variables]

    # Variable updates used by `update_step` implementations ----------------------------
    def assign(self, variable, value) -> None:
        variable.assign(value)

    def assign_add(self, variable, value) -> None:
        variable.assign_add(value)

    def assign_sub(self, variable, value) -> None:
        variable.assign_sub(value)

    def update_step(self, gradient, variable, learning_rate) -> None:
        raise NotImplementedError(
            f"Optimizer '{type(self).__name__}' must override `update_step(gradient, "
            "variable, learning_rate)` or `_backend_update_step`."
        )

    # Weight decay selection ------------------------------------------------------------
    def exclude_from_weight_decay(self, var_list=None, var_names=None) -> None:
        """Exclude variables from weight decay.

        Args:
            var_list: A list of `Variable`s to exclude from weight decay.
            var_names: A list of strings; a variable whose name contains any of them is
                excluded (e.g. `var_names=["bias"]`).
        """
        self._exclude_from_weight_decay = {id(v) for v in (var_list or [])}
        self._exclude_from_weight_decay_pattern = (
            re.compile("|".join(set(var_names))) if var_names else None)
        self._exclude_from_weight_decay_cache = {}
        self._decay_list_cache = None

    def _use_weight_decay(self, variable) -> bool:
        cache = self.__dict__.setdefault("_exclude_from_weight_decay_cache", {})
        key = id(variable)
        if key not in cache:
            excluded = key in getattr(self, "_exclude_from_weight_decay", set())
            pattern = getattr(self, "_exclude_from_weight_decay_pattern", None)
            if not excluded and pattern is not None:
                excluded = re.search(pattern, getattr(variable, "name", "")) is not None
            cache[key] = not excluded
        return cache[key]

    # EMA ---------------------------------------------------------------------------------
    def finalize_variable_values(self, var_list) -> None:
        """Write the moving averages into the model variables (only with `use_ema`)."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(list(var_list))

    def _overwrite_model_variables_with_average_value(self, trainable_variables) -> None:
        averages = self._model_variables_moving_average
        if len(trainable_variables) != len(averages):
            raise ValueError(
                f"The length of model variables ({len(trainable_variables)}) "
                "to override does not match the length of model variables "
                f"stored in the optimizer ({len(averages)}). Please "
                "check if the optimizer was called on your model."
            )
        with torch.no_grad():
            torch._foreach_copy_(list(trainable_variables), averages)

    # Saving ------------------------------------------------------------------------------
    def set_weights(self, weights) -> None:
        """Set the optimizer state from a list of arrays, in `variables` order."""
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not "
                "yet been built. Please call "
                "`optimizer.build(trainable_variables)` to create the "
                "optimizer weights before calling `set_weights()`."
            )
        for variable, weight in zip(self._variables, weights, strict=False):
            if tuple(variable.shape) != tuple(np.shape(weight)):
                raise ValueError(
                    f"Optimizer variable {variable.path} has shape "
                    f"{tuple(variable.shape)} not compatible with provided "
                    f"weight shape {tuple(np.shape(weight))}."
                )
            variable.assign(weight)

    def save_own_variables(self, store) -> None:
        """Write the state into `store` under keys "0", "1", ..."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store) -> None:
        """Read the state written by `save_own_variables`."""
        if len(store.keys()) != len(self.variables):
            msg = (
                f"Skipping variable loading for optimizer '{self.name}', "
                f"because it has {len(self.variables)} variables whereas "
                f"the saved optimizer has {len(store.keys())} variables. "
            )
            if len(self.variables) == 0:
                msg += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(msg, stacklevel=2)
            return
        for i, variable in enumerate(self.variables):
            variable.assign(store[str(i)])

    # Config ------------------------------------------------------------------------------
    def get_config(self) -> dict:
        """The optimizer's hyperparameters as a dict (no state)."""
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            learning_rate = schedule_io.serialize(lr)
        elif isinstance(lr, HostScalar):
            learning_rate = float(lr._value)
        else:
            learning_rate = lr
        config = {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }
        return config

    @classmethod
    def from_config(cls, config: Mapping, custom_objects: Mapping | None = None):
        """Create an optimizer from `get_config()` output (also reads Keras 2 configs)."""
        config = dict(config)
        for key in _KERAS2_CONFIG_ONLY_KEYS:
            config.pop(key, None)
        if isinstance(config.get("learning_rate"), Mapping):
            config["learning_rate"] = schedule_io.deserialize(
                config["learning_rate"], custom_objects=custom_objects)
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def _constant(value: float) -> Callable:
    def init(shape, dtype=None):
        return torch.full(shape, value, dtype=torch.float32 if dtype is None else _dtype(dtype))
    return init


def _dtype(dtype):
    return _device.to_torch_dtype(dtype)
