"""How an op node's arguments are laid out in a saved model, as Keras lays them out.

Keras builds an operation from its non-tensor arguments (``Sum(axis=1, keepdims=True)``,
kept in the node's config) and calls it on the rest (``sum(x)``, the node's inbound args).
These helpers split an op function's arguments that way and join them back for the call.
"""

from __future__ import annotations

import inspect

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def split_static(signature: inspect.Signature, init_params, args, kwargs, has_symbol):
    """``(static, call_args, call_kwargs)``: the arguments named in ``init_params`` (unless
    symbolic), and the others as the call passes them. ``None`` when the rest cannot be
    passed without the static ones (a ``*args`` after a removed positional argument)."""
    bound = signature.bind(*args, **kwargs)
    arguments = dict(bound.arguments)
    static = {}
    for name in init_params:
        if name in arguments and not has_symbol(arguments[name]):
            static[name] = arguments.pop(name)
    call_args, call_kwargs = [], {}
    gap = False
    for param in signature.parameters.values():
        present = param.name in arguments
        if param.kind in _POSITIONAL:
            if not present:
                gap = True
            elif gap:
                call_kwargs[param.name] = arguments[param.name]
            else:
                call_args.append(arguments[param.name])
        elif param.kind is param.VAR_POSITIONAL:
            values = arguments.get(param.name, ())
            if values and gap:
                return None
            call_args.extend(values)
        elif param.kind is param.KEYWORD_ONLY:
            if present:
                call_kwargs[param.name] = arguments[param.name]
        elif present:
            call_kwargs.update(arguments[param.name])
    return static, call_args, call_kwargs


def with_static(signature: inspect.Signature, static: dict, args, kwargs):
    """``(args, kwargs)`` for the op function: the call's arguments with ``static`` put
    back in their places."""
    args = list(args)
    kwargs = dict(kwargs)
    static = dict(static)
    out_args = []
    keyword_mode = False
    for param in signature.parameters.values():
        name = param.name
        if param.kind in _POSITIONAL:
            if keyword_mode:
                if name in static:
                    kwargs[name] = static.pop(name)
            elif name in static:
                out_args.append(static.pop(name))
            elif name in kwargs:
                out_args.append(kwargs.pop(name))
            elif args:
                out_args.append(args.pop(0))
            else:
                keyword_mode = True
        elif param.kind is param.VAR_POSITIONAL:
            out_args.extend(args)
            args = []
        elif name in static:
            kwargs[name] = static.pop(name)
    kwargs.update(static)
    return out_args + args, kwargs
