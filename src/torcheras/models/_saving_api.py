"""The saving methods of ``keras.Model``: ``save``, ``save_weights``, ``load_weights``,
``to_json``, the compile and build configs, and ``export``."""

from __future__ import annotations

import inspect
import json
import warnings

from torcheras import saving
from torcheras.export._archive import export_model
from torcheras.models._trainer import Trainer
from torcheras.saving import _model_config, _safe_mode
from torcheras.saving import _serialization as ser
from torcheras.saving._registration import GLOBAL_CUSTOM_OBJECTS, scoped_custom_objects

_COMPILE_KEYS = ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics",
                 "run_eagerly", "steps_per_execution", "jit_compile")


class SavingMixin:
    """Mixed into ``Model`` before ``Trainer``: records the ``compile`` arguments so that
    they can be saved, and adds the saving API."""

    def compile(self, *args, **kwargs):  # noqa: D102 - documented on Trainer.compile
        bound = inspect.signature(Trainer.compile).bind(self, *args, **kwargs)
        bound.apply_defaults()
        given = dict(bound.arguments)
        given.pop("self", None)
        extra = given.pop("kwargs", {}) or {}
        Trainer.compile(self, *args, **kwargs)
        given.update({k: v for k, v in extra.items() if k in _COMPILE_KEYS})
        given["optimizer"] = self.optimizer
        self._compile_args = given

    compile.__doc__ = None

    # ------------------------------------------------------------------ whole model
    def save(self, filepath, overwrite: bool = True, zipped=None, **kwargs) -> None:
        """Saves a model as a `.keras` file (config, weights and optimizer state).

        Args:
            filepath: `str` or `pathlib.Path` object. The path where to save the model.
                Must end in `.keras` (or `.h5` for Keras 2's legacy HDF5 format).
            overwrite: Whether we should overwrite any existing model at the target
                location, or instead ask the user via an interactive prompt.
            zipped: Whether to save the model as a zipped `.keras` archive (default).
        """
        saving.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite: bool = True, max_shard_size=None,
                     **kwargs) -> None:
        """Saves all layer weights and the optimizer state to a `.weights.h5` file.

        Args:
            filepath: `str` or `pathlib.Path` object. Path where to save the weights.
                Must end in `.weights.h5` (a `.h5` name writes Keras 2's layout).
            overwrite: Whether we should overwrite any existing file at the target
                location, or instead ask the user via an interactive prompt.
            max_shard_size: Not supported.
        """
        saving.save_weights(self, filepath, overwrite=overwrite,
                            max_shard_size=max_shard_size, **kwargs)

    def load_weights(self, filepath, skip_mismatch: bool = False, **kwargs) -> None:
        """Load the weights (and optimizer state) from a file saved by `save_weights`,
        `save` (`.keras`), or Keras 2 (`.h5`).

        Args:
            filepath: Path of the weights file to load.
            skip_mismatch: Whether to skip, with a warning, the variables whose count or
                shape differs between the file and the model.
            by_name: Legacy `.h5` files: load layers by name instead of topological
                order.
        """
        saving.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs) -> str:
        """Returns a JSON string containing the network configuration.

        To load a network from a JSON save file, use
        `keras.models.model_from_json(json_string, custom_objects={...})`.

        Args:
            **kwargs: Additional keyword arguments to be passed to `json.dumps()`.
        """
        return json.dumps(ser.serialize_keras_object(self), **kwargs)

    # ------------------------------------------------------------------ configs
    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        """A model from its config: a functional config (``layers``, ``input_layers``,
        ``output_layers``) rebuilds the graph; otherwise ``cls(**config)`` (subclasses)."""
        if isinstance(config, dict) and {"layers", "input_layers", "output_layers"} <= set(
                config):
            objects = {**(custom_objects or {}), **scoped_custom_objects(),
                       **GLOBAL_CUSTOM_OBJECTS}
            return _model_config.functional_from_config(cls, dict(config), objects,
                                                        _safe_mode.resolve(None))
        return cls(**config)

    def get_compile_config(self) -> dict | None:
        """The arguments given to `compile()`, serialized (`None` if not compiled)."""
        args = getattr(self, "_compile_args", None)
        if not getattr(self, "compiled", False) or args is None:
            return None
        config = {k: args.get(k) for k in _COMPILE_KEYS}
        config["optimizer"] = ser.serialize_keras_object(self.optimizer)
        for key in ("loss", "metrics", "weighted_metrics", "loss_weights"):
            config[key] = ser.serialize_keras_object(config[key])
        config["jit_compile"] = config["jit_compile"] is True
        return config

    def compile_from_config(self, config: dict) -> None:
        """Compile the model with the arguments of `get_compile_config()`, and build the
        optimizer so that a saved optimizer state can be loaded into it."""
        if type(self).compile not in (SavingMixin.compile, Trainer.compile):
            warnings.warn(
                "`compile()` was not called as part of model loading because the model's "
                "`compile()` method is custom. All subclassed Models that have `compile()` "
                "overridden should also override `get_compile_config()` and "
                "`compile_from_config(config)`. Alternatively, you can call `compile()` "
                "manually after loading.", stacklevel=2)
            return
        config = ser.deserialize_keras_object(config)
        config = {k: v for k, v in config.items() if k in _COMPILE_KEYS}
        self.compile(**config)
        if self.built and self.optimizer is not None:
            self.optimizer.build(self.trainable_weights)

    def get_build_config(self) -> dict | None:
        """The input shape the model was built for (`{"input_shape": ...}`)."""
        return _model_config.default_build_config(self)

    def build_from_config(self, config: dict) -> None:
        """Build the model for the input shape of `get_build_config()`."""
        _model_config.default_build_from_config(self, config)

    # ------------------------------------------------------------------ export
    def export(self, filepath, format: str = "torch", verbose: bool = True,
               input_signature=None, **kwargs):
        """Export the model for serving: `"torch"` writes a `torch.export` program
        (`torch.export.load` runs it without torcheras), `"onnx"` an ONNX model.

        Args:
            filepath: Path of the file to write (`.pt2` for "torch", `.onnx` for "onnx").
            format: `"torch"` or `"onnx"` (`"tf_saved_model"` is not available on the
                PyTorch engine).
            verbose: Print what was written.
            input_signature: Optional `keras.InputSpec`/`KerasTensor`/shape (or a list of
                them) of the inputs; defaults to the model's inputs.
        """
        return export_model(self, filepath, format=format, verbose=verbose,
                            input_signature=input_signature, **kwargs)
