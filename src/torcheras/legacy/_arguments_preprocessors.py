"""The legacy-argument table's named preprocessors for layers and model methods: the
compound cases a rename cannot express (positional forms, one argument becoming several,
values that depend on the other arguments). Facts from Keras 2.3.1's
``keras/legacy/interfaces.py``.

Each takes ``(owner, args, kwargs)`` (``owner`` is the class being built, or the name of the
method or function called; ``args`` are the positional arguments without ``self``) and returns the new ``(args, kwargs)``.
"""

from __future__ import annotations

from torcheras.legacy._arguments_core import owner_name, preprocessor, warn_once

_STRIDES_ERROR = (
    "It seems that you are using the Keras 2 and you are passing both `kernel_size` and "
    "`strides` as integer positional arguments. For safety reasons, this is disallowed. "
    "Pass `strides` as a keyword argument instead.")
_GEOMETRY = ("padding", "strides", "data_format")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kernel_from_dims(owner, args: tuple, kwargs: dict, names: tuple) -> tuple:
    """``(filters, d1, .., dn)`` given positionally and/or as the keywords ``names``
    (``nb_row``...) -> ``(filters, kernel_size)``: Keras 2.3.1's conv2d/conv3d rules."""
    rank = len(names)
    dims = args[1:]
    if len(dims) > rank and all(_is_int(v) for v in dims[:rank]):
        raise TypeError(f"Layer can receive at most {rank + 1} positional arguments.")
    if not all(_is_int(v) for v in dims):
        return args, kwargs  # Keras 3's (filters, kernel_size, strides, ...)
    missing = names[len(dims):]
    if not all(name in kwargs for name in missing):
        return args, kwargs
    if len(dims) == rank and any(k in kwargs for k in _GEOMETRY):
        raise ValueError(_STRIDES_ERROR)
    kernel = tuple(dims) + tuple(kwargs.pop(name) for name in missing)
    spelling = (f"{owner_name(owner)}(filters, {', '.join(names)})" if dims
                else f"{owner_name(owner)}({'=..., '.join(missing)}=...)")
    warn_once(spelling, f"use `{owner_name(owner)}(filters, kernel_size={kernel})`")
    if args:
        return (args[0], kernel), kwargs
    kwargs["kernel_size"] = kernel
    return (), kwargs


@preprocessor("conv2d_positional", ("nb_row", "nb_col", "(filters, nb_row, nb_col)"))
def conv2d_positional(owner, args: tuple, kwargs: dict):
    """``Conv2D(32, 3, 3)`` and ``nb_row``/``nb_col``: a 3x3 kernel, not strides 3."""
    return _kernel_from_dims(owner, args, kwargs, ("nb_row", "nb_col"))


@preprocessor("conv3d_positional",
              ("kernel_dim1", "kernel_dim2", "kernel_dim3",
               "(filters, kernel_dim1, kernel_dim2, kernel_dim3)"))
def conv3d_positional(owner, args: tuple, kwargs: dict):
    """``Conv3D(8, 3, 3, 3)`` and ``kernel_dim1..3``: a 3x3x3 kernel."""
    return _kernel_from_dims(owner, args, kwargs, ("kernel_dim1", "kernel_dim2", "kernel_dim3"))


@preprocessor("deconv_output_shape", ("output_shape",))
def deconv_output_shape(owner, args: tuple, kwargs: dict):
    """Keras 1's ``Deconvolution2D(..., output_shape)``: the output shape follows from the
    other arguments, so Keras 2 dropped it."""
    if len(args) == 4 and isinstance(args[3], tuple):
        args = args[:3]
    elif "output_shape" not in kwargs:
        return args, kwargs
    kwargs.pop("output_shape", None)
    warn_once(f"{owner_name(owner)}(output_shape=...)",
              "the output shape follows from the input, `strides` and `padding` (set "
              "`output_padding=` to pick among the possible sizes)")
    return args, kwargs


@preprocessor("separable_init", ("init",))
def separable_init(owner, args: tuple, kwargs: dict):
    """Keras 1's one ``init`` initialized both kernels of a separable convolution."""
    if "init" in kwargs:
        init = kwargs.pop("init")
        kwargs["depthwise_initializer"] = init
        kwargs["pointwise_initializer"] = init
        warn_once(f"{owner_name(owner)}(init=...)", "use `depthwise_initializer=` and "
                                        "`pointwise_initializer=`")
    return args, kwargs


