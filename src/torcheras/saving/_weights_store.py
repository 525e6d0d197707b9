"""The weights file of Keras 3 (``model.weights.h5``, ``*.weights.h5``) and the walk over a
model that gives each object's weights their path in it.

Layout, as Keras 3 writes it: each object's own variables in a ``vars`` group of datasets
``"0"``, ``"1"``, ... (the group's ``name`` attribute holds the object's name); the model's
own group is ``/vars``; a ``Sequential``/functional model's layers are under
``layers/<snake_case class name>[_<n>]``; other children under their attribute name
(``optimizer``, ``cell``, ``forward_layer``, ``query_dense``), lists of children under the
attribute name with class-named entries.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import h5py
import numpy as np

from torcheras.backend import _naming
from torcheras.layers._layer import Layer
from torcheras.metrics import Metric
from torcheras.optimizers import Optimizer
from torcheras.saving._model_class import model_class


class H5Entry:
    """The ``vars`` group of one object: a dict-like view of its arrays by index."""

    def __init__(self, group, writable: bool):
        self._group = group
        self._writable = writable

    def __setitem__(self, key: str, value) -> None:
        if not self._writable:
            raise ValueError("This weights store was opened for reading.")
        array = np.asarray(value)
        self._group.create_dataset(str(key), data=array)

    def __getitem__(self, key: str) -> np.ndarray:
        if self._group is None or str(key) not in self._group:
            raise KeyError(key)
        dataset = self._group[str(key)]
        return dataset[()] if dataset.shape == () else dataset[...]

    def keys(self) -> list[str]:
        if self._group is None:
            return []
        return sorted(self._group.keys(), key=lambda k: int(k) if k.isdigit() else k)

    def __len__(self) -> int:
        return len(self.keys())

    def __contains__(self, key) -> bool:
        return self._group is not None and str(key) in self._group


class H5Store:
    """Reads or writes a Keras 3 weights file (``h5py.File`` or an open file object)."""

    def __init__(self, file: h5py.File, mode: str):
        self.h5 = file
        self.mode = mode

    def make(self, path: str, name: str | None = None) -> H5Entry:
        group = self.h5.require_group(path) if path else self.h5
        entry = group.require_group("vars")
        if name is not None:
            entry.attrs["name"] = name
        return H5Entry(entry, True)

    def get(self, path: str) -> H5Entry | None:
        group = self.h5
        for part in [p for p in path.split("/") if p] + ["vars"]:
            if not isinstance(group, h5py.Group) or part not in group:
                return None
            _refuse_links(group, part)
            group = group[part]
        if not isinstance(group, h5py.Group):
            return None
        for key in group.keys():
            _refuse_links(group, key)
        return H5Entry(group, False)

    def has_path(self, path: str) -> bool:
        return path in self.h5


def _refuse_links(group: h5py.Group, key: str) -> None:
    # A soft or external link would make h5py read another place (or another file) than
    # the weights file itself; Keras refuses them too.
    link = group.get(key, getclass=True, getlink=True)
    if link in (h5py.ExternalLink, h5py.SoftLink):
        raise ValueError(
            f"Not allowed: the weights file links '{group.name.rstrip('/')}/{key}' to "
            f"another location ({link.__name__})."
        )


# ---------------------------------------------------------------------------------------
# the walk
# ---------------------------------------------------------------------------------------
def is_saveable(obj) -> bool:
    return isinstance(obj, (Layer, Optimizer)) and not isinstance(obj, Metric)


def _name_key(name: str) -> str:
    return f"~{name}" if name.startswith("_") else name


_TORCH_REGISTRIES = frozenset({"_modules", "_parameters", "_buffers"})


def _children(obj) -> Iterator[tuple[str, object]]:
    """(attribute, child) pairs in Keras's order: a model's ``layers`` first, then the
    attributes sorted by name with private ones last."""
    if isinstance(obj, (model_class("Sequential"), model_class("Functional"))):
        yield "layers", list(obj.layers)
    if not isinstance(obj, Layer):
        return
    candidates: dict[str, object] = {}
    for key, value in obj._modules.items():
        if "." not in key:
            candidates[key] = value
    for key, value in vars(obj).items():
        # torch's own registries (`_modules`, ...) are not attributes Keras would walk.
        if key.startswith("__") or key in candidates or key in _TORCH_REGISTRIES:
            continue
        if key == "optimizer" or isinstance(value, (list, tuple, dict)) and _has_saveable(value):
            candidates[key] = value
    named = {}
    for key, value in candidates.items():
        if key.startswith("_") and key[1:] and getattr(obj, key[1:], None) is value:
            key = key[1:]  # Keras reaches it through its public property first
        named[key] = value
    for key in sorted(named, key=_name_key):
        yield key, named[key]


def _has_saveable(container) -> bool:
    values = container.values() if isinstance(container, dict) else container
    for v in values:
        if is_saveable(v) or (isinstance(v, (list, tuple, dict)) and _has_saveable(v)):
            return True
    return False


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def own_variables(obj) -> list:
    """An object's own variables in Keras's order: a layer's trainable then non-trainable
    ones (each in creation order); an optimizer's iteration, learning rate and slots."""
    if isinstance(obj, Layer):
        own = obj._own_weights
        return [w for w in own if w.trainable] + [w for w in own if not w.trainable]
    return list(obj.variables)


