"""``compile(jit_compile=...)``: the forward pass and the loss of the train step run through
``torch.compile``.

What is compiled: the model's call and ``compute_loss`` (the backward pass of that graph
is compiled with it by AOTAutograd); the optimizer update stays eager, because its
learning rate and step counter are host numbers that would recompile the graph at every
step. The batch dimension is marked dynamic on the first call, so a smaller last batch
reuses the graph (at most one recompilation). Where torcheras code is not traceable the
graph breaks and that part runs eagerly (correct, only slower).

``jit_compile="auto"`` is eager everywhere, as Keras's torch backend resolves it: on
this CPU the compiled step is not faster for small models, and the first epoch pays the
compilation. ``jit_compile=True`` on a machine that cannot compile (no C++ compiler for
the CPU backend) warns once, saying so, and runs eagerly.
"""

from __future__ import annotations

import os
import shutil
import warnings

import torch

from torcheras.backend import _device
from torcheras.tree import flatten

_BACKEND_ENV = "TORCHERAS_COMPILE_BACKEND"  # e.g. "aot_eager" to debug without a compiler


def resolve(jit_compile) -> bool:
    """Whether steps are compiled for ``compile(jit_compile=...)``."""
    if jit_compile == "auto" or jit_compile is False or jit_compile is None:
        return False
    if jit_compile is not True:
        raise ValueError(
            "Argument `jit_compile` must be True, False or 'auto'. "
            f"Received: jit_compile={jit_compile!r}"
        )
    problem = unavailable_reason()
    if problem is not None:
        warnings.warn(
            f"`jit_compile=True` was requested but torch.compile cannot run here: {problem} "
            "The model runs eagerly (same results, no compilation).", stacklevel=3)
        return False
    return True


def backend() -> str:
    """The torch.compile backend (inductor unless ``TORCHERAS_COMPILE_BACKEND`` says)."""
    return os.environ.get(_BACKEND_ENV) or "inductor"


def unavailable_reason() -> str | None:
    """Why torch.compile cannot compile here, or ``None`` when it can."""
    if not hasattr(torch, "compile"):
        return "this PyTorch has no torch.compile."
    if backend() != "inductor":
        return None
    if _device.get_device().type == "cpu":
        compiler = os.environ.get("CXX") or "c++"
        if shutil.which(compiler) is None and shutil.which("g++") is None \
                and shutil.which("clang++") is None:
            return ("inductor needs a C++ compiler on the CPU and none was found (install "
                    "g++ or clang, or set CXX).")
    return None


class CompiledForward:
    """``(y_pred, loss)`` of a batch for ``model``, computed by a compiled function."""

    def __init__(self, model):
        self.model = model
        self._fn = torch.compile(self._forward_loss, backend=backend())

    def _forward_loss(self, x, y, sample_weight):
        y_pred = self.model(x, training=True)
        loss = self.model.compute_loss(x, y, y_pred, sample_weight, training=True)
        return y_pred, loss

    def __call__(self, x, y, sample_weight):
        for t in flatten((x, y, sample_weight)):
            if isinstance(t, torch.Tensor) and t.dim() > 0:
                torch._dynamo.maybe_mark_dynamic(t, 0)
        with warnings.catch_warnings():
            # Raised by dynamo's own tracing (its notes about functools caches, its probes
            # of tensor attributes), not by the user's program.
            warnings.filterwarnings("ignore", message="Dynamo detected a call to")
            warnings.filterwarnings("ignore", message="The .grad attribute of a Tensor")
            return self._fn(x, y, sample_weight)
