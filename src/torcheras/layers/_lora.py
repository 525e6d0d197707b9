"""LoRA for layers with a ``kernel`` whose last axis is the output (``Dense``, ``Conv*``).

``enable_lora(rank)`` freezes the kernel and learns a low-rank update instead:
``lora_kernel_a`` has the kernel's shape with its last axis replaced by ``rank``,
``lora_kernel_b`` is ``(rank, outputs)``, and the layer computes with
``kernel + (lora_alpha / lora_rank) * lora_kernel_a @ lora_kernel_b`` (Keras 3's formula).
``lora_kernel_b`` starts at zero, so enabling LoRA does not change the outputs.

Saved weights are Keras's: the kernel with the update merged in, then the bias; the LoRA
pair is not saved, and loading zeroes it (a reloaded layer computes the same numbers and
starts a new update from zero), so files go both ways between torcheras and Keras.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from torcheras._validation import check_positive_int
from torcheras.backend import _device


class LoRAMixin:
    """``lora_rank``/``lora_alpha`` arguments, ``enable_lora`` and the merged kernel."""

    def _init_lora(self, lora_rank: Any, lora_alpha: Any) -> None:
        """Store the constructor's LoRA arguments (LoRA itself starts when built)."""
        self.lora_rank = check_positive_int(lora_rank, "lora_rank", allow_none=True)
        if lora_alpha is not None and (isinstance(lora_alpha, bool)
                                       or not isinstance(lora_alpha, (int, float))):
            raise TypeError(
                f"Argument `lora_alpha` must be a number or None. Received: "
                f"lora_alpha={lora_alpha!r}")
        self.lora_alpha = lora_alpha if lora_alpha is not None else self.lora_rank
        self.lora_enabled = False

    def _build_lora(self) -> None:
        """Called at the end of ``build``: LoRA asked for in the constructor starts now."""
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    def enable_lora(self, rank: int, lora_alpha: float | None = None,
                    a_initializer: Any = "he_uniform", b_initializer: Any = "zeros") -> None:
        """Freeze the kernel and learn a low-rank update ``A @ B`` of it instead.

        Args:
            rank: The rank of the update (the inner dimension of ``A @ B``).
            lora_alpha: Scale of the update is ``lora_alpha / rank`` (default: ``rank``,
                i.e. a scale of 1).
            a_initializer: Initializer of ``lora_kernel_a``.
            b_initializer: Initializer of ``lora_kernel_b`` (zeros keep the outputs
                unchanged at first).
        """
        if self.kernel_constraint:
            raise ValueError(
                "Lora is incompatible with kernel constraints. In order to enable lora on "
                "this layer, remove the `kernel_constraint` argument.")
        if not self.built:
            raise ValueError("Cannot enable lora on a layer that isn't yet built.")
        if self.lora_enabled:
            raise ValueError("lora is already enabled. This can only be done once per layer.")
        rank = check_positive_int(rank, "rank")
        shape = tuple(self.kernel.shape)
        self.lora_kernel_a = self.add_weight(
            shape=shape[:-1] + (rank,), initializer=a_initializer,
            regularizer=self.kernel_regularizer, name="lora_kernel_a")
        self.lora_kernel_b = self.add_weight(
            shape=(rank, shape[-1]), initializer=b_initializer,
            regularizer=self.kernel_regularizer, name="lora_kernel_b")
        self.kernel.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def _effective_kernel(self) -> torch.Tensor:
        """The kernel the layer computes with (LoRA's update merged in when enabled)."""
        if not self.lora_enabled:
            return self.kernel
        delta = torch.matmul(self.lora_kernel_a, self.lora_kernel_b)
        return self.kernel + (self.lora_alpha / self.lora_rank) * delta

    def _lora_config(self, config: dict) -> dict:
        """``config`` with ``lora_rank``/``lora_alpha`` added when LoRA is used (as Keras)."""
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config

    def _saved_targets(self) -> list:
        return [self.kernel] + ([self.bias] if self.bias is not None else [])

    def save_own_variables(self, store: Any) -> None:
        """Write the kernel (LoRA update merged in) and the bias, as Keras saves them."""
        if not self.built:
            return
        values = [self._effective_kernel()] + self._saved_targets()[1:]
        for i, value in enumerate(values):
            store[str(i)] = _device.convert_to_numpy(value)

    def load_own_variables(self, store: Any) -> None:
        """Read what :meth:`save_own_variables` (or Keras) wrote; the LoRA pair restarts."""
        if not self.built:
            return
        targets = self._saved_targets()
        if len(store) != len(targets):
            raise ValueError(
                f"Layer '{self.name}' expected {len(targets)} variables, but received "
                f"{len(store)} variables during loading. "
                f"Expected: {[v.name for v in targets]}")
        for i, target in enumerate(targets):
            value = store[str(i)]
            if tuple(target.shape) != tuple(np.shape(value)):
                raise ValueError(
                    f"The shape of the target variable and the shape of the loaded value do "
                    f"not match for variable '{target.name}' of layer '{self.name}': target "
                    f"{tuple(target.shape)}, loaded {tuple(np.shape(value))}.")
            target.assign(value)
        if self.lora_enabled:
            self.lora_kernel_a.assign(np.zeros(tuple(self.lora_kernel_a.shape), "float32"))
            self.lora_kernel_b.assign(np.zeros(tuple(self.lora_kernel_b.shape), "float32"))