@preprocessor("forget_bias_init", ("forget_bias_init",))
def forget_bias_init(owner, args: tuple, kwargs: dict):
    """``forget_bias_init="one"`` is ``unit_forget_bias=True``; other values were ignored."""
    if "forget_bias_init" not in kwargs:
        return args, kwargs
    value = kwargs.pop("forget_bias_init")
    if value == "one":
        kwargs["unit_forget_bias"] = True
        warn_once(f"{owner_name(owner)}(forget_bias_init=...)", "use `unit_forget_bias=True`")
    else:
        warn_once(f"{owner_name(owner)}(forget_bias_init=...)",
                  f"the value {value!r} is ignored, as in Keras 2. Use "
                  "`unit_forget_bias=True` instead to initialize with ones")
    return args, kwargs


@preprocessor("batchnorm_mode", ("mode",))
def batchnorm_mode(owner, args: tuple, kwargs: dict):
    """Keras 1's ``mode``: 0 (feature-wise) is what the layer does; 1 and 2 are gone."""
    if "mode" not in kwargs:
        return args, kwargs
    if kwargs.pop("mode") != 0:
        raise TypeError("The `mode` argument of `BatchNormalization` no longer exists. "
                        "`mode=1` and `mode=2` are no longer supported.")
    warn_once(f"{owner_name(owner)}(mode=0)", "remove it: feature-wise normalization is the only mode")
    return args, kwargs


@preprocessor("batchnorm_tf_keras", ("virtual_batch_size", "adjustment"))
def batchnorm_tf_keras(owner, args: tuple, kwargs: dict):
    """tf.keras 2's ``virtual_batch_size=None``/``adjustment=None`` (their defaults, in its
    saved configs) mean nothing; other values are not supported."""
    for name in ("virtual_batch_size", "adjustment"):
        if name in kwargs and kwargs[name] is None:
            del kwargs[name]
            warn_once(f"{owner_name(owner)}({name}=None)", "remove it (Keras 3 has no such argument)", 2)
    return args, kwargs


@preprocessor("zero_padding2d", ("padding={'top_pad': ...}", "padding=(top, bottom, left, right)"))
def zero_padding2d(owner, args: tuple, kwargs: dict):
    """Keras 1's ``padding`` dict (``top_pad``...) or flat 4-tuple."""
    in_kwargs = "padding" in kwargs
    value = kwargs["padding"] if in_kwargs else (args[0] if args else None)
    keys = {"top_pad", "bottom_pad", "left_pad", "right_pad"}
    if isinstance(value, dict) and set(value) <= keys:
        pads = tuple(value.get(k, 0) for k in ("top_pad", "bottom_pad", "left_pad",
                                                "right_pad"))
        spelling = f"{owner_name(owner)}(padding={{'top_pad': ...}})"
    elif (isinstance(value, (list, tuple)) and len(value) == 4
          and all(_is_int(v) for v in value)):
        pads = tuple(value)
        spelling = f"{owner_name(owner)}(padding=(top, bottom, left, right))"
    else:
        return args, kwargs
    padding = ((pads[0], pads[1]), (pads[2], pads[3]))
    warn_once(spelling, f"use `padding={padding}`")
    if in_kwargs:
        kwargs["padding"] = padding
        return args, kwargs
    return (padding,) + tuple(args[1:]), kwargs


@preprocessor("samples_per_epoch", ("samples_per_epoch",))
def samples_per_epoch(owner, args: tuple, kwargs: dict):
    """Keras 1 counted samples per epoch; Keras 2 counts batches (``steps_per_epoch``)."""
    if "samples_per_epoch" not in kwargs or len(args) >= 2:
        return args, kwargs
    if "steps_per_epoch" in kwargs:
        raise TypeError(
            "For the `steps_per_epoch` argument, the layer received both the legacy "
            "keyword argument `samples_per_epoch` and the Keras 2 keyword argument "
            "`steps_per_epoch`. Stick to the latter!")
    samples = kwargs.pop("samples_per_epoch")
    generator = args[0] if args else kwargs.get("generator")
    batch_size = getattr(generator, "batch_size", None)
    if _is_int(batch_size) and batch_size > 0:
        steps = max(1, samples // batch_size)
        warn_once(f"{owner_name(owner)}(samples_per_epoch=...)",
                  f"use `steps_per_epoch=` (batches: here {samples} // {batch_size} = "
                  f"{steps})")
    else:
        steps = samples
        warn_once(f"{owner_name(owner)}(samples_per_epoch=...)",
                  "use `steps_per_epoch=`. The semantics of the Keras 2 argument "
                  "`steps_per_epoch` is not the same as the Keras 1 argument "
                  "`samples_per_epoch`. `steps_per_epoch` is the number of batches to draw "
                  "from the generator at each epoch. Update your method calls accordingly")
    kwargs["steps_per_epoch"] = steps
    return args, kwargs
