"""The Keras 3 ``.keras`` file: a zip of ``metadata.json``, ``config.json`` and
``model.weights.h5``; and the ``.weights.h5`` file of ``save_weights``."""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import tempfile
import zipfile

import h5py

from torcheras.saving import _files
from torcheras.saving import _serialization as ser
from torcheras.saving import _weights_store as ws

CONFIG_FILENAME = "config.json"
METADATA_FILENAME = "metadata.json"
VARS_FILENAME = "model.weights.h5"
# The Keras version whose format these files follow (real Keras reads the metadata).
KERAS_FORMAT_VERSION = "3.15.1"


def _json_default(obj):
    # Configs may hold NumPy scalars or tuples nested in lists; JSON wants plain values.
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable: {obj!r}")


def model_json(model) -> tuple[str, str]:
    config = ser.serialize_keras_object(model)
    metadata = {"keras_version": KERAS_FORMAT_VERSION,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    return json.dumps(config, default=_json_default), json.dumps(metadata)


ASSETS_DIRNAME = "assets"


def weights_bytes(model, objects_to_skip=(), assets: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        ws.save_state(model, ws.H5Store(f, "w"), "", {id(o) for o in objects_to_skip},
                      assets)
    return buffer.getvalue()


def _asset_entries(assets: dict) -> list[tuple[str, bytes]]:
    out = []
    for path, files in sorted(assets.items()):
        for name, data in sorted(files.items()):
            out.append(("/".join(p for p in (ASSETS_DIRNAME, path, name) if p), data))
    return out


def _read_assets(archive: zipfile.ZipFile, path: str) -> dict:
    """``{object path: {file name: bytes}}`` from the archive's ``assets/`` entries."""
    assets: dict = {}
    prefix = ASSETS_DIRNAME + "/"
    for name in archive.namelist():
        if not name.startswith(prefix) or name.endswith("/"):
            continue
        parts = name[len(prefix):].split("/")
        if ".." in parts or "" in parts[:-1]:
            raise ValueError(
                f"Not allowed: the asset '{name}' of {path} escapes the asset folder.")
        data = _files.read_zip_entry(archive, name, path)
        assets.setdefault("/".join(parts[:-1]), {})[parts[-1]] = data
    return assets


def save_keras(model, filepath) -> None:
    """Write ``model`` (config, weights and optimizer state) to a ``.keras`` file."""
    config_json, metadata_json = model_json(model)
    assets: dict = {}
    weights = weights_bytes(model, assets=assets)
    with _files.atomic_write(filepath) as f, zipfile.ZipFile(f, "w") as zf:
        zf.writestr(METADATA_FILENAME, metadata_json)
        zf.writestr(CONFIG_FILENAME, config_json)
        zf.writestr(VARS_FILENAME, weights, compress_type=zipfile.ZIP_STORED)
        for name, data in _asset_entries(assets):
            zf.writestr(name, data)


def save_keras_dir(model, dirpath) -> None:
    """The unzipped form (``zipped=False``): the same three files in a folder, written to
    a temporary folder beside it and renamed into place."""
    config_json, metadata_json = model_json(model)
    assets: dict = {}
    weights = weights_bytes(model, assets=assets)
    target = os.path.abspath(os.fspath(dirpath))
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.", dir=parent)
    try:
        for name, data in ((METADATA_FILENAME, metadata_json.encode()),
                           (CONFIG_FILENAME, config_json.encode()), (VARS_FILENAME, weights)):
            with _files.atomic_write(os.path.join(staging, name)) as f:
                f.write(data)
        for name, data in _asset_entries(assets):
            with _files.atomic_write(os.path.join(staging, *name.split("/"))) as f:
                f.write(data)
        if os.path.isdir(target):
            old = staging + ".old"
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def is_keras_dir(path: str) -> bool:
    return os.path.isdir(path) and os.path.exists(os.path.join(path, CONFIG_FILENAME))


def load_keras_dir(dirpath, custom_objects=None, compile=True, safe_mode=True):
    """The model in an unzipped `.keras` folder (``save_model(..., zipped=False)``)."""
    path = os.fspath(dirpath)
    with open(os.path.join(path, CONFIG_FILENAME), "rb") as f:
        raw = f.read()
    try:
        config = json.loads(raw)
    except ValueError as e:
        raise ValueError(
            f"The folder {path} is not a valid `.keras` folder: its `{CONFIG_FILENAME}` is "
            f"not valid JSON ({e})."
        ) from None
    if not compile:
        config = {k: v for k, v in config.items() if k != "compile_config"}
    try:
        model = ser.deserialize_keras_object(config, custom_objects=custom_objects,
                                             safe_mode=safe_mode)
    except (ValueError, TypeError) as e:
        raise type(e)(f"{e}\n(while loading the model in {path})") from e
    weights = os.path.join(path, VARS_FILENAME)
    _files.check_readable(weights, "weights file")
    assets: dict = {}
    root = os.path.join(path, ASSETS_DIRNAME)
    for folder, _, names in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                assets.setdefault("" if relative == "." else relative, {})[name] = f.read()
    with _files.open_h5(weights, weights, "weights file") as f:
        _load_into(model, f, weights, skip_mismatch=False, assets=assets)
    return model


def read_config(filepath) -> tuple[dict, zipfile.ZipFile, str]:
    path = _files.check_readable(filepath, "`.keras` zip file")
    archive = _files.open_zip(path)
    raw = _files.read_zip_entry(archive, CONFIG_FILENAME, path)
    try:
        config = json.loads(raw)
    except ValueError as e:
        archive.close()
        raise ValueError(
            f"The file {path} is not a valid `.keras` file: its `{CONFIG_FILENAME}` is "
            f"not valid JSON ({e})."
        ) from None
    if not isinstance(config, dict) or "class_name" not in config:
        archive.close()
        raise ValueError(
            f"The file {path} is not a valid `.keras` file: its `{CONFIG_FILENAME}` does "
            "not describe a model (no `class_name`)."
        )
    return config, archive, path


def load_keras(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model stored in a ``.keras`` file, with its weights and optimizer state."""
    config, archive, path = read_config(filepath)
    with archive:
        if not compile:
            config = {k: v for k, v in config.items() if k != "compile_config"}
        try:
            model = ser.deserialize_keras_object(config, custom_objects=custom_objects,
                                                 safe_mode=safe_mode)
        except (ValueError, TypeError) as e:
            # The same exception, naming the file it came from.
            raise type(e)(f"{e}\n(while loading the model in {path})") from e
        if not hasattr(model, "weights"):
            raise ValueError(
                f"The file {path} does not hold a model: its config describes a "
                f"{config.get('class_name')!r}."
            )
        raw = _files.read_zip_entry(archive, VARS_FILENAME, path)
        assets = _read_assets(archive, path)
    with _files.open_h5(io.BytesIO(raw), path, "weights file in the `.keras` archive") as f:
        _load_into(model, f, path, skip_mismatch=False, assets=assets)
    return model


def _load_into(model, h5file, path: str, skip_mismatch: bool, objects_to_skip=(),
               assets: dict | None = None) -> None:
    store = ws.H5Store(h5file, "r")
    report = ws.LoadReport(skip_mismatch, path, model, assets)
    ws.load_state(model, store, "", {id(o) for o in objects_to_skip}, report)


def save_weights_h5(model, filepath, objects_to_skip=()) -> None:
    """Write the weights (and optimizer state) in Keras 3's ``.weights.h5`` layout."""
    data = weights_bytes(model, objects_to_skip)
    with _files.atomic_write(filepath) as f:
        f.write(data)


def load_weights_h5(model, filepath, skip_mismatch=False, objects_to_skip=()) -> None:
    """Reads a Keras 3 ``.weights.h5`` file (``_api`` sends Keras 2 layouts elsewhere)."""
    path = _files.check_readable(filepath, "weights file")
    with _files.open_h5(path, path, "weights file") as f:
        _load_into(model, f, path, skip_mismatch, objects_to_skip)


def load_weights_from_keras(model, filepath, skip_mismatch=False, objects_to_skip=()) -> None:
    path = _files.check_readable(filepath, "`.keras` zip file")
    with _files.open_zip(path) as archive:
        raw = _files.read_zip_entry(archive, VARS_FILENAME, path)
    with _files.open_h5(io.BytesIO(raw), path, "weights file in the `.keras` archive") as f:
        _load_into(model, f, path, skip_mismatch, objects_to_skip)


def exists(filepath) -> bool:
    return os.path.exists(os.fspath(filepath))
