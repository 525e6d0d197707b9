"""``keras.saving.KerasFileEditor``: inspect and edit the weights of a ``.keras`` or
``.weights.h5`` file without building the model."""

from __future__ import annotations

import io
import json
import os
import zipfile

import h5py
import numpy as np

from torcheras.saving import _files
from torcheras.saving import _keras_zip as kz
from torcheras.saving import _weights_store as ws


def _read_objects(h5: h5py.File) -> dict[str, dict]:
    """Object path -> ``{"name": ..., "vars": {"0": array, ...}}`` for every ``vars`` group
    (the model's own is at path ``""``)."""
    objects: dict[str, dict] = {}

    def visit(name, obj):
        parent, _, key = name.rpartition("/")
        ws._refuse_links(h5[parent] if parent else h5, key)
        if isinstance(obj, h5py.Group) and name.split("/")[-1] == "vars":
            path = name[: -len("vars")].rstrip("/")
            for k in obj.keys():
                ws._refuse_links(obj, k)
            values = {k: np.asarray(obj[k]) for k in obj.keys()}
            objects[path] = {"name": obj.attrs.get("name"), "vars": values}

    if "vars" in h5:
        visit("vars", h5["vars"])
    h5.visititems(visit)
    return objects


class KerasFileEditor:
    """Utility to inspect, edit, and resave Keras weights files.

    Useful when a saved model's weights need surgery: renaming a layer path, removing or
    adding variables, comparing a file with the model it should load into.

    Args:
        filepath: The path to a local file to inspect and edit (`.keras` or
            `.weights.h5`).

    Example:

    >>> import os, tempfile
    >>> import torcheras as keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.weights.h5")
    >>> model.save_weights(path)
    >>> editor = KerasFileEditor(path)
    >>> sorted(editor.weights_dict["layers"]["dense"]["vars"])
    ['0', '1']
    >>> editor.compare(model)["status"]
    'success'
    """

    def __init__(self, filepath):
        path = _files.check_readable(os.fspath(filepath), "`.keras` or `.weights.h5` file")
        self.filepath = path
        self.config = None
        self.metadata = None
        self._assets: dict = {}
        if path.endswith(".keras") or _files.is_zip(path):
            config, archive, _ = kz.read_config(path)
            with archive:
                self.config = config
                raw_meta = _files.read_zip_entry(archive, kz.METADATA_FILENAME, path)
                self.metadata = json.loads(raw_meta)
                raw = _files.read_zip_entry(archive, kz.VARS_FILENAME, path)
                self._assets = kz._read_assets(archive, path)
            source = io.BytesIO(raw)
        elif path.endswith(".weights.h5") or _files.is_hdf5(path):
            source = path
        else:
            raise ValueError(
                "Invalid filename: expected a `.keras` `.weights.h5` extension. "
                f"Received: filepath={path}"
            )
        with _files.open_h5(source, path, "weights file") as h5:
            self._objects = _read_objects(h5)

    # ------------------------------------------------------------------ views
    @property
    def weights_dict(self) -> dict:
        """The weights as nested dicts by path: ``weights_dict["layers"]["dense"]["vars"]``."""
        root: dict = {}
        for path, entry in self._objects.items():
            node = root
            for part in [p for p in path.split("/") if p]:
                node = node.setdefault(part, {})
            node["vars"] = dict(entry["vars"])
        return root

    def summary(self) -> None:
        """Prints the objects of the file with their variables (index, shape, dtype)."""
        print(f"Keras weights file ({self.filepath}):")
        if self.metadata:
            print(f"  saved by Keras {self.metadata.get('keras_version')} on "
                  f"{self.metadata.get('date_saved')}")
        for path in sorted(self._objects):
            entry = self._objects[path]
            values = entry["vars"]
            name = entry["name"]
            label = path or "/"
            if isinstance(name, bytes):
                name = name.decode("utf8")
            print(f"  {label}" + (f" (name: {name})" if name else "") + f": {len(values)} "
                  "variable(s)")
            for key in sorted(values, key=lambda k: int(k) if k.isdigit() else k):
                v = values[key]
                print(f"    {key}: shape={tuple(v.shape)}, dtype={v.dtype}")

    def compare(self, reference_model) -> dict:
        """Compares the file with ``reference_model``'s weights (paths, counts, shapes).

        Returns:
            ``{"status": "success" | "error", "error_count": int, "match_count": int}``;
            each mismatch is also printed.
        """
        data = kz.weights_bytes(reference_model)
        with h5py.File(io.BytesIO(data), "r") as h5:
            reference = _read_objects(h5)
        errors, matches = 0, 0
        for path in sorted(set(reference) | set(self._objects)):
            ref = reference.get(path, {}).get("vars")
            got = self._objects.get(path, {}).get("vars")
            label = path or "/"
            if ref is None:
                if got:
                    print(f"Object {label} is in the file but not in the model.")
                    errors += 1
                continue
            if got is None:
                if ref:
                    print(f"Object {label} of the model is missing from the file.")
                    errors += 1
                continue
            if len(ref) != len(got):
                print(f"Object {label}: the model has {len(ref)} variables, the file "
                      f"{len(got)}.")
                errors += 1
                continue
            bad = [k for k in ref if k not in got or ref[k].shape != got[k].shape]
            if bad:
                for k in bad:
                    print(f"Object {label}, variable {k}: the model expects shape "
                          f"{ref[k].shape}, the file has "
                          f"{got[k].shape if k in got else 'no such variable'}.")
                errors += 1
            else:
                matches += 1
        return {"status": "success" if errors == 0 else "error", "error_count": errors,
                "match_count": matches}

    # ------------------------------------------------------------------ edits
    def _check_object(self, object_name: str) -> str:
        """The path of ``object_name``: a path, or a leaf name that occurs once."""
        if object_name in self._objects:
            return object_name
        if "/" not in object_name:
            matches = [p for p in self._objects if p.rpartition("/")[2] == object_name]
            if len(matches) > 1:
                raise ValueError(
                    f"Name '{object_name}' occurs more than once in the model; try passing "
                    f"a complete path (one of {sorted(matches)})."
                )
            if matches:
                return matches[0]
        raise ValueError(
            f"Object '{object_name}' not found in the file. Objects present: "
            f"{sorted(self._objects)}"
        )

    def rename_object(self, object_name: str, new_name: str) -> None:
        """Renames an object (and the objects under it): ``object_name`` is its path or a
        unique leaf name, ``new_name`` the new leaf name."""
        if "/" in new_name:
            raise ValueError(
                "Argument `target_name` should be a leaf name, not a full path name. "
                f"Received: target_name='{new_name}'"
            )
        object_name = self._check_object(object_name)
        parent = object_name.rpartition("/")[0]
        target = f"{parent}/{new_name}" if parent else new_name
        if target in self._objects:
            raise ValueError(f"Object '{target}' already exists in the file.")
        moved = {}
        for path in list(self._objects):
            if path == object_name or path.startswith(object_name + "/"):
                moved[target + path[len(object_name):]] = self._objects.pop(path)
        self._objects.update(moved)

    def delete_object(self, object_name: str) -> None:
        """Removes an object (and the objects under it) from the file."""
        object_name = self._check_object(object_name)
        for path in list(self._objects):
            if path == object_name or path.startswith(object_name + "/"):
                del self._objects[path]

    def add_object(self, object_name: str, weights: dict) -> None:
        """Adds an object with its variables (``{"0": array, "1": array}``, or a list)."""
        if object_name in self._objects:
            raise ValueError(f"Object '{object_name}' already exists in the file.")
        self._objects[object_name] = {"name": object_name.rpartition("/")[2],
                                      "vars": self._as_vars(weights)}

    def delete_weight(self, object_name: str, weight_name: str) -> None:
        """Removes variable ``weight_name`` (its index, e.g. ``"1"``) of an object."""
        object_name = self._check_object(object_name)
        values = self._objects[object_name]["vars"]
        if str(weight_name) not in values:
            raise ValueError(
                f"Weight '{weight_name}' not found in object '{object_name}'. Weights "
                f"present: {sorted(values)}"
            )
        del values[str(weight_name)]

    def add_weights(self, object_name: str, weights: dict) -> None:
        """Adds (or replaces) variables of an existing object."""
        object_name = self._check_object(object_name)
        self._objects[object_name]["vars"].update(self._as_vars(weights))

    @staticmethod
    def _as_vars(weights) -> dict:
        if isinstance(weights, (list, tuple)):
            weights = {str(i): w for i, w in enumerate(weights)}
        if not isinstance(weights, dict):
            raise ValueError(
                "Argument `weights` must be a dict of {index: array} or a list of arrays. "
                f"Received: {type(weights).__name__}"
            )
        return {str(k): np.asarray(v) for k, v in weights.items()}

    # ------------------------------------------------------------------ writing
    def _weights_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with h5py.File(buffer, "w") as h5:
            store = ws.H5Store(h5, "w")
            for path in sorted(self._objects):
                entry = self._objects[path]
                name = entry["name"]
                if isinstance(name, bytes):
                    name = name.decode("utf8")
                group = store.make(path, name)
                for key, value in entry["vars"].items():
                    group[key] = value
        return buffer.getvalue()

    def save(self, filepath) -> None:
        """Writes the edited file: a `.keras` archive (with the original config) or a
        `.weights.h5` file, by the extension of ``filepath``."""
        path = os.fspath(filepath)
        data = self._weights_bytes()
        if path.endswith(".keras"):
            if self.config is None:
                raise ValueError(
                    "This editor was opened on a weights file, which has no model config: "
                    f"save it as `.weights.h5`. Received: filepath={path}"
                )
            with _files.atomic_write(path) as f, zipfile.ZipFile(f, "w") as zf:
                zf.writestr(kz.METADATA_FILENAME, json.dumps(self.metadata))
                zf.writestr(kz.CONFIG_FILENAME, json.dumps(self.config))
                zf.writestr(kz.VARS_FILENAME, data, compress_type=zipfile.ZIP_STORED)
                for name, asset in kz._asset_entries(self._assets):  # kept as they were
                    zf.writestr(name, asset)
            return
        if not path.endswith(".weights.h5"):
            raise ValueError(
                "Invalid `filepath` argument: expected a `.keras` or `.weights.h5` "
                f"extension. Received: filepath={path}"
            )
        with _files.atomic_write(path) as f:
            f.write(data)

    def resave_weights(self, filepath) -> None:
        """Writes only the weights, to a `.weights.h5` file."""
        path = os.fspath(filepath)
        if not path.endswith(".weights.h5"):
            raise ValueError(
                "Invalid `filepath` argument: expected a `.weights.h5` extension. "
                f"Received: filepath={path}"
            )
        self.save(path)
