"""``keras.saving.save_model`` / ``load_model`` / ``save_weights`` / ``load_weights``:
the file kind is chosen from the extension, as in Keras 3 (``.keras`` zip, legacy
``.h5``/``.hdf5``, ``.weights.h5``)."""

from __future__ import annotations

import os
import warnings

from torcheras.saving import _files, _keras_zip, _legacy_h5

_LEGACY_EXTENSIONS = (".h5", ".hdf5")


def _path(filepath, argument: str = "filepath") -> str:
    if not isinstance(filepath, (str, os.PathLike)):
        raise TypeError(
            f"Argument `{argument}` must be a string or a path. Received: "
            f"{argument}={filepath!r} (of type {type(filepath).__name__})"
        )
    return os.fspath(filepath)


def _confirm_overwrite(path: str, overwrite: bool) -> bool:
    if overwrite or not os.path.exists(path):
        return True
    answer = input(f"[WARNING] {path} already exists - overwrite? [y/n] ").strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if answer == "n":
        print("[TIP] Next time specify overwrite=True!")
        return False
    return True


def save_model(model, filepath, overwrite: bool = True, zipped: bool | None = None,
               **kwargs) -> None:
    """Saves a model as a `.keras` file.

    Args:
        model: Keras model instance to be saved.
        filepath: `str` or `pathlib.Path` object. Path where to save the model: a
            `.keras` file (Keras 3's format), or `.h5`/`.hdf5` for the legacy HDF5
            format of Keras 2.
        overwrite: Whether we should overwrite any existing model at the target
            location, or instead ask the user via an interactive prompt.
        zipped: Whether to save the model as a zipped `.keras` archive (the default), or
            as an unzipped folder holding the same files (`zipped=False`).
        include_optimizer: Legacy HDF5 only: whether to store the optimizer state.

    Example:

    >>> import os, tempfile
    >>> import torcheras as keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> save_model(model, path)
    >>> keras.saving.load_model(path).output_shape
    (None, 2)
    """
    path = _path(filepath)
    include_optimizer = kwargs.pop("include_optimizer", True)
    save_format = kwargs.pop("save_format", None)
    kwargs.pop("signatures", None)
    kwargs.pop("options", None)
    kwargs.pop("save_traces", None)
    if kwargs:
        raise ValueError(
            "The following argument(s) are not supported: "
            f"{list(kwargs.keys())}"
        )
    if save_format == "tf" or (save_format is None and path.endswith(("/", os.sep))):
        raise ValueError(
            "The TensorFlow SavedModel format is not supported: save to a `.keras` file, "
            f"or export for serving with `model.export()`. Received: filepath={path}, "
            f"save_format={save_format!r}"
        )
    if not _confirm_overwrite(path, overwrite):
        return
    if path.endswith(_LEGACY_EXTENSIONS) or save_format == "h5":
        warnings.warn(
            "You are saving your model as an HDF5 file via `model.save()` or "
            "`keras.saving.save_model(model)`. This file format is considered legacy. "
            "We recommend using instead the native Keras format, e.g. "
            "`model.save('my_model.keras')` or "
            "`keras.saving.save_model(model, 'my_model.keras')`. ", stacklevel=2)
        _legacy_h5.save_model_to_h5(model, path, include_optimizer=include_optimizer)
        return
    if zipped is False:
        _check_built(model, "save")
        _keras_zip.save_keras_dir(model, path)
        return
    if not path.endswith(".keras"):
        raise ValueError(
            "Invalid filepath extension for saving. Please add either a `.keras` extension "
            "for the native Keras format (recommended) or a `.h5` extension. Use "
            "`model.export(filepath)` if you want to export a SavedModel for use with "
            f"TFLite/TFServing/etc. Received: filepath={path}."
        )
    _check_built(model, "save")
    _keras_zip.save_keras(model, path)


def load_model(filepath, custom_objects=None, compile: bool = True, safe_mode: bool = True):
    """Loads a model saved via `model.save()`.

    Args:
        filepath: `str` or `pathlib.Path` object, path to the saved model file: a
            `.keras` file, or a legacy `.h5` file of Keras 2 / tf.keras.
        custom_objects: Optional dictionary mapping names (strings) to custom classes
            or functions to be considered during deserialization.
        compile: Boolean, whether to compile the model after loading.
        safe_mode: Boolean, whether to disallow unsafe `lambda` deserialization. When
            `safe_mode=False`, loading an object has the potential to trigger arbitrary
            code execution. This argument is only applicable to the Keras v3 model
            format. Defaults to `True`.

    Returns:
        A Keras model instance. If the original model was compiled, and the argument
        `compile=True` is set, then the returned model will be compiled (with its
        optimizer state). Otherwise, the model will be left uncompiled.
    """
    path = _path(filepath)
    if _keras_zip.is_keras_dir(path):
        return _keras_zip.load_keras_dir(path, custom_objects=custom_objects, compile=compile,
                                         safe_mode=safe_mode)
    _files.check_readable(path, "`.keras` zip file or legacy `.h5` file")
    if path.endswith(".keras") or _files.is_zip(path):
        return _keras_zip.load_keras(path, custom_objects=custom_objects, compile=compile,
                                     safe_mode=safe_mode)
    if path.endswith(_LEGACY_EXTENSIONS) or _files.is_hdf5(path):
        return _legacy_h5.load_model_from_h5(path, custom_objects=custom_objects,
                                             compile=compile, safe_mode=safe_mode)
    raise ValueError(
        f"File format not supported: filepath={path}. Keras 3 only supports V3 `.keras` "
        "files and legacy H5 format files (`.h5` extension)."
    )


