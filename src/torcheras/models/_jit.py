"""``compile(jit_compile=...)``: the train step runs through ``torch.compile``.

What is compiled: the model's call and ``compute_loss`` (their backward is compiled with
them by AOTAutograd), and the optimizer update for the optimizers ``optimizers/_traced.py``
mirrors (SGD, Adam/AdamW, RMSprop; others keep the eager update). The update's learning
rate and bias corrections are computed on the host as in eager mode and enter the graph as
a tensor, so a new step (or a scheduled rate) does not recompile it. The forward is
compiled with ``dynamic=True``: the batch size is symbolic from the first trace, so the
short last batch reuses the graphs (no recompilation). Where torcheras code is not
traceable the graph breaks and that part runs eagerly (correct, only slower).

``jit_compile="auto"`` is eager everywhere, as Keras's torch backend resolves it: on
this CPU the compiled step is not faster for small models (``benchmarks/compile.py``),
and the first epoch pays the compilation. ``jit_compile=True`` on a machine that cannot
compile (no C++ compiler for the CPU backend) warns once, saying so, and runs eagerly.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import types
import warnings

import torch

from torcheras.backend import _device
from torcheras.optimizers import _traced
from torcheras.tree import flatten

_COPIES = itertools.count()
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


class CompiledStep:
    """The train step of ``model`` through ``torch.compile``: ``__call__`` gives a batch's
    ``(y_pred, loss)`` (forward and loss compiled, their backward compiled with them by
    AOTAutograd); ``apply`` runs the optimizer update compiled."""

    def __init__(self, model):
        self.model = model
        # dynamic=True: the batch size is symbolic from the first trace, also in the
        # frames that follow a graph break (where marks on the inputs do not reach), so
        # the short last batch reuses the graphs.
        self._optimizer = model.optimizer
        with _quiet_dynamo():  # the first torch.compile imports inductor
            self._forward = torch.compile(_own_code(self._forward_loss), backend=backend())
            self._update = (torch.compile(_own_code(self._update_variables),
                                          backend=backend())
                            if _traced.supports(self._optimizer) else None)
        self._decayed = None

    def _forward_loss(self, x, y, sample_weight):
        y_pred = self.model(x, training=True)
        loss = self.model.compute_loss(x, y, y_pred, sample_weight, training=True)
        return y_pred, loss

    def _update_variables(self, grads, variables, slots, decayed, scalars):
        _traced.update(self._optimizer, grads, variables, slots, decayed, scalars)

    def __call__(self, x, y, sample_weight):
        for t in flatten((x, y, sample_weight)):
            if isinstance(t, torch.Tensor) and t.dim() > 0:
                # Any batch may be the short last one: trace the batch size as a symbol.
                # (Soft: code that needs it as a number recompiles instead of failing.)
                torch._dynamo.maybe_mark_dynamic(t, 0)
        with _quiet_dynamo():
            return self._forward(x, y, sample_weight)

    def apply(self, grads: list, variables: list) -> bool:
        """Update ``variables`` from ``grads`` as ``optimizer.apply`` would, compiled;
        ``False`` (nothing done) when this optimizer or step keeps the eager update."""
        opt = self._optimizer
        if self._update is None or opt is not self.model.optimizer \
                or not grads or any(g is None for g in grads):
            return False
        variables = opt._resolve_variables(grads, variables)
        if variables is opt._trainable_variables:
            if self._decayed is None:
                self._decayed = _traced.decayed_variables(opt, variables)
            decayed = self._decayed
        else:
            decayed = _traced.decayed_variables(opt, variables)
        # The step's learning rate and bias corrections enter as a tensor: new values
        # every step, one graph.
        scalars = _traced.host_scalars(opt, variables[0])
        with _quiet_dynamo():
            self._update(grads, variables, _traced.slots_for(opt, variables), decayed,
                         scalars)
        with torch.no_grad():
            for variable, constraint in opt._constrained:
                variable.assign(constraint(variable))
        opt._iterations._value += 1
        return True


def _own_code(method):
    """``method`` bound to a private, uniquely named copy of its code object.

    Dynamo keeps its compiled graphs per code object, at most ``recompile_limit`` (8) of
    them, and what it learned about input shapes per (file, line, name): shared by every
    model, the ninth model compiled in a process would silently run eagerly, and a CNN
    compiled after an MLP would see its image dimensions as "changing", trace them as
    symbols and fail in inductor. A renamed copy per compiled step keeps models apart.
    """
    fn = method.__func__
    name = f"{fn.__name__}_{next(_COPIES)}"
    own = types.FunctionType(fn.__code__.replace(co_name=name), fn.__globals__, name,
                             fn.__defaults__, fn.__closure__)
    own.__qualname__ = fn.__qualname__
    return types.MethodType(own, method.__self__)


@contextlib.contextmanager
def _quiet_dynamo():
    with warnings.catch_warnings():
        # Raised by dynamo's own tracing (its notes about functools caches, its probes
        # of tensor attributes), not by the user's program.
        warnings.filterwarnings("ignore", message="Dynamo detected a call to")
        warnings.filterwarnings("ignore", message="The .grad attribute of a Tensor")
        # Inductor's own modules use torch.jit on import.
        warnings.filterwarnings("ignore", message=r"`torch\.jit\.\w+` is deprecated",
                                category=DeprecationWarning)
        yield
