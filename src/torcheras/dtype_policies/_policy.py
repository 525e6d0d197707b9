"""Keras 3's dtype policies: the dtype a layer computes in and the dtype of its weights.

``"mixed_float16"`` computes in float16 with float32 weights, ``"mixed_bfloat16"`` in
bfloat16; any other dtype name uses that dtype for both. Quantized policies
(``"int8_from_float32"``, ...) wrap such a policy and name a quantization mode.
"""

from __future__ import annotations

import numpy as np
import torch

from torcheras.backend import _config
from torcheras.backend._dtypes import standardize_dtype, to_torch_dtype

QUANTIZATION_MODES = ("int8", "float8", "int4", "gptq", "awq")
_MIXED = {"mixed_float16": ("float16", "float32"), "mixed_bfloat16": ("bfloat16", "float32")}

# The policy set by `keras.config.set_dtype_policy`; None means "floatx() at each use".
_GLOBAL: dict = {"policy": None}


class DTypePolicy:
    """A dtype policy for a Keras layer: its compute dtype and its variable dtype.

    Args:
        name: ``"float32"``, ``"float16"``, ``"bfloat16"``, ``"mixed_float16"``,
            ``"mixed_bfloat16"`` or another dtype name. ``None`` takes the global policy
            (``keras.config.dtype_policy()``).

    Example:

    >>> policy = DTypePolicy("mixed_float16")
    >>> policy.compute_dtype, policy.variable_dtype
    ('float16', 'float32')
    """

    def __init__(self, name: str | None = None):
        if name is None:
            name = dtype_policy().name
        self._name = name
        self._compute_dtype, self._variable_dtype = self._parse_name(name)
        self._quantization_mode = None

    def _parse_name(self, name) -> tuple[str, str]:
        if not isinstance(name, str):
            raise TypeError(
                "'name' must be a string, such as 'mixed_float16'. "
                f"Received: name={name} (of type {type(name)})"
            )
        if name in _MIXED:
            return _MIXED[name]
        try:
            dtype = standardize_dtype(name)
        except ValueError:
            raise ValueError(
                f"Cannot convert '{name}' to a mixed precision DTypePolicy. Valid policies "
                "include 'mixed_float16', 'mixed_bfloat16', and the name of any float dtype "
                "such as 'float32'."
            ) from None
        return dtype, dtype

    @property
    def variable_dtype(self) -> str:
        """The dtype of the layer's weights."""
        return self._variable_dtype

    @property
    def compute_dtype(self) -> str:
        """The dtype the layer's computations (and outputs) are in."""
        return self._compute_dtype

    @property
    def name(self) -> str:
        """The policy's name, e.g. ``"mixed_float16"``."""
        return self._name

    @property
    def quantization_mode(self) -> str | None:
        """The quantization mode (``None`` for a float policy)."""
        return self._quantization_mode

    def convert_input(self, x, autocast: bool, dtype):
        """Cast the float tensor ``x`` to ``dtype`` when ``autocast`` asks for it."""
        if not isinstance(x, torch.Tensor):
            x = torch.as_tensor(np.asarray(x))
        to_dtype = to_torch_dtype(dtype)
        if autocast and x.dtype != to_dtype and x.is_floating_point() and to_dtype.is_floating_point:
            return x.to(to_dtype)
        return x

    def get_config(self) -> dict:
        return {"name": self.name}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        class_name = type(self).__name__
        if class_name == "FloatDTypePolicy":
            class_name = "DTypePolicy"
        return f'<{class_name} "{self._name}">'

    def __eq__(self, other) -> bool:
        if isinstance(other, DTypePolicy) and not isinstance(other, QuantizedDTypePolicy) \
                and not isinstance(self, QuantizedDTypePolicy):
            return self._name == other._name
        if type(self) is not type(other):
            return False
        return self.get_config() == other.get_config()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._name))


class FloatDTypePolicy(DTypePolicy):
    """Keras's older name of :class:`DTypePolicy` (the same policy)."""