def _check_built(model, action: str) -> None:
    if not getattr(model, "built", False):
        raise ValueError(
            f"You are {'saving' if action == 'save' else 'loading weights into'} a model "
            "that has not yet been built. Try building the model first by calling it on "
            "some data or by using `build()`."
        )


def save_weights(model, filepath, overwrite: bool = True, max_shard_size=None,
                 **kwargs) -> None:
    """Saves all weights (and the optimizer state) to a single file.

    Args:
        model: The model whose weights are saved.
        filepath: `str` or `pathlib.Path` object. Path where to save the model. Must end
            in `.weights.h5` (Keras 3's layout); a `.h5`/`.hdf5` name writes Keras 2's
            layout instead.
        overwrite: Whether we should overwrite any existing model at the target
            location, or instead ask the user via an interactive prompt.
        max_shard_size: Not supported (shards are a Keras 3.9 feature for huge models).
    """
    path = _path(filepath)
    save_format = kwargs.pop("save_format", None)
    kwargs.pop("options", None)
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments passed to save_weights: {kwargs}")
    if max_shard_size is not None:
        raise ValueError(
            "Sharded weights files are not supported. Received: "
            f"max_shard_size={max_shard_size!r}"
        )
    if path.endswith(".keras"):
        raise ValueError(
            "The filename must end in `.weights.h5`; a `.keras` file holds a whole model "
            f"(`model.save`). Received: filepath={path}"
        )
    _check_built(model, "save")
    if not _confirm_overwrite(path, overwrite):
        return
    if path.endswith(".weights.h5"):
        _keras_zip.save_weights_h5(model, path)
    elif path.endswith(_LEGACY_EXTENSIONS) or save_format == "h5":
        # Keras 2 programs (`model.save_weights("w.h5")`): Keras 2's layout, as they expect.
        _legacy_h5.save_weights_to_h5(model, path)
    elif save_format in (None, "tf"):
        # Keras 2's TF-checkpoint names ("ckpt"): the same file in Keras 3's layout.
        _keras_zip.save_weights_h5(model, path)
    else:
        raise ValueError(
            "The filename must end in `.weights.h5`. "
            f"Received: filepath={path}, save_format={save_format!r}"
        )


def load_weights(model, filepath, skip_mismatch: bool = False, **kwargs) -> None:
    """Load the weights (and optimizer state) from a `.weights.h5`, `.keras` or legacy
    `.h5` file.

    Args:
        model: The model to load into.
        filepath: Path of the file.
        skip_mismatch: Whether to skip (with a warning) the weights whose count or shape
            does not match the model's, instead of raising.
        by_name: Legacy `.h5` files only: match layers by name instead of by order.
    """
    path = _path(filepath)
    by_name = kwargs.pop("by_name", False)
    kwargs.pop("options", None)
    objects_to_skip = kwargs.pop("objects_to_skip", ())
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments passed to load_weights: {kwargs}")
    _check_built(model, "load")
    _files.check_readable(path, "weights file")
    if path.endswith(".keras") or _files.is_zip(path):
        _keras_zip.load_weights_from_keras(model, path, skip_mismatch, objects_to_skip)
        return
    if not _files.is_hdf5(path):
        raise ValueError(
            f"File format not supported: filepath={path}. Keras 3 only supports V3 "
            "`.keras` and `.weights.h5` files, or legacy H5 format files (`.h5` extension)."
        )
    # A Keras 2 layout is read as such whatever the file is called (even `.weights.h5`).
    with _files.open_h5(path, path, "weights file") as f:
        if by_name or "layer_names" in f.attrs or "model_weights" in f:
            _legacy_h5.load_weights_from_h5(model, f, path, by_name=by_name,
                                            skip_mismatch=skip_mismatch)
            return
    _keras_zip.load_weights_h5(model, path, skip_mismatch, objects_to_skip)
