"""What ``compile`` stores: the loss per output with its weight, and the metrics per output.

Both are resolved against the model's output names; metrics whose meaning depends on the
data (``"accuracy"``) are resolved on the first batch, as Keras does.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

import torch

from torcheras import losses
from torcheras.losses import _crossentropy
from torcheras.metrics._reduction import Mean
from torcheras.metrics._resolve import resolve_metric
from torcheras.tree import flatten


class LossKind(enum.Enum):
    """What an output's loss expects as targets: the checks ``fit`` runs on ``y`` follow it.

    >>> LossKind.of(losses.get("sparse_categorical_crossentropy"))
    <LossKind.SPARSE_CATEGORICAL: 'sparse_categorical_crossentropy'>
    """

    SPARSE_CATEGORICAL = "sparse_categorical_crossentropy"  # integer class indices
    CATEGORICAL = "categorical_crossentropy"  # one-hot (or soft) class vectors
    BINARY = "binary_crossentropy"  # probabilities of the positive class, in [0, 1]
    OTHER = "other"  # no assumption

    @classmethod
    def of(cls, loss) -> LossKind:
        """The kind of a loss object or function (``OTHER`` when not a crossentropy)."""
        for kind, loss_class, function in _CROSSENTROPIES:
            if isinstance(loss, loss_class) or loss is function or (
                    getattr(loss, "fn", None) is function):
                return kind
        return cls.OTHER


_CROSSENTROPIES = (
    (LossKind.SPARSE_CATEGORICAL, losses.SparseCategoricalCrossentropy,
     _crossentropy.sparse_categorical_crossentropy),
    (LossKind.CATEGORICAL, losses.CategoricalCrossentropy,
     _crossentropy.categorical_crossentropy),
    (LossKind.BINARY, losses.BinaryCrossentropy, _crossentropy.binary_crossentropy),
)


def _loss_object(identifier, argument: str = "loss"):
    if identifier is None:
        return None
    obj = losses.get(identifier)
    if isinstance(obj, losses.Loss):
        return obj
    if callable(obj):
        return losses.LossFunctionWrapper(obj, name=getattr(obj, "__name__", None))
    raise ValueError(f"Could not interpret loss identifier for `{argument}`: {identifier!r}")


def _per_output(value, output_names: list[str], argument: str, allow_broadcast: bool):
    """Spread a loss/metric spec over the outputs: one per output name (or None)."""
    n = len(output_names)
    if isinstance(value, Mapping):
        unknown = set(value) - set(output_names)
        if unknown:
            raise ValueError(
                f"In the dict argument `{argument}`, key {sorted(unknown)[0]!r} does not "
                f"correspond to any model output. Received:\n{argument}={dict(value)}\n"
                f"Model output names: {output_names}"
            )
        return [value.get(name) for name in output_names]
    if isinstance(value, (list, tuple)) and n > 1:
        if len(value) != n:
            raise ValueError(
                f"For a model with multiple outputs, when providing the `{argument}` argument "
                f"as a list, it should have as many entries as the model has outputs. "
                f"Received:\n{argument}={list(value)}\nof length {len(value)} whereas the "
                f"model has {n} outputs."
            )
        return list(value)
    if isinstance(value, (list, tuple)) and n == 1 and argument == "loss":
        if len(value) != 1:
            raise ValueError(
                f"The model has 1 output, but the `loss` argument is a list of {len(value)} "
                f"entries: {list(value)}"
            )
        return list(value)
    if allow_broadcast or n == 1:
        return [value] * n
    return [value] + [None] * (n - 1)


class CompileLoss:
    """The total loss: the weighted sum of each output's loss."""

    def __init__(self, loss, loss_weights, output_names: list[str]):
        self.output_names = list(output_names)
        specs = _per_output(loss, self.output_names, "loss", allow_broadcast=True)
        self.losses = [_loss_object(s) for s in specs]
        if loss_weights is None:
            weights = [1.0] * len(self.output_names)
        elif isinstance(loss_weights, Mapping):
            weights = [float(loss_weights.get(n, 1.0)) for n in self.output_names]
        elif isinstance(loss_weights, Sequence):
            if len(loss_weights) != len(self.output_names):
                raise ValueError(
                    "Argument `loss_weights` must have one entry per model output "
                    f"({len(self.output_names)}). Received: loss_weights={list(loss_weights)}"
                )
            weights = [float(w) for w in loss_weights]
        else:
            weights = [float(loss_weights)] * len(self.output_names)
        self.weights = weights
        self.kinds = [LossKind.of(lo) for lo in self.losses]
        self.single = len(self.output_names) == 1
        self._active = [i for i, lo in enumerate(self.losses) if lo is not None]
        if not self._active:
            raise ValueError("`compile()` needs a loss for at least one output. Received: "
                             f"loss={loss!r}")
        if isinstance(loss, Mapping):
            # Keras walks a loss dict in the user's key order.
            order = {name: k for k, name in enumerate(loss)}
            self._active.sort(key=lambda i: order.get(self.output_names[i], len(order)))
        # As Keras 3: one `<output>_loss` tracker per loss, only when there are several.
        self.trackers: dict[int, object] = {}
        if len(self._active) > 1:
            self.trackers = {i: Mean(name=f"{self.output_names[i]}_loss") for i in self._active}

    @property
    def metrics(self) -> list:
        """The per-output loss trackers (empty with a single loss), as Keras lists them."""
        return list(self.trackers.values())

    def flat(self, y_true, y_pred) -> tuple[list, list]:
        """Targets and predictions as two lists with one entry per output."""
        return split_by_output(y_true, y_pred, self.output_names, self._active)

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Return (total, per-output list of unweighted losses or None)."""
        if self.single and not isinstance(y_true, Mapping):
            lo = self.losses[0](y_true, y_pred, sample_weight)
            w = self.weights[0]
            return (lo if w == 1.0 else lo * w), None
        ys, ps = self.flat(y_true, y_pred)
        sws = (_match(sample_weight, self.output_names, "sample_weight")
               if isinstance(sample_weight, (Mapping, list, tuple)) else
               [sample_weight] * len(ps))
        total, parts = None, [None] * len(ps)
        for i in self._active:
            if ys[i] is None:
                continue
            lo = self.losses[i](ys[i], ps[i], sws[i])
            parts[i] = lo
            tracker = self.trackers.get(i)
            if tracker is not None:  # the unweighted loss, weighted by the batch size
                tracker.update_state(lo.detach(), sample_weight=_batch_size(ps[i]))
            term = lo * self.weights[i]
            total = term if total is None else total + term
        if total is None:
            with_loss = [self.output_names[i] for i in self._active]
            raise ValueError(
                "No target data `y` matched an output that has a loss. Outputs with a loss: "
                f"{with_loss}. Pass their targets in `y` (a dict keyed by these names, or a "
                "list in output order)."
            )
        return total, parts


def _batch_size(y_pred):
    first = flatten(y_pred)[0]
    return first.shape[0] if isinstance(first, torch.Tensor) and first.dim() else 1


def split_by_output(y_true, y_pred, output_names: list[str], active=None) -> tuple[list, list]:
    """Targets and predictions as two lists with one entry per output (``None`` where absent).

    Args:
        y_true: The targets: one array (one output), a list in output order, or a dict keyed
            by output name.
        y_pred: The model's outputs, in the same structure the model returns.
        output_names: The model's output names.
        active: Indices of the outputs that have a loss: a list of targets for exactly these
            outputs is matched to them (Keras 3).
    """
    if len(output_names) == 1 and not isinstance(y_true, Mapping):
        return [y_true], [y_pred]
    return (_match(y_true, output_names, "y", active),
            _match(y_pred, output_names, "y_pred"))


def check_target_keys(y, output_names: list[str]) -> None:
    """Refuse a dict of targets whose keys are not output names, naming both."""
    if isinstance(y, Mapping):
        unknown = [k for k in y if k not in output_names]
        if unknown:
            raise ValueError(
                f"Argument `y` is a dict with keys {list(y)}, but key(s) {unknown} name no "
                f"output of the model. Expected keys among the output names: {output_names}."
            )


def _match(value, output_names, argument, active=None):
    if value is None:
        return [None] * len(output_names)
    if isinstance(value, Mapping):
        if argument == "y":
            check_target_keys(value, output_names)
        return [value.get(n) for n in output_names]
    if isinstance(value, (list, tuple)):
        if active is not None and len(value) == len(active) != len(output_names):
            # Keras 3: targets given only for the outputs that have a loss.
            out = [None] * len(output_names)
            for i, v in zip(sorted(active), value):
                out[i] = v
            return out
        if len(value) != len(output_names):
            raise ValueError(
                f"Argument `{argument}` has {len(value)} entries but the model has "
                f"{len(output_names)} outputs ({output_names})."
            )
        return list(value)
    return [value] + [None] * (len(output_names) - 1)


class CompileMetrics:
    """The compiled metrics of every output, seen by the model as one metric.

    As in Keras 3, ``model.metrics`` lists this object (named ``compile_metrics``): its
    ``update_state(y, y_pred)`` builds the metrics on the first batch and updates them all,
    and ``result()`` is a dict keyed by the History names (``accuracy``, or
    ``<output>_accuracy`` for a model with several outputs).
    """

    def __init__(self, metrics, weighted_metrics, output_names: list[str],
                 loss: CompileLoss | None):
        self.name = "compile_metrics"
        self.output_names = list(output_names)
        self.loss = loss
        self._specs = self._spread(metrics, "metrics")
        self._wspecs = self._spread(weighted_metrics, "weighted_metrics")
        self.built = False
        self.entries: list = []  # (metric, output index, weighted, log name)

    def _spread(self, value, argument):
        if value is None:
            return [[] for _ in self.output_names]
        if not isinstance(value, (list, tuple, Mapping)):
            raise TypeError(
                f"Argument `{argument}` must be a list or a dict. Received: {argument}={value!r}"
            )
        n = len(self.output_names)
        if isinstance(value, Mapping):
            per = _per_output(value, self.output_names, argument, allow_broadcast=False)
            return [_as_list(v) for v in per]
        if n > 1 and len(value) == n:
            # Keras 3: a list with one entry (a metric, a list or None) per output.
            return [_as_list(v) for v in value]
        if n > 1 and value and all(isinstance(v, (list, tuple)) or v is None for v in value):
            per = _per_output(list(value), self.output_names, argument, allow_broadcast=False)
            return [list(v or []) for v in per]
        # Keras 2: a flat list applies every metric to every output.
        return [list(value) for _ in range(n)]

    @property
    def metrics(self) -> list:
        return [m for m, _, _, _ in self.entries]

    @property
    def variables(self) -> list:
        return [v for m in self.metrics for v in m.variables]

    def build(self, y_true_list, y_pred_list) -> None:
        multi = len(self.output_names) > 1
        seen: dict[str, int] = {}
        self.entries = []
        for weighted, specs in ((False, self._specs), (True, self._wspecs)):
            for i, ids in enumerate(specs):
                if y_pred_list[i] is None:
                    continue
                prefix = f"{self.output_names[i]}_" if multi else ""
                for ident in ids:
                    if ident is None:
                        continue
                    loss = self.loss.losses[i] if self.loss is not None else None
                    m = resolve_metric(ident, loss, y_true_list[i], y_pred_list[i])
                    self.entries.append((m, i, weighted, _unique_log_name(
                        seen, prefix, m.name, weighted)))
        self.built = True

    def update(self, y_true_list, y_pred_list, sample_weight) -> None:
        if not self.built:
            self.build(y_true_list, y_pred_list)
        for m, i, weighted, _ in self.entries:
            if y_true_list[i] is None:
                continue
            sw = sample_weight if weighted else None
            if isinstance(sw, (list, tuple)):
                sw = sw[i] if len(sw) > i else sw[0]
            elif isinstance(sw, Mapping):
                sw = sw.get(self.output_names[i])
            m.update_state(y_true_list[i], y_pred_list[i], sw)

    # The Metric protocol, so that custom `train_step`s can treat it as one metric.
    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        with torch.no_grad():
            if self.loss is not None:
                ys, ps = self.loss.flat(y_true, detach(y_pred))
            else:
                ys, ps = split_by_output(y_true, detach(y_pred), self.output_names)
            self.update(ys, ps, sample_weight)

    def result(self) -> dict:
        return {name: m.result() for m, _, _, name in self.entries}

    def reset_state(self) -> None:
        for m in self.metrics:
            m.reset_state()

    reset = reset_state

    def __repr__(self) -> str:
        return f"<CompileMetrics name={self.name}>"


def _as_list(v) -> list:
    if v is None:
        return []
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _unique_log_name(seen: dict, prefix: str, name: str, weighted: bool) -> str:
    """Keras 3's History key: ``<output>_<name>``, then ``_1``, ``_2``; a weighted
    metric that repeats an unweighted one becomes ``<output>_weighted_<name>``."""
    key = f"{prefix}{name}"
    if key not in seen:
        seen[key] = 1
        return key
    if weighted:
        key = f"{prefix}weighted_{name}"
        if key not in seen:
            seen[key] = 1
            return key
    index = seen[key]
    seen[key] += 1
    return f"{key}_{index}"


def detach(structure):
    if isinstance(structure, torch.Tensor):
        return structure.detach()
    if isinstance(structure, (list, tuple)):
        return [detach(s) for s in structure]
    if isinstance(structure, Mapping):
        return {k: detach(v) for k, v in structure.items()}
    return structure


__all__ = ["CompileLoss", "CompileMetrics", "LossKind", "check_target_keys", "detach",
           "flatten", "split_by_output"]