def save_state(obj, store: H5Store, path: str, visited: set,
               assets: dict | None = None) -> None:
    if id(obj) in visited:
        return
    if assets is not None:
        save_assets(obj, path, assets)
    entry = store.make(path, getattr(obj, "name", None))
    if _has_own_saver(obj, "save_own_variables"):
        obj.save_own_variables(entry)
    else:
        for i, variable in enumerate(own_variables(obj)):
            entry[str(i)] = variable.numpy()
    visited.add(id(obj))
    for attr, child in _children(obj):
        if is_saveable(child):
            save_state(child, store, _join(path, attr), visited, assets)
        elif isinstance(child, (list, tuple, dict)):
            _save_container(child, store, _join(path, attr), visited, set(), assets)


def _has_own_saver(obj, method: str) -> bool:
    """Optimizers, and layers whose class defines ``method`` (layers otherwise use the
    default order of :func:`own_variables`)."""
    if not isinstance(obj, Layer):
        return hasattr(obj, method)
    return getattr(type(obj), method, None) is not None


def _container_items(container) -> list:
    return list(container.values()) if isinstance(container, dict) else list(container)


def _save_container(container, store, path, visited, seen_containers, assets=None) -> None:
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    used: dict[str, int] = {}
    for item in _container_items(container):
        if is_saveable(item):
            name = _unique(_naming.to_snake_case(type(item).__name__), used)
            save_state(item, store, _join(path, name), visited, assets)
        elif isinstance(item, (list, tuple, dict)):
            name = _unique("container", used)
            _save_container(item, store, _join(path, name), visited, seen_containers, assets)


def _unique(name: str, used: dict) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


class LoadReport:
    """What loading found: objects that failed, and why."""

    def __init__(self, skip_mismatch: bool, filepath: str, model=None,
                 assets: dict | None = None):
        self.model = model
        self.assets = assets or {}
        self.skip_mismatch = skip_mismatch
        self.filepath = filepath
        self.errors: list[str] = []


def load_state(obj, store: H5Store, path: str, visited: set, report: LoadReport) -> None:
    if id(obj) in visited:
        return
    visited.add(id(obj))
    if report.assets:
        load_assets(obj, path, report.assets)
    entry = store.get(path)
    try:
        _load_own(obj, entry, path, report)
    except ValueError as e:
        if not report.skip_mismatch:
            raise
        warnings.warn(f"Skipping loading weights for '{getattr(obj, 'name', path)}': {e}",
                      stacklevel=4)
    for attr, child in _children(obj):
        if is_saveable(child):
            load_state(child, store, _join(path, attr), visited, report)
        elif isinstance(child, (list, tuple, dict)):
            _load_container(child, store, _join(path, attr), visited, report, set())