class QuantizedDTypePolicy(DTypePolicy):
    """A policy for a quantized layer: ``mode`` over a float ``source_name`` policy.

    Args:
        mode: The quantization mode: one of ``"int8"``, ``"float8"``, ``"int4"``,
            ``"gptq"``, ``"awq"``.
        source_name: The float policy the non-quantized parts use (default the global
            policy's name).

    Example:

    >>> policy = QuantizedDTypePolicy("int8", "mixed_bfloat16")
    >>> policy.name, policy.compute_dtype, policy.variable_dtype
    ('int8_from_mixed_bfloat16', 'bfloat16', 'float32')
    """

    def __init__(self, mode: str, source_name: str | None = None):
        if source_name is None:
            source_name = dtype_policy().name
        name = f"{mode}_from_{source_name}"
        self._compute_dtype, self._variable_dtype = self._parse_name(source_name)
        self._check_quantization_mode(mode, self._compute_dtype)
        self._name = name
        self._source_name = source_name
        self._quantization_mode = mode

    def _check_quantization_mode(self, mode, compute_dtype) -> None:
        if mode not in QUANTIZATION_MODES:
            raise ValueError(
                f"Invalid quantization mode. Expected one of {QUANTIZATION_MODES}. "
                f"Received: mode={mode}"
            )
        if compute_dtype == "float16" and mode == "int8":
            raise ValueError(
                f"Quantization mode='{mode}' doesn't work well with compute_dtype='float16'."
            )

    def get_config(self) -> dict:
        return {"mode": self._quantization_mode, "source_name": self._source_name}

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._name))


class QuantizedFloat8DTypePolicy(QuantizedDTypePolicy):
    """A float8 quantized policy, with the length of the amax history it keeps.

    Args:
        mode: Must be ``"float8"``.
        source_name: The float policy the non-quantized parts use.
        amax_history_length: Length of the history of absolute maxima used for scaling.
    """

    default_amax_history_length = 1024

    def __init__(self, mode: str, source_name: str | None = None,
                 amax_history_length: int = 1024):
        super().__init__(mode=mode, source_name=source_name)
        if not isinstance(amax_history_length, int):
            raise TypeError(
                "`amax_history_length` must be an integer. "
                f"Received: amax_history_length={amax_history_length}"
            )
        self._amax_history_length = amax_history_length

    @property
    def amax_history_length(self) -> int:
        """Length of the history of absolute maxima."""
        return self._amax_history_length

    def get_config(self) -> dict:
        config = super().get_config()
        config["amax_history_length"] = self.amax_history_length
        return config


def set_dtype_policy(policy) -> None:
    """Set the default dtype policy globally (for layers created from now on).

    Args:
        policy: A policy name (``"mixed_float16"``, ``"float32"``, ``"int8_from_float32"``)
            or a ``DTypePolicy``.

    Example:

    >>> set_dtype_policy("mixed_float16")
    >>> dtype_policy()
    <DTypePolicy "mixed_float16">
    >>> set_dtype_policy("float32")
    """
    if not isinstance(policy, DTypePolicy):
        if isinstance(policy, str):
            if policy.startswith(QUANTIZATION_MODES):
                policy = quantized_policy_from_name(policy)
            else:
                policy = DTypePolicy(policy)
        else:
            raise ValueError(
                "Invalid `policy` argument. Expected the string name of a policy (such as "
                "'mixed_float16') or a `DTypePolicy` instance. "
                f"Received: policy={policy} (of type {type(policy)})"
            )
    _GLOBAL["policy"] = policy


def dtype_policy() -> DTypePolicy:
    """The current default dtype policy (``DTypePolicy(floatx())`` unless set)."""
    policy = _GLOBAL["policy"]
    if policy is None:
        return DTypePolicy(_config.floatx())
    return policy


def _reset_dtype_policy() -> None:  # for clear tests: back to "floatx() at each use"
    _GLOBAL["policy"] = None


def is_global_policy_set() -> bool:
    """Whether ``set_dtype_policy`` chose a policy (else layers follow ``floatx()``)."""
    return _GLOBAL["policy"] is not None


def quantized_policy_from_name(name: str) -> QuantizedDTypePolicy:
    """``"int8_from_float32"`` -> ``QuantizedDTypePolicy("int8", "float32")``."""
    mode, _, source = name.partition("_from_")
    if mode == "float8":
        return QuantizedFloat8DTypePolicy(mode, source or None)
    return QuantizedDTypePolicy(mode, source or None)
