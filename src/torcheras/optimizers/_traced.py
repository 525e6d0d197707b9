"""A tensor-valued optimizer update, for the compiled train step (``jit_compile=True``).

The eager update (``_apply.py``) decides its learning rate and bias corrections on the
host and hands them to the multi-tensor kernels as Python numbers. Traced by
``torch.compile``, those numbers would be baked into the graph as constants, and every
step (a new step count, a scheduled rate) would recompile it. Here the host still computes
exactly the same numbers, but they reach the update as one small tensor, an input of the
compiled function: the graph is traced once and reused, and the arithmetic is the eager
path's (same scalars in the same dtype, same order of operations).

Only updates this module mirrors are traced (SGD, Adam/AdamW, RMSprop, with clipping,
weight decay and loss scaling); anything else (gradient accumulation, EMA, wrappers such
as ``LossScaleOptimizer``, other optimizers) keeps the eager update: ``supports`` says which.
"""

from __future__ import annotations

import math

import torch

from torcheras.optimizers._adam import Adam
from torcheras.optimizers._rmsprop import RMSprop
from torcheras.optimizers._sgd import SGD

# Positions in the scalar tensor shared by every update.
_LR, _NEG_LR, _DECAY = 0, 1, 2
_STEP_HOOKS = ("apply", "_backend_apply_gradients", "_update", "_clip_gradients",
               "_apply_weight_decay", "_backend_update_step")


def _slots(optimizer) -> list:
    if isinstance(optimizer, SGD):
        return [optimizer.momentums]
    if isinstance(optimizer, Adam):
        return [optimizer._momentums, optimizer._velocities,
                optimizer._velocity_hats if optimizer.amsgrad else []]
    return [optimizer._velocities, optimizer._momentums, optimizer._average_gradients]


def supports(optimizer) -> bool:
    """Whether ``optimizer``'s update has a traced twin here (else it stays eager)."""
    kind = next((k for k in (SGD, Adam, RMSprop) if isinstance(optimizer, k)), None)
    if kind is None or optimizer.gradient_accumulation_steps or optimizer.use_ema:
        return False
    cls = type(optimizer)
    # A subclass that changes the update itself is not the update mirrored here.
    return all(getattr(cls, n) is getattr(kind, n) for n in _STEP_HOOKS)


def host_scalars(optimizer, like: torch.Tensor) -> torch.Tensor:
    """This step's learning rate and derived numbers, computed on the host as the eager
    update computes them, packed into one tensor."""
    lr = optimizer._current_learning_rate()
    decay = 1.0 - (optimizer.weight_decay or 0.0) * lr
    values = [lr, -lr, decay]
    if isinstance(optimizer, Adam):
        t = optimizer._local_step()
        b1, b2 = optimizer.beta_1, optimizer.beta_2
        values.append(-(lr * math.sqrt(1.0 - b2**t) / (1.0 - b1**t)))
    # In the variables' dtype, as the eager kernels cast their Python scalars.
    return torch.tensor(values, dtype=like.dtype, device=like.device)


def update(optimizer, grads: list, variables: list, slots: list, decayed: list,
           scalars: torch.Tensor) -> None:
    """One update of ``variables`` in place (traceable: no host number changes per step).

    Args:
        optimizer: A built optimizer for which ``supports`` holds.
        grads: One gradient per variable.
        variables: The variables to update.
        slots: The optimizer's slot lists, each aligned with ``variables``.
        decayed: The variables weight decay applies to.
        scalars: ``host_scalars``'s tensor for this step.
    """
    with torch.no_grad():
        if optimizer.loss_scale_factor is not None:
            grads = torch._foreach_div(grads, optimizer.loss_scale_factor)
        grads = optimizer._clip_gradients(grads)
        if decayed:
            torch._foreach_mul_(decayed, scalars[_DECAY])
        if isinstance(optimizer, SGD):
            _sgd(optimizer, grads, variables, slots, scalars)
        elif isinstance(optimizer, Adam):
            _adam(optimizer, grads, variables, slots, scalars)
        else:
            _rmsprop(optimizer, grads, variables, slots, scalars)


def _sgd(opt, grads, variables, slots, scalars) -> None:
    step = torch._foreach_mul(grads, scalars[_NEG_LR])
    if opt.momentum == 0:
        torch._foreach_add_(variables, step)
        return
    bufs = slots[0]
    torch._foreach_mul_(bufs, opt.momentum)
    torch._foreach_add_(bufs, step)
    if opt.nesterov:
        torch._foreach_add_(variables, step)
        torch._foreach_add_(variables, bufs, alpha=opt.momentum)
    else:
        torch._foreach_add_(variables, bufs)


def _adam(opt, grads, variables, slots, scalars) -> None:
    m_list, v_list, v_hat = slots
    torch._foreach_mul_(m_list, opt.beta_1)
    torch._foreach_add_(m_list, grads, alpha=1.0 - opt.beta_1)
    torch._foreach_mul_(v_list, opt.beta_2)
    torch._foreach_addcmul_(v_list, grads, grads, value=1.0 - opt.beta_2)
    if opt.amsgrad:
        torch._foreach_maximum_(v_hat, v_list)
        v_list = v_hat
    denominators = torch._foreach_sqrt(v_list)
    torch._foreach_add_(denominators, opt.epsilon)
    step = torch._foreach_div(m_list, denominators)
    torch._foreach_mul_(step, scalars[3])
    torch._foreach_add_(variables, step)


def _rmsprop(opt, grads, variables, slots, scalars) -> None:
    velocities, momentums, averages = slots
    rho = opt.rho
    torch._foreach_mul_(velocities, rho)
    torch._foreach_addcmul_(velocities, grads, grads, value=1.0 - rho)
    denominators = torch._foreach_add(velocities, opt.epsilon)
    if opt.centered:
        torch._foreach_mul_(averages, rho)
        torch._foreach_add_(averages, grads, alpha=1.0 - rho)
        torch._foreach_addcmul_(denominators, averages, averages, value=-1.0)
    torch._foreach_sqrt_(denominators)
    step = torch._foreach_div(grads, denominators)
    if opt.momentum > 0:
        torch._foreach_mul_(step, scalars[_LR])
        torch._foreach_mul_(momentums, opt.momentum)
        torch._foreach_add_(momentums, step)
        torch._foreach_sub_(variables, momentums)
    else:
        torch._foreach_mul_(step, scalars[_NEG_LR])
        torch._foreach_add_(variables, step)


def slots_for(optimizer, variables: list) -> list:
    """The slot lists aligned with ``variables`` (the update's ``slots`` argument)."""
    return [optimizer._slots_for(s, variables) if s else [] for s in _slots(optimizer)]


def decayed_variables(optimizer, variables: list) -> list:
    """The variables weight decay applies to (the update's ``decayed`` argument)."""
    if not optimizer.weight_decay:
        return []
    return [v for v in variables if optimizer._use_weight_decay(v)]