def _load_own(obj, entry: H5Entry | None, path: str, report: LoadReport) -> None:
    if not isinstance(obj, Layer):  # optimizer: it checks the count itself (and warns)
        if entry is not None and hasattr(obj, "load_own_variables"):
            model = report.model
            if not obj.built and len(entry) > len(obj.variables) and model is not None \
                    and model.built:
                # Keras skips the state of an unbuilt optimizer; building it for the
                # model's weights first keeps the saved slots (nothing trained is lost).
                obj.build(model.trainable_weights)
            base = _base_variables(obj)
            if obj.built and len(entry) == len(base) < len(obj.variables):
                # Saved before its first step (no slots yet): the step count and learning
                # rate are all the state there is.
                for i, variable in enumerate(base):
                    variable.assign(entry[str(i)])
                return
            obj.load_own_variables(entry)
        return
    variables = own_variables(obj)
    if _has_own_saver(obj, "load_own_variables"):
        try:
            obj.load_own_variables(entry if entry is not None else H5Entry(None, False))
        except ValueError as e:  # the layer's own message, naming the file
            raise ValueError(f"{e} (at '{path or '/'}' in {report.filepath})") from e
        return
    stored = len(entry) if entry is not None else 0
    if stored != len(variables):
        if not variables and entry is None:
            return
        raise ValueError(
            f"Layer '{obj.name}' expected {len(variables)} variables, but received "
            f"{stored} variables during loading (at '{path or '/'}' in "
            f"{report.filepath}). Expected: {[v.name for v in variables]}"
        )
    arrays = [entry[str(i)] for i in range(stored)]
    for variable, array in zip(variables, arrays):
        if tuple(variable.shape) != tuple(np.shape(array)):
            raise ValueError(
                f"The shape of the target variable and the shape of the loaded value do not "
                f"match for variable '{variable.name}' of layer '{obj.name}': target "
                f"{tuple(variable.shape)}, loaded {tuple(np.shape(array))} (at "
                f"'{path or '/'}' in {report.filepath})."
            )
    for variable, array in zip(variables, arrays):
        variable.assign(array)


def _base_variables(optimizer) -> list:
    """The iteration count and learning-rate variable (what an unbuilt optimizer has)."""
    out = []
    for variable in optimizer.variables:
        if getattr(variable, "name", None) in ("iteration", "learning_rate") and len(out) < 2:
            out.append(variable)
        else:
            break
    return out


def _load_container(container, store, path, visited, report, seen_containers) -> None:
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    used: dict[str, int] = {}
    for item in _container_items(container):
        if is_saveable(item):
            name = _unique(_naming.to_snake_case(type(item).__name__), used)
            load_state(item, store, _join(path, name), visited, report)
        elif isinstance(item, (list, tuple, dict)):
            name = _unique("container", used)
            _load_container(item, store, _join(path, name), visited, report, seen_containers)


# ---------------------------------------------------------------------------------------
# assets: what is not a variable (an adapted vocabulary), as Keras's `assets/` folder
# ---------------------------------------------------------------------------------------
VOCABULARY_FILE = "vocabulary.txt"


def _vocabulary_layer(obj) -> bool:
    return (hasattr(obj, "get_vocabulary") and hasattr(obj, "set_vocabulary")
            and hasattr(obj, "_has_input_vocabulary"))


def save_assets(obj, path: str, assets: dict) -> None:
    """Records ``{path: {file name: bytes}}`` for an object with assets: a lookup or text
    vectorization layer's adapted vocabulary (one token per line, special tokens first,
    as Keras writes it; a vocabulary given in the config is not repeated)."""
    if not _vocabulary_layer(obj) or obj._has_input_vocabulary:
        return
    vocabulary = obj.get_vocabulary(include_special_tokens=True)
    if not vocabulary:
        return
    text = "\n".join(str(w) for w in vocabulary)
    assets.setdefault(path, {})[VOCABULARY_FILE] = text.encode("utf-8")


def load_assets(obj, path: str, assets: dict) -> None:
    if not _vocabulary_layer(obj) or obj._has_input_vocabulary:
        return
    data = assets.get(path, {}).get(VOCABULARY_FILE)
    if data is None:
        return
    lines = data.decode("utf-8").splitlines()
    while lines and lines[-1] == "":
        lines.pop()
    lookup = getattr(obj, "_lookup_layer", obj)
    if not getattr(lookup, "_strings", True):
        lines = [int(v) for v in lines]
    idf = None
    if getattr(obj, "output_mode", None) == "tf_idf":
        weights = getattr(lookup, "idf_weights", None)
        idf = None if weights is None else np.asarray(
            weights.detach().cpu() if hasattr(weights, "detach") else weights)
    obj.set_vocabulary(lines, idf_weights=idf)


def weight_paths(store: H5Store) -> list[str]:
    """Every dataset path in the file (for error messages and the file editor)."""
    out: list[str] = []
    store.h5.visititems(lambda name, o: out.append(name) if isinstance(o, h5py.Dataset) else None)
    return sorted(out, key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p)])
