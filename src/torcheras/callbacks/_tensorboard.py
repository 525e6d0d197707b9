"""``TensorBoard``: event files of a training run, written with the ``tensorboard`` package.

Needs the optional ``tensorboard`` extra (``pip install torcheras[tensorboard]``). The
files follow Keras's layout: ``<log_dir>/train`` and ``<log_dir>/validation``, scalars
``epoch_<metric>`` per epoch and ``batch_<metric>`` per batch, histograms
``<weight path>/histogram`` and the model's config as the ``keras`` graph summary.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from collections.abc import Mapping

import numpy as np
import torch

from torcheras.callbacks import _legacy
from torcheras.callbacks._callback import Callback
from torcheras.layers.embedding._embedding import Embedding

try:
    from tensorboard.compat.proto.summary_pb2 import Summary, SummaryMetadata
    from tensorboard.compat.proto.tensor_pb2 import TensorProto
    from tensorboard.compat.proto.tensor_shape_pb2 import TensorShapeProto
    from tensorboard.plugins.projector import projector_config_pb2
    from torch.utils.tensorboard import SummaryWriter
except ImportError:  # the optional extra is not installed
    SummaryWriter = None

_MISSING = ("keras.callbacks.TensorBoard needs the `tensorboard` package, which is not "
            "installed. Install the extra with `pip install torcheras[tensorboard]` "
            "(or `pip install tensorboard`).")


class TensorBoard(Callback):
    """Write TensorBoard logs: metrics per epoch and per batch, weight histograms, graph.

    Args:
        log_dir: Folder of the logs (``train/`` and ``validation/`` are made inside).
        histogram_freq: Every how many epochs to write weight histograms (0: never).
        write_graph: Whether to write the model's graph: its Keras config (the ``keras``
            summary TensorBoard's graph plugin draws) and, when the model's input shapes
            are known, the traced PyTorch graph.
        write_images: Whether to also write each weight as an image (with histograms).
        write_steps_per_second: Whether to log the training speed (steps per second).
        update_freq: ``"epoch"`` (only epoch scalars), ``"batch"`` or an integer N:
            also write ``batch_<metric>`` every N batches (step = global batch number).
        profile_batch: Profiling is not available on the torch backend (as in Keras's
            torch backend); must be 0.
        embeddings_freq: Every how many epochs to save ``Embedding`` weights for the
            projector (0: never).
        embeddings_metadata: Metadata file for the projector: one path, or a dict of
            embedding layer name to path.
        **kwargs: Keras 2's ``batch_size``, ``write_grads``, ``embeddings_layer_names``
            and ``embeddings_data`` (without effect in TF2 Keras either; ignored).

    Example:

    >>> cb = TensorBoard(log_dir="./logs", update_freq=10)
    >>> cb.update_freq
    10
    """

    def __init__(self, log_dir="logs", histogram_freq: int = 0, write_graph: bool = True,
                 write_images: bool = False, write_steps_per_second: bool = False,
                 update_freq="epoch", profile_batch=0, embeddings_freq: int = 0,
                 embeddings_metadata=None, **kwargs):
        super().__init__()
        _legacy.tensorboard(kwargs)
        if SummaryWriter is None:
            raise ImportError(_MISSING)
        for name, value in (("histogram_freq", histogram_freq),
                            ("embeddings_freq", embeddings_freq)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"Argument `{name}` must be a non-negative integer. Received: "
                    f"{name}={value!r}"
                )
        if update_freq not in ("epoch", "batch") and (
                isinstance(update_freq, bool) or not isinstance(update_freq, int)
                or update_freq < 1):
            raise ValueError(
                "Argument `update_freq` must be 'epoch', 'batch' or a positive integer. "
                f"Received: update_freq={update_freq!r}"
            )
        if profile_batch:
            raise ValueError(
                "Profiling is not yet available with the torch backend. Received: "
                f"profile_batch={profile_batch} (must be 0)"
            )
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = bool(write_graph)
        self.write_images = bool(write_images)
        self.write_steps_per_second = bool(write_steps_per_second)
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._global_train_batch = 0
        self._global_test_batch = 0
        self._previous_epoch_iterations = 0
        self._batch_start_time = 0.0
        self._epoch_start_time = 0.0
        self._writers: dict = {}

    # -------------------------------------------------------------- writers
    def set_model(self, model):
        super().set_model(model)
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._close_writers()
        self._writers = {}
        if self.write_graph:
            self._write_model_graph()
        if self.embeddings_freq:
            self._configure_embeddings()

    def _writer(self, kind: str):
        if kind not in self._writers:
            folder = self._train_dir if kind == "train" else self._val_dir
            self._writers[kind] = SummaryWriter(log_dir=folder)
        return self._writers[kind]

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()

    # -------------------------------------------------------------- graph
    def _write_model_graph(self) -> None:
        model = self.model
        if type(model).__name__ in ("Functional", "Sequential"):
            self._write_keras_model_summary(model)
        self._write_traced_graph(model)

    def _write_keras_model_summary(self, model) -> None:
        if hasattr(model, "to_json"):
            text = model.to_json()
        else:
            text = json.dumps({"class_name": type(model).__name__,
                               "config": model.get_config()}, default=str)
        metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(
            plugin_name="graph_keras_model", content=b"1"))
        tensor = TensorProto(dtype="DT_STRING", string_val=[text.encode("utf-8")],
                             tensor_shape=TensorShapeProto())
        summary = Summary(value=[Summary.Value(tag="keras", metadata=metadata, tensor=tensor)])
        self._writer("train")._get_file_writer().add_summary(summary, global_step=0)

    def _write_traced_graph(self, model) -> None:
        """The PyTorch graph, traced on zeros, when every input shape is known."""
        shapes = [tuple(t.shape) for t in (getattr(model, "inputs", None) or [])]
        if not shapes or any(d is None for s in shapes for d in s[1:]):
            return
        if any(getattr(layer, "stateful", False) for layer in model._flatten_layers(True)):
            return  # tracing would advance the states the next batch starts from
        sample = [torch.zeros((1,) + s[1:]) for s in shapes]
        was_training = model.training
        model.eval()
        try:
            with warnings.catch_warnings():
                # Tracing warns about Python control flow; the graph is informative only.
                warnings.simplefilter("ignore")
                self._writer("train").add_graph(
                    _Traced(model), sample[0] if len(sample) == 1 else sample)
        except Exception:  # noqa: BLE001 (a graph that cannot be traced is simply not drawn)
            pass
        finally:
            model.train(was_training)

    # -------------------------------------------------------------- embeddings
    def _configure_embeddings(self) -> None:
        config = projector_config_pb2.ProjectorConfig()
        metadata = self.embeddings_metadata
        if metadata is not None and not isinstance(metadata, (str, Mapping)):
            raise TypeError(
                "Argument `embeddings_metadata` must be a path or a dict of layer name to "
                f"path. Received: embeddings_metadata={metadata!r}"
            )
        remaining = dict(metadata) if isinstance(metadata, Mapping) else None
        for layer in self.model.layers:
            if isinstance(layer, Embedding):
                embedding = config.embeddings.add()
                embedding.tensor_name = "layer_with_weights-0/embeddings/.ATTRIBUTES/VARIABLE_VALUE"
                if isinstance(metadata, str):
                    embedding.metadata_path = metadata
                elif remaining and layer.name in remaining:
                    embedding.metadata_path = remaining.pop(layer.name)
        if remaining:
            raise ValueError(
                "Unrecognized `Embedding` layer names passed to `keras.callbacks.TensorBoard` "
                f"`embeddings_metadata` argument: {remaining.keys()}"
            )
        from google.protobuf import text_format

        os.makedirs(self.log_dir, exist_ok=True)
        with open(os.path.join(self.log_dir, "projector_config.pbtxt"), "w") as f:
            f.write(text_format.MessageToString(config))

    def _log_embeddings(self, epoch: int) -> None:
        path = os.path.join(self.log_dir, "train",
                            f"keras_embedding.ckpt-{epoch}.weights.h5")
        self.model.save_weights(path)

    # -------------------------------------------------------------- hooks
    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0

    def on_train_end(self, logs=None):
        self._close_writers()
        self._writers = {}

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch, logs=None):
        if self.update_freq == "epoch" or self._global_train_batch % self.update_freq:
            return
        writer = self._writer("train")
        step = self._global_train_batch
        if self.write_steps_per_second:
            elapsed = max(time.time() - self._batch_start_time, 1e-12)
            writer.add_scalar("batch_steps_per_second", 1.0 / elapsed, step)
        if isinstance(logs, Mapping):
            for name, value in logs.items():
                writer.add_scalar(f"batch_{name}", float(value), step)

    def on_test_begin(self, logs=None):
        pass

    def on_test_batch_begin(self, batch, logs=None):
        self._global_test_batch += 1

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not hasattr(optimizer, "iterations") or not logs:
            return
        writer = self._writer("val")
        step = int(np.asarray(optimizer.iterations))
        for name, value in logs.items():
            writer.add_scalar(f"evaluation_{name}_vs_iterations", float(value), step)

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            self._previous_epoch_iterations = int(np.asarray(self.model.optimizer.iterations))
            self._epoch_start_time = time.time()

    def on_epoch_end(self, epoch, logs=None):
        self._log_epoch_metrics(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self._log_embeddings(epoch)

    # -------------------------------------------------------------- epoch summaries
    def _log_epoch_metrics(self, epoch: int, logs) -> None:
        if not logs:
            return
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "learning_rate"):
            train_logs["learning_rate"] = float(np.asarray(optimizer.learning_rate))
        if self.write_steps_per_second:
            iterations = int(np.asarray(self.model.optimizer.iterations))
            elapsed = max(time.time() - self._epoch_start_time, 1e-12)
            train_logs["steps_per_second"] = (iterations - self._previous_epoch_iterations) / elapsed
        for kind, values in (("train", train_logs), ("val", val_logs)):
            if values:
                writer = self._writer(kind)
                for name, value in values.items():
                    writer.add_scalar(f"epoch_{name}", float(value), epoch)
                writer.flush()

    def _log_weights(self, epoch: int) -> None:
        writer = self._writer("train")
        for layer in self.model.layers:
            for weight in layer.weights:
                name = weight.path.replace(":", "_")
                values = np.asarray(weight.numpy(), dtype=np.float64)
                writer.add_histogram(f"{name}/histogram", values, epoch)
                if self.write_images:
                    image = _weight_image(values)
                    if image is not None:
                        writer.add_images(f"{name}/image", image, epoch, dataformats="NHWC")
        writer.flush()


class _Traced(torch.nn.Module):
    """The model behind a plain ``forward`` that ``torch.jit.trace`` can follow."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, *inputs):
        return self.model(inputs[0] if len(inputs) == 1 else list(inputs), training=False)


def _weight_image(w: np.ndarray):
    """Keras's picture of a weight: (1, h, w, 1), kernels as rows, conv filters stacked."""
    w = np.squeeze(w)
    if w.ndim == 1:
        w = w.reshape(1, w.shape[0], 1, 1)
    elif w.ndim == 2:
        if w.shape[0] > w.shape[1]:
            w = w.T
        w = w.reshape(1, w.shape[0], w.shape[1], 1)
    elif w.ndim == 3:
        w = np.transpose(w, (2, 0, 1))[..., None]
    if w.ndim == 4 and w.shape[-1] in (1, 3, 4):
        lo, hi = float(w.min()), float(w.max())
        return (w - lo) / (hi - lo) if hi > lo else np.zeros_like(w)
    return None
