"""``keras.ops.vectorize``: map a function over the leading (batch) axes of its inputs."""

from __future__ import annotations

import re

import torch

from torcheras.ops._op import convert

_ARG = re.compile(r"\(([^()]*)\)")


def _parse_signature(signature: str):
    try:
        inputs, outputs = signature.replace(" ", "").split("->")
    except ValueError:
        raise ValueError(f"Invalid signature: {signature!r}") from None
    core_in = [tuple(d for d in m.split(",") if d) for m in _ARG.findall(inputs)]
    core_out = [tuple(d for d in m.split(",") if d) for m in _ARG.findall(outputs)]
    return core_in, core_out


def _vectorized_call(pyfunc, signature, excluded, args, kwargs):
    fixed = {i: a for i, a in enumerate(args) if i in excluded}
    mapped_pos = [i for i in range(len(args)) if i not in excluded]
    tensors = [convert(args[i]) for i in mapped_pos]
    if signature is None:
        core = [()] * len(tensors)
    else:
        core = _parse_signature(signature)[0]
        if len(core) != len(tensors):
            raise TypeError(
                f"wrong number of positional arguments: expected {len(core)}, got "
                f"{len(tensors)}"
            )
    batch_shapes = [t.shape[: t.ndim - len(c)] for t, c in zip(tensors, core)]
    batch = torch.broadcast_shapes(*batch_shapes) if batch_shapes else torch.Size()
    flat = [t.broadcast_to(batch + t.shape[t.ndim - len(c):]).reshape(
        (-1,) + tuple(t.shape[t.ndim - len(c):])) for t, c in zip(tensors, core)]

    def call(*mapped):
        full = list(args)
        for i, v in zip(mapped_pos, mapped):
            full[i] = v
        for i, v in fixed.items():
            full[i] = v
        return pyfunc(*full, **kwargs)

    if not len(batch):
        return call(*[f[0] for f in flat])
    out = torch.vmap(call)(*flat)
    if isinstance(out, (tuple, list)):
        return type(out)(o.reshape(batch + o.shape[1:]) for o in out)
    return out.reshape(batch + out.shape[1:])


def vectorize(pyfunc, *, excluded=None, signature=None):
    """Turn a function of tensors into one mapped over their leading axes (``torch.vmap``).

    Args:
        pyfunc: Callable of one or more tensors.
        excluded: Positional indices or keyword names of arguments not vectorized.
        signature: Optional generalized-ufunc signature such as ``"(n),(n)->()"``: the
            trailing core axes each argument keeps.

    Returns:
        The vectorized function.

    Example:

    >>> import torch
    >>> f = vectorize(lambda a, b: a + b)
    >>> f(torch.tensor([1, 2]), torch.tensor([[10], [20]])).tolist()
    [[11, 12], [21, 22]]
    """
    if not callable(pyfunc):
        raise ValueError(f"Expected argument `pyfunc` to be a callable. Received: pyfunc={pyfunc}")
    excluded = set(excluded or ())

    def wrapped(*args, **kwargs):
        return _vectorized_call(pyfunc, signature, excluded, args, kwargs)

    return wrapped
